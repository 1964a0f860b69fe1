"""Cross-cutting: no test without an assertion. Every test function in the repository asserts, expects an
exception, or calls a test helper that does (found by reading the source, so it costs no test run)."""

from __future__ import annotations

import ast
from pathlib import Path

import hromada

ROOT = Path(hromada.__file__).resolve().parents[2]
TEST_ROOTS = [ROOT / "src" / "hromada", ROOT / "tests"]
# pytest.raises / warns / fail, unittest's assert*, and helpers named to say that they check.
ASSERTING_CALLS = {"raises", "warns", "fail", "deprecated_call"}
ASSERTING_PREFIXES = ("expect_",)  # and any name with "assert" in it (django_assert_num_queries)


def files_with_tests() -> list[Path]:
    """Test modules, test helper modules (factories, isolation tables) and every conftest.py."""
    files = [ROOT / "conftest.py"]
    for root in TEST_ROOTS:
        files += [p for p in root.rglob("*.py") if "tests" in p.relative_to(ROOT).parts or p.name == "conftest.py"]
    return sorted(set(files))


def called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def is_fixture(fn: ast.FunctionDef) -> bool:
    return any("fixture" in ast.unparse(d) for d in fn.decorator_list)


def checks_directly(fn: ast.AST) -> bool:
    for node in ast.walk(fn):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = called_name(node)
            if name in ASSERTING_CALLS or "assert" in name or name.startswith(ASSERTING_PREFIXES):
                return True
    return False


def calls(fn: ast.AST) -> set[str]:
    return {called_name(n) for n in ast.walk(fn) if isinstance(n, ast.Call)} - {""}


def functions(tree: ast.AST) -> list[ast.FunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def asserting_helpers(trees: list[ast.AST]) -> set[str]:
    """Names of test helpers (not tests, not fixtures) that assert, directly or through another such helper."""
    helpers = [f for tree in trees for f in functions(tree) if not f.name.startswith("test_") and not is_fixture(f)]
    found = {f.name for f in helpers if checks_directly(f)}
    while True:
        more = {f.name for f in helpers if f.name not in found and calls(f) & found}
        if not more:
            return found
        found |= more


def unchecked_tests(trees: dict[str, ast.AST]) -> list[str]:
    helpers = asserting_helpers(list(trees.values()))
    return [f"{path}:{fn.lineno} {fn.name}" for path, tree in trees.items() for fn in functions(tree)
            if fn.name.startswith("test_") and not is_fixture(fn) and not checks_directly(fn) and not calls(fn) & helpers]


def test_every_test_asserts_something():
    trees = {str(p.relative_to(ROOT)): ast.parse(p.read_text(encoding="utf-8")) for p in files_with_tests()}
    assert sum(1 for t in trees.values() for f in functions(t) if f.name.startswith("test_")) > 500
    assert unchecked_tests(trees) == []


def test_the_guard_notices_a_test_that_checks_nothing():
    module = ast.parse(
        "import pytest\n"
        "def page_loads(client):\n    assert client.get('/').status_code == 200\n"
        "def test_ok(client):\n    page_loads(client)\n"
        "def test_raises():\n    with pytest.raises(ValueError):\n        int('x')\n"
        "def test_unittest_style(self):\n    self.assertEqual(1, 1)\n"
        "def test_only_runs_code(client):\n    client.get('/')\n")
    assert unchecked_tests({"m.py": module}) == ["m.py:11 test_only_runs_code"]
