"""The local stack's public address: one port in front of intake and evaluation, routing the resident
pages by path as the compose gateway (deploy/gateway/nginx.conf, port 8001) and the Kubernetes Ingress
(deploy/k8s/generate.py) do, so that PUBLIC_BASE_URL and every link built from it work in development.

    INTAKE_PORT=8001 EVALUATION_PORT=8003 PUBLIC_PORT=8000 python scripts/public_gateway.py

A development tool, not a production proxy: no keep-alive to the services, bodies read whole (the
services bound them), no TLS. It adds X-Forwarded-For as nginx does (TRUSTED_PROXY_HOPS=1)."""

from __future__ import annotations

import http.client
import logging
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from minqing_kit.logs import configure_logging

log = logging.getLogger("minqing.gateway")

# Path prefixes served by evaluation; everything else is intake's. The compose gateway and the Ingress
# list the same prefixes (tests/deploy/test_public_address.py compares them).
EVALUATION_PATHS = ("/rate/", "/board/")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


def upstream_of(path: str) -> str:
    return "evaluation" if path.startswith(EVALUATION_PATHS) else "intake"


class Forward(BaseHTTPRequestHandler):
    ports: dict[str, int] = {}

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        forwarded = self.headers.get("X-Forwarded-For")
        headers["X-Forwarded-For"] = f"{forwarded}, {self.client_address[0]}" if forwarded else self.client_address[0]
        connection = http.client.HTTPConnection("127.0.0.1", self.ports[upstream_of(self.path)], timeout=60)
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        except OSError:
            self.send_error(502, "upstream not answering")
            return
        finally:
            connection.close()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _forward

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        """No access log: paths carry tracking secrets and rating tokens."""


def main() -> int:
    Forward.ports = {
        "intake": int(os.environ.get("INTAKE_PORT", "8001")),
        "evaluation": int(os.environ.get("EVALUATION_PORT", "8003")),
    }
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PUBLIC_PORT", "8000"))), Forward)
    server.daemon_threads = True
    configure_logging("gateway")  # JSON lines, as every process of the stack
    log.info("public gateway on %s: %s", server.server_address[1], Forward.ports)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
