"""`hromada serve` supervises real child processes: a killed worker is started again while the web
server keeps running, and only the web server's exit stops everything."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from hromada.core.web.management.commands.serve import Supervisor


def wait_for(condition, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_a_killed_worker_is_restarted_and_the_web_server_keeps_running():
    logged: list[str] = []
    supervisor = Supervisor(web=["sleep", "120"], background={"task worker": ["sleep", "120"]}, log=logged.append)
    outcome: list[int] = []
    runner = threading.Thread(target=lambda: outcome.append(supervisor.run(poll=0.05)), daemon=True)
    runner.start()
    try:
        wait_for(lambda: "task worker" in supervisor.children, "the worker to start")
        web, first = supervisor.children["web server"], supervisor.children["task worker"]
        os.kill(first.pid, signal.SIGKILL)
        wait_for(lambda: supervisor.children["task worker"] is not first, "the worker to be restarted")
        assert supervisor.children["task worker"].poll() is None and web.poll() is None
        assert any("exited with code -9" in line for line in logged)

        os.kill(web.pid, signal.SIGKILL)  # the site itself is gone: everything stops
        runner.join(timeout=30)
        assert outcome == [-9]
        assert supervisor.children["task worker"].poll() is not None
    finally:
        supervisor.stop()
