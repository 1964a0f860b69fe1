"""What residents say back: a reply to their appeal, reopening an answer that did not settle it, and a rating
of the answer. Each tells the responsible department (the process owner and the department's officials)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Role
from hromada.core.identity.selectors import members_with_role
from hromada.core.notifications.services import notify

from .. import policies
from ..deadlines import due_for
from ..models import Appeal, Status
from ..selectors import valid_id
from .lifecycle import VERBATIM, _event, _link, _save, _text

MAX_REPLY = 2000


def _own(community, appeal_id: int, actor) -> Appeal:
    """The appeal row locked for its author's word; another's appeal is "not found" unless they may see it."""
    appeal = Appeal.objects.select_for_update().filter(community=community, pk=valid_id(appeal_id) or 0).first()
    if appeal is None:
        raise NotFound()
    appeal.community = community
    if not policies.is_author(actor, appeal) and not policies.can_view(actor, appeal):
        raise NotFound()
    return appeal


def _tell_department(appeal, *, actor, event: str, title, body="", params: dict | None = None) -> None:
    """The process owner and the officials of the responsible department (the owner alone if there is none)."""
    recipients = list(members_with_role(community=appeal.community, roles=Role.OFFICIAL,
                                        department=appeal.department_id)) if appeal.department_id else []
    if appeal.owner_id and appeal.owner_id not in {u.pk for u in recipients}:
        recipients.append(appeal.owner)
    if recipients:
        notify(community=appeal.community, recipients=recipients, event=f"appeals.appeal.{event}", title=title,
               body=body, url=_link(appeal), params={"index": appeal.registration_index, **(params or {})},
               exclude=actor)


@service
def appeal_reply(*, actor, community, appeal_id: int, text: str) -> Appeal:
    """The author's reply: it goes into the appeal's history and to the department."""
    text = _text(text, "reply", limit=MAX_REPLY)
    with transaction.atomic():
        appeal = _own(community, appeal_id, actor)
        require(policies.can_reply(actor, appeal), _("Only the author replies to an appeal."))
        _save(appeal, [])
        _event(appeal, actor=actor, kind="reply", text=text)
        audit_record(actor=actor, community=community, action="appeals.appeal.replied", target=appeal)
        _tell_department(appeal, actor=actor, event="replied", title=gettext_lazy("The author replied on appeal {index}"),
                         body=VERBATIM, params={"text": text})
    return appeal


@service
def appeal_reopen(*, actor, community, appeal_id: int, reason: str) -> Appeal:
    """The answer did not solve it: the appeal is open again, with a new term, for the same department."""
    reason = _text(reason, "reason", limit=MAX_REPLY)
    with transaction.atomic():
        appeal = _own(community, appeal_id, actor)
        require(policies.can_reopen(actor, appeal),
                _("An appeal can be reopened by its author within %(days)s days of the answer.")
                % {"days": policies.REOPEN_DAYS}, code="cannot_reopen")
        now = timezone.now()
        appeal.status = Status.ASSIGNED if appeal.owner_id else Status.REGISTERED
        appeal.answered_at = appeal.closed_at = None
        appeal.due_at = due_for(community, appeal.category.term_kind, now)
        appeal.reopened_count += 1
        appeal.rating, appeal.rating_comment, appeal.rated_at = None, "", None
        _save(appeal, ["status", "answered_at", "closed_at", "due_at", "reopened_count", "rating",
                       "rating_comment", "rated_at"], now)
        _event(appeal, actor=actor, kind="reopened", text=reason, at=now)
        audit_record(actor=actor, community=community, action="appeals.appeal.reopened", target=appeal,
                     data={"times": appeal.reopened_count})
        _tell_department(appeal, actor=actor, event="reopened",
                         title=gettext_lazy("Appeal {index} is reopened by its author"), body=VERBATIM,
                         params={"text": reason})
    return appeal


@service
def appeal_rate(*, actor, community, appeal_id: int, rating, comment: str = "") -> Appeal:
    """The author's rating of the answer, 1 (did not help) to 5 (solved), with an optional comment."""
    try:
        value = int(str(rating))
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationFailed(fields={"rating": [_("Choose a rating from 1 to 5.")]})
    comment = _text(comment, "comment", required=False, limit=1000)
    with transaction.atomic():
        appeal = _own(community, appeal_id, actor)
        require(policies.can_rate(actor, appeal), _("Only the author rates an answer, once it is given."),
                code="cannot_rate")
        now = timezone.now()
        appeal.rating, appeal.rating_comment, appeal.rated_at = value, comment, now
        _save(appeal, ["rating", "rating_comment", "rated_at"], now)
        _event(appeal, actor=actor, kind="rated", text=str(value))
        audit_record(actor=actor, community=community, action="appeals.appeal.rated", target=appeal,
                     data={"rating": value})
        _tell_department(appeal, actor=actor, event="rated",
                         title=gettext_lazy("The answer on appeal {index} is rated {rating} of 5"),
                         body=VERBATIM, params={"text": comment, "rating": value})
    return appeal
