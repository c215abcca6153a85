"""Shared test set-up: the conformance count reaches the end of the pytest output."""

from __future__ import annotations

from typing import Any, List

CONFORMANCE_RUN: List[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if CONFORMANCE_RUN:
        terminalreporter.write_line(f"conformance (python): {len(CONFORMANCE_RUN)} scenarios run")
