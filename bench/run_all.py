"""Run every benchmark in bench/ (except this file) one after another; a failing one does not stop the rest.

    .venv/bin/python bench/run_all.py"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))
    outcomes = []
    for script in scripts:
        print(f"\n===== {script.name}", flush=True)
        started = time.monotonic()
        code = subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode
        outcomes.append((script.name, code, time.monotonic() - started))
    print("\n===== summary")
    for name, code, seconds in outcomes:
        print(f"{name:32} {'ok' if code == 0 else f'exit {code}':>8} {seconds:6.0f}s")
    return 0 if all(code == 0 for _, code, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
