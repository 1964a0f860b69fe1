"""The public page of a community's transparency log: its newest signed head, the log's entries newest first
(position, event type, time and leaf hash only), a search by leaf hash, and how to verify it all independently."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from hromada.core.web.page_cache import render_anonymous_cached

from . import keys, selectors

PAGE_SIZE = 50


def _time(timestamp_ms: int | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp_ms / 1000, tz=UTC) if timestamp_ms else None


def parse_leaf_hash(raw: str) -> bytes | None:
    """A leaf hash as people copy it: base64 (as the API and this page show it) or 64 hex digits."""
    raw = raw.strip()
    if len(raw) == 64:
        try:
            return bytes.fromhex(raw)
        except ValueError:
            return None
    try:
        value = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        return None
    return value if len(value) == 32 else None


def _context(request, community, head, page_number) -> dict:
    # A range, not a queryset: the page count is the signed size, with no COUNT(*) over millions of leaves.
    paginator = Paginator(range(head.tree_size - 1, -1, -1), PAGE_SIZE)
    page = paginator.get_page(page_number)
    positions = page.object_list
    rows = selectors.entry_rows(community, below=positions[0] + 1, count=len(positions)) if len(positions) else []
    api_base = request.build_absolute_uri(reverse("web:home") + "api/v1/transparency")
    return {
        "head": head, "head_time": _time(head.timestamp), "page": page,
        "rows": [(row, _time(row.timestamp)) for row in rows],
        "root_hash": base64.b64encode(head.root_hash).decode(),
        "signature": base64.b64encode(head.signature).decode(),
        "public_key": base64.b64encode(keys.public_key_der(community.pk)).decode(),
        "log_id": base64.b64encode(keys.log_id(community.pk)).decode(),
        "pending": selectors.pending_count(community),
        "api_base": api_base, "state_file": f"{community.slug}.json",
    }


def log_page(request):
    community = request.community
    if community is None:
        raise Http404()
    raw_hash, page_number = request.GET.get("hash", ""), request.GET.get("page", "1")
    if not raw_hash and not request.GET:
        return render_anonymous_cached(
            request, "transparency/log.html",
            lambda: _context(request, community, selectors.tree_head_latest(community), 1))
    head = selectors.tree_head_latest(community)
    context = _context(request, community, head, page_number)
    status = 200
    if raw_hash:
        context["searched"] = raw_hash[:200]
        leaf_hash = parse_leaf_hash(raw_hash) if len(raw_hash) <= 200 else None
        if leaf_hash is None:
            context["hash_error"] = _("Enter a leaf hash: 44 characters of base64 or 64 hexadecimal digits.")
            status = 400
        else:
            found = selectors.entry_by_hash(community, leaf_hash, head.tree_size)
            context["found"] = (found, _time(found.timestamp)) if found else None
            context["proof_url"] = (f"{context['api_base']}/ct/v1/get-proof-by-hash?hash="
                                    f"{base64.b64encode(leaf_hash).decode()}&tree_size={head.tree_size}")
    return render(request, "transparency/log.html", context, status=status)
