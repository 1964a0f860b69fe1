"""The standalone verifier (tools/hromada_log_verify.py), imported by path: it is a script outside the package."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import hromada

SCRIPT = Path(hromada.__file__).resolve().parents[2] / "tools" / "hromada_log_verify.py"
_spec = importlib.util.spec_from_file_location("hromada_log_verify", SCRIPT)
verifier = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(verifier)
