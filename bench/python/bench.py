"""Python runner of the benchmark (protocol: bench/README.md).

Started by `forumpay-bench` with the emulator's address, credentials, a payment and the sizes
in FORUMPAY_BENCH_* variables; prints one JSON line per client on stdout. The baselines are what
a careful shop writes by hand: `requests.Session`, `httpx.Client` and `httpx.AsyncClient`, each
reading amounts as `Decimal`. Before them, a floor: the same call over a bare asyncio socket.
A client that cannot run prints a "not_measured" line instead.
"""

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from floor import floor_call  # this folder: the script's own, first on sys.path

RUST = "forumpay::Client (Rust)"
RUST_DECODE = "forumpay::TransactionPage (Rust)"
# Amount fields of CheckPayment and GetTransactions records: strings in the API's JSON.
AMOUNT_KEYS = (
    "amount", "amount_exchange", "invoice_amount", "network_processing_fee", "payment",
    "original_amount", "refund", "refund_amount_opened", "unconfirmed_amount",
    "unconfirmed_invoice_amount", "underpayment", "rate",
)


def env(name):
    return os.environ["FORUMPAY_BENCH_" + name]


BASE_URL = env("BASE_URL")
AUTH = (env("API_USER"), env("API_SECRET"))
URL = BASE_URL + "CheckPayment/"
PARAMS = {
    "pos_id": env("POS_ID"), "currency": env("CURRENCY"), "payment_id": env("PAYMENT_ID"),
    "address": env("ADDRESS"), "locale": env("LOCALE"),
}
WARMUP, SEQUENTIAL, CONCURRENT = int(env("WARMUP")), int(env("SEQUENTIAL")), int(env("CONCURRENT"))
CONCURRENCY, DECODES = int(env("CONCURRENCY")), int(env("DECODES"))


def with_decimals(record):
    """Turns the amount strings of one record into Decimal, as a careful shop would."""
    for key in AMOUNT_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value:
            record[key] = Decimal(value)
    return record


def parse_answer(status, body):
    """The CheckPayment answer, or an exception for anything but a 200 without `err`."""
    if status != 200:
        raise RuntimeError(f"HTTP {status}")
    data = json.loads(body, parse_float=Decimal)
    if not isinstance(data, dict) or data.get("err"):
        raise RuntimeError(f"unexpected answer: {data!r}"[:200])
    return with_decimals(data)


