"""A real SMTP server on localhost for the invite tests (aiosmtpd), in-process or as a process to kill.

Run as a script (``python _smtp.py PORT FOLDER DIE_AFTER``) it saves each accepted message to
FOLDER and exits abruptly, without answering, when message DIE_AFTER + 1 arrives: a server
that dies half-way through a delivery.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Collect:
    """An aiosmtpd handler that keeps every accepted message."""

    def __init__(self, folder: Path | None = None, die_after: int | None = None) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.folder = folder
        self.die_after = die_after

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.die_after is not None and len(self.messages) >= self.die_after:
            os._exit(3)  # the server process dies mid-transaction: no reply reaches the client
        data = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), data))
        if self.folder is not None:
            (self.folder / f"{len(self.messages):04d}.eml").write_bytes(data)
        return "250 Message accepted for delivery"


class Server:
    """``with Server() as srv:`` a live SMTP server on ``srv.port``; ``srv.messages`` as it received them."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.handler = Collect()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[tuple[str, list[str], bytes]]:
        return self.handler.messages

    def __enter__(self) -> Server:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def start_dying_server(folder: Path, die_after: int) -> tuple[subprocess.Popen[bytes], int]:
    """A server process that accepts ``die_after`` messages, then dies; returns it and its port."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, str(port), str(folder), str(die_after)])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the SMTP server did not start")


if __name__ == "__main__":
    from aiosmtpd.controller import Controller

    port, folder, die_after = int(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    controller = Controller(Collect(folder, die_after), hostname="127.0.0.1", port=port)
    controller.start()
    while True:
        time.sleep(1)
