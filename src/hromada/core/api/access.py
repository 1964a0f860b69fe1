"""Who may call an API operation, decided before django-ninja reads the body: 401, then 403, then 400.

Used as an operation's `auth=`; services still check the same policies, this only answers them first."""

from __future__ import annotations

from collections.abc import Callable

from ninja.errors import AuthenticationError
from ninja.security.base import AuthBase

from hromada.core.errors import PermissionDenied

from .auth import Caller, api_auth, require_community

Policy = Callable[[object, object], bool]


class SignedIn(AuthBase):
    """The caller is signed in (Bearer token or session) and, when `policy` is given, passes
    `policy(user, community)`: a role check that needs no object, so it can run before validation.

    ninja runs an operation's auth before it parses the body, so a refusal here can never be hidden
    behind a validation error, and an invalid body tells an unauthorised caller nothing."""

    openapi_type = "http"
    openapi_scheme = "bearer"
    openapi_description = "A personal API token (`Authorization: Bearer <token>`) or a browser session."

    def __init__(self, policy: Policy | None = None, *, message=None, code: str | None = None):
        self.policy = policy
        self.message = message
        self.code = code
        super().__init__()

    def __call__(self, request) -> Caller:
        caller = api_auth(request)
        if not caller.user.is_authenticated:
            raise AuthenticationError()
        if self.policy is not None and not self.policy(caller.user, require_community(request)):
            raise PermissionDenied(self.message, code=self.code)
        return caller


signed_in = SignedIn()
