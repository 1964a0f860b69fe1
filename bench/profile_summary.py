"""Where the time goes, from py-spy's collapsed stacks (`bench/run.py --profile DIR`).

Each busy sample is given to the DEEPEST part of the request path on its stack (a signature's INSERT made by the
service counts as the service's; a counter shard's UPDATE as the counters'), so the shares add up to 100 %.
Alongside, how much of all busy time is spent building SQL in the ORM and inside the database driver.

    .venv/bin/python bench/profile_summary.py DIR/sqlite-petitions-sign.txt [--top 25]"""

from __future__ import annotations

import argparse
import collections
import re

# (part, pattern on one frame "function (file:line)"); the deepest frame matching any pattern decides.
PARTS = [
    ("gunicorn: accept, parse, respond", r"\(gunicorn/"),
    ("Django handler and other middleware", r"\(django/(core/handlers|middleware|contrib/(sessions|messages))/"),
    ("middleware: community (tenancy)", r"\(hromada/core/tenancy/"),
    ("middleware: language", r"\(hromada/core/web/middleware|django/middleware/locale|translation/trans_real"),
    ("middleware: authentication (session user)", r"\(django/contrib/auth/middleware|allauth/"),
    ("middleware: page rate limit", r"\(hromada/core/web/page_limits"),
    ("middleware: CSP and security headers", r"\(hromada/core/web/csp|django/middleware/security"),
    ("URL resolving", r"\(django/urls/"),
    ("ninja: operation, params, render", r"\(ninja/"),
    ("API: token check", r"\(hromada/core/api/(auth|tokens|access)"),
    ("API: throttles", r"\(hromada/core/api/throttles"),
    ("rate-limit counting (shared cache)", r"\(hromada/core/(api/ratelimit|sharedcache)|django/core/cache/backends/redis"),
    ("the endpoint and its selectors", r"\(hromada/[a-z_]+/(api|selectors|views)\.py"),
    ("the service", r"\(hromada/[a-z_]+/services(/|\.py)"),
    ("service guard and policies", r"\(hromada/core/identity/(guard|policies)|hromada/[a-z_]+/policies"),
    ("audit", r"\(hromada/core/audit/"),
    ("counters and the write gate", r"\(hromada/core/counters"),
    ("jobs: enqueue on commit", r"\(hromada/core/jobs/"),
    ("the harness's baseline view", r"\(harness/"),
    ("logging (access log)", r"\(logging/|gunicorn/glogging|gunicorn_logging"),
]
IDLE = re.compile(r"^(_worker \(concurrent/futures/thread|run \(hromada/core/jobs|Supervisor\.run|"
                  r"wait \(threading|select \(selectors|_run_once|sleep)")
ORM = re.compile(r"\(django/db/models/")
DRIVER = re.compile(r"\(django/db/backends/|sqlite3|psycopg")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    parts: collections.Counter[str] = collections.Counter()
    leaves: collections.Counter[str] = collections.Counter()
    busy = orm = driver = 0
    for line in open(args.path, encoding="utf-8"):
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [f for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        if not frames or IDLE.search(frames[-1]) or not any("hromada" in f or "django" in f for f in frames):
            continue  # idle threads, the scheduler and the task worker's polling
        n = int(count)
        busy += n
        leaves[re.sub(r":\d+\)", ")", frames[-1])] += n
        orm += n if any(ORM.search(f) for f in frames) else 0
        driver += n if any(DRIVER.search(f) for f in frames) else 0
        part = "other (Python, Django utilities)"
        for frame in reversed(frames):
            found = next((name for name, pattern in PARTS if re.search(pattern, frame)), None)
            if found:
                part = found
                break
        parts[part] += n
    print(f"{busy} busy samples of the web workers")
    for name, n in parts.most_common():
        print(f"  {n / busy * 100:5.1f}%  {name}")
    print(f"  of all busy time: {orm / busy * 100:.1f}% in the ORM, {driver / busy * 100:.1f}% in the database "
          "backend and driver")
    print("hottest leaves (self time):")
    for leaf, n in leaves.most_common(args.top):
        print(f"  {n / busy * 100:5.1f}%  {leaf}")


if __name__ == "__main__":
    main()
