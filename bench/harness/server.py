"""`hromada serve` as shipped, started for a benchmark on a free 127.0.0.1 port, and its process tree's CPU time.

The tree is the supervisor, gunicorn's arbiter and workers, the task worker and the scheduler: work a request
hands to the background (emails, notifications) is counted as well as the request itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess  # noqa: S404 - our own command with fixed arguments
import sys
import time
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(k) for k in f.read().split()]
    except (FileNotFoundError, ProcessLookupError):
        pass
    return kids


def tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += _children(current)
    return found


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one live process (all its threads)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime and stime, fields 14 and 15 of proc(5)


def tree_cpu(pid: int) -> float:
    return sum(process_cpu(p) for p in tree(pid))


def load_average() -> float:
    return os.getloadavg()[0]


class Server:
    def __init__(self, env: dict, *, log: Path):
        """Workers and threads as `hromada serve` reads them (HROMADA_WEB_WORKERS / HROMADA_WEB_THREADS)."""
        self.port = free_port()
        self.log = log.open("ab")
        command = [sys.executable, "-m", "hromada.cli", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT,  # noqa: S603
                                        start_new_session=True)

    def cpu(self) -> float:
        return tree_cpu(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def settle(server: Server, seconds: float = 1.0) -> None:
    """Let background work a step caused finish before the next step's CPU is read."""
    time.sleep(seconds)
