"""The Python runner of the shared conformance suite (``tests/conformance/*.json`` at the root of
the repository; the format is in its README). Every step goes through the public API of the
``forumpay`` package against a fresh in-process ``Sandbox``. A step the runner cannot execute
(unknown call, argument or action, malformed step) fails the scenario: nothing is skipped.

The two dispatch tables (``CALLS``, ``SANDBOX_ACTIONS``) are the only places to touch when the
suite grows: one line per call or action.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping

import forumpay
from forumpay.models import Model
from forumpay.testing import Sandbox, SandboxError

SUITE = Path(__file__).resolve().parents[2] / "tests" / "conformance"


class RunnerError(Exception):
    """The runner could not execute a step (a bug in the scenario or in the runner)."""


def canonical(value: Any) -> Any:
    """A result in the suite's canonical form: amounts as plain strings with their scale,
    timestamps as ``YYYY-MM-DD HH:MM:SS``, models as dicts."""
    if isinstance(value, Model):
        value = value.to_dict()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Mapping):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value


def _millis_to_seconds(args: Dict[str, Any], **names: str) -> Dict[str, Any]:
    out = dict(args)
    for ms_name, seconds_name in names.items():
        if ms_name in out:
            out[seconds_name] = out.pop(ms_name) / 1000
    return out


class Context:
    """What a call may use besides the client: the sandbox (``on_state`` steps of a watch) and
    one webhook deduplicator for the whole scenario."""

    def __init__(self, client: forumpay.Client, sandbox: Sandbox) -> None:
        self.client = client
        self.sandbox = sandbox
        self.dedupe = forumpay.webhooks.WebhookDeduplicator()


Call = Callable[[Context, Dict[str, Any]], Any]


def _method(name: str) -> Call:
    return lambda ctx, args: getattr(ctx.client, name)(**args)


def _body(args: Dict[str, Any]) -> Dict[str, Any]:
    """``body`` as the raw text the API would send: a string as it is, an object as compact JSON."""
    out = dict(args)
    body = out.get("body")
    if isinstance(body, dict):
        out["body"] = json.dumps(body, separators=(",", ":"))
    elif not isinstance(body, str):
        raise RunnerError("argument body must be a string or an object")
    return out


def _verify(ctx: Context, args: Dict[str, Any]) -> Any:
    args = _body(args)
    known = args.pop("known", None)
    if known is not None:
        known = forumpay.webhooks.KnownPayment(**known)
    return ctx.client.verify_webhook(known=known, **args)


def _sandbox_step(ctx: Context, step: Any) -> None:
    """One ``{"sandbox": .., "args": {..}}`` step of ``on_state``."""
    if not isinstance(step, dict) or set(step) - {"sandbox", "args"} or step.get("sandbox") not in SANDBOX_ACTIONS:
        raise RunnerError(f"bad on_state step {step!r}")
    SANDBOX_ACTIONS[step["sandbox"]](ctx.sandbox, dict(step.get("args", {})))


def _watch(ctx: Context, args: Dict[str, Any]) -> Any:
    """Every update until the watch ends, running ``on_state`` steps as states are reported."""
    args = _millis_to_seconds(args, interval_ms="interval", timeout_ms="timeout")
    on_state = args.pop("on_state", {})
    updates: List[Any] = []
    ended_with = None
    watch = ctx.client.watch_payment(**args)  # options out of range fail here, before any poll
    try:
        for u in watch:
            updates.append({k: getattr(u, k) for k in ("previous", "state", "transition", "unlisted", "settled", "status")})
            steps = on_state.get(u.state, [])
            for step in steps if isinstance(steps, list) else [steps]:
                _sandbox_step(ctx, step)
    except forumpay.ForumPayError as error:
        ended_with = error.code
    return {"updates": updates, "ended_with": ended_with}


def _allowed(ctx: Context, args: Dict[str, Any]) -> Any:
    allow_list = forumpay.webhooks.SourceAllowList(args.pop("allow"))
    return {"allowed": allow_list.allows(**args)}


CALLS: Dict[str, Call] = {
    "ping": _method("ping"),
    "get_rate": _method("get_rate"),
    "get_rates": _method("get_rates"),
    "start_payment": _method("start_payment"),
    "check_payment": _method("check_payment"),
    "cancel_payment": _method("cancel_payment"),
    "accept_payment": _method("accept_payment"),
    "refund_payment": _method("refund_payment"),
    "get_currency_list": _method("get_currency_list"),
    "get_transactions": _method("get_transactions"),
    "wait_for_settlement": lambda c, a: c.client.wait_for_settlement(
        **_millis_to_seconds(a, interval_ms="interval", timeout_ms="timeout")
    ),
    "transactions": lambda c, a: {"transactions": list(c.client.transactions(**a))},
    "watch_payment": _watch,
    "parse_webhook": lambda c, a: forumpay.webhooks.parse(**_body(a)),
    "verify_webhook": _verify,
    "webhook_first_time": lambda c, a: {"first_time": c.dedupe.first_time_key(**a)},
    "webhook_source_allowed": _allowed,
}
"""Client calls of the suite: name → how the binding runs it."""

def _no_args(args: Dict[str, Any]) -> None:
    if args:
        raise RunnerError(f"unexpected argument(s) {sorted(args)}")


SANDBOX_ACTIONS: Dict[str, Callable[[Sandbox, Dict[str, Any]], Any]] = {
    "pay": lambda s, a: s.pay(**a),
    "confirm": lambda s, a: s.add_confirmations(**a),
    "block": lambda s, a: s.block(**a),
    "set_rate": lambda s, a: s.set_rate(**a),
    "advance_clock": lambda s, a: s.advance_clock(**a),
    "fault": lambda s, a: s.inject_fault(**a),
    "reset": lambda s, a: s.reset(**a),
    "webhook_sink": lambda s, a: _no_args(a) or {"url": s.webhook_sink_url},
    "set_webhook_url": lambda s, a: s.set_webhook_url(**a),
    "fail_webhook_sink": lambda s, a: s.fail_webhook_sink(**a),
    "flush_webhooks": lambda s, a: s.flush_webhooks(**_millis_to_seconds(a, timeout_ms="timeout")),
    "received_webhooks": lambda s, a: {"webhooks": s.received_webhooks(**a)},
    "webhook_deliveries": lambda s, a: {"deliveries": s.webhook_deliveries(**a)},
}
"""Sandbox actions of the suite: name → how the binding's Sandbox runs it."""

