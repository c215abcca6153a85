"""The hand-written stubs match the compiled module (mypy's stubtest) and the package type-checks."""

from __future__ import annotations

import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, timeout=300)


def test_stubtest() -> None:
    done = run("mypy.stubtest", "forumpay")
    assert done.returncode == 0, done.stdout + done.stderr


def test_package_is_strictly_typed() -> None:
    done = run("mypy", "--strict", "-p", "forumpay")
    assert done.returncode == 0, done.stdout + done.stderr
