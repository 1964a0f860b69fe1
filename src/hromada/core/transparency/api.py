"""Certificate Transparency's v1 API (RFC 6962 section 4) for the request's community, under
/api/v1/transparency/ct/v1/: get-sth, get-sth-consistency, get-proof-by-hash, get-entries, and get-public-key.

Mounted in the root API so it shares its throttles, its error envelope (400 with the field and reason) and its
OpenAPI document. Proofs are served only up to the newest signed head, as a CT log does."""

from __future__ import annotations

import base64
import binascii

from django.utils.translation import gettext as _
from ninja import Router, Schema

from hromada.core.api.auth import require_community
from hromada.core.api.params import bounded_int
from hromada.core.api.schemas import ERROR_RESPONSES
from hromada.core.errors import NotFound, ValidationFailed

from . import keys, selectors

router = Router()
# get-entries answers at most this many leaves; a client asks again from where the answer stopped (as in CT).
MAX_ENTRIES = 1000
# Sizes fit a signed 64-bit column whatever is asked.
MAX_SIZE = 2**62


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


class TreeHeadOut(Schema):
    tree_size: int
    timestamp: int
    sha256_root_hash: str
    tree_head_signature: str


class ConsistencyOut(Schema):
    consistency: list[str]


class InclusionOut(Schema):
    leaf_index: int
    audit_path: list[str]


class EntryOut(Schema):
    leaf_input: str
    extra_data: str


class EntriesOut(Schema):
    entries: list[EntryOut]


class PublicKeyOut(Schema):
    key: str
    log_id: str
    algorithm: str


def _size(raw, name: str, head: selectors.Head, *, low: int = 0) -> int:
    value = bounded_int(raw, name, low=low, high=MAX_SIZE)
    if value > head.tree_size:
        raise ValidationFailed(fields={name: [_("Larger than the signed tree head's size (%(size)s).")
                                              % {"size": head.tree_size}]})
    return value


@router.get("/get-sth", response={200: TreeHeadOut, **ERROR_RESPONSES}, summary="Latest signed tree head")
def get_sth(request):
    head = selectors.tree_head_latest(require_community(request))
    return {"tree_size": head.tree_size, "timestamp": head.timestamp, "sha256_root_hash": _b64(head.root_hash),
            "tree_head_signature": _b64(head.signature)}


@router.get("/get-sth-consistency", response={200: ConsistencyOut, **ERROR_RESPONSES},
            summary="Consistency proof between two tree sizes")
def get_sth_consistency(request, first: str = "", second: str = ""):
    community = require_community(request)
    head = selectors.tree_head_latest(community)
    second_size = _size(second, "second", head)
    first_size = _size(first, "first", head)
    if first_size > second_size:
        raise ValidationFailed(fields={"first": [_("Must not be larger than second.")]})
    proof = selectors.consistency_proof(community, first_size, second_size)
    return {"consistency": [_b64(value) for value in proof]}


@router.get("/get-proof-by-hash", response={200: InclusionOut, **ERROR_RESPONSES},
            summary="Inclusion proof of a leaf hash")
def get_proof_by_hash(request, hash: str = "", tree_size: str = ""):  # noqa: A002 — RFC 6962's parameter name
    community = require_community(request)
    head = selectors.tree_head_latest(community)
    size = _size(tree_size, "tree_size", head, low=1)
    try:
        leaf_hash = base64.b64decode(hash.strip(), validate=True)
    except (binascii.Error, ValueError):
        leaf_hash = b""
    if len(leaf_hash) != 32:
        raise ValidationFailed(fields={"hash": [_("Must be a base64 SHA-256 hash (32 bytes).")]})
    index = selectors.leaf_index(community, leaf_hash, size)
    if index is None:
        raise NotFound(_("No leaf with this hash in the tree of this size."))
    return {"leaf_index": index,
            "audit_path": [_b64(value) for value in selectors.inclusion_proof(community, index, size)]}


@router.get("/get-entries", response={200: EntriesOut, **ERROR_RESPONSES}, summary="Leaves start..end (inclusive)")
def get_entries(request, start: str = "", end: str = ""):
    community = require_community(request)
    head = selectors.tree_head_latest(community)
    first = bounded_int(start, "start", high=MAX_SIZE)
    last = bounded_int(end, "end", high=MAX_SIZE)
    if first > last:
        raise ValidationFailed(fields={"start": [_("Must not be larger than end.")]})
    if first >= head.tree_size:
        raise ValidationFailed(fields={"start": [_("Beyond the signed tree head's size (%(size)s).")
                                                 % {"size": head.tree_size}]})
    last = min(last, head.tree_size - 1, first + MAX_ENTRIES - 1)
    return {"entries": [{"leaf_input": _b64(value), "extra_data": ""}
                        for value in selectors.entries(community, first, last)]}


@router.get("/get-public-key", response={200: PublicKeyOut, **ERROR_RESPONSES},
            summary="The log's public key (DER SubjectPublicKeyInfo) and log id")
def get_public_key(request):
    community = require_community(request)
    return {"key": _b64(keys.public_key_der(community.pk)), "log_id": _b64(keys.log_id(community.pk)),
            "algorithm": "ed25519"}
