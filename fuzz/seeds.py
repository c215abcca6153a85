#!/usr/bin/env python3
"""Writes the starting corpus of each fuzz target into fuzz/corpus/<target>/ from what the
repository already holds: the decoding fixtures (core/tests/fixtures), the bodies and expected
results of the conformance scenarios (tests/conformance), their webhook bodies and every amount
they name. Nothing here is committed as a corpus: `make fuzz-seeds` makes it again.

Files are named by the SHA-1 of their content, as libFuzzer names the inputs it adds, so running
this again over a grown corpus adds nothing twice. The request and config targets take
structured (`arbitrary`) input and start from an empty corpus.

It also writes a libFuzzer dictionary per target into fuzz/dicts/: the snake_case words core's
own source names (field names of the answers, parameter names of the requests, states, flag
spellings), read from core/src so that it never lags behind. A fuzzer rarely guesses a ten-letter
key by itself; with the words at hand it reaches the branches behind them.
"""
import hashlib
import json
import pathlib
import re
import sys

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent

# API action (conformance fault route) and client call name -> decoder target.
BY_ROUTE = {
    "CheckPayment": "decode_payment_status",
    "StartPayment": "decode_started_payment",
    "GetRate": "decode_rate",
    "GetRates": "decode_rates",
    "GetCurrencyList": "decode_currency_list",
    "GetTransactions": "decode_transaction_page",
    "CancelPayment": "decode_cancel_result",
    "AcceptPayment": "decode_accept_result",
    "RefundPayment": "decode_refund_result",
    "Ping": "decode_pong",
}
BY_CALL = {
    "check_payment": "CheckPayment", "start_payment": "StartPayment", "get_rate": "GetRate",
    "get_rates": "GetRates", "get_currency_list": "GetCurrencyList", "get_transactions": "GetTransactions",
    "cancel_payment": "CancelPayment", "accept_payment": "AcceptPayment", "refund_payment": "RefundPayment",
    "ping": "Ping",
}
# The calls in the order of core's surface (CALLS, then STREAMS), as the named_arguments target
# picks them by index; read from core/src/surface/calls.rs so it never lags behind.
NAMED_CALLS = re.findall(r'^    "([a-z_]+)" \(', (ROOT / "core/src/surface/calls.rs").read_text(), re.M) + [
    "watch_payment", "transactions"]

# Decoding fixture file name prefix -> decoder target.
BY_FIXTURE = {
    "check_payment": "decode_payment_status", "start_payment": "decode_started_payment",
    "rates": "decode_rates", "rate": "decode_rate", "currency_list": "decode_currency_list",
    "transactions": "decode_transaction_page",
}


def add(corpus, target, data):
    corpus.setdefault(target, set()).add(data if isinstance(data, bytes) else data.encode())


def amounts_in(value, key=""):
    """Every text under a key that names an amount (at any depth)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from amounts_in(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from amounts_in(v, key)
    elif isinstance(value, str) and "amount" in key:
        yield value


def from_fixtures(corpus):
    for path in sorted((ROOT / "core/tests/fixtures").glob("*.json")):
        target = next((t for p, t in BY_FIXTURE.items() if path.name.startswith(p)), None)
        if target is None:
            sys.exit(f"seeds.py: no target for fixture {path.name}: add it to BY_FIXTURE")
        text = path.read_text()
        add(corpus, target, text)
        add(corpus, target, json.dumps(json.loads(text), separators=(",", ":")))
        for amount in amounts_in(json.loads(text)):
            add(corpus, "parse_amount", amount)


def from_scenarios(corpus):
    for path in sorted((ROOT / "tests/conformance").glob("*.json")):
        for step in json.loads(path.read_text()).get("steps", []):
            args = step.get("args", {})
            if step.get("sandbox") == "fault" and "body" in args and args.get("route") in BY_ROUTE:
                add(corpus, BY_ROUTE[args["route"]], args["body"])
            call = step.get("call")
            if call == "parse_webhook" and "body" in args:
                add(corpus, "webhook_parse", args["body"])
            if call in BY_CALL and isinstance(step.get("expect"), (dict, list)):
                # The canonical form of a result: the fields a decoder reads, under their names.
                add(corpus, BY_ROUTE[BY_CALL[call]], json.dumps(step["expect"]))
            if call and "sandbox" not in step:
                # One byte for the call (its index in NAMED_CALLS), then the arguments' JSON.
                index = NAMED_CALLS.index(call) if call in NAMED_CALLS else len(NAMED_CALLS)
                add(corpus, "named_arguments", bytes([index]) + json.dumps(args).encode())
            for amount in amounts_in(args):
                add(corpus, "parse_amount", amount)
            for amount in amounts_in(step.get("expect", {})):
                add(corpus, "parse_amount", amount)


# Target -> the core sources whose words it gets, and whether they are JSON keys (quoted).
DICTIONARIES = {
    **{t: (["models/*.rs", "decode.rs", "state.rs", "timestamp.rs"], True) for t in BY_ROUTE.values()},
    "webhook_parse": (["webhooks/notification.rs", "decode.rs", "state.rs"], True),
    "request_params": (["requests/*.rs", "validate.rs"], False),
    "config_build": (["config.rs"], False),
    "named_arguments": (["requests/*.rs", "surface/*.rs", "validate.rs", "webhooks/verify.rs", "pagination.rs"], True),
}
WORD = re.compile(r'"([a-z][a-z0-9_.]{1,40})"')


def dictionaries():
    for target, (patterns, json_keys) in sorted(DICTIONARIES.items()):
        words = set()
        for pattern in patterns:
            for path in sorted((ROOT / "core/src").glob(pattern)):
                words.update(WORD.findall(path.read_text()))
        # `payer_*` fields are also named without the prefix (Payer's `other` map).
        words |= {w[len("payer_"):] for w in words if w.startswith("payer_")}
        tokens = sorted(f'"\\"{w}\\""' if json_keys else f'"{w}"' for w in words)
        folder = FUZZ / "dicts"
        folder.mkdir(exist_ok=True)
        (folder / f"{target}.dict").write_text("\n".join(tokens) + "\n")
        print(f"seeds: {target}: dictionary of {len(words)} words")


def main():
    dictionaries()
    corpus = {}
    from_fixtures(corpus)
    from_scenarios(corpus)
    for target, inputs in sorted(corpus.items()):
        folder = FUZZ / "corpus" / target
        folder.mkdir(parents=True, exist_ok=True)
        for data in inputs:
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
        print(f"seeds: {target}: {len(inputs)} inputs")


if __name__ == "__main__":
    main()
