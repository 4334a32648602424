"""The local stack's supervisor never gives up on a crashing process and says so (issue 12, item 3).
The running stack's own test (test_stack_hardening) kills real processes; this one needs no stack."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from supervisor import Process, Supervisor  # noqa: E402


def test_a_process_that_keeps_crashing_is_retried_at_the_capped_interval_and_reported(tmp_path, capsys):
    (tmp_path / "logs").mkdir()
    crashing = Process("crashing", [sys.executable, "-c", "import sys; sys.exit(3)"], {})
    steady = Process("steady", [sys.executable, "-c", "import time; time.sleep(60)"], {})
    supervisor = Supervisor([crashing, steady], ROOT, tmp_path, cap=0.2)
    supervisor.start_all()
    try:
        while crashing.restarts < 8:  # the old supervisor stopped after 5
            supervisor.check()
            time.sleep(0.05)
        status = json.loads((tmp_path / "status.json").read_text())
        assert status["processes"]["steady"]["state"] == "running" and status["processes"]["steady"]["restarts"] == 0
    finally:
        supervisor.stop_all(timeout=10)
    lines = [json.loads(line) for line in (tmp_path / "logs" / "stack.log").read_text().splitlines()]
    messages = [line["msg"] for line in lines]
    assert sum(m.startswith("crashing exited (exit code 3)") for m in messages) >= 8
    assert sum(m.startswith("crashing restarted") for m in messages) == 8
    assert any(
        line["level"] == "WARNING" and "keeps crashing" in line["msg"] and "every 0.2 s" in line["msg"]
        for line in lines
    )
    assert "status: 1/2 running; down: crashing" in messages
    assert "crashing exited (exit code 3)" in capsys.readouterr().out  # on the terminal too
    assert json.loads((tmp_path / "status.json").read_text())["processes"]["steady"]["state"] == "stopped"
