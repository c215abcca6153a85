"""One worker process of ``test_store_processes.py``: a client on the shared store (core's Redis
store by ``store_url``, or ``forumpay.django``'s ``DatabaseStore`` on a SQLite file every worker
opens) and a webhook endpoint, also served over HTTP for the sandbox's deliveries. It answers
its parent's commands over a pipe: ``deliver`` (after
the barrier, so that every worker handles the same notification at the same instant), ``call``
(a call on its client) and ``report`` (the payment states its handler ran for)."""

from __future__ import annotations

import json
from typing import Any, Dict, List


def serve(endpoint: Any, client: Any, events: Any) -> int:
    """The endpoint over HTTP on a free loopback port (for the sandbox's own deliveries); each 503
    it answers is told to the parent through ``events``. Its port."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            answer = endpoint.handle(client, body, self.client_address[0])
            if answer.status == 503:
                events.put((answer.status, answer.body.outcome, answer.body.code))
            self.send_response(answer.status)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(answer.body.to_dict()).encode())

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return int(server.server_address[1])


def run(conn: Any, barrier: Any, events: Any, config: Dict[str, Any]) -> None:
    import forumpay
    from forumpay.webhooks import KnownPayment, WebhookEndpoint

    store: Any = None
    if config.get("database"):
        import django
        from django.conf import settings

        settings.configure(
            INSTALLED_APPS=["forumpay.django"],
            DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": config["database"], "OPTIONS": {"timeout": 30}}},
            USE_TZ=True,
        )
        django.setup()
        from forumpay.django.stores import DatabaseStore

        store = DatabaseStore()
    settings_ = dict(config["settings"])
    client = forumpay.Client(**settings_, store=store) if store is not None else forumpay.Client(**settings_)
    handled: List[str] = []
    endpoint = WebhookEndpoint(
        lambda n: KnownPayment(payment_id=n.payment_id, currency=n.currency, address=n.address),
        lambda v: handled.append(v.dedupe_key),
    )
    conn.send(("ready", serve(endpoint, client, events)))
    while True:
        command, argument = conn.recv()
        if command == "stop":
            return
        if command == "deliver":
            barrier.wait()
            answer = endpoint.handle(client, argument)
            conn.send((answer.status, answer.body.outcome, answer.body.code))
        elif command == "call":
            name, kwargs = argument
            try:
                conn.send(getattr(client, name)(**kwargs).to_dict())
            except forumpay.ForumPayError as e:
                conn.send({"error": e.code})
        elif command == "report":
            conn.send(list(handled))
