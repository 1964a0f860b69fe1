#!/usr/bin/env python3
"""Standalone auditor of a Hromada transparency log (RFC 6962): needs Python 3.11 and `cryptography`, no Django.

    hromada_log_verify.py https://hromada.example.ua/c/kyiv/api/v1/transparency --state kyiv.json \\
        [--public-key BASE64-DER] [--leaf-hash BASE64] [--entry INDEX] [--audit]

It fetches the signed tree head, checks its Ed25519 signature, checks that the tree is consistent with the head
saved in the state file (so history was only ever appended to), optionally checks that a leaf hash or an entry
is in the tree, or (--audit) rebuilds the root from every entry; then saves the new head. Exit codes: 0 all
checks passed, 1 a check failed (the log lied or history was rewritten), 2 the log could not be read."""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import struct
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_der_public_key

ED25519 = b"\x08\x07"  # TLS DigitallySigned: hash "intrinsic", signature ed25519 (RFC 8422)


class Failed(Exception):
    """A check failed: the log answered something a faithful append-only log cannot."""


class Unreachable(Exception):
    """The log could not be read (network, HTTP error, not JSON)."""


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_of(hashes: list[bytes]) -> bytes:
    """MTH over leaf hashes, by RFC 6962's recursive definition."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return node_hash(root_of(hashes[:k]), root_of(hashes[k:]))


def _shift_while(fn: int, sn: int, keep) -> tuple[int, int]:
    while keep(fn):
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def verify_inclusion(index: int, size: int, leaf: bytes, path: list[bytes], root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2: does `path` fold `leaf` at `index` into `root` of a tree of `size`?"""
    if index >= size or len(leaf) != 32:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                fn, sn = _shift_while(fn, sn, lambda f: f and not f & 1)
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, proof: list[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2: is the tree of `second` leaves an extension of the tree of `first` leaves?"""
    if first > second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    fn, sn = _shift_while(fn, sn, lambda f: f & 1)
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                fn, sn = _shift_while(fn, sn, lambda f: f and not f & 1)
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


def verify_head(key: Ed25519PublicKey, head: dict) -> bytes:
    """Check a get-sth answer's signature; returns the root hash."""
    root = _b64(head["sha256_root_hash"])
    signed = struct.pack(">BBQQ", 0, 1, int(head["timestamp"]), int(head["tree_size"])) + root
    blob = _b64(head["tree_head_signature"])
    if len(root) != 32 or blob[:2] != ED25519 or struct.unpack(">H", blob[2:4])[0] != len(blob) - 4:
        raise Failed("the tree head's hash or signature is malformed")
    try:
        key.verify(blob[4:], signed)
    except InvalidSignature:
        raise Failed("the tree head's signature does not verify with the log's public key") from None
    return root


def _b64(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


class Log:
    def __init__(self, base: str, timeout: float = 30):
        self.base = base.rstrip("/") + "/ct/v1/"
        self.timeout = timeout

    def get(self, name: str, **query) -> dict:
        url = self.base + name + ("?" + urllib.parse.urlencode(query) if query else "")
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as answer:  # noqa: S310 — the auditor's own URL
                return json.loads(answer.read())
        except urllib.error.HTTPError as error:
            raise Unreachable(f"{url}: HTTP {error.code} {error.read()[:300].decode(errors='replace')}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise Unreachable(f"{url}: {error}") from None


def check(log: Log, state: dict, *, public_key: str = "", leaf: str = "", entry: int | None = None,
          audit: bool = False) -> tuple[dict, list[str]]:
    """Every check against the log; returns the new state and what was checked, or raises Failed/Unreachable."""
    notes = []
    pinned = public_key or state.get("public_key", "")
    if not pinned:
        pinned = log.get("get-public-key")["key"]
        notes.append("public key fetched from the log and pinned (compare it with the one the community publishes)")
    key = load_der_public_key(_b64(pinned))
    if not isinstance(key, Ed25519PublicKey):
        raise Failed("the pinned public key is not an Ed25519 key")
    head = log.get("get-sth")
    size, root = int(head["tree_size"]), verify_head(key, head)
    notes.append(f"tree head signed: size {size}, root {root.hex()}")
    if state.get("tree_size") is not None:
        old_size, old_root = int(state["tree_size"]), bytes.fromhex(state["root_hash"])
        if size < old_size:
            raise Failed(f"the log shrank from {old_size} to {size} leaves: history was rewritten")
        proof = [] if old_size in (0, size) else [_b64(h) for h in log.get(
            "get-sth-consistency", first=old_size, second=size)["consistency"]]
        if not verify_consistency(old_size, size, old_root, root, proof):
            raise Failed(f"the tree of {size} leaves is not consistent with the head of {old_size} leaves seen "
                         "before: history was rewritten")
        notes.append(f"consistent with the saved head of {old_size} leaves")
    hashes = []
    if entry is not None:
        if not 0 <= entry < size:
            raise Failed(f"entry {entry} is not in a tree of {size} leaves")
        got = log.get("get-entries", start=entry, end=entry)["entries"]
        if len(got) != 1:
            raise Failed(f"the log did not return entry {entry}")
        hashes.append((leaf_hash(_b64(got[0]["leaf_input"])), entry))
    if leaf:
        hashes.append((_b64(leaf), None))
    for wanted, index in hashes:
        try:
            answer = log.get("get-proof-by-hash", hash=base64.b64encode(wanted).decode(), tree_size=size)
        except Unreachable as error:
            raise Failed(f"leaf {wanted.hex()} is not in the tree: {error}") from None
        if index is not None and answer["leaf_index"] != index:
            raise Failed(f"entry {index} is proved at position {answer['leaf_index']}")
        if not verify_inclusion(answer["leaf_index"], size, wanted, [_b64(h) for h in answer["audit_path"]], root):
            raise Failed(f"the inclusion proof of leaf {wanted.hex()} does not lead to the signed root")
        notes.append(f"leaf {wanted.hex()} is included at position {answer['leaf_index']}")
    if audit:
        leaves: list[bytes] = []
        while len(leaves) < size:
            got = log.get("get-entries", start=len(leaves), end=size - 1)["entries"]
            if not got:
                raise Failed(f"the log stopped returning entries at {len(leaves)} of {size}")
            leaves += [leaf_hash(_b64(item["leaf_input"])) for item in got]
        if root_of(leaves[:size]) != root:
            raise Failed("the entries do not hash to the signed root: the log serves leaves it did not sign")
        notes.append(f"all {size} entries hash to the signed root")
    return {"public_key": pinned, "tree_size": size, "root_hash": root.hex(),
            "timestamp": int(head["timestamp"])}, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("log", help="the log's base URL, e.g. https://host/c/<community>/api/v1/transparency")
    parser.add_argument("--state", required=True, type=Path, help="JSON file keeping the last verified head")
    parser.add_argument("--public-key", default="", help="the log's Ed25519 key (base64 DER) to pin")
    parser.add_argument("--leaf-hash", default="", help="base64 leaf hash whose inclusion to prove")
    parser.add_argument("--entry", type=int, help="index of an entry whose inclusion to prove")
    parser.add_argument("--audit", action="store_true", help="fetch every entry and rebuild the root")
    args = parser.parse_args(argv)
    state = json.loads(args.state.read_text()) if args.state.exists() else {}
    try:
        new_state, notes = check(Log(args.log), state, public_key=args.public_key, leaf=args.leaf_hash,
                                 entry=args.entry, audit=args.audit)
    except Failed as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    except (Unreachable, KeyError, TypeError, ValueError) as error:
        print(f"ERROR: the log could not be read: {error}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"ok: {note}")
    args.state.write_text(json.dumps(new_state, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
