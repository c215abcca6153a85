"""The hand-written stubs match the compiled module (mypy's stubtest) and the package type-checks."""

from __future__ import annotations

import subprocess
import sys

import forumpay


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, timeout=300)


def test_stubtest() -> None:
    done = run("mypy.stubtest", "forumpay")
    assert done.returncode == 0, done.stdout + done.stderr


def test_package_is_strictly_typed() -> None:
    done = run("mypy", "--strict", "-p", "forumpay")
    assert done.returncode == 0, done.stdout + done.stderr


def stub_methods(class_name: str) -> "dict[str, list[tuple[str, str]]]":
    """The keyword arguments (name, type as text) of each method of a stub class, read from the
    ``TypedDict`` of its ``**kwargs: Unpack[...]`` (declared in ``forumpay._arguments``)."""
    import ast
    import typing
    from pathlib import Path

    from forumpay import _arguments

    tree = ast.parse((Path(forumpay.__file__).parent / "_native.pyi").read_text())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    methods = {}
    for f in cls.body:
        if isinstance(f, ast.FunctionDef) and f.args.kwarg and not f.name.startswith("__"):
            annotation = f.args.kwarg.annotation
            assert isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Name), f.name
            hints = typing.get_type_hints(getattr(_arguments, annotation.slice.id))
            methods[f.name] = [(name, str(tp)) for name, tp in hints.items()]
    return methods


SPECIAL = {
    "reason": "other",
    "network_processing_fee_paid_by": "merchant",
    "currencies": ["BTC"],
    "body": '{"payment_id": "p-1", "currency": "BTC", "address": "a"}',
}


def sample(name: str, annotation: str) -> object:
    if name == "known":
        return forumpay.webhooks.KnownPayment("p-1", "BTC", "a", pos_id="web", last_state="waiting")
    if name in SPECIAL:
        return SPECIAL[name]
    if "Decimal" in annotation:
        return "1.00"
    if "timedelta" in annotation:
        return 0.05
    if "bool" in annotation:
        return True
    if "int" in annotation:
        return 1
    return "https://shop.example/x" if name.endswith("url") else "BTC"


def test_every_stub_argument_is_accepted_by_the_runtime() -> None:
    """The stubs list the keyword arguments; the native methods read them from **kwargs. Every
    argument of every stub signature must be read (an unread one raises TypeError)."""
    import asyncio

    import forumpay
    from forumpay.testing import Sandbox

    with Sandbox() as sandbox:
        for class_name in ("Client", "AsyncClient"):
            client = getattr(sandbox, "client" if class_name == "Client" else "async_client")()
            methods = stub_methods(class_name)
            assert len(methods) == 14, sorted(methods)
            for method, params in methods.items():
                kwargs = {name: sample(name, annotation) for name, annotation in params}
                try:
                    result = getattr(client, method)(**kwargs)
                    if asyncio.iscoroutine(result):
                        result.close()
                    elif hasattr(result, "__next__"):
                        next(iter(result), None)
                except forumpay.ForumPayError:
                    pass  # refused by the API or the core: the arguments were read


def test_every_client_setting_is_read_by_the_runtime() -> None:
    """``Client(**settings)`` reads every key of ``ClientSettings`` (an unread one raises
    TypeError)."""
    import typing

    from forumpay import _arguments

    special = {"environment": "sandbox", "base_url": "http://127.0.0.1:9/api/v2/", "pos_id": "web"}
    settings = {
        name: special.get(name, sample(name, str(tp)))
        for name, tp in typing.get_type_hints(_arguments.ClientSettings).items()
    }
    for cls in (forumpay.Client, forumpay.AsyncClient):
        cls("user", "secret", **settings)
