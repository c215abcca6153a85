"""The Python runner of the shared conformance suite (``tests/conformance/*.json`` at the root of
the repository; the format is in its README). Every step goes through the public API of the
``forumpay`` package against a fresh in-process ``Sandbox``: a call by its name is the client's
method of that name, its arguments passed by keyword as they are; a sandbox step is
``Sandbox.control``. The runner lists no call, argument, setting or action: what it cannot
execute fails the scenario, nothing is skipped.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional

import forumpay
from forumpay.models import Model
from forumpay.testing import Sandbox, SandboxError
from forumpay.webhooks import SourceAllowList, WebhookDeduplicator, WebhookEndpoint, parse

SUITE = Path(__file__).resolve().parents[2] / "tests" / "conformance"


class RunnerError(Exception):
    """The runner could not execute a step (a bug in the scenario or in the runner)."""


def canonical(value: Any) -> Any:
    """A result in the suite's canonical form, secrets as their values (``to_dict(secrets=True)``,
    the binding's documented way to read them): amounts as plain text with their scale,
    timestamps in RFC 3339, UTC."""
    if isinstance(value, Model):
        value = value.to_dict(secrets=True)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        text = value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="milliseconds" if value.microsecond else "seconds")
        return text + "Z"
    if isinstance(value, Mapping):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value


def printed(value: Any) -> str:
    """Every form Python prints a result or an error in: ``repr``, ``str`` and the JSON of
    ``to_dict()``."""
    if isinstance(value, dict):
        return " ".join(printed(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(printed(v) for v in value)
    as_dict = value.to_dict() if hasattr(value, "to_dict") else value
    return " ".join((repr(value), str(value), json.dumps(as_dict, default=str)))


class Context:
    """What a step may use besides its arguments: the sandbox, the client, one deduplicator and
    one webhook endpoint per scenario, and what the endpoint's callbacks do on this request."""

    def __init__(self, sandbox: Sandbox, settings: Mapping[str, Any]) -> None:
        self.sandbox = sandbox
        self.client = self.new_client(dict(settings))
        self.dedupe = WebhookDeduplicator()
        self.endpoint: Optional[WebhookEndpoint] = None
        self.stored: Any = None
        self.handler = "ok"
        self.handled = False

    def new_client(self, settings: Dict[str, Any]) -> forumpay.Client:
        """A client for the sandbox with the scenario's settings, by their names as given (the
        sandbox's connection and point of sale ``web`` unless they name them; ``pos_id: null``
        for none)."""
        if "environment" in settings:
            settings.setdefault("base_url", None)
        settings.setdefault("pos_id", "web")
        return self.sandbox.client(**settings)

    def sandbox_step(self, step: Any) -> Any:
        if not isinstance(step, dict) or set(step) - {"sandbox", "args"} or not isinstance(step.get("sandbox"), str):
            raise RunnerError(f"bad sandbox step {step!r}")
        return self.sandbox.control(step["sandbox"], step.get("args", {}))

    def lookup(self, notification: Any) -> Any:
        """The merchant's lookup: the stored payment the step gives, or a failure."""
        if self.stored == "throws":
            raise RuntimeError("the shop's database is down")
        return self.stored

    def handle(self, verified: Any) -> None:
        """The merchant's handler: it runs, and fails when the step says so."""
        self.handled = True
        if self.handler == "throws":
            raise RuntimeError("the shop's handler failed")


def body_text(args: Dict[str, Any]) -> str:
    """``body`` as the raw text the API would send: a string as it is, an object as compact JSON."""
    body = args.pop("body", None)
    if isinstance(body, dict):
        return json.dumps(body, separators=(",", ":"))
    if not isinstance(body, str):
        raise RunnerError("argument body must be a string or an object")
    return body


def no_more(args: Dict[str, Any]) -> None:
    if args:
        raise RunnerError(f"unknown argument(s) {sorted(args)}")


def watch(ctx: Context, args: Dict[str, Any]) -> Any:
    """Every update until the watch ends, running ``on_state`` steps as states are reported."""
    on_state = args.pop("on_state", None) or {}
    updates: List[Any] = []
    ended_with = None
    stream = ctx.client.watch_payment(**args)  # a bad argument fails here, before any poll
    try:
        for update in stream:
            updates.append(update)
            steps = on_state.get(update.state, [])
            for step in steps if isinstance(steps, list) else [steps]:
                ctx.sandbox_step(step)
    except forumpay.ForumPayError as error:
        ended_with = error.code
    return {"updates": updates, "ended_with": ended_with}


def endpoint(ctx: Context, args: Dict[str, Any]) -> Any:
    """One request to the scenario's webhook endpoint (made on first use with ``settings``)."""
    body, source, settings = body_text(args), args.pop("source", None), args.pop("settings", None) or {}
    ctx.stored, ctx.handler, ctx.handled = args.pop("lookup", None), args.pop("handler", "ok"), False
    no_more(args)
    if ctx.endpoint is None:
        ctx.endpoint = WebhookEndpoint(ctx.lookup, ctx.handle, **settings)
    answer = ctx.endpoint.handle(ctx.client, body, source)
    return {**answer.to_dict(), "handler_called": ctx.handled}


def allowed(ctx: Context, args: Dict[str, Any]) -> Any:
    allow, source = args.pop("allow", []), args.pop("source", None)
    no_more(args)
    return {"allowed": SourceAllowList(allow).allows(source)}


