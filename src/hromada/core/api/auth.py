"""How an API caller is recognised: a Bearer API token of this community, or the browser session.

Anonymous callers are allowed through (request.user is anonymous); writes check identity in services."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.utils import check_csrf

from .tokens import api_token_authenticate

_SAFE = {"GET", "HEAD", "OPTIONS"}


class Caller:
    """The resolved caller, truthy even when anonymous so ninja lets public endpoints through."""

    def __init__(self, user, token=None):
        self.user = user
        self.token = token

    def __bool__(self) -> bool:
        return True


def api_auth(request) -> Caller:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise AuthenticationError()
        token = api_token_authenticate(raw.strip(), getattr(request, "community", None))
        if token is None:
            raise AuthenticationError()
        request.user = token.user
        request.api_token = token
        return Caller(token.user, token)
    user = getattr(request, "user", None) or AnonymousUser()
    if user.is_authenticated and request.method not in _SAFE:
        # Cookie-authenticated writes need the CSRF token, exactly as web forms do.
        if check_csrf(request) is not None:
            from hromada.core.errors import PermissionDenied

            raise PermissionDenied("CSRF token missing or incorrect.", code="csrf_failed")
    return Caller(user)


def require_user(request):
    """The signed-in caller, or a 401 in the API envelope."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        raise AuthenticationError()
    return user


def require_community(request):
    from hromada.core.errors import NotFound

    community = getattr(request, "community", None)
    if community is None:
        raise NotFound(_("No community is selected: use the community's host name or /c/<slug>/."))
    return community
