"""Writes about what the council did: sessions and their sittings, agenda items, roll-call vote events with
each deputy's vote (the voter's faction written at write time), corrections, the free-vote flag, decisions.
Every change to votes rebuilds the stored metrics of the months it touches, in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service

from .. import policies
from ..cleaning import Fields, own
from ..factions import faction_on, faction_spans
from ..metrics import council_metrics_refresh, month_of
from ..models import (
    AgendaItem,
    Convocation,
    Decision,
    DraftDecision,
    Person,
    Session,
    Sitting,
    Vote,
    VoteEvent,
    VoteOption,
    VoteResult,
)
from .people import REFUSED

COUNT_FIELDS: dict[str, str] = {VoteOption.YES: "yes_count", VoteOption.NO: "no_count", VoteOption.ABSTAIN: "abstain_count",
                VoteOption.NOT_VOTING: "not_voting_count", VoteOption.ABSENT: "absent_count",
                VoteOption.PAIRED: "absent_count"}  # a paired deputy is counted among the absent


@service
def session_create(*, actor, community, convocation_id: int, number: int, start_date, end_date=None,
                   name: str = "", source_id: str = "") -> Session:
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    if not isinstance(number, int) or not 1 <= number <= 100_000:
        f.add("number", _("A whole number from 1."))
    name, source_id = f.text("name", name, max_length=300), f.text("source_id", source_id, max_length=100)
    start, end = f.day("start_date", start_date, required=True), f.day("end_date", end_date)
    f.range(start, end)
    f.raise_if_any()
    try:
        with transaction.atomic():
            convocation = own(Convocation, community, convocation_id)
            session = Session.objects.create(community=community, convocation=convocation, number=number, name=name,
                                             start_date=start, end_date=end, source_id=source_id)
            audit_record(actor=actor, community=community, action="council.session.created", target=session)
    except IntegrityError:
        raise Conflict(_("This convocation already has a session with this number."),
                       fields={"number": [_("Already used.")]}) from None
    return session


@service
def sitting_open(*, actor, community, session_id: int, date) -> Sitting:
    """The session's sitting on a day, created when it is the first entry of that day (idempotent)."""
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    day = f.day("date", date, required=True)
    f.raise_if_any()
    with transaction.atomic():
        session = own(Session, community, session_id, lock=True)
        sitting = session.sittings.filter(date=day).first()
        if sitting is None:
            number = (session.sittings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            sitting = Sitting.objects.create(community=community, session=session, number=number, date=day)
            audit_record(actor=actor, community=community, action="council.sitting.opened", target=sitting)
    return sitting


@service
def agenda_item_add(*, actor, community, sitting_id: int, title: str, draft_id: int | None = None) -> AgendaItem:
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    title = f.text("title", title, max_length=1000, required=True)
    f.raise_if_any()
    with transaction.atomic():
        sitting = own(Sitting, community, sitting_id, lock=True)
        draft = own(DraftDecision, community, draft_id) if draft_id else None
        position = (sitting.agenda.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        item = AgendaItem.objects.create(community=community, sitting=sitting, position=position, title=title,
                                         draft=draft)
        audit_record(actor=actor, community=community, action="council.agenda_item.added", target=item)
    return item


def _clean_votes(community, f: Fields, votes: Mapping) -> dict[int, str]:
    clean: dict[int, str] = {}
    for person_id, option in (votes or {}).items():
        if option not in VoteOption.values:
            f.add("votes", _("%(option)s is not a vote option (%(options)s).")
                  % {"option": option, "options": ", ".join(VoteOption.values)})
            continue
        clean[int(person_id)] = option
    known = set(Person.objects.filter(community=community, pk__in=list(clean)).values_list("pk", flat=True))
    for person_id in sorted(set(clean) - known):
        f.add("votes", _("No deputy with id %(id)s.") % {"id": person_id})
    return clean


@service
def vote_event_record(*, actor, community, sitting_id: int, number: int, question: str, result: str,
                      votes: Mapping[int, str], start_time: datetime | None = None, draft_id: int | None = None,
                      free_vote: bool = False, identifier: str = "",
                      counts: Mapping[str, int] | None = None) -> VoteEvent:
    """A roll-call vote with every deputy's option ({person id: option}). `counts` are the totals the source
    published; without them the counts are those of the roll-call."""
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    question = f.text("question", question, max_length=1000, required=True)
    identifier = f.text("identifier", identifier, max_length=100)
    if result not in VoteResult.values:
        f.add("result", _("One of: %(values)s.") % {"values": ", ".join(VoteResult.values)})
    if not isinstance(number, int) or not 1 <= number <= 100_000:
        f.add("number", _("A whole number from 1."))
    clean = _clean_votes(community, f, votes)
    f.raise_if_any()
    with transaction.atomic():
        sitting = own(Sitting, community, sitting_id)
        draft = own(DraftDecision, community, draft_id) if draft_id else None
        tally = {field: 0 for field in COUNT_FIELDS.values()}
        for option in clean.values():
            tally[COUNT_FIELDS[option]] += 1
        for key, value in (counts or {}).items():
            if key in tally and isinstance(value, int) and value >= 0:
                tally[key] = value
        try:
            with transaction.atomic():
                event = VoteEvent.objects.create(
                    community=community, sitting=sitting, number=number, date=sitting.date, start_time=start_time,
                    question=question, draft=draft, result=result, free_vote=bool(free_vote),
                    identifier=identifier, **tally)
        except IntegrityError:
            raise Conflict(_("This sitting already has a vote with this number, or the identifier is taken."),
                           fields={"number": [_("Already used.")]}) from None
        spans = faction_spans(community, clean)
        Vote.objects.bulk_create([
            Vote(community=community, vote_event=event, person_id=pid, option=option, event_date=event.date,
                 event_number=event.number, faction_id=faction_on(spans.get(pid, []), event.date))
            for pid, option in clean.items()])
        council_metrics_refresh(actor=actor, community=community, vote_events=[event.pk])
        audit_record(actor=actor, community=community, action="council.vote_event.recorded", target=event,
                     data={"votes": len(clean)})
    return event


@service
def vote_set(*, actor, community, vote_event_id: int, person_id: int, option: str) -> Vote:
    """Correct (or add) one deputy's vote in a vote event; the counts follow the roll-call."""
    require(policies.can_write(actor, community), REFUSED)
    if option not in VoteOption.values:
        raise ValidationFailed(fields={"option": [_("One of: %(values)s.") % {"values": ", ".join(VoteOption.values)}]})
    with transaction.atomic():
        event = own(VoteEvent, community, vote_event_id, lock=True)
        person = own(Person, community, person_id)
        faction = faction_on(faction_spans(community, [person.pk]).get(person.pk, []), event.date)
        vote, created = Vote.objects.update_or_create(
            vote_event=event, person=person, defaults={"option": option, "faction_id": faction},
            create_defaults={"community": community, "option": option, "faction_id": faction,
                             "event_date": event.date, "event_number": event.number})
        tally = dict.fromkeys(COUNT_FIELDS.values(), 0)
        for opt, n in event.votes.order_by().values_list("option").annotate(n=Count("pk")):
            tally[COUNT_FIELDS[opt]] += n
        for field, n in tally.items():
            setattr(event, field, n)
        event.save(update_fields=list(tally))
        council_metrics_refresh(actor=actor, community=community, vote_events=[event.pk])
        audit_record(actor=actor, community=community, action="council.vote.set", target=event,
                     data={"person": person.pk, "option": option, "created": created})
    return vote


@service
def vote_event_update(*, actor, community, vote_event_id: int, question: str | None = None,
                      result: str | None = None, free_vote: bool | None = None,
                      draft_id: int | None = None) -> VoteEvent:
    """Correct a vote event's question, result or draft, or mark it a free vote (left out of rebellions)."""
    require(policies.can_mark_free_vote(actor, community) if free_vote is not None else
            policies.can_write(actor, community), REFUSED)
    with transaction.atomic():
        event = own(VoteEvent, community, vote_event_id, lock=True)
        f = Fields()
        if question is not None:
            event.question = f.text("question", question, max_length=1000, required=True)
        if result is not None:
            if result not in VoteResult.values:
                f.add("result", _("One of: %(values)s.") % {"values": ", ".join(VoteResult.values)})
            event.result = result
        if draft_id is not None:
            event.draft = own(DraftDecision, community, draft_id)
        f.raise_if_any()
        flag_changed = free_vote is not None and bool(free_vote) != event.free_vote
        if free_vote is not None:
            event.free_vote = bool(free_vote)
        event.save()
        if flag_changed:
            council_metrics_refresh(actor=actor, community=community, vote_events=[event.pk])
        audit_record(actor=actor, community=community, action="council.vote_event.changed", target=event,
                     data={"free_vote": event.free_vote})
    return event


@service
def vote_event_delete(*, actor, community, vote_event_id: int) -> None:
    require(policies.can_write(actor, community), REFUSED)
    with transaction.atomic():
        event = own(VoteEvent, community, vote_event_id, lock=True)
        month = month_of(event.date)
        audit_record(actor=actor, community=community, action="council.vote_event.deleted", target=event,
                     data={"question": event.question[:200], "date": event.date.isoformat()})
        event.delete()
        council_metrics_refresh(actor=actor, community=community, months=[month])


@service
def decision_record(*, actor, community, number: str, date, title: str, convocation_id: int | None = None,
                    draft_id: int | None = None, text_url: str = "", source_id: str = "") -> Decision:
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    number = f.text("number", number, max_length=50, required=True)
    title = f.text("title", title, max_length=1000, required=True)
    text_url = f.text("text_url", text_url, max_length=500)
    if text_url and not text_url.startswith(("https://", "http://")):
        f.add("text_url", _("A web address starting with https://."))
    day = f.day("date", date, required=True)
    f.raise_if_any()
    try:
        with transaction.atomic():
            convocation = own(Convocation, community, convocation_id) if convocation_id else None
            draft = own(DraftDecision, community, draft_id) if draft_id else None
            decision = Decision.objects.create(community=community, convocation=convocation, draft=draft,
                                               number=number, date=day, title=title, text_url=text_url,
                                               source_id=f.text("source_id", source_id, max_length=100))
            audit_record(actor=actor, community=community, action="council.decision.recorded", target=decision)
    except IntegrityError:
        raise Conflict(_("This number or draft already has a decision."), fields={"number": [_("Already used.")]}) from None
    return decision
