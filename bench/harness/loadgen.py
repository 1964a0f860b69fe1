"""Open-loop HTTP load: each request leaves at its scheduled time (start + i / rate), whatever the answers to
the earlier ones, and its latency counts from that scheduled time. A server that falls behind therefore shows
its queue in the latency (no coordinated omission), unlike a closed loop of N clients that politely waits.

Keep-alive connections are reused from a pool and opened on demand (up to `max_connections`); a request that
waits for a free connection is still timed from its scheduled send. One asyncio loop in one process: at the
rates of a 2-core machine it costs a fraction of a core, which `run()` reports."""

from __future__ import annotations

import asyncio
import collections
import math
import os
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def encode(self, host: str) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(self.body)}"]
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


@dataclass
class Outcome:
    index: int
    status: int  # 0: no answer (connection refused or reset, or the timeout)
    latency: float  # seconds from the scheduled send to the last byte of the answer
    body: bytes
    error: str = ""  # why there was no answer


@dataclass
class LoadResult:
    outcomes: list[Outcome]
    wall: float  # seconds from the first scheduled send to the last answer
    client_cpu: float  # CPU seconds the load generator itself spent
    late_sends: int  # requests that left more than 5 ms after their scheduled time (the generator lagging)

    def statuses(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for outcome in self.outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        return dict(sorted(counts.items()))

    def refusals(self, ok: tuple[int, ...]) -> dict[int, str]:
        """One answer's body (shortened) for each status that is not ok: what the server said was wrong."""
        seen: dict[int, str] = {}
        for o in self.outcomes:
            if o.status and o.status not in ok and o.status not in seen:
                seen[o.status] = o.body[:160].decode("utf-8", "replace")
        return seen

    def failures(self) -> dict[str, int]:
        return dict(collections.Counter(o.error for o in self.outcomes if o.error))

    def percentile_ms(self, p: float) -> float:
        """The p-th percentile of latency in ms (nearest rank), over every request, answered or not."""
        ordered = sorted(o.latency for o in self.outcomes)
        if not ordered:
            return float("nan")
        rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
        return ordered[rank] * 1000


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionResetError("closed before answering")
    status = int(status_line.split()[1])
    length, chunked, close = None, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value:
            chunked = True
        elif name == b"connection" and value == b"close":
            close = True
    if chunked:
        body = bytearray()
        while size := int((await reader.readline()).split(b";")[0], 16):
            body += await reader.readexactly(size)
            await reader.readline()
        while (await reader.readline()) not in (b"\r\n", b"\n", b""):
            pass  # trailers
        return status, bytes(body), close
    if length is not None:
        return status, await reader.readexactly(length), close
    return status, await reader.read(), True


async def _open_loop(host: str, port: int, requests: list[Request], rate: float, *, max_connections: int,
                     timeout: float) -> tuple[list[Outcome], float, int]:
    loop = asyncio.get_running_loop()
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    slots = asyncio.Semaphore(max_connections)
    outcomes: list[Outcome] = []
    host_header = f"{host}:{port}"
    late = 0

    async def send(index: int, request: Request, scheduled: float) -> None:
        status, body, error = 0, b"", ""
        async with slots:
            conn = idle.pop() if idle else None
            reused = conn is not None
            for attempt in (1, 2):
                try:
                    if conn is None:
                        conn = await asyncio.open_connection(host, port)
                    conn[1].write(request.encode(host_header))
                    status, body, close = await asyncio.wait_for(_read_answer(conn[0]), timeout)
                except (ConnectionError, asyncio.IncompleteReadError, OSError, TimeoutError) as exc:
                    if conn is not None:
                        conn[1].close()
                    conn = None
                    # Only a keep-alive connection the server had already closed is retried, on a new connection:
                    # the request never reached a handler, so resending it cannot do anything twice.
                    if attempt == 1 and reused and not isinstance(exc, TimeoutError):
                        continue
                    status, body, error = 0, b"", f"{type(exc).__name__}: {exc}"[:80]
                    break
                if close:
                    conn[1].close()
                else:
                    idle.append(conn)
                break
        outcomes.append(Outcome(index, status, loop.time() - scheduled, body, error))

    start = loop.time() + 0.05
    tasks = []
    for index, request in enumerate(requests):
        scheduled = start + index / rate
        delay = scheduled - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        elif delay < -0.005:
            late += 1
        tasks.append(asyncio.create_task(send(index, request, scheduled)))
    await asyncio.gather(*tasks)
    wall = loop.time() - start
    for _, writer in idle:
        writer.close()
    return sorted(outcomes, key=lambda o: o.index), wall, late


def run(host: str, port: int, requests: list[Request], rate: float, *, max_connections: int = 512,
        timeout: float = 30.0) -> LoadResult:
    """Send `requests` at `rate` per second (open loop) and return every outcome."""
    cpu_before = _own_cpu()
    outcomes, wall, late = asyncio.run(_open_loop(host, port, requests, rate, max_connections=max_connections,
                                                  timeout=timeout))
    return LoadResult(outcomes, wall, _own_cpu() - cpu_before, late)


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def wait_until_up(host: str, port: int, path: str = "/healthz", seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if run(host, port, [Request("GET", path)], 1000, timeout=5).outcomes[0].status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server on {host}:{port} did not answer {path} within {seconds:.0f} s")
