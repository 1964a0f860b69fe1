"""What a scenario supplies to the harness: its data, its requests, and the integrity check of what it wrote.

`prepare` and `counts` run in a child process with Django set up on the benchmark's database (the runner itself
never imports Django, so one run can measure SQLite and PostgreSQL); `request` and `check` run in the runner."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from .loadgen import LoadResult, Request


@dataclass
class Step:
    rate: float
    result: LoadResult
    server_cpu: float  # CPU seconds of the server's whole process tree during the step
    load_before: float  # 1-minute load average of the machine
    load_after: float

    @property
    def sent(self) -> int:
        return len(self.result.outcomes)

    @property
    def cpu_ms_per_request(self) -> float:
        return self.server_cpu / self.sent * 1000 if self.sent else float("nan")

    @property
    def p99_ms(self) -> float:
        return self.result.percentile_ms(99)


class Scenario(ABC):
    """One kind of request measured at increasing fixed arrival rates until p99 passes `target_p99_ms`."""

    name = ""
    target_p99_ms = 250.0
    rates: tuple[float, ...] = (25, 50, 100, 150, 200, 300, 400)
    ok_statuses: tuple[int, ...] = (200,)

    def prepare(self, community, budget: int) -> dict:
        """In the child: create what the requests need (at most `budget` of them will be sent); JSON state."""
        return {}

    @abstractmethod
    def request(self, state: dict, index: int) -> Request:
        """The index-th request of the run (each index is sent once)."""

    def counts(self, state: dict) -> dict:
        """In the child, after the load: figures from the database for `check`."""
        return {}

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        """Problems with what was written (lost or doubled rows, counts that disagree); `get(path)` fetches a
        page or document from the running server as (status, body)."""
        return []

    def errors(self, step: Step) -> int:
        return sum(n for status, n in step.result.statuses().items() if status not in self.ok_statuses)


def client_address(index: int) -> str:
    """A distinct client address per request (10.0.0.0/8), sent as X-Forwarded-For through the trusted proxy."""
    return f"10.{index >> 16 & 255}.{index >> 8 & 255}.{index & 255}"


def client_headers(index: int, token: str | None = None, **extra: str) -> dict[str, str]:
    headers = {"X-Forwarded-For": client_address(index), **extra}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers
