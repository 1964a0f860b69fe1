"""The standalone verifier end to end, as an auditor runs it (a separate process over HTTP against a live server):
it accepts a log that only grows, and exits non-zero with a clear message once history is rewritten."""

from __future__ import annotations

import ast
import base64
import json
import subprocess
import sys

import pytest

from hromada.core.identity.actors import SYSTEM
from hromada.core.transparency import merkle
from hromada.core.transparency.models import Leaf, Subtree, TransparencyLog, TreeHead
from hromada.core.transparency.record import transparency_record
from hromada.core.transparency.services import transparency_publish

from .auditor import SCRIPT

pytestmark = pytest.mark.django_db(transaction=True)


def grow(community, start: int, n: int, *, kind: str = "test.thing.happened") -> None:
    for k in range(start, start + n):
        transparency_record(community=community, type=kind, object_id=k, data={"person": f"person-{k}"})
    transparency_publish(actor=SYSTEM, community=community)


def audit(live_server, community, state, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin"}  # no DJANGO_SETTINGS_MODULE, no project on the path: the script stands alone
    return subprocess.run([sys.executable, str(SCRIPT), f"{live_server.url}/c/{community.slug}/api/v1/transparency",  # noqa: S603
                           "--state", str(state), *args], capture_output=True, text=True, timeout=120, env=env)


def test_the_verifier_needs_only_the_standard_library_and_cryptography():
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    modules |= {node.module.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module}
    assert modules - set(sys.stdlib_module_names) == {"cryptography"}


def test_the_verifier_follows_a_growing_log_and_detects_a_rewritten_history(live_server, community, tmp_path):
    state = tmp_path / "state.json"
    grow(community, 0, 5)
    first = audit(live_server, community, state, "--entry", "2", "--audit")
    assert first.returncode == 0, first.stderr
    assert "tree head signed: size 5" in first.stdout and "all 5 entries hash to the signed root" in first.stdout
    assert json.loads(state.read_text())["tree_size"] == 5

    grow(community, 5, 3)
    sixth = merkle.leaf_hash(bytes(Leaf.objects.get(community=community, index=6).leaf_input))
    second = audit(live_server, community, state, "--leaf-hash", base64.b64encode(sixth).decode())
    assert second.returncode == 0, second.stderr
    assert "consistent with the saved head of 5 leaves" in second.stdout and "at position 6" in second.stdout
    saved = state.read_text()

    # A leaf changed in place: the entries no longer hash to the signed root, and the entry has no proof.
    original = bytes(Leaf.objects.get(community=community, index=1).leaf_input)
    Leaf.objects.filter(community=community, index=1).update(leaf_input=original.replace(b'"1"', b'"9"'))
    tampered = audit(live_server, community, state, "--audit")
    assert tampered.returncode == 1 and "do not hash to the signed root" in tampered.stderr
    tampered = audit(live_server, community, state, "--entry", "1")
    assert tampered.returncode == 1 and "FAILED" in tampered.stderr
    assert state.read_text() == saved  # a failed check never moves the saved head

    # The whole history replaced by a longer one, even properly signed: not consistent with the saved head.
    TreeHead.objects.filter(community=community).delete()
    Leaf.objects.filter(community=community).delete()
    Subtree.objects.filter(community=community).delete()
    TransparencyLog.objects.filter(community=community).update(size=0)
    grow(community, 0, 10, kind="test.thing.rewritten")
    rewritten = audit(live_server, community, state)
    assert rewritten.returncode == 1
    assert "not consistent with the head of 8 leaves seen before: history was rewritten" in rewritten.stderr

    # A log that shrinks is caught before any proof is asked for.
    TreeHead.objects.filter(community=community).delete()
    Leaf.objects.filter(community=community).delete()
    Subtree.objects.filter(community=community).delete()
    TransparencyLog.objects.filter(community=community).update(size=0)
    grow(community, 0, 2)
    shrunk = audit(live_server, community, state)
    assert shrunk.returncode == 1 and "the log shrank from 8 to 2 leaves" in shrunk.stderr


def test_the_verifier_refuses_a_head_signed_with_another_key(live_server, community, other_community, tmp_path):
    from hromada.core.transparency import keys

    grow(community, 0, 3)
    wrong = base64.b64encode(keys.public_key_der(other_community.pk)).decode()
    result = audit(live_server, community, tmp_path / "state.json", "--public-key", wrong)
    assert result.returncode == 1 and "signature does not verify" in result.stderr


def test_the_verifier_says_when_the_log_cannot_be_read(live_server, tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), f"{live_server.url}/c/nowhere/api/v1/transparency",  # noqa: S603
                             "--state", str(tmp_path / "s.json")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "could not be read" in result.stderr