CLIENT_SETTINGS: Dict[str, Callable[[Any], Dict[str, Any]]] = {
    "pos_id": lambda v: {"pos_id": v},
    "request_timeout_ms": lambda v: {"request_timeout": v / 1000},
    "connect_timeout_ms": lambda v: {"connect_timeout": v / 1000},
    "locale": lambda v: {"locale": v},
    "user": lambda v: {"user": v},
    "deadline_ms": lambda v: {"deadline": v / 1000},
    "max_attempts": lambda v: {"max_attempts": v},
    "retry_base_delay_ms": lambda v: {"retry_base_delay": v / 1000},
    "retry_max_delay_ms": lambda v: {"retry_max_delay": v / 1000},
}


def build_client(sandbox: Sandbox, settings: Mapping[str, Any]) -> forumpay.Client:
    secret = settings.get("api_secret", sandbox.api_secret)
    kwargs: Dict[str, Any] = {"pos_id": "web"}
    for key, value in settings.items():
        if key == "api_secret":
            continue
        if key not in CLIENT_SETTINGS:
            raise RunnerError(f"unknown client setting {key!r}")
        kwargs.update(CLIENT_SETTINGS[key](value))
    return forumpay.Client(sandbox.api_user, secret, base_url=sandbox.base_url, **kwargs)


