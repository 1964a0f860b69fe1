"""Popolo 1.0 JSON into the importer's rows: persons, organizations (council, faction, commission), memberships,
events (legislative periods = convocations, sessions, sittings), motions and vote events with counts and votes.
The rows use the national structures' column names, so one writer checks and writes both."""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _

from .reading import Problems, decode

ORG_KINDS = {"council": "council", "legislature": "council", "chamber": "council",
             "faction": "faction", "parliamentary group": "faction", "party group": "faction", "group": "faction",
             "commission": "commission", "committee": "commission", "standing commission": "commission"}
COUNT_COLUMNS = {"yes": "votingFor", "no": "votingAgainst", "abstain": "votingAbstain", "not voting": "notVoting",
                 "absent": "absent", "paired": "paired"}
CONVOCATION_SCHEME = "convocation"
VOTING_SCHEME = "voting_identifier"
DRAFT_CLASSIFICATION = "draft decision"
DRAFT_STATUS_OF_RESULT = {"pass": "adopted", "fail": "rejected", "withdrawn": "withdrawn"}


def _s(value) -> str:
    return "" if value is None else str(value).strip()


def _identifier(item: dict, scheme: str) -> str:
    for ident in item.get("identifiers") or []:
        if isinstance(ident, dict) and ident.get("scheme") == scheme:
            return _s(ident.get("identifier"))
    return ""


def _list(data: dict, key: str, problems: Problems) -> list[tuple[str, dict]]:
    items = data.get(key) or []
    if not isinstance(items, list):
        problems.add(key, key, _("Expected a list."))
        return []
    out = []
    for number, item in enumerate(items, start=1):
        label = f"{key}[{number}]"
        if isinstance(item, dict):
            out.append((label, item))
        else:
            problems.add(label, "", _("Not an object."))
    return out


