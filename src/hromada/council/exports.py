"""What the council publishes as data: Popolo 1.0 JSON, the national open-data structures (the same columns the
importer reads, so an export imports back unchanged) and the rows of the manifest's open-data sets. Public data
only: no birth dates, no contacts beyond the official ones (see docs/decisions/0018)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, time

from django.db.models import Prefetch

from .imports.columns import COLUMNS
from .imports.popolo import CONVOCATION_SCHEME, DRAFT_CLASSIFICATION, DRAFT_STATUS_OF_RESULT, VOTING_SCHEME
from .imports.reading import KYIV
from .models import (
    Convocation,
    DraftDecision,
    Membership,
    Organization,
    OrganizationKind,
    Person,
    Session,
    Sitting,
    Vote,
    VoteEvent,
    VoteOption,
)

POPOLO_OPTION = {VoteOption.YES: "yes", VoteOption.NO: "no", VoteOption.ABSTAIN: "abstain",
                 VoteOption.NOT_VOTING: "not voting", VoteOption.ABSENT: "absent",
                 VoteOption.PAIRED: "paired"}
NATIONAL_OPTION = {VoteOption.YES: "За", VoteOption.NO: "Проти", VoteOption.ABSTAIN: "Утримався",
                   VoteOption.NOT_VOTING: "Не голосував", VoteOption.ABSENT: "Відсутній",
                   VoteOption.PAIRED: "Відсутній"}  # the national structures have no word for a pair
NATIONAL_RESULT = {"pass": "Прийнято", "fail": "Не прийнято"}
COUNTS = (("yes", "yes_count"), ("no", "no_count"), ("abstain", "abstain_count"),
          ("not voting", "not_voting_count"), ("absent", "absent_count"))


def _id(obj, prefix: str) -> str:
    """The identifier the source gave, so an export imports back onto the same rows; else ours."""
    return obj.source_id or f"{prefix}-{obj.pk}"


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _moment(event: VoteEvent) -> str:
    return (event.start_time or datetime.combine(event.date, time(0), tzinfo=KYIV)).astimezone(KYIV).isoformat()


def _strip(item: dict) -> dict:
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def popolo_document(community) -> dict:
    """The whole council of a community as one Popolo document (vote events carry their votes inline)."""
    convocations = {c.pk: c for c in Convocation.objects.filter(community=community)}
    orgs = {o.pk: o for o in Organization.objects.filter(community=community)}
    people = {p.pk: p for p in Person.objects.filter(community=community)}
    sessions = {s.pk: s for s in Session.objects.filter(community=community)}
    sittings = {s.pk: s for s in Sitting.objects.filter(community=community)}
    council = next((o for o in orgs.values() if o.kind == OrganizationKind.COUNCIL), None)
    person_ids = {pk: _id(p, "person") for pk, p in people.items()}
    org_ids = {pk: _id(o, "organization") for pk, o in orgs.items()}
    conv_ids = {pk: _id(c, "convocation") for pk, c in convocations.items()}
    session_ids = {pk: _id(s, "session") for pk, s in sessions.items()}
    sitting_ids = {pk: f"sitting-{pk}" for pk in sittings}

    persons = [_strip({
        "id": person_ids[p.pk], "name": p.name, "family_name": p.family_name, "given_name": p.given_name,
        "additional_name": p.additional_name, "gender": p.gender, "email": p.email or None,
        "image": p.photo.url if p.photo else None, "biography": p.biography,
        "identifiers": [{"scheme": VOTING_SCHEME, "identifier": p.voting_identifier}] if p.voting_identifier else [],
        "contact_details": [{"type": "voice", "value": p.phone}] if p.phone else [],
        "links": [{"url": p.website, "note": "website"}] if p.website else [],
        # Popolo extensions (its schemas allow them): a deputy's party and electoral district as published.
        "party": p.party, "electoral_district": p.electoral_district,
    }) for p in people.values()]
    organizations = [_strip({
        "id": org_ids[o.pk], "name": o.name, "classification": o.kind,
        "other_names": ([{"name": o.party, "note": "party"}] if o.party else [])
        + ([{"name": o.short_name, "note": "short"}] if o.short_name else []),
        "founding_date": _day(o.founding_date), "dissolution_date": _day(o.dissolution_date),
    }) for o in orgs.values()]
    memberships = [_strip({
        "id": _id(m, "membership"), "person_id": person_ids[m.person_id], "organization_id": org_ids[m.organization_id],
        "role": m.role, "start_date": _day(m.start_date), "end_date": _day(m.end_date),
    }) for m in Membership.objects.filter(community=community)]
    events = [_strip({"id": conv_ids[c.pk], "name": c.name or str(c.number), "classification": "legislative period",
                      "identifiers": [{"scheme": CONVOCATION_SCHEME, "identifier": str(c.number)}],
                      "start_date": _day(c.start_date), "end_date": _day(c.end_date)})
              for c in convocations.values()]
    events += [_strip({"id": session_ids[s.pk], "name": s.name or str(s.number), "classification": "session",
                       "identifiers": [{"scheme": "session", "identifier": str(s.number)}],
                       "parent_id": conv_ids[s.convocation_id], "start_date": _day(s.start_date),
                       "end_date": _day(s.end_date),
                       "organization_id": org_ids[council.pk] if council else None})
               for s in sessions.values()]
    events += [{"id": sitting_ids[s.pk], "name": str(s.number), "classification": "sitting",
                "parent_id": session_ids[s.session_id], "start_date": _day(s.date)} for s in sittings.values()]
    votes_of: dict[int, list] = {}
    for event_id, person_id, option, faction_id in (Vote.objects.filter(community=community).order_by("pk")
                                                    .values_list("vote_event_id", "person_id", "option",
                                                                 "faction_id").iterator(chunk_size=10_000)):
        votes_of.setdefault(event_id, []).append(_strip({"voter_id": person_ids[person_id],
                                                         "option": POPOLO_OPTION[option],
                                                         "group_id": org_ids.get(faction_id)}))
    council_id = org_ids[council.pk] if council else None
    motions, draft_ids = draft_motions(community, council_id, person_ids, org_ids, conv_ids)
    vote_events = []
    for e in VoteEvent.objects.filter(community=community).select_related("draft").order_by("date", "number", "pk"):
        ve_id = e.identifier or f"vote-event-{e.pk}"
        motions.append(_strip({"id": f"motion-{ve_id}", "text": e.question, "date": _moment(e),
                               "identifier": e.draft.number if e.draft else None, "result": e.result,
                               "legislative_session_id": sitting_ids[e.sitting_id],
                               "organization_id": council_id,
                               # Extension: the draft decision's own motion, when the vote was on one.
                               "draft_motion_id": draft_ids.get(e.draft_id)}))
        vote_events.append(_strip({
            "id": ve_id, "identifier": str(e.number), "motion_id": f"motion-{ve_id}", "start_date": _moment(e),
            "legislative_session_id": sitting_ids[e.sitting_id], "result": e.result,
            "organization_id": org_ids[council.pk] if council else None,
            "counts": [{"option": option, "value": getattr(e, field)} for option, field in COUNTS],
            "votes": votes_of.get(e.pk, []),
        }))
    return {"persons": persons, "organizations": organizations, "memberships": memberships, "events": events,
            "motions": motions, "vote_events": vote_events}


DRAFT_RESULT = {status: result for result, status in DRAFT_STATUS_OF_RESULT.items()}  # adopted: pass, ...


def draft_motions(community, council_id, person_ids: dict, org_ids: dict, conv_ids: dict) -> tuple[list, dict]:
    """Each draft decision as a Popolo motion with the classification "draft decision": its number as
    `identifier`, its title as `text`, registered on `date`, its first author as `creator_id`, its convocation as
    `legislative_session_id`, the text and files as `sources`, and `result` once final (pass, fail, withdrawn).
    Popolo has one creator and no status, commission or decision: those are extensions (every author in
    `creator_ids`, `status`, `responsible_organization_id`, `decision`), which the schemas allow. Returns the
    motions and {draft pk: motion id}."""
    motions, ids = [], {}
    drafts = (DraftDecision.objects.filter(community=community).select_related("decision")
              .prefetch_related(Prefetch("authors", queryset=Person.objects.order_by("pk")), "files")
              .order_by("registered_on", "pk"))
    for d in drafts:
        ids[d.pk] = _id(d, "draft")
        authors = [person_ids[a.pk] for a in d.authors.all()]
        decision = getattr(d, "decision", None)
        motions.append(_strip({
            "id": ids[d.pk], "classification": DRAFT_CLASSIFICATION, "identifier": d.number, "text": d.title,
            "date": datetime.combine(d.registered_on, time(0), tzinfo=KYIV).isoformat(),
            "creator_id": authors[0] if authors else None, "organization_id": council_id,
            "legislative_session_id": conv_ids.get(d.convocation_id), "result": DRAFT_RESULT.get(d.status),
            "sources": ([{"url": d.text_url, "note": "text"}] if d.text_url else [])
            + [{"url": f.file.url, "note": f.name} for f in d.files.all()],
            "status": d.status, "creator_ids": authors, "responsible_organization_id": org_ids.get(d.commission_id),
            "decision": _strip({"identifier": decision.number, "date": _day(decision.date), "title": decision.title,
                                "url": decision.text_url}) if decision else None,
        }))
    return motions, ids


# ----------------------------------------------------------------------------------- national structures

def national_rows(community, kind: str) -> Iterator[dict]:
    """Rows of one national structure, with its canonical columns (COLUMNS[kind])."""
    if kind == "convocations":
        for c in Convocation.objects.filter(community=community).order_by("number"):
            yield {"id": c.source_id, "number": c.number, "name": c.name, "startDate": _day(c.start_date),
                   "endDate": _day(c.end_date)}
    elif kind == "deputies":
        factions = {m.person_id: m.organization.name for m in Membership.objects.filter(
            community=community, organization__kind=OrganizationKind.FACTION, end_date__isnull=True)
            .select_related("organization")}
        for p in Person.objects.filter(community=community).order_by("family_name", "given_name", "pk"):
            yield {"id": _id(p, "person"), "votingIdentifier": p.voting_identifier, "familyName": p.family_name,
                   "name": p.given_name, "additionalName": p.additional_name, "gender": p.gender,
                   "birthDate": "", "party": p.party, "faction": factions.get(p.pk, ""),
                   "electoralDistrict": p.electoral_district, "email": p.email, "phone": p.phone, "url": p.website,
                   "startDate": _day(p.start_date), "endDate": _day(p.end_date), "convocation": ""}
    elif kind == "sessions":
        for s in Session.objects.filter(community=community).select_related("convocation").order_by("start_date"):
            yield {"id": s.source_id, "convocation": s.convocation.number, "number": s.number, "name": s.name,
                   "startDate": _day(s.start_date), "endDate": _day(s.end_date)}
    elif kind == "motions":
        for e in (VoteEvent.objects.filter(community=community)
                  .select_related("sitting__session__convocation", "draft").order_by("date", "number", "pk")):
            yield {"uid": e.identifier or f"vote-event-{e.pk}", "date": _moment(e),
                   "convocation": e.sitting.session.convocation.number, "session": e.sitting.session.number,
                   "num": e.number, "title": e.question, "projectNum": e.draft.number if e.draft else "",
                   "votingFor": e.yes_count, "votingAgainst": e.no_count, "votingAbstain": e.abstain_count,
                   "notVoting": e.not_voting_count, "absent": e.absent_count,
                   "votingResult": NATIONAL_RESULT[e.result], "textUrl": ""}
    elif kind == "votings":
        uids = {pk: ident or f"vote-event-{pk}" for pk, ident in
                VoteEvent.objects.filter(community=community).values_list("pk", "identifier")}
        people = {p.pk: (_id(p, "person"), p.name) for p in Person.objects.filter(community=community)}
        for event_id, person_id, option in (Vote.objects.filter(community=community).order_by("vote_event_id", "pk")
                                            .values_list("vote_event_id", "person_id", "option")
                                            .iterator(chunk_size=10_000)):
            voter_id, name = people[person_id]
            yield {"motionUid": uids[event_id], "voterId": voter_id, "voterName": name,
                   "result": NATIONAL_OPTION[option]}
    else:
        raise ValueError(kind)


def national_csv(community, kind: str, out=None):
    """Write one national structure as CSV (UTF-8, comma) to `out`, or return it as a string."""
    buffer = out if out is not None else io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS[kind]), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in national_rows(community, kind):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue() if out is None else None


# ------------------------------------------------------------------------------------------- open data

def deputies_open_data_rows(community) -> Iterator[dict]:
    factions = {m.person_id: m.organization.name for m in Membership.objects.filter(
        community=community, organization__kind=OrganizationKind.FACTION, end_date__isnull=True)
        .select_related("organization")}
    for p in Person.objects.filter(community=community).order_by("pk").iterator():
        yield {"id": p.pk, "name": p.name, "party": p.party, "faction": factions.get(p.pk, ""),
               "electoral_district": p.electoral_district, "official_email": p.email,
               "term_start": _day(p.start_date), "term_end": _day(p.end_date)}


def vote_events_open_data_rows(community) -> Iterator[dict]:
    for e in (VoteEvent.objects.filter(community=community).select_related("draft").order_by("date", "number", "pk")
              .iterator(chunk_size=2000)):
        yield {"id": e.pk, "date": e.date.isoformat(), "number": e.number, "question": e.question,
               "draft_number": e.draft.number if e.draft else "", "result": e.result, "for": e.yes_count,
               "against": e.no_count, "abstained": e.abstain_count, "did_not_vote": e.not_voting_count,
               "absent": e.absent_count, "free_vote": e.free_vote}


def votes_open_data_rows(community) -> Iterator[dict]:
    """Roll-call votes are public by law (each deputy's vote on each question)."""
    names = {p.pk: p.name for p in Person.objects.filter(community=community)}
    factions = dict(Organization.objects.filter(community=community).values_list("pk", "name"))
    for event_id, person_id, option, faction_id in (Vote.objects.filter(community=community)
                                                    .order_by("vote_event_id", "person_id")
                                                    .values_list("vote_event_id", "person_id", "option", "faction_id")
                                                    .iterator(chunk_size=10_000)):
        yield {"vote_event_id": event_id, "deputy_id": person_id, "deputy": names.get(person_id, ""),
               "faction": factions.get(faction_id, ""), "option": option}