def resolve(value: Any, variables: Mapping[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("$") and len(value) > 1:
        if value[1:] not in variables:
            raise RunnerError(f"variable {value} was never saved")
        return variables[value[1:]]
    if isinstance(value, list):
        return [resolve(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, variables) for k, v in value.items()}
    return value


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def match(expected: Any, actual: Any, path: str = "result") -> None:
    """Raises ``AssertionError`` where ``actual`` does not match ``expected`` (subset rules of
    the suite's README)."""
    if isinstance(expected, dict):
        if "$len" in expected:
            assert isinstance(actual, (list, dict)), f"{path}: expected a list, got {actual!r}"
            assert len(actual) == expected["$len"], f"{path}: expected {expected['$len']} items, got {len(actual)}"
            return
        if "$present" in expected:
            assert (actual is not None) == expected["$present"], f"{path}: presence {expected['$present']}, got {actual!r}"
            return
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            match(value, actual.get(key), f"{path}.{key}")
        return
    if isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected a list, got {actual!r}"
        assert len(actual) == len(expected), f"{path}: expected {len(expected)} items, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            match(e, a, f"{path}.{i}")
        return
    if _is_number(expected) and _is_number(actual):
        assert expected == actual, f"{path}: expected {expected!r}, got {actual!r}"
        return
    assert type(expected) is type(actual) and expected == actual, f"{path}: expected {expected!r}, got {actual!r}"


def lookup(value: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


ERROR_KEYS: Dict[str, Callable[[Any], Any]] = {
    "code": lambda e: e.code,
    "http_status": lambda e: getattr(e, "http_status", None),
    "err_code": lambda e: getattr(e, "err_code", None),
    "attempts": lambda e: getattr(e, "attempts", None),
    "has_cf_ray": lambda e: getattr(e, "cf_ray", None) is not None,
    "field": lambda e: getattr(e, "field", None),
}

STEP_KEYS = {"call", "sandbox", "args", "expect", "expect_error", "save"}


def run_step(step: Dict[str, Any], ctx: Context, variables: Dict[str, Any]) -> None:
    unknown = set(step) - STEP_KEYS
    if unknown:
        raise RunnerError(f"unknown step key(s) {sorted(unknown)}")
    if ("call" in step) == ("sandbox" in step):
        raise RunnerError("a step needs exactly one of `call` and `sandbox`")
    if "expect" in step and "expect_error" in step:
        raise RunnerError("a step may not have both expect and expect_error")
    args = resolve(step.get("args", {}), variables)
    if "call" in step:
        if step["call"] not in CALLS:
            raise RunnerError(f"unknown call {step['call']!r}")
        action = lambda: CALLS[step["call"]](ctx, args)  # noqa: E731
    else:
        if step["sandbox"] not in SANDBOX_ACTIONS:
            raise RunnerError(f"unknown sandbox action {step['sandbox']!r}")
        action = lambda: SANDBOX_ACTIONS[step["sandbox"]](ctx.sandbox, args)  # noqa: E731
    try:
        result = canonical(action())
    except (forumpay.ForumPayError, SandboxError) as error:
        expected_error = step.get("expect_error")
        if expected_error is None:
            raise AssertionError(f"unexpected error {error!r}") from error
        for key, want in expected_error.items():
            if key not in ERROR_KEYS:
                raise RunnerError(f"unknown expect_error key {key!r}")
            got = ERROR_KEYS[key](error)
            assert got == want, f"expected error {key} = {want!r}, got {got!r} ({error!r})"
        return
    except (TypeError, ValueError, AttributeError) as error:
        raise RunnerError(f"cannot execute: {error!r}") from error
    if "expect_error" in step:
        raise AssertionError(f"expected an error, got {result!r}")
    if "expect" in step:
        match(resolve(step["expect"], variables), result)
    for var, path in step.get("save", {}).items():
        found = lookup(result, path)
        if found is None:
            raise AssertionError(f"save: no value at {path}")
        variables[var] = found


def run_file(path: Path, names: set) -> None:
    """Runs one scenario file against a fresh sandbox; raises on any failure."""
    scenario = json.loads(path.read_text())
    unknown = set(scenario) - {"name", "description", "client", "steps"}
    if unknown:
        raise RunnerError(f"malformed scenario: unknown key(s) {sorted(unknown)}")
    if scenario.get("name") in names:
        raise RunnerError(f"duplicate scenario name {scenario.get('name')!r}")
    names.add(scenario["name"])
    steps: List[Dict[str, Any]] = scenario.get("steps") or []
    if not steps:
        raise RunnerError("a scenario needs steps")
    with Sandbox() as sandbox:
        ctx = Context(build_client(sandbox, scenario.get("client", {})), sandbox)
        variables: Dict[str, Any] = {}
        for i, step in enumerate(steps, 1):
            try:
                run_step(step, ctx, variables)
            except (AssertionError, RunnerError) as failure:
                raise type(failure)(f"step {i}: {failure}") from failure


def scenario_files() -> List[Path]:
    return sorted(SUITE.glob("*.json"))
