"""The requester's private link to their request: an HMAC of the request and its random nonce with SECRET_KEY,
so the database alone does not give the links away and a guessed id without the token finds nothing."""

from __future__ import annotations

from django.utils.crypto import constant_time_compare, salted_hmac

from hromada.core.tenancy.urls import community_url

_SALT = "hromada.docflow.public_info.link"


def link_token(info_request) -> str:
    return salted_hmac(_SALT, f"{info_request.pk}:{info_request.link_nonce}", algorithm="sha256").hexdigest()[:40]


def token_matches(info_request, token: str) -> bool:
    return bool(token) and constant_time_compare(link_token(info_request), str(token))


def tracking_url(info_request) -> str:
    """The absolute address of the requester's page (for emails)."""
    return community_url(info_request.community, "docflow_public_info:track", info_request.pk,
                         link_token(info_request))
