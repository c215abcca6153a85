"""Fast checks of the release packaging, run by `make test-release` (part of `make test`) with the
Python test venv, after test-python built its wheel the way `make dist` does (zig,
manylinux2014; debug profile). The npm package contents are checked by node-package.test.js."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.9 and 3.10: the same parser, installed by test-python
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["core", "sandbox", "cli", "bindings-python", "bindings-node", "bindings-kotlin"]


def load(name: str):
    """A module of release/ by file name (release/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "release" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def built_wheel() -> Path:
    """The wheel test-python built."""
    wheels = sorted((ROOT / "bindings-python" / ".wheels").glob("forumpay-*.whl"))
    assert len(wheels) == 1, f"test-python leaves one wheel, found {wheels}"
    return wheels[0]


def test_the_wheel_is_abi3_manylinux2014() -> None:
    name = built_wheel().name
    assert "-cp39-abi3-" in name, name
    platforms = name[: -len(".whl")].split("-")[-1].split(".")
    assert sorted(platforms) == ["manylinux2014_x86_64", "manylinux_2_17_x86_64"], name


def test_the_wheel_needs_glibc_2_17_at_most() -> None:
    inspect = load("inspect_artifacts")
    libraries = list(inspect.members(built_wheel()))
    assert [n for n, _ in libraries] == ["forumpay/_native.abi3.so"]
    floor = inspect.describe(libraries[0][1])["glibc"]
    assert floor is not None and floor <= (2, 17), floor


def test_auditwheel_agrees_on_the_tag() -> None:
    run = subprocess.run([sys.executable, "-m", "auditwheel", "show", str(built_wheel())],
                         capture_output=True, text=True, check=True)
    assert '"manylinux_2_17_x86_64"' in run.stdout, run.stdout


def test_the_wheel_carries_the_licences_and_metadata() -> None:
    with zipfile.ZipFile(built_wheel()) as z:
        names = z.namelist()
        metadata = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
        assert any(n.endswith(f"/licenses/{licence}") for n in names), names
    assert "License-Expression: MIT OR Apache-2.0" in metadata
    for field in ("Project-URL: Repository", "Keywords:", "Classifier: Programming Language :: Rust"):
        assert field in metadata, field


@pytest.mark.parametrize("package", PACKAGES)
def test_every_package_holds_both_licences_as_at_the_root(package: str) -> None:
    for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
        assert (ROOT / package / licence).read_bytes() == (ROOT / licence).read_bytes(), f"{package}/{licence}"


def test_the_npm_lock_file_has_an_integrity_hash_everywhere() -> None:
    lock = json.loads((ROOT / "bindings-node" / "package-lock.json").read_text())
    missing = [name for name, entry in lock["packages"].items()
               if name and not entry.get("link") and not entry.get("integrity")]
    assert missing == []


def test_the_manifests_carry_full_metadata() -> None:
    workspace = tomllib.loads((ROOT / "Cargo.toml").read_text())["workspace"]["package"]
    for key in ("license", "repository", "homepage", "keywords", "categories"):
        assert workspace.get(key), key
    for crate in ("core", "sandbox", "cli"):
        package = tomllib.loads((ROOT / crate / "Cargo.toml").read_text())["package"]
        assert package.get("description") and package.get("readme"), crate
        assert package.get("keywords") == {"workspace": True}, crate

    project = tomllib.loads((ROOT / "bindings-python" / "pyproject.toml").read_text())["project"]
    for key in ("description", "license", "license-files", "readme", "keywords", "classifiers", "urls"):
        assert project.get(key), key

    node = json.loads((ROOT / "bindings-node" / "package.json").read_text())
    for key in ("description", "license", "keywords", "homepage", "repository", "bugs"):
        assert node.get(key), key

    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    pom = ET.parse(ROOT / "bindings-kotlin" / "jvm" / "pom.xml").getroot()
    for path in ("m:description", "m:url", "m:licenses/m:license/m:name", "m:scm/m:url",
                 "m:developers/m:developer/m:name"):
        assert (pom.findtext(path, namespaces=ns) or "").strip(), path
    assert len(pom.findall("m:licenses/m:license", ns)) == 2


@pytest.mark.parametrize("readme,lang,count", [
    ("bindings-python/README.md", "python", 2),
    ("bindings-node/README.md", "js", 1),
    ("bindings-kotlin/README.md", "kotlin", 1),
])
def test_dist_check_finds_each_readme_quickstart(readme: str, lang: str, count: int) -> None:
    blocks = load("quickstarts").quickstart_blocks((ROOT / readme).read_text(), lang)
    assert len(blocks) == count
    assert all("Sandbox" in block for block in blocks), "the quickstarts run offline"
