"""The shared conformance suite through the Python binding (one test per scenario file)."""

from __future__ import annotations

from pathlib import Path

import pytest

import conformance_runner as runner
from conftest import CONFORMANCE_RUN

FILES = runner.scenario_files()
NAMES: set = set()


def test_the_suite_is_found() -> None:
    assert len(FILES) >= 95, f"expected the whole suite in {runner.SUITE}, found {len(FILES)} files"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
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
    '{"name": "j", "steps": [{"call": "_call", "args": {}}]}',
    '{"name": "k", "steps": [{"call": "ping", "args": {}, "printed": {"hides": ["not in the result"]}}]}',
]


@pytest.mark.parametrize("text", CANNOT_EXECUTE)
def test_the_runner_fails_on_what_it_cannot_execute(tmp_path: Path, text: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(text)
    with pytest.raises((AssertionError, runner.RunnerError)):
        runner.run_file(path, set())
