"""The shared conformance suite through the Python binding (one test per scenario file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, List

import pytest

from forumpay.models import Model

import conformance_runner as runner
from conftest import CONFORMANCE_RUN

FILES = runner.scenario_files()
NAMES: set = set()


def test_the_suite_is_found() -> None:
    assert len(FILES) >= 64, f"expected the whole suite in {runner.SUITE}, found {len(FILES)} files"


@pytest.fixture
def models_read_every_field(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Observes every result the native module hands to a model: a field of the core's canonical
    form that the Python model does not declare would be lost, so it fails the scenario."""
    original = Model.__dict__["_from_dict"].__func__
    unknown: List[str] = []

    def checked(cls: Any, data: Any) -> Any:
        known = {cls._renames.get(n, n) for n in cls._field_names()}
        unknown.extend(f"{cls.__name__}.{k}" for k in set(data) - known)
        return original(cls, data)

    monkeypatch.setattr(Model, "_from_dict", classmethod(checked))
    yield
    assert not unknown, f"fields of the core that no Python model declares: {sorted(set(unknown))}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
@pytest.mark.usefixtures("models_read_every_field")
def test_scenario(path: Path) -> None:
    CONFORMANCE_RUN.append(path.name)
    runner.run_file(path, NAMES)


CANNOT_EXECUTE = [
    '{"name": "a", "steps": [{"call": "no_such_call", "args": {}}]}',
    '{"name": "b", "steps": [{"call": "ping", "args": {"surprise": 1}}]}',
    '{"name": "c", "steps": [{"sandbox": "teleport", "args": {}}]}',
    '{"name": "d", "steps": [{"call": "ping", "args": {}, "expect": {"result": "peng"}}]}',
    '{"name": "e", "steps": [{"call": "ping", "args": {}, "expect_error": {"code": "timeout"}}]}',
    '{"name": "f", "steps": [{"call": "ping", "args": {}, "unknown_key": true}]}',
    '{"name": "g", "steps": [{"call": "check_payment", "args": {"payment_id": "$never", "currency": "BTC", "address": "a"}}]}',
    '{"name": "h", "steps": [{"sandbox": "pay", "args": {"payment_id": "x", "amount": "1", "extra": 1}}]}',
    '{"name": "i", "client": {"retries": 3}, "steps": [{"call": "ping", "args": {}}]}',
]


@pytest.mark.parametrize("text", CANNOT_EXECUTE)
def test_the_runner_fails_on_what_it_cannot_execute(tmp_path: Path, text: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(text)
    with pytest.raises((AssertionError, runner.RunnerError)):
        runner.run_file(path, set())
