"""Types: the stub of the native module matches it (mypy's stubtest), the package type-checks
strictly, and every argument the generated signatures declare is one core takes."""

from __future__ import annotations

import ast
import subprocess
import sys
import typing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict

import pytest

import forumpay
from forumpay import _arguments, _client
from forumpay.testing import Sandbox


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, timeout=300)


def test_stubtest() -> None:
    done = run("mypy.stubtest", "forumpay._native")
    assert done.returncode == 0, done.stdout + done.stderr


def test_package_is_strictly_typed() -> None:
    done = run("mypy", "--strict", "-p", "forumpay")
    assert done.returncode == 0, done.stdout + done.stderr


def arguments_of(class_name: str) -> Dict[str, str]:
    """Each method of a generated client class and the ``TypedDict`` of its ``**arguments``."""
    tree = ast.parse(Path(_client.__file__).read_text())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    methods = {}
    for f in cls.body:
        if isinstance(f, ast.FunctionDef) and f.args.kwarg and f.args.kwarg.arg == "arguments":
            annotation = f.args.kwarg.annotation
            assert isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Name), f.name
            methods[f.name] = annotation.slice.id
    return methods


def sample(name: str, tp: Any) -> Any:
    """A value of type ``tp`` for argument ``name``."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union:
        return sample(name, args[0])
    if origin is typing.Literal:
        return args[0]
    if isinstance(tp, type) and typing.is_typeddict(tp):
        hints = typing.get_type_hints(tp)
        return {key: sample(key, hints[key]) for key in tp.__required_keys__}
    if origin in (list, tuple, typing.Sequence, typing.get_origin(typing.Sequence[str])):
        return [sample(name, args[0])]
    if tp is bool:
        return True
    if tp is int:
        return 1000 if name.endswith("_ms") else 1
    if tp is datetime:
        return datetime(2026, 1, 1, tzinfo=timezone.utc)
    if tp is bytes:
        return b'{"payment_id": "p-1", "currency": "BTC", "address": "a"}'
    if name.endswith("_url"):
        return "https://shop.example/x"
    return "1.00" if "Decimal" in repr(tp) else "BTC"


@pytest.mark.parametrize("class_name", ["Client", "AsyncClient"])
def test_every_declared_argument_is_taken_by_core(class_name: str) -> None:
    """Each argument of each generated method, given alone beside the required ones, is not
    refused as unknown (the signatures and core come from the same description)."""
    methods = arguments_of(class_name)
    assert len(methods) == 16, sorted(methods)
    with Sandbox() as sandbox:
        client = getattr(sandbox, "client" if class_name == "Client" else "async_client")(pos_id="web")
        for method, typed_dict_name in methods.items():
            td = getattr(_arguments, typed_dict_name)
            hints = typing.get_type_hints(td)
            required = {key: sample(key, hints[key]) for key in td.__required_keys__}
            for key in [None, *sorted(td.__optional_keys__)]:
                args = dict(required) if key is None else {**required, key: sample(key, hints[key])}
                try:
                    result = getattr(client, method)(**args)
                    if hasattr(result, "close"):
                        result.close()
                except forumpay.ForumPayError as e:
                    assert "not an argument" not in e.message, (method, key, e)


def test_every_setting_is_taken_by_core() -> None:
    hints = typing.get_type_hints(_arguments.Settings)
    special = {"environment": "sandbox", "base_url": None, "pos_id": "web", "locale": "en-GB", "max_attempts": 3, "store_url": "memory://stubs"}
    settings = {name: special.get(name, sample(name, tp)) for name, tp in hints.items()}
    for cls in (forumpay.Client, forumpay.AsyncClient):
        cls(**settings)