def batches(content: bytes | str, problems: Problems) -> list[tuple[str, list]]:
    """(kind, [(label, row)]) in the order they must be written."""
    try:
        data = json.loads(decode(content))
    except ValueError as exc:
        problems.add("file", "file", _("Not JSON: %(err)s") % {"err": exc})
        return []
    if not isinstance(data, dict):
        problems.add("file", "file", _("A Popolo file is an object with persons, organizations, memberships, "
                                          "events, motions and vote_events."))
        return []
    events = _list(data, "events", problems)
    by_id = {_s(e.get("id")): e for _label, e in events}

    def ancestor(event: dict | None, classification: str) -> dict | None:
        for _step in range(4):
            if event is None or _s(event.get("classification")) == classification:
                return event
            event = by_id.get(_s(event.get("parent_id")))
        return None

    def number_of(event: dict | None, scheme: str = CONVOCATION_SCHEME) -> str:
        if event is None:
            return ""
        found = _identifier(event, scheme) or _s(event.get("identifier"))
        if not found:
            match = re.search(r"\d+", _s(event.get("name")))
            found = match.group(0) if match else ""
        return found

    convocations = [(label, {"id": _s(e.get("id")), "number": number_of(e), "name": _s(e.get("name")),
                             "startDate": _s(e.get("start_date")), "endDate": _s(e.get("end_date"))})
                    for label, e in events if _s(e.get("classification")) == "legislative period"]
    sessions = [(label, {"id": _s(e.get("id")), "convocation": number_of(ancestor(by_id.get(_s(e.get("parent_id"))),
                                                                               "legislative period")),
                         "number": number_of(e, "session"), "name": _s(e.get("name")),
                         "startDate": _s(e.get("start_date")), "endDate": _s(e.get("end_date"))})
                for label, e in events if _s(e.get("classification")) == "session"]
    organizations = []
    for label, org in _list(data, "organizations", problems):
        party = next((_s(o.get("name")) for o in org.get("other_names") or [] if isinstance(o, dict)
                      and _s(o.get("note")) == "party"), "")
        organizations.append((label, {"id": _s(org.get("id")), "name": _s(org.get("name")), "party": party,
                                      "kind": ORG_KINDS.get(_s(org.get("classification")).lower(),
                                                            _s(org.get("classification"))),
                                      "founding_date": _s(org.get("founding_date")),
                                      "dissolution_date": _s(org.get("dissolution_date"))}))
    persons = []
    for label, person in _list(data, "persons", problems):
        family, given = _s(person.get("family_name")), _s(person.get("given_name"))
        if not family and not given:
            parts = _s(person.get("name")).split()
            family, given = (parts[0] if parts else ""), " ".join(parts[1:2])
        contacts = {_s(c.get("type")): _s(c.get("value")) for c in person.get("contact_details") or []
                    if isinstance(c, dict)}
        links = [_s(link.get("url")) for link in person.get("links") or [] if isinstance(link, dict)]
        persons.append((label, {"id": _s(person.get("id")), "familyName": family, "name": given,
                                "additionalName": _s(person.get("additional_name") or person.get("patronymic_name")),
                                "gender": _s(person.get("gender")), "birthDate": _s(person.get("birth_date")),
                                "email": _s(person.get("email")) or contacts.get("email", ""),
                                "phone": contacts.get("voice", "") or contacts.get("phone", ""),
                                "url": links[0] if links else "",
                                "votingIdentifier": _identifier(person, VOTING_SCHEME),
                                "party": _s(person.get("party")),
                                "electoralDistrict": _s(person.get("electoral_district"))}))
    memberships = [(label, {k: _s(m.get(k)) for k in ("id", "person_id", "organization_id", "role", "start_date",
                                                      "end_date")})
                   for label, m in _list(data, "memberships", problems)]
    motion_items = _list(data, "motions", problems)
    motions = {_s(m.get("id")): m for _label, m in motion_items}
    drafts = [(label, _draft_row(m, number_of(ancestor(by_id.get(_s(m.get("legislative_session_id"))),
                                                         "legislative period"))))
              for label, m in motion_items if _s(m.get("classification")) == DRAFT_CLASSIFICATION]
    vote_events, votings = [], []
    for label, ve in _list(data, "vote_events", problems):
        motion = motions.get(_s(ve.get("motion_id"))) or (ve.get("motion") if isinstance(ve.get("motion"), dict)
                                                          else {})
        sitting = by_id.get(_s(ve.get("legislative_session_id")) or _s(motion.get("legislative_session_id")))
        session = ancestor(sitting, "session")
        row = {"uid": _s(ve.get("id")), "date": _s(ve.get("start_date")) or _s(motion.get("date")),
               "convocation": number_of(ancestor(sitting, "legislative period")),
               "session": number_of(session, "session"), "num": _s(ve.get("identifier")),
               "title": _s(motion.get("text")), "projectNum": _s(motion.get("identifier")),
               "votingResult": _s(ve.get("result")) or _s(motion.get("result")),
               "draftId": _s(motion.get("draft_motion_id"))}
        for count in ve.get("counts") or []:
            if isinstance(count, dict) and _s(count.get("option")) in COUNT_COLUMNS:
                row[COUNT_COLUMNS[_s(count.get("option"))]] = _s(count.get("value"))
        vote_events.append((label, row))
        for number, vote in enumerate(ve.get("votes") or [], start=1):
            if isinstance(vote, dict):
                votings.append((f"{label}.votes[{number}]", {"motionUid": row["uid"], "voterId": _s(vote.get("voter_id")),
                                                               "result": _s(vote.get("option"))}))
    return [("convocations", convocations), ("organizations", organizations), ("deputies", persons),
            ("memberships", memberships), ("sessions", sessions), ("drafts", drafts), ("motions", vote_events),
            ("votings", votings)]


def _draft_row(motion: dict, convocation: str) -> dict:
    """A draft decision exported as a Popolo motion (exports.draft_motions) as the importer's row: every author in
    the `creator_ids` extension (else Popolo's one `creator_id`), the text link from `sources`, the status and the
    adopted decision from their extensions (else the status from Popolo's `result`)."""
    authors = motion.get("creator_ids")
    if not isinstance(authors, list):
        authors = [motion.get("creator_id")] if motion.get("creator_id") else []
    text_url = next((_s(source.get("url")) for source in motion.get("sources") or []
                     if isinstance(source, dict) and _s(source.get("note")) == "text"), "")
    decision = motion.get("decision")
    return {"id": _s(motion.get("id")), "number": _s(motion.get("identifier")), "title": _s(motion.get("text")),
            "date": _s(motion.get("date")), "convocation": convocation,
            "status": _s(motion.get("status")) or DRAFT_STATUS_OF_RESULT.get(_s(motion.get("result")), ""),
            "authors": [_s(author) for author in authors], "commission": _s(motion.get("responsible_organization_id")),
            "textUrl": text_url, "decision": decision if isinstance(decision, dict) else None}
