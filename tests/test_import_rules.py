"""Cross-cutting: capabilities never import another capability's models (they meet in core or services)."""

from __future__ import annotations

import ast
from pathlib import Path

import hromada

PACKAGE = Path(hromada.__file__).resolve().parent
NOT_CAPABILITIES = {"core", "config", "demo"}


def capability_apps() -> list[str]:
    return sorted(p.parent.name for p in PACKAGE.glob("*/apps.py") if p.parent.name not in NOT_CAPABILITIES)


def imported_models(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, "hromada.<app>.models") for every absolute import that reaches a capability's models."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found
            if name.startswith("hromada.") and (name.split(".") + [""])[2].startswith("models")]


def test_the_scan_finds_capabilities():
    assert {"petitions", "appeals", "maps", "opendata"} <= set(capability_apps())


def test_the_scan_would_notice_a_forbidden_import():
    tree = ast.parse("from hromada.petitions.models import Petition\nfrom hromada.appeals import models\n")
    assert [name for _line, name in imported_models(tree)] == ["hromada.petitions.models",
                                                                "hromada.petitions.models.Petition",
                                                                "hromada.appeals.models"]


def test_capabilities_do_not_import_each_others_models():
    offences = []
    for app in capability_apps():
        for path in (PACKAGE / app).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for line, name in imported_models(tree):
                other = name.split(".")[1]
                if other != app and other not in NOT_CAPABILITIES:
                    offences.append(f"{path.relative_to(PACKAGE)}:{line} imports {name}")
    assert offences == [], "use the other capability's services/selectors instead:\n" + "\n".join(offences)


def test_core_knows_no_capability():
    offences = []
    for path in (PACKAGE / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            for module in modules:
                parts = module.split(".")
                if parts[0] == "hromada" and len(parts) > 1 and parts[1] not in NOT_CAPABILITIES | {"cli"}:
                    offences.append(f"{path.relative_to(PACKAGE)}:{node.lineno} imports {module}")
    assert offences == []