def figures(latencies, seconds, cpu):
    latencies.sort()
    rank = lambda p: latencies[max(0, min(len(latencies), -(-len(latencies) * p // 100)) - 1)]
    return {
        "ops": len(latencies), "seconds": seconds, "cpu_seconds": cpu,
        "p50_us": rank(50) * 1e6, "p99_us": rank(99) * 1e6,
    }


def sequential(call, count=None):
    """WARMUP calls, then `count` (default SEQUENTIAL) timed ones, one at a time."""
    for _ in range(WARMUP):
        call()
    latencies = []
    cpu, start = time.process_time(), time.perf_counter()
    for _ in range(SEQUENTIAL if count is None else count):
        t = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - t)
    return figures(latencies, time.perf_counter() - start, time.process_time() - cpu)


def threaded(call):
    """CONCURRENCY threads sharing the client, each making one call at a time."""
    def run(total):
        left = [total]
        lock = threading.Lock()
        latencies = []

        def worker():
            mine = []
            while True:
                with lock:
                    if left[0] == 0:
                        break
                    left[0] -= 1
                t = time.perf_counter()
                call()
                mine.append(time.perf_counter() - t)
            with lock:
                latencies.extend(mine)

        with ThreadPoolExecutor(CONCURRENCY) as pool:
            for f in [pool.submit(worker) for _ in range(CONCURRENCY)]:
                f.result()
        return latencies

    run(max(WARMUP, CONCURRENCY))
    cpu, start = time.process_time(), time.perf_counter()
    latencies = run(CONCURRENT)
    return figures(latencies, time.perf_counter() - start, time.process_time() - cpu)


async def async_sequential(call):
    for _ in range(WARMUP):
        await call()
    latencies = []
    cpu, start = time.process_time(), time.perf_counter()
    for _ in range(SEQUENTIAL):
        t = time.perf_counter()
        await call()
        latencies.append(time.perf_counter() - t)
    return figures(latencies, time.perf_counter() - start, time.process_time() - cpu)


async def async_concurrent(call):
    async def run(total):
        left = [total]
        latencies = []

        async def worker():
            while left[0] > 0:
                left[0] -= 1
                t = time.perf_counter()
                await call()
                latencies.append(time.perf_counter() - t)

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return latencies

    await run(max(WARMUP, CONCURRENCY))
    cpu, start = time.process_time(), time.perf_counter()
    latencies = await run(CONCURRENT)
    return figures(latencies, time.perf_counter() - start, time.process_time() - cpu)


def emit(client, compare_to=(RUST,), **results):
    print(json.dumps({"client": client, "compare_to": list(compare_to), **results}), flush=True)


def skip(client, reason):
    emit(client, not_measured=reason)


# The bench's probe (FORUMPAY_BENCH_PROBE): times the Rust client in a child process against the
# same emulator, in rounds alternating with a client's own (see `beside_rust`).
PROBE = os.environ.get("FORUMPAY_BENCH_PROBE")
BESIDE_ROUNDS = 5


def rust_seconds(count):
    """Wall seconds of `count` sequential calls of the Rust client (the probe, after its warm-up)."""
    out = subprocess.run([PROBE, "icount-probe", "calls", "rust", "1", str(count)], capture_output=True, text=True, check=True)
    return float(out.stdout.split("seconds ", 1)[1].split()[0])


async def beside_rust(call, is_async):
    """SEQUENTIAL calls of `call` and as many of the Rust client, in BESIDE_ROUNDS alternating
    rounds: a change of load on the shared machine hits both alike, where the client's own row
    and the Rust client's are measured minutes apart. (our figures, the Rust client's)"""
    count = max(1, SEQUENTIAL // BESIDE_ROUNDS)
    ours = cpu = rust = 0.0
    for _ in range(BESIDE_ROUNDS):
        c, t = time.process_time(), time.perf_counter()
        for _ in range(count):
            if is_async:
                await call()
            else:
                call()
        ours, cpu = ours + time.perf_counter() - t, cpu + time.process_time() - c
        rust += rust_seconds(count)
    ops = count * BESIDE_ROUNDS
    return {"ops": ops, "seconds": ours, "cpu_seconds": cpu}, {"ops": ops, "seconds": rust}


def measure(client, compare_to, sync_call=None, async_call=None, beside=False):
    """Runs both CheckPayment measurements of one client and prints its line; with `beside`,
    also its calls alternating with the Rust client's (two more lines: `CLIENT, beside Rust`
    and `forumpay::Client (Rust), beside CLIENT`)."""
    beside = beside and PROBE is not None
    alternating = None
    try:
        if sync_call is not None:
            results = {"sequential": sequential(sync_call), "concurrent": threaded(sync_call)}
        else:
            async def both():  # one loop: an async client's connections belong to it
                out = {"sequential": await async_sequential(async_call), "concurrent": await async_concurrent(async_call)}
                try:
                    return out, (await beside_rust(async_call, True) if beside else None)
                except Exception as e:
                    return out, e
            results, alternating = asyncio.run(both())
    except Exception as e:  # a failing client is reported, not fatal to the others
        return skip(client, f"{type(e).__name__}: {e}"[:200])
    emit(client, compare_to, **results)
    if beside:
        name, rust_name = f"{client}, beside Rust", f"{RUST}, beside {client}"
        try:
            if sync_call is not None:
                alternating = asyncio.run(beside_rust(sync_call, False))
            if isinstance(alternating, Exception):
                raise alternating
        except Exception as e:
            return skip(name, f"{type(e).__name__}: {e}"[:200])
        ours, rust = alternating
        emit(rust_name, (), sequential=rust)
        emit(name, (rust_name,), sequential=ours)


def floor():
    """The asyncio floor (`floor.py`), beside the Rust client too."""
    measure("asyncio Protocol (floor)", (RUST,), async_call=floor_call(URL, PARAMS, AUTH), beside=True)


def requests_session():
    try:
        import requests
        from requests.adapters import HTTPAdapter
    except ImportError:
        return skip("requests.Session", "requests not installed (make bench installs it into bench/.venv)")
    session = requests.Session()
    session.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=CONCURRENCY))
    session.auth = AUTH

    def call():
        r = session.get(URL, params=PARAMS, timeout=30)
        return parse_answer(r.status_code, r.content)

    measure("requests.Session", (RUST,), sync_call=call)
    session.close()


def httpx_clients():
    try:
        import httpx
    except ImportError:
        for name in ("httpx.Client", "httpx.AsyncClient"):
            skip(name, "httpx not installed (make bench installs it into bench/.venv)")
        return
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    with httpx.Client(auth=AUTH, limits=limits, timeout=30) as client:
        def call():
            r = client.get(URL, params=PARAMS)
            return parse_answer(r.status_code, r.content)

        measure("httpx.Client", (RUST,), sync_call=call)

    holder = {}

    async def async_call():
        if "client" not in holder:  # made inside the running loop, once per asyncio.run
            holder["client"] = httpx.AsyncClient(auth=AUTH, limits=limits, timeout=30)
        r = await holder["client"].get(URL, params=PARAMS)
        return parse_answer(r.status_code, r.content)

    measure("httpx.AsyncClient", (RUST,), async_call=async_call)


def decode_baseline():
    with open(env("PAGE_FILE"), "rb") as f:
        page = f.read()

    def decode():
        data = json.loads(page, parse_float=Decimal)
        return [with_decimals(r) for r in data["invoices"]]

    emit("json.loads + Decimal (Python)", (RUST_DECODE,), decode=sequential(decode, DECODES))


def decode_through_binding():
    """The same page decoded through the Python binding (``forumpay.decode_answer``) into its
    typed models (``Decimal`` amounts, aware datetimes), beside ``decode_baseline``'s row."""
    name = "forumpay.decode_answer (Python)"
    path = os.environ.get("FORUMPAY_PYTHON_BINDING")
    if path and path not in sys.path:
        sys.path.insert(0, path)
    try:
        from forumpay import decode_answer
    except ImportError as e:
        return emit(name, decode={"not_measured": f"binding not built ({e})"})
    with open(env("PAGE_FILE"), "rb") as f:
        page = f.read()

    def decode():
        return decode_answer("get_transactions", page).transactions

    if len(decode()) != 50:
        return emit(name, decode={"not_measured": "the page did not decode to 50 records"})
    emit(name, ("json.loads + Decimal (Python)", RUST_DECODE), decode=sequential(decode, DECODES))


def bindings():
    """The Python binding (bindings-python/): `make bench` builds it in release into bench/.venv;
    FORUMPAY_PYTHON_BINDING may name another folder to import it from. Rows compare it with the
    baseline a shop would write and with the Rust client."""
    path = os.environ.get("FORUMPAY_PYTHON_BINDING")
    if path:
        sys.path.insert(0, path)
    try:
        import forumpay
    except ImportError as e:
        for name in ("forumpay (Python sync)", "forumpay (Python async)"):
            skip(name, f"binding not built ({e})")
        return
    settings = {"base_url": BASE_URL, "pos_id": PARAMS["pos_id"], "locale": PARAMS["locale"]}
    ref = {"payment_id": PARAMS["payment_id"], "currency": PARAMS["currency"], "address": PARAMS["address"]}
    try:
        client = forumpay.Client(api_user=AUTH[0], api_secret=AUTH[1], **settings)
    except Exception as e:  # reported, not fatal
        return skip("forumpay (Python sync)", f"{type(e).__name__}: {e}"[:200])
    measure("forumpay (Python sync)", ("requests.Session", RUST), sync_call=lambda: client.check_payment(**ref), beside=True)
    holder = {}

    async def async_call():
        if "client" not in holder:  # made inside the running loop, like the httpx one
            holder["client"] = forumpay.AsyncClient(api_user=AUTH[0], api_secret=AUTH[1], **settings)
        return await holder["client"].check_payment(**ref)

    measure("forumpay (Python async)", ("httpx.AsyncClient", RUST), async_call=async_call, beside=True)


if __name__ == "__main__":
    floor()
    requests_session()
    httpx_clients()
    decode_baseline()
    decode_through_binding()
    bindings()