def first_time(ctx: Context, args: Dict[str, Any]) -> Any:
    key = args.pop("key", None)
    no_more(args)
    return {"first_time": ctx.dedupe.first_time_key(key)}


def new_client(ctx: Context, args: Dict[str, Any]) -> None:
    ctx.client = ctx.new_client(args)


def parse_webhook(ctx: Context, args: Dict[str, Any]) -> Any:
    body = body_text(args)
    no_more(args)
    return parse(body)


def decode_answer(ctx: Context, args: Dict[str, Any]) -> Any:
    name, body = args.pop("call", None), body_text(args)
    no_more(args)
    # Bytes, as an archive or another HTTP client holds an answer.
    return forumpay.decode_answer(name, body.encode("utf-8"))


def verify_webhook(ctx: Context, args: Dict[str, Any]) -> Any:
    return ctx.client.verify_webhook(body=body_text(args), **args)


RUNNER_CALLS: Dict[str, Callable[[Context, Dict[str, Any]], Any]] = {
    "new_client": new_client,
    "webhook_endpoint": endpoint,
    "watch_payment": watch,
    "transactions": lambda ctx, args: {"transactions": list(ctx.client.transactions(**args))},
    "parse_webhook": parse_webhook,
    "decode_answer": decode_answer,
    "verify_webhook": verify_webhook,
    "webhook_first_time": first_time,
    "webhook_source_allowed": allowed,
}
"""The runner's own calls (README: collecting streams, webhook helpers, a new client) and the
one call whose body argument is given as an object; every other call is the client's method."""


def call(ctx: Context, name: str, args: Dict[str, Any]) -> Any:
    if name in RUNNER_CALLS:
        return RUNNER_CALLS[name](ctx, args)
    method = getattr(ctx.client, name, None)
    if name.startswith("_") or not callable(method):
        raise RunnerError(f"unknown call {name!r}")
    return method(**args)


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


ERROR_KEYS = {"code", "http_status", "err", "err_code", "additional", "attempts", "field", "action", "retry_after_ms"}
STEP_KEYS = {"call", "sandbox", "args", "expect", "expect_error", "save", "printed"}


def error_form(error: Exception) -> Dict[str, Any]:
    """The canonical form of an SDK or sandbox error."""
    if isinstance(error, forumpay.ForumPayError):
        return error.to_dict()
    return {"code": getattr(error, "code", None), "message": str(error)}


def check_error(expected: Mapping[str, Any], got: Dict[str, Any]) -> None:
    for key, want in expected.items():
        if key == "has_cf_ray":
            assert (got.get("cf_ray") is not None) == want, f"expected has_cf_ray {want}, got {got!r}"
        elif key in ERROR_KEYS:
            match(want, got.get(key), f"error.{key}")
        else:
            raise RunnerError(f"unknown expect_error key {key!r}")


def check_printed(spec: Any, canonical_text: str, shown: str, variables: Mapping[str, Any]) -> None:
    if not isinstance(spec, dict) or set(spec) != {"hides"}:
        raise RunnerError(f"bad printed {spec!r}")
    for hidden in resolve(spec["hides"], variables):
        if not isinstance(hidden, str):
            raise RunnerError("printed.hides must list texts")
        assert hidden in canonical_text, f"printed: {hidden!r} is not in the result, so hiding it proves nothing"
        assert hidden not in shown, f"printed: a secret shows: {shown}"


def run_step(step: Dict[str, Any], ctx: Context, variables: Dict[str, Any]) -> None:
    unknown = set(step) - STEP_KEYS
    if unknown:
        raise RunnerError(f"unknown step key(s) {sorted(unknown)}")
    if ("call" in step) == ("sandbox" in step):
        raise RunnerError("a step needs exactly one of `call` and `sandbox`")
    if "expect" in step and "expect_error" in step:
        raise RunnerError("a step may not have both expect and expect_error")
    args = resolve(step.get("args", {}), variables)
    try:
        if "call" in step:
            raw = call(ctx, step["call"], args)
        else:
            raw = ctx.sandbox_step({"sandbox": step["sandbox"], "args": args})
    except (forumpay.ForumPayError, SandboxError) as error:
        form = error_form(error)
        if "printed" in step:
            check_printed(step["printed"], json.dumps(canonical(form), default=str), printed(error), variables)
        if "expect_error" not in step:
            raise AssertionError(f"unexpected error {error!r}") from error
        check_error(step["expect_error"], form)
        return
    except (TypeError, AttributeError) as error:
        raise RunnerError(f"cannot execute: {error!r}") from error
    result = canonical(raw)
    if "expect_error" in step:
        raise AssertionError(f"expected an error, got {result!r}")
    for var, path in step.get("save", {}).items():
        found = lookup(result, path)
        if found is None:
            raise AssertionError(f"save: no value at {path}")
        variables[var] = found
    if "printed" in step:
        check_printed(step["printed"], json.dumps(result), printed(raw), variables)
    if "expect" in step:
        match(resolve(step["expect"], variables), result)


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
        try:
            ctx = Context(sandbox, scenario.get("client", {}))
        except forumpay.ForumPayError as error:
            raise RunnerError(f"the scenario's client settings are refused: {error!r}") from error
        variables: Dict[str, Any] = {}
        for i, step in enumerate(steps, 1):
            try:
                run_step(step, ctx, variables)
            except (AssertionError, RunnerError) as failure:
                raise type(failure)(f"step {i}: {failure}") from failure


def scenario_files() -> List[Path]:
    return sorted(SUITE.glob("*.json"))
