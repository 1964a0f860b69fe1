"""Core API endpoints: the community, its departments, the caller, notifications and API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from hromada.core.errors import ValidationFailed
from hromada.core.identity.models import Department
from hromada.core.notifications.selectors import notification_list
from hromada.core.notifications.services import notification_mark_read

from .access import signed_in
from .auth import require_community, require_user
from .pagination import PageNumber
from .schemas import ERROR_RESPONSES, MAX_ID, StrictSchema
from .tokens import api_token_create, api_token_revoke

router = Router()


class CapabilityOut(Schema):
    slug: str
    name: str


class CommunityOut(Schema):
    slug: str
    name: str
    name_uk: str
    name_en: str
    katottg: str
    edrpou: str
    email: str
    phone: str
    website: str
    time_zone: str
    is_demo: bool
    capabilities: list[CapabilityOut]


class DepartmentOut(Schema):
    id: int
    name: str
    short_name: str
    email: str
    phone: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str
    identity_level: int
    roles: list[str]


class NotificationOut(Schema):
    id: int
    event: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class MarkReadIn(StrictSchema):
    # No `| None` on purpose: an explicit null is a 400 naming the field, never a silent "mark everything".
    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        None, description="Ids to mark read (at most 1000).", max_length=1000)
    all: Literal[True] = Field(None, description="`true` marks every unread notification read.")


class TokenIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    key: str | None = Field(None, description="The secret; shown only in the response that creates it.")


@router.get("/community", response={200: CommunityOut, **ERROR_RESPONSES}, summary="This community")
def community_detail(request):
    community = require_community(request)
    return {
        **{f: getattr(community, f) for f in ("slug", "name", "name_uk", "name_en", "katottg", "edrpou", "email",
                                                "phone", "website", "time_zone", "is_demo")},
        "capabilities": [{"slug": m.slug, "name": str(m.name)} for m in community.enabled_manifests],
    }


@router.get("/departments", response={200: list[DepartmentOut], **ERROR_RESPONSES}, summary="Departments")
@paginate(PageNumber)
def department_list(request):
    community = require_community(request)
    return Department.objects.filter(community=community, is_active=True).order_by("name")


@router.get("/me", response={200: MeOut, **ERROR_RESPONSES}, summary="The caller", auth=signed_in)
def me(request):
    from hromada.core.identity.policies import identity_level

    user = require_user(request)
    community = getattr(request, "community", None)
    roles = list(user.memberships.filter(community=community).values_list("role", flat=True)) if community else []
    return {"id": user.pk, "email": user.email, "full_name": user.full_name, "language": user.language,
            "identity_level": identity_level(user), "roles": roles}


@router.get("/me/notifications", response={200: list[NotificationOut], **ERROR_RESPONSES}, auth=signed_in)
@paginate(PageNumber)
def my_notifications(request, unread: bool = False):
    user = require_user(request)
    community = require_community(request)
    # A token belongs to one community: show that community's notifications and platform-wide ones only.
    return notification_list(user=user, community=community, unread=unread)


@router.post("/me/notifications/read", response={200: dict, **ERROR_RESPONSES}, auth=signed_in,
             summary="Mark notifications read")
def my_notifications_read(request, payload: MarkReadIn | None = None):
    """`{"ids": [...]}` marks those; no body, `{}` or `{"all": true}` marks all. Anything else is a 400."""
    user = require_user(request)
    if payload is None and request.body.strip():
        # A JSON null (or any body that is not an object) is malformed, not a request to mark everything.
        raise ValidationFailed(fields={"payload": [_("Send a JSON object: {\"ids\": [...]} or {\"all\": true}.")]})
    ids = payload.ids if payload is not None else None
    if ids is not None and payload.all:
        raise ValidationFailed(fields={"all": [_("Give either ids or all, not both.")]})
    marked = notification_mark_read(actor=user, notification_ids=ids, community=require_community(request))
    return {"marked": marked}


@router.post("/me/tokens", response={201: TokenOut, **ERROR_RESPONSES}, summary="Create a personal API token",
             auth=signed_in)
def token_create(request, payload: TokenIn):
    user = require_user(request)
    token, raw = api_token_create(actor=user, community=require_community(request), name=payload.name)
    return 201, {"id": token.pk, "name": token.name, "prefix": token.prefix, "created_at": token.created_at, "key": raw}


@router.delete("/me/tokens/{token_id}", response={204: None, **ERROR_RESPONSES}, summary="Revoke a token",
               auth=signed_in)
def token_revoke(request, token_id: int):
    user = require_user(request)
    api_token_revoke(actor=user, community=require_community(request), token_id=token_id)
    return 204, None
