"""The local stack's process supervisor: restarts each process with its own back-off, says so, and
keeps run/status.json current.

Each process has its own next-restart time and the loop never sleeps for one, so a process in its
back-off never delays the others. A process that exits after less than ``QUICK`` seconds waits 1, 2,
4 ... up to ``CAP`` seconds before its next start; once the wait reaches ``CAP`` it is still restarted
every ``CAP`` seconds, never given up, and each time the supervisor says that it keeps crashing. Every exit
and restart goes to the terminal and to run/logs/stack.log (JSON lines); a status line is printed
whenever the set of running processes changes, and run/status.json always holds the latest state
(``down`` lists the process types not running)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

QUICK = 30.0
CAP = 30.0


def exit_reason(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            pass
    return f"exit code {code}"


class Process:
    def __init__(self, name: str, argv: list[str], env: dict, restart: bool = True):
        self.name, self.argv, self.env, self.restart = name, argv, env, restart
        self.popen: subprocess.Popen | None = None
        self.restarts = self.quick_exits = 0
        self.started_at = 0.0
        self.next_start: float | None = None
        self.last_exit: int | None = None
        self.exit_noted = False

    def start(self, cwd: Path, log_dir: Path, verbose: bool) -> None:
        log = open(log_dir / f"{self.name}.log", "ab")
        self.popen = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=cwd,
            start_new_session=True,
            stdout=None if verbose else log,
            stderr=None if verbose else subprocess.STDOUT,
        )
        log.close()
        self.started_at, self.next_start, self.exit_noted = time.monotonic(), None, False

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def state(self) -> str:
        if self.alive():
            return "running"
        return "waiting to restart" if self.next_start is not None else "finished" if self.popen else "not started"


class Supervisor:
    def __init__(
        self,
        processes: list[Process],
        cwd: Path,
        run_dir: Path,
        verbose: bool = False,
        cap: float = CAP,
        quick: float = QUICK,
    ):
        self.processes, self.cwd, self.run_dir, self.verbose = processes, cwd, run_dir, verbose
        self.cap, self.quick = cap, quick
        self.log_dir = run_dir / "logs"
        self.stack_log = open(self.log_dir / "stack.log", "a", encoding="utf-8")
        self.last_status = ""
        self.stopping = False

    def say(self, message: str, **fields) -> None:
        print(message, flush=True)
        line = {
            "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "service": "stack",
            "logger": "stack.supervisor",
            "msg": message,
            **fields,
        }
        self.stack_log.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.stack_log.flush()

    def add(self, process: Process, verbose: bool | None = None) -> None:
        self.processes.append(process)
        process.start(self.cwd, self.log_dir, self.verbose if verbose is None else verbose)

    def start_all(self) -> None:
        for process in self.processes:
            process.start(self.cwd, self.log_dir, self.verbose)
        self.check()

    def check(self) -> None:
        """One pass: note exits, start whatever is due, report. Never waits."""
        now = time.monotonic()
        for process in self.processes:
            if process.popen is None or process.alive():
                continue
            if not process.exit_noted:
                self._exited(process, now)
            elif process.next_start is not None and now >= process.next_start:
                process.start(self.cwd, self.log_dir, self.verbose)
                process.restarts += 1
                self.say(
                    f"{process.name} restarted (restart {process.restarts}, pid {process.popen.pid})",
                    process=process.name,
                    restarts=process.restarts,
                )
        self.report()

    def _exited(self, process: Process, now: float) -> None:
        process.last_exit, process.exit_noted = process.popen.returncode, True
        if not process.restart:
            self.say(
                f"{process.name} finished ({exit_reason(process.last_exit)})",
                process=process.name,
                exit=process.last_exit,
            )
            return
        process.quick_exits = process.quick_exits + 1 if now - process.started_at < self.quick else 1
        delay = min(self.cap, 2.0 ** (process.quick_exits - 1))
        process.next_start = now + delay
        self.say(
            f"{process.name} exited ({exit_reason(process.last_exit)}); restarting in {delay:g} s "
            f"(see {self.log_dir / process.name}.log)",
            process=process.name,
            exit=process.last_exit,
        )
        if delay >= self.cap:
            self.say(
                f"{process.name} keeps crashing ({process.quick_exits} quick exits in a row); "
                f"still retrying every {self.cap:g} s",
                level="WARNING",
                process=process.name,
            )

    def status(self) -> dict:
        processes = {
            p.name: {
                "state": "stopped" if self.stopping and not p.alive() else p.state(),
                "pid": p.popen.pid if p.alive() else None,
                "restarts": p.restarts,
                "last_exit": p.last_exit,
            }
            for p in self.processes
        }
        down = [] if self.stopping else sorted(p.name for p in self.processes if p.restart and not p.alive())
        return {
            "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "supervisor_pid": os.getpid(),
            "running": sum(p.alive() for p in self.processes),
            "down": down,
            "processes": processes,
        }

    def report(self) -> None:
        status = self.status()
        path = self.run_dir / "status.json"
        path.with_suffix(".tmp").write_text(json.dumps(status, indent=2), encoding="utf-8")
        path.with_suffix(".tmp").replace(path)
        wanted = sum(p.restart for p in self.processes)
        line = (
            f"status: all {wanted} processes running"
            if not status["down"]
            else f"status: {wanted - len(status['down'])}/{wanted} running; down: {', '.join(status['down'])}"
        )
        if line != self.last_status and not self.stopping:
            self.last_status = line
            self.say(line, running=status["running"], down=status["down"])

    def stop_all(self, timeout: float = 30) -> None:
        self.stopping = True
        for process in self.processes:
            process.next_start = None
            if process.alive():
                process.popen.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes:
            if process.popen is None:
                continue
            try:
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"{process.name} did not stop in time: killing it", process=process.name)
                process.popen.kill()
        self.report()
        self.stack_log.close()
