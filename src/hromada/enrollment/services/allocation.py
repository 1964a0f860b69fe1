"""Allocation: rounds that offer a group's free places down its queue, the parent's answer to an offer, the expiry
of unanswered offers (the periodic job) and the confirmation of enrolment.

Offers go to the first eligible applications in the order of rules.queue_key, never to one picked by hand. A place
is taken by one conditional UPDATE (`taken < capacity`), so two parents accepting the last place at once cannot
both get it; the database's check constraint refuses an overbooked group as well."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.calendar.working_days import deadline_in_working_days, to_kyiv_date
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service

from .. import policies, rules, selectors
from ..manifest import enrollment_settings
from ..models import (
    AllocationRound,
    Application,
    Choice,
    ChoiceState,
    Group,
    Offer,
    OfferState,
    RoundState,
    Status,
)
from ._trail import _record_change


def _id(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NotFound()
    return value


def _free_place(group_id: int) -> None:
    Group.objects.filter(pk=group_id, taken__gt=0).update(taken=F("taken") - 1)


def _allocate(community, round_id: int, *, now) -> list[Offer]:
    """Offer the group's free places (capacity − taken − offers awaiting an answer) to the first eligible
    applications of its queue: waiting (no other offer pending), still queued in this group, wanting to start by
    the group's start. Called inside the caller's transaction."""
    allocation = AllocationRound.objects.select_for_update().filter(community=community, pk=round_id).first()
    if allocation is None or allocation.state != RoundState.OPEN:
        return []
    group = Group.objects.select_for_update().select_related("institution").get(pk=allocation.group_id)
    free = group.capacity - group.taken - Offer.objects.filter(group=group, state=OfferState.PENDING).count()
    if free <= 0:
        return []
    today = to_kyiv_date(now)
    deadline = deadline_in_working_days(community, now, allocation.accept_days)
    offers: list[Offer] = []
    queue = selectors.group_queue(community=community, group=group).filter(application__status=Status.WAITING) \
        .select_related("application__parent", "application__community")
    for choice in queue.iterator(chunk_size=200):
        application = choice.application
        if not rules.wants_to_start_by(wanted_start=application.wanted_start, start_year=group.start_year,
                                       today=today):
            continue
        # Conditional: an application that got another offer or was withdrawn since the read is passed over.
        if not Application.objects.filter(pk=application.pk, status=Status.WAITING).update(status=Status.OFFERED,
                                                                                           updated_at=now):
            continue
        offers.append(Offer.objects.create(community=community, application=application, group=group,
                                           round=allocation, deadline=deadline, created_at=now))
        _record_change(application, "offered", detail=f"{group.institution.name} — {group.name}", at=now)
        if len(offers) == free:
            break
    return offers


def _round_for_staff(actor, community, round_id) -> AllocationRound:
    allocation = AllocationRound.objects.filter(community=community, pk=_id(round_id)) \
        .select_related("group__institution").first()
    if allocation is None:
        raise NotFound()
    require(policies.can_handle_institution(actor, community, allocation.group.institution),
            _("Only the institution's staff run its allocation rounds."))
    return allocation


@service
def round_open(*, actor, community, group_id: int, accept_days: int | None = None) -> AllocationRound:
    """Open a round for a group's free places and make its first offers at once."""
    group = Group.objects.filter(community=community, pk=_id(group_id)).select_related("institution").first()
    if group is None:
        raise NotFound()
    require(policies.can_handle_institution(actor, community, group.institution),
            _("Only the institution's staff open its allocation rounds."))
    days = enrollment_settings(community).accept_working_days if accept_days is None else accept_days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 30:
        raise ValidationFailed(fields={"accept_days": [_("Between %(low)s and %(high)s.") % {"low": 1, "high": 30}]})
    now = timezone.now()
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()  # one opener at a time per group
        if AllocationRound.objects.filter(group=group, state=RoundState.OPEN).exists():
            raise Conflict(_("A round is already open for this group."), code="round_open")
        number = (AllocationRound.objects.filter(group=group).order_by("-number")
                  .values_list("number", flat=True).first() or 0) + 1
        allocation = AllocationRound.objects.create(community=community, group=group, number=number,
                                                    accept_days=days, opened_at=now)
        offers = _allocate(community, allocation.pk, now=now)
        audit_record(actor=actor, community=community, action="enrollment.round.opened", target=allocation,
                     data={"offers": len(offers)})
    return allocation


@service
def allocation_run(*, actor, community, round_id: int) -> list[Offer]:
    """Offer the places that are free now (after declines, expiries or new places) down the queue."""
    allocation = _round_for_staff(actor, community, round_id)
    with transaction.atomic():
        offers = _allocate(community, allocation.pk, now=timezone.now())
        audit_record(actor=actor, community=community, action="enrollment.round.run", target=allocation,
                     data={"offers": len(offers)})
    return offers


@service
def round_close(*, actor, community, round_id: int) -> AllocationRound:
    """No more offers in this round; offers already made keep their deadlines."""
    allocation = _round_for_staff(actor, community, round_id)
    with transaction.atomic():
        if not AllocationRound.objects.filter(pk=allocation.pk, state=RoundState.OPEN).update(
                state=RoundState.CLOSED, closed_at=timezone.now()):
            raise Conflict(_("The round is already closed."), code="round_closed")
        audit_record(actor=actor, community=community, action="enrollment.round.closed", target=allocation)
    allocation.refresh_from_db()
    return allocation


