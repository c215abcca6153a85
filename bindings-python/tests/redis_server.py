"""A real Redis server for a test: Debian's ``redis-server`` (``make redis-server`` installs it)
on a loopback port the OS chose, without persistence; ``stop()`` kills it, ``restart()`` starts it
again on the same port, empty."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from typing import Optional


class RedisServer:
    def __init__(self) -> None:
        with socket.socket() as probe:  # the OS picks a free port, released just before redis binds it
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._process: Optional[subprocess.Popen] = None  # type: ignore[type-arg]
        self.restart()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def restart(self) -> None:
        assert self._process is None, "redis-server is already running"
        binary = os.environ.get("FORUMPAY_REDIS_SERVER", "redis-server")
        try:
            process = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=subprocess.PIPE,
                text=True,
            )
        except OSError as e:
            raise RuntimeError(f"cannot run {binary} ({e}): `make redis-server` installs Debian's redis-server") from e
        assert process.stdout is not None
        # Its log says when it accepts connections: no polling, no sleep.
        for line in process.stdout:
            if "Ready to accept connections" in line:
                break
        else:
            raise RuntimeError(f"redis-server on port {self.port} exited before it was ready")
        threading.Thread(target=lambda: [None for _ in process.stdout or []], daemon=True).start()
        self._process = process

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def __enter__(self) -> "RedisServer":
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
