"""Building blocks the execution services share (not services themselves): the community's officials named by id, texts, deadlines, links and the
FSM's refusal turned into the kernel's Conflict."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from hromada.core.calendar.working_days import add_working_days
from hromada.core.errors import Conflict, NotFound
from hromada.core.identity.models import Membership, Role, User
from hromada.core.tenancy.urls import community_path
from hromada.core.text import visible_length

from .models import AttachmentVersion, Document, ResolutionState, Status
from .services.fields import Problems

TEXT_MAX = 4000
TERM_DAYS_MAX = 365


def as_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def as_pk(raw) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return 0
    return value if value > 0 and not isinstance(raw, bool) else 0


def officials(community, raw_ids: Iterable, field: str, problems: Problems) -> list[User]:
    """Active officials or admins of the community, in the order given; anything else is refused on `field`."""
    ids = [as_pk(raw) for raw in raw_ids]
    found = {u.pk: u for u in User.objects.filter(
        pk__in=[pk for pk in ids if pk], is_active=True, memberships__community=community,
        memberships__role__in=[Role.OFFICIAL, Role.ADMIN]).distinct()}
    if any(pk not in found for pk in ids):
        problems.add(field, _("Choose officials of this community."))
        return []
    return [found[pk] for pk in ids]


def official(community, raw_id, field: str, problems: Problems) -> User | None:
    if raw_id in (None, ""):
        problems.add(field, _("Choose an official."))
        return None
    chosen = officials(community, [raw_id], field, problems)
    return chosen[0] if chosen else None


def department_of(community, user, prefer: int | None) -> int | None:
    """The user's department as an official: `prefer` when they work there, else their first one."""
    ids = list(Membership.objects.filter(community=community, user=user, role=Role.OFFICIAL,
                                         department__isnull=False).order_by("pk").values_list("department_id",
                                                                                              flat=True))
    return prefer if prefer in ids else (ids[0] if ids else None)


def clean_text(raw, field: str, problems: Problems, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    text = str(raw or "").strip()
    if required and not visible_length(text):
        problems.add(field, _("This field is required."))
    elif len(text) > limit:
        problems.add(field, _("At most %(max)s characters.") % {"max": limit})
    return text


def clean_deadline(community, deadline, days, problems: Problems) -> date | None:
    """A date (today or later), or a number of working days from today (core.calendar); exactly one of them."""
    today = timezone.localdate()
    if deadline in (None, "") and days in (None, ""):
        problems.add("deadline", _("Give a deadline date or a number of working days."))
        return None
    if deadline not in (None, "") and days not in (None, ""):
        problems.add("deadline_days", _("Give either a date or a number of working days, not both."))
        return None
    if days not in (None, ""):
        n = as_pk(days)
        if not n or n > TERM_DAYS_MAX:
            problems.add("deadline_days", _("A whole number from %(low)s to %(high)s.") % {"low": 1,
                                                                                            "high": TERM_DAYS_MAX})
            return None
        return add_working_days(community, today, n)
    if isinstance(deadline, date):
        value = deadline
    else:
        try:
            value = date.fromisoformat(str(deadline).strip())
        except ValueError:
            problems.add("deadline", _("Give a date as YYYY-MM-DD."))
            return None
    if value < today:
        problems.add("deadline", _("The deadline is in the past."))
    elif (value - today).days > TERM_DAYS_MAX * 2:
        problems.add("deadline", _("The deadline is too far ahead."))
    return value


def card_path(document) -> str:
    return community_path(document.community, "docflow:document", document.pk)


@contextmanager
def transitions(message: str):
    """A transition the state no longer allows, or a row another transaction moved first, is a Conflict."""
    try:
        yield
    except (TransitionNotAllowed, ConcurrentTransition):
        raise Conflict(message, fields={"state": [_("Someone else has already acted on it.")]}) from None


def refresh_control(document: Document) -> None:
    """The card's control mark and deadline follow its active resolutions (the earliest deadline); none left takes
    it off control. The caller holds the card's lock and saves nothing else."""
    earliest = document.resolutions.filter(state=ResolutionState.ACTIVE).aggregate(d=Min("deadline"))["d"]
    document.under_control = earliest is not None
    document.control_deadline = earliest
    fields = ["under_control", "control_deadline", "updated_at"]
    if earliest is not None and document.status == Status.REGISTERED:
        document.status = Status.IN_EXECUTION
        fields.append("status")
    document.save(update_fields=fields)


def current_versions(document) -> list[AttachmentVersion]:
    """The latest version of each of the card's files."""
    latest: dict[int, AttachmentVersion] = {}
    for version in AttachmentVersion.objects.filter(attachment__document=document).order_by("attachment_id",
                                                                                            "-number"):
        latest.setdefault(version.attachment_id, version)
    return list(latest.values())


def locked_row(model, community, actor, pk, document_field: str, *related: str):
    """A row of the community (a resolution, route or step) and its card, the card locked for the transaction so
    every change of that card's execution runs one after another; none, another community's, or a card the actor
    may not see is NotFound."""
    from . import policies
    from .services.fields import locked_document

    row = model.objects.filter(community=community, pk=as_pk(pk)).values(document_field).first()
    if row is None:
        raise NotFound()
    document = locked_document(community, row[document_field])
    if not policies.can_see(actor, community, document):
        raise NotFound()
    return model.objects.select_related(*related).get(pk=as_pk(pk)), document
