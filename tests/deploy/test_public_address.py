"""The residents' one address: compose's gateway (port 8001), the Kubernetes Ingress and the local stack's
gateway route the same paths to evaluation and everything else to intake; the local gateway forwards
requests and answers as they are (a redirect stays a redirect) and adds X-Forwarded-For."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import yaml

from support.workers import wait_for

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "deploy" / "k8s"))
import generate  # noqa: E402
import public_gateway  # noqa: E402


def nginx_public_routes() -> dict[str, str]:
    conf = (ROOT / "deploy" / "gateway" / "nginx.conf").read_text(encoding="utf-8")
    server = re.search(r"server \{\n\s+listen 8001;(.*?)\n  \}", conf, re.S).group(1)
    return dict(re.findall(r"location (\S+) \{ set \$u http://([a-z]+)-web:8000;", server))


def test_compose_kubernetes_and_the_local_stack_route_the_same_paths():
    evaluation = set(public_gateway.EVALUATION_PATHS)
    assert nginx_public_routes() == {"/": "intake", **{path: "evaluation" for path in evaluation}}
    assert set(generate.EVALUATION_PATHS) == evaluation
    (ingress,) = [yaml.safe_load((ROOT / "deploy" / "k8s" / "base" / "ingress.yaml").read_text(encoding="utf-8"))]
    paths = {p["path"]: p["backend"]["service"]["name"] for p in ingress["spec"]["rules"][0]["http"]["paths"]}
    assert paths == {"/": "intake-web", **{p.rstrip("/"): "evaluation-web" for p in evaluation}}


class Upstream(BaseHTTPRequestHandler):
    """Stands for a service: answers with its name, the method, path, body and X-Forwarded-For."""

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        if self.path == "/":
            self.send_response(303)
            self.send_header("Location", "/receipt/T-1")
        else:
            self.send_response(200)
        text = f"{self.server.name} {self.command} {self.path} {body} {self.headers.get('X-Forwarded-For')}"
        data = text.encode()
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


def upstream(name: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    server.name = name
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def gateway():
    from e2e.stack import free_port

    intake, evaluation, port = upstream("intake"), upstream("evaluation"), free_port()
    env = {
        "INTAKE_PORT": str(intake.server_port),
        "EVALUATION_PORT": str(evaluation.server_port),
        "PUBLIC_PORT": str(port),
        "PATH": "/usr/bin:/bin",
    }
    process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "public_gateway.py")], env=env)
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: _answers(base), timeout=20, interval=0.2, what="the local public gateway")
    yield base
    process.terminate()
    process.wait(timeout=10)
    intake.shutdown()
    evaluation.shutdown()


def _answers(base: str) -> bool:
    try:
        return requests.get(base + "/track", timeout=2).ok
    except requests.ConnectionError:
        return False


def test_the_local_gateway_sends_rating_and_board_to_evaluation_and_the_rest_to_intake(gateway):
    assert requests.get(gateway + "/rate/tok-1", timeout=5).text == "evaluation GET /rate/tok-1  127.0.0.1"
    assert requests.get(gateway + "/board/xinlin?quarter=2026Q4", timeout=5).text.startswith(
        "evaluation GET /board/xinlin?quarter=2026Q4"
    )
    assert requests.post(gateway + "/rate/tok-1", data="solved=yes", timeout=5).text.startswith(
        "evaluation POST /rate/tok-1 solved=yes"
    )
    assert requests.get(gateway + "/track/XL-1", timeout=5).text.startswith("intake GET /track/XL-1")
    submitted = requests.post(gateway + "/", data="content=x", timeout=5, allow_redirects=False)
    assert (submitted.status_code, submitted.headers["Location"]) == (303, "/receipt/T-1")
    assert submitted.text == "intake POST / content=x 127.0.0.1"
