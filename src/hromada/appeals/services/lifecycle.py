"""What every write on one appeal shares: the locked row and its policy, the status check, the entry in its
history, the notice to its author and followers, and the text limits of staff input."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path
from hromada.core.text import is_blank

from .. import policies
from ..models import Appeal, AppealEvent, AppealFollower
from ..selectors import text_param, valid_id

MAX_DESCRIPTION = 4000
MAX_TEXT = 4000
# The notification body is the staff member's own text: passed as a value, never as a template.
VERBATIM = "{text}"


def _link(appeal) -> str:
    return community_path(appeal.community, "appeals:detail", appeal.pk)


def _audience(appeal) -> list:
    """The author and every follower: who hears about each change."""
    from django.contrib.auth import get_user_model

    user_ids = [appeal.author_id, *AppealFollower.objects.filter(appeal=appeal).values_list("user_id", flat=True)]
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def _event(appeal, *, actor, kind: str, text: str = "", at: datetime | None = None) -> AppealEvent:
    return AppealEvent.objects.create(
        community=appeal.community, appeal=appeal, actor=actor if getattr(actor, "pk", None) else None,
        kind=kind, status=appeal.status, text=text, created_at=at or timezone.now(),
    )


def _tell(appeal, *, actor, event: str, title, body="", params: dict | None = None) -> None:
    notify(community=appeal.community, recipients=_audience(appeal), event=f"appeals.appeal.{event}",
           title=title, body=body, url=_link(appeal),
           params={"index": appeal.registration_index, **(params or {})}, exclude=actor)
    # A resident whose appeal staff wrote down, and who asked for the answer by email, gets one email per
    # change at the address they gave (they may have no account to be notified in).
    if appeal.registered_by_id and appeal.reply_by == "email" and appeal.contact_email:
        from hromada.core.jobs.enqueue import enqueue_on_commit

        enqueue_on_commit("hromada.appeals.tasks.email_resident", appeal.pk, event)


def _locked(community, appeal_id: int, actor) -> Appeal:
    """The appeal row locked for a staff transition, after its policy (can_handle); "not yours" is "not found"."""
    if valid_id(appeal_id) is None:
        raise NotFound()
    appeal = Appeal.objects.select_for_update().filter(community=community, pk=appeal_id).first()
    if appeal is None:
        raise NotFound()
    appeal.community = community
    handles = policies.can_handle(actor, appeal)
    if not handles and not policies.can_view(actor, appeal):
        raise NotFound()
    require(handles)
    return appeal


def _require_status(appeal, allowed: Iterable[str]) -> None:
    if appeal.status not in allowed:
        raise Conflict(_("Not possible while the appeal is “%(status)s”.") % {"status": appeal.get_status_display()},
                       code="wrong_status")


def _text(value: str, field: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = text_param(value).strip()
    if required and is_blank(value):
        raise ValidationFailed(fields={field: [_("This field is required.")]})
    if len(value) > limit:
        raise ValidationFailed(fields={field: [_("At most %(n)s characters.") % {"n": limit}]})
    return value


def _save(appeal, fields: list[str], at: datetime | None = None) -> None:
    appeal.updated_at = at or timezone.now()
    appeal.save(update_fields=[*fields, "updated_at"])