def _offer(community, offer_id) -> tuple[Offer, Application]:
    offer = Offer.objects.select_for_update().filter(community=community, pk=_id(offer_id)) \
        .select_related("group__institution").first()
    if offer is None:
        raise NotFound()
    application = Application.objects.select_for_update().select_related("parent").get(pk=offer.application_id)
    return offer, application


def _parent_answers(actor, offer, application, now) -> None:
    require(True)
    if not policies.can_act_as_parent(actor, application):
        raise NotFound()  # another parent's offer looks like none at all
    if offer.state != OfferState.PENDING:
        raise Conflict(_("This offer is already answered."), code="already_answered")
    if offer.deadline < now:
        raise Conflict(_("The time to accept this offer has passed."), code="offer_expired")


def _back_in_queue(application: Application, now) -> None:
    """After a declined or expired offer: waiting in the other groups still queued, closed when none is left."""
    queued = Choice.objects.filter(application=application, state=ChoiceState.QUEUED).exists()
    application.status = Status.WAITING if queued else Status.CLOSED
    application.save(update_fields=["status", "updated_at"])


@service
def offer_accept(*, actor, community, offer_id: int) -> Offer:
    """The parent takes the offered place: the application leaves every other queue."""
    now = timezone.now()
    with transaction.atomic():
        offer, application = _offer(community, offer_id)
        _parent_answers(actor, offer, application, now)
        if not Group.objects.filter(pk=offer.group_id, taken__lt=F("capacity")).update(taken=F("taken") + 1):
            raise Conflict(_("Every place of this group is already taken."), code="no_places")
        offer.state, offer.decided_at = OfferState.ACCEPTED, now
        offer.save(update_fields=["state", "decided_at"])
        Choice.objects.filter(application=application, group_id=offer.group_id).update(state=ChoiceState.PLACED)
        Choice.objects.filter(application=application, state=ChoiceState.QUEUED).update(state=ChoiceState.LEFT)
        application.status = Status.ACCEPTED
        application.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, community=community, action="enrollment.offer.accepted", target=offer)
        _record_change(application, "accepted", detail=f"{offer.group.institution.name} — {offer.group.name}", at=now)
    return offer


@service
def offer_decline(*, actor, community, offer_id: int) -> Offer:
    """The parent declines: the child leaves this group's queue and the place moves on to the next in line."""
    now = timezone.now()
    with transaction.atomic():
        offer, application = _offer(community, offer_id)
        _parent_answers(actor, offer, application, now)
        offer.state, offer.decided_at = OfferState.DECLINED, now
        offer.save(update_fields=["state", "decided_at"])
        Choice.objects.filter(application=application, group_id=offer.group_id).update(state=ChoiceState.DECLINED)
        _back_in_queue(application, now)
        audit_record(actor=actor, community=community, action="enrollment.offer.declined", target=offer)
        _record_change(application, "declined", detail=f"{offer.group.institution.name} — {offer.group.name}", at=now)
        _allocate(community, offer.round_id, now=now)
    return offer


@service
def offer_expire(*, actor, community, now=None) -> int:
    """Expire every offer of the community whose deadline passed unanswered, each moving its place on to the next
    in line (the periodic job, as the platform). Returns how many expired."""
    require(policies.can_expire_offers(actor, community), _("Offers expire by the platform's schedule only."))
    now = now or timezone.now()
    expired = 0
    due = list(Offer.objects.filter(community=community, state=OfferState.PENDING, deadline__lt=now)
               .order_by("deadline", "pk").values_list("pk", flat=True))
    for offer_id in due:
        with transaction.atomic():  # one offer per transaction: a long backlog never holds every lock at once
            offer, application = _offer(community, offer_id)
            if offer.state != OfferState.PENDING or offer.deadline >= now:
                continue
            offer.state, offer.decided_at = OfferState.EXPIRED, now
            offer.save(update_fields=["state", "decided_at"])
            Choice.objects.filter(application=application, group_id=offer.group_id).update(state=ChoiceState.EXPIRED)
            _back_in_queue(application, now)
            audit_record(actor=actor, community=community, action="enrollment.offer.expired", target=offer)
            _record_change(application, "expired", detail=f"{offer.group.institution.name} — {offer.group.name}",
                           at=now)
            _allocate(community, offer.round_id, now=now)
            expired += 1
    return expired


@service
def enrolment_confirm(*, actor, community, offer_id: int) -> Offer:
    """The institution confirms that the child with an accepted place is enrolled."""
    with transaction.atomic():
        offer, application = _offer(community, offer_id)
        require(policies.can_handle_institution(actor, community, offer.group.institution),
                _("Only the institution's staff confirm enrolment."))
        if offer.state != OfferState.ACCEPTED:
            raise Conflict(_("Only an accepted place can be confirmed."), code="wrong_status")
        now = timezone.now()
        offer.state, offer.decided_at = OfferState.ENROLLED, now
        offer.save(update_fields=["state", "decided_at"])
        application.status = Status.ENROLLED
        application.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, community=community, action="enrollment.application.enrolled", target=application)
        _record_change(application, "enrolled", detail=f"{offer.group.institution.name} — {offer.group.name}", at=now)
    return offer
