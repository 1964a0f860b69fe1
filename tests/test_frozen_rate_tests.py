"""Cross-cutting: every test that expects a rate limit to refuse (a 429, RateLimited) runs on a stopped clock
(conftest's frozen_clock), so a fixed window ending between two hits can never flake it."""

from __future__ import annotations

import ast

from tests.test_every_test_asserts import ROOT, files_with_tests, functions, is_fixture

CLOCK = "frozen_clock"


def _has_429(node: ast.AST) -> bool:
    values = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
    return any(isinstance(v, ast.Constant) and v.value == 429 for v in values)


def expects_a_refusal(fn: ast.AST) -> bool:
    """`== 429` (also in a list of statuses compared with ==) or pytest.raises(RateLimited); a 429 merely
    allowed among other answers (`in (400, 429)`) is no rate-limit test."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            if any(_has_429(side) for side in [node.left, *node.comparators]):
                return True
        if (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("raises")
                and any("RateLimited" in ast.unparse(a) for a in node.args)):
            return True
    return False


def _mentions_clock(nodes) -> bool:
    return any(CLOCK in ast.unparse(n) for n in nodes)


def unfrozen_rate_tests(trees: dict[str, ast.AST]) -> list[str]:
    # Fixtures that stop the clock themselves (tight_throttles asks for frozen_clock) count as the clock.
    freezing = {CLOCK} | {f.name for t in trees.values() for f in functions(t)
                          if is_fixture(f) and any(a.arg == CLOCK for a in f.args.args)}
    found = []
    for path, tree in trees.items():
        module_marks = [n for n in tree.body if isinstance(n, ast.Assign)
                        and any(getattr(t, "id", "") == "pytestmark" for t in n.targets)]
        if _mentions_clock(module_marks):
            continue
        for fn in functions(tree):
            if not fn.name.startswith("test_") or not expects_a_refusal(fn):
                continue
            if {a.arg for a in fn.args.args} & freezing or _mentions_clock(fn.decorator_list):
                continue
            found.append(f"{path}:{fn.lineno} {fn.name}")
    return found


def test_every_rate_limit_test_stops_the_clock():
    trees = {str(p.relative_to(ROOT)): ast.parse(p.read_text(encoding="utf-8")) for p in files_with_tests()}
    assert unfrozen_rate_tests(trees) == []


def test_the_check_notices_a_rate_test_on_a_running_clock():
    module = ast.parse(
        "import pytest\n"
        "@pytest.fixture\ndef tight(settings, frozen_clock):\n    pass\n"
        "def test_running(client):\n    assert [client.get('/').status_code for _ in range(2)] == [200, 429]\n"
        "def test_raises(client):\n    with pytest.raises(RateLimited):\n        check()\n"
        "@pytest.mark.usefixtures('frozen_clock')\ndef test_marked(client):\n    assert client.get('/').status_code == 429\n"
        "def test_tight(client, tight):\n    assert client.get('/').status_code == 429\n"
        "def test_any_refusal(client):\n    assert client.get('/').status_code in (400, 429)\n")
    assert unfrozen_rate_tests({"m.py": module}) == ["m.py:5 test_running", "m.py:7 test_raises"]
