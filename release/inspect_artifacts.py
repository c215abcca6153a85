#!/usr/bin/env python3
"""What the release artifacts hold: every native library inside the wheels (zip), npm tarballs
(tgz) and jars (zip) given, with its ELF machine, size, newest glibc symbol version it needs,
and whether it carries debug info or a symbol table. Prints a Markdown table; exits non-zero
when a library has debug info or a size limit is exceeded.

Usage: inspect_artifacts.py [--max-bytes PATTERN=BYTES ...] [--expect-glibc-floor 2.17] FILE...
  --max-bytes '*manylinux*x86_64.whl=3000000' limits the artifact file (fnmatch on its name).
Needs pyelftools (installed with auditwheel in release/.venv and the Python test venv).
"""

import argparse
import fnmatch
import io
import sys
import tarfile
import zipfile
from pathlib import Path

from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection

NATIVE_SUFFIXES = (".so", ".node", ".dylib", ".dll")


def members(path: Path):
    """(name, bytes) of every native library inside an artifact."""
    if path.suffix in (".whl", ".jar", ".zip"):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith(NATIVE_SUFFIXES):
                    yield name, z.read(name)
    elif path.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(path) as t:
            for m in t.getmembers():
                if m.isfile() and m.name.endswith(NATIVE_SUFFIXES):
                    yield m.name, t.extractfile(m).read()


def glibc_floor(elf: ELFFile):
    """The newest GLIBC_x.y version the library needs, as a tuple (None: no glibc, e.g. musl)."""
    newest = None
    for section in elf.iter_sections():
        if isinstance(section, GNUVerNeedSection):
            for _verneed, auxes in section.iter_versions():
                for aux in auxes:
                    name = aux.name
                    if name.startswith("GLIBC_") and name[6:7].isdigit():
                        version = tuple(int(p) for p in name[6:].split("."))
                        newest = max(newest or version, version)
    return newest


def describe(data: bytes):
    """Facts about one ELF library."""
    elf = ELFFile(io.BytesIO(data))
    names = [s.name for s in elf.iter_sections()]
    return {
        "machine": elf["e_machine"],
        "debug": any(n.startswith((".debug_", ".zdebug_")) for n in names),
        "symtab": ".symtab" in names,
        "glibc": glibc_floor(elf),
        "bytes": len(data),
    }


def version_text(version):
    return "none (musl)" if version is None else ".".join(map(str, version))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-bytes", action="append", default=[])
    parser.add_argument("--expect-glibc-floor")
    parser.add_argument("--forbid-debug-info", action="store_true")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    limits = [(p, int(b)) for p, b in (item.split("=", 1) for item in args.max_bytes)]
    floor = tuple(int(p) for p in args.expect_glibc_floor.split(".")) if args.expect_glibc_floor else None

    problems = []
    print("| artifact | bytes | native library | machine | bytes (unpacked) | glibc needed | debug info | symbol table |")
    print("|---|---:|---|---|---:|---|---|---|")
    for path in args.files:
        size = path.stat().st_size
        for pattern, limit in limits:
            if fnmatch.fnmatch(path.name, pattern) and size > limit:
                problems.append(f"{path.name}: {size} bytes, more than {limit}")
        found = False
        for name, data in members(path):
            found = True
            if not data.startswith(b"\x7fELF"):
                print(f"| {path.name} | {size} | {name} | (not ELF) | {len(data)} | | | |")
                continue
            facts = describe(data)
            print(f"| {path.name} | {size} | {name} | {facts['machine']} | {facts['bytes']} | "
                  f"{version_text(facts['glibc'])} | {'yes' if facts['debug'] else 'no'} | "
                  f"{'yes' if facts['symtab'] else 'no'} |")
            if facts["debug"] and args.forbid_debug_info:
                problems.append(f"{path.name}: {name} carries debug info")
            if floor and facts["glibc"] and facts["glibc"] > floor:
                problems.append(f"{path.name}: {name} needs glibc {version_text(facts['glibc'])}, "
                                f"more than {version_text(floor)}")
        if not found:
            print(f"| {path.name} | {size} | (no native library) | | | | | |")
    for problem in problems:
        print(f"inspect_artifacts: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
