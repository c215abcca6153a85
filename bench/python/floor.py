"""The floor of the Python runner (`bench.py`): a CheckPayment written by hand on a bare asyncio
connection, nothing of ours and no HTTP library (bench/README.md, "Floors")."""

import asyncio
import base64
import json
from decimal import Decimal
from urllib.parse import urlencode, urlsplit


class FloorConnection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection of `floor_call`'s: `get()` writes the CheckPayment GET and
    awaits the future that `data_received` completes once the whole answer is in."""

    def __init__(self, request):
        self.request = request
        self.transport = None
        self.buffer = bytearray()
        self.answer = None  # the future of the call in flight
        self.head = None  # (status, index of the body's first byte, its end) once the head is in

    def connection_made(self, transport):
        self.transport = transport

    def get(self):
        if self.transport.is_closing():
            raise ConnectionError("the emulator closed the connection")
        self.answer = asyncio.get_running_loop().create_future()
        self.transport.write(self.request)
        return self.answer

    def data_received(self, data):
        self.buffer += data  # an answer may come in several pieces
        try:
            if self.head is None:
                end = self.buffer.find(b"\r\n\r\n")
                if end < 0:
                    return
                self.head = self.parse_head(bytes(self.buffer[:end]).decode("latin-1"), end + 4)
            status, start, stop = self.head
            if len(self.buffer) < stop:
                return
            body = bytes(self.buffer[start:stop])
            del self.buffer[:stop]
            self.head = None
            self.answer.set_result((status, body))
        except Exception as e:
            self.transport.close()  # of no further use
            self.answer.set_exception(e)

    @staticmethod
    def parse_head(head, start):
        """(status, start, end) of the answer whose body starts at `start`: read by content-length,
        an answer without one (chunked, or ended by closing) is an error, never a guess."""
        status_line, *lines = head.split("\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" not in headers or "transfer-encoding" in headers:
            raise RuntimeError(f"the floor reads only answers with a content-length, not: {head!r}"[:200])
        return int(status_line.split()[1]), start, start + int(headers["content-length"])

    def connection_lost(self, exc):
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(exc or ConnectionError("the emulator closed the connection"))


def floor_call(url, params, auth):
    """The least a Python program on asyncio can spend per CheckPayment: the same GET written on
    a bare asyncio connection (no HTTP library), the answer read by content-length, its body
    through `json.loads(body, parse_float=Decimal)` (amount strings left as sent, as the raw hyper
    floor leaves them in a `serde_json::Value`). The binding's targets are ratios to the Rust
    client; this row shows, in the same run, how much of that gap the interpreter and its event
    loop take with nothing of ours: no Python client on asyncio can be faster, nor is
    `forumpay.AsyncClient` expected to be. (The sync binding waits for its answer in Rust,
    outside any event loop: this floor does not bound it.) Like raw hyper, one keep-alive
    connection per call in flight. Gives the async call: `url` is CheckPayment's, `params` its query, `auth` (user, secret)."""
    split = urlsplit(url)
    user_secret = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    request = (
        f"GET {split.path}?{urlencode(params)} HTTP/1.1\r\nhost: {split.netloc}\r\n"
        f"authorization: Basic {user_secret}\r\n\r\n"
    ).encode()
    idle = []  # connections between calls, one per call in flight at most

    async def call():
        if idle:
            connection = idle.pop()
        else:
            loop = asyncio.get_running_loop()
            _, connection = await loop.create_connection(lambda: FloorConnection(request), split.hostname, split.port)
        status, body = await connection.get()
        idle.append(connection)
        if status != 200:
            raise RuntimeError(f"HTTP {status}")
        data = json.loads(body, parse_float=Decimal)
        if not isinstance(data, dict) or data.get("err"):
            raise RuntimeError(f"unexpected answer: {data!r}"[:200])
        return data

    return call
