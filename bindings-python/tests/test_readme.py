"""Every ```python block of README.md runs as written (```py blocks are shown, not run: they
need real credentials). A block that defines pytest tests has them run with a fresh Sandbox."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List

import pytest

from forumpay.testing import Sandbox

README = Path(__file__).resolve().parents[1] / "README.md"


def blocks() -> List[str]:
    return re.findall(r"^```python\n(.*?)^```", README.read_text(), flags=re.S | re.M)


def test_the_readme_has_runnable_blocks() -> None:
    assert len(blocks()) >= 5


@pytest.mark.parametrize("code", blocks(), ids=lambda code: code.splitlines()[-1].strip()[:40])
def test_readme_block(code: str) -> None:
    namespace: Dict[str, Any] = {"__name__": "readme"}
    exec(compile(code, str(README), "exec"), namespace)
    for name, test in namespace.items():
        if name.startswith("test_") and callable(test):
            with Sandbox() as sandbox:
                test(sandbox)
