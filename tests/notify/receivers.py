"""Local receivers for notify's tests and benchmark: an HTTP server recording requests (SMS gateway,
WeCom and DingTalk robots) with scripted answers, and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import json
import socket
import threading
from collections import defaultdict, deque
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller


@dataclass
class Received:
    path: str
    query: dict
    headers: dict
    raw: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.raw)


@dataclass
class HttpRecorder:
    """Answers each path from its script (status, JSON) in order, then with its default."""

    server: ThreadingHTTPServer | None = None
    requests: list[Received] = field(default_factory=list)
    scripts: dict = field(default_factory=lambda: defaultdict(deque))
    defaults: dict = field(default_factory=dict)
    answer: object = None  # optional callable(path, body) -> (status, dict) for the benchmark

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def script(self, path: str, *answers: tuple[int, dict]) -> None:
        self.scripts[path].extend(answers)

    def on(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]

    def start(self) -> HttpRecorder:
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                parts = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if recorder.answer is not None:
                    status, body = recorder.answer(parts.path, raw)
                else:
                    queue = recorder.scripts[parts.path]
                    fallback = (200, {"errcode": 0, "message_id": "m-1"})
                    status, body = queue.popleft() if queue else recorder.defaults.get(parts.path, fallback)
                recorder.requests.append(Received(parts.path, parse_qs(parts.query), dict(self.headers), raw))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        mail = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(
            {"to": envelope.rcpt_tos, "subject": str(mail["Subject"]), "body": mail.get_content().strip()}
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """A real SMTP server on a free local port; ``messages`` holds what it received."""

    def __init__(self):
        self.mailbox = _Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[dict]:
        return self.mailbox.messages

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
