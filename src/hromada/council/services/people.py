"""Writes about who sits in the council: convocations, organizations (the council, factions, commissions),
deputies and their photos, and memberships (a faction switch ends one membership and starts another)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.uploads import clean_photo

from .. import policies
from ..cleaning import Fields, own
from ..factions import faction_on, faction_overlap, faction_spans
from ..metrics import council_metrics_refresh
from ..models import Convocation, Membership, MembershipRole, Organization, OrganizationKind, Person, Vote

REFUSED = _("Only the council's secretariat may change council data.")
PERSON_TEXTS = {"family_name": 100, "given_name": 100, "additional_name": 100, "gender": 10, "party": 300,
                "electoral_district": 200, "email": 254, "phone": 50, "website": 200, "biography": 10_000,
                "source_id": 100, "voting_identifier": 100}


def _refuse_duplicate(field: str):
    return Conflict(_("Another entry already has this value."), fields={field: [_("Already used.")]})


@service
def convocation_create(*, actor, community, number: int, start_date, end_date=None, name: str = "",
                       source_id: str = "") -> Convocation:
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    if not isinstance(number, int) or not 1 <= number <= 100:
        f.add("number", _("A whole number from 1 to 100."))
    name = f.text("name", name, max_length=200)
    source_id = f.text("source_id", source_id, max_length=100)
    start, end = f.day("start_date", start_date, required=True), f.day("end_date", end_date)
    f.range(start, end)
    f.raise_if_any()
    try:
        with transaction.atomic():
            convocation = Convocation.objects.create(community=community, number=number, name=name,
                                                     start_date=start, end_date=end, source_id=source_id)
            audit_record(actor=actor, community=community, action="council.convocation.created", target=convocation)
    except IntegrityError:
        raise _refuse_duplicate("number") from None
    return convocation


def _organization_fields(community, f: Fields, data: dict) -> dict[str, Any]:
    kind = data.get("kind")
    if kind not in OrganizationKind.values:
        f.add("kind", _("One of: %(kinds)s.") % {"kinds": ", ".join(OrganizationKind.values)})
    out: dict[str, Any] = {"kind": kind,
           "name": f.text("name", data.get("name"), max_length=300, required=True),
           "short_name": f.text("short_name", data.get("short_name"), max_length=100),
           "party": f.text("party", data.get("party"), max_length=300),
           "source_id": f.text("source_id", data.get("source_id"), max_length=100),
           "founding_date": f.day("founding_date", data.get("founding_date")),
           "dissolution_date": f.day("dissolution_date", data.get("dissolution_date"))}
    f.range(out["founding_date"], out["dissolution_date"], end_field="dissolution_date")
    convocation = data.get("convocation")
    if convocation is not None and not isinstance(convocation, Convocation):
        convocation = Convocation.objects.filter(community=community, pk=convocation).first()
        if convocation is None:
            f.add("convocation", _("No such convocation."))
    elif convocation is not None and convocation.community_id != community.pk:
        f.add("convocation", _("No such convocation."))
    out["convocation"] = convocation
    return out


@service
def organization_create(*, actor, community, kind: str, name: str, short_name: str = "", party: str = "",
                        convocation=None, founding_date=None, dissolution_date=None,
                        source_id: str = "") -> Organization:
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    values = _organization_fields(community, f, locals())
    f.raise_if_any()
    try:
        with transaction.atomic():
            org = Organization.objects.create(community=community, **values)
            audit_record(actor=actor, community=community, action="council.organization.created", target=org)
    except IntegrityError:
        raise _refuse_duplicate("name") from None
    return org


@service
def organization_update(*, actor, community, organization_id: int, **changes) -> Organization:
    require(policies.can_write(actor, community), REFUSED)
    with transaction.atomic():
        org = own(Organization, community, organization_id, lock=True)
        data = {k: getattr(org, k) for k in ("kind", "name", "short_name", "party", "convocation", "founding_date",
                                             "dissolution_date", "source_id")}
        unknown = set(changes) - set(data)
        if unknown:
            raise ValidationFailed(fields={k: [_("Unknown field.")] for k in sorted(unknown)})
        f = Fields()
        values = _organization_fields(community, f, {**data, **changes})
        f.raise_if_any()
        for key, value in values.items():
            setattr(org, key, value)
        try:
            with transaction.atomic():
                org.save()
        except IntegrityError:
            raise _refuse_duplicate("name") from None
        audit_record(actor=actor, community=community, action="council.organization.changed", target=org)
    return org


def _person_fields(f: Fields, data: dict) -> dict:
    out: dict[str, Any] = {key: f.text(key, data.get(key), max_length=limit, required=key in ("family_name", "given_name"))
           for key, limit in PERSON_TEXTS.items()}
    if out["email"] and "@" not in out["email"]:
        f.add("email", _("Not an email address."))
    if out["website"] and not out["website"].startswith(("https://", "http://")):
        f.add("website", _("A web address starting with https://."))
    for key in ("birth_date", "start_date", "end_date"):
        out[key] = f.day(key, data.get(key))
    f.range(out["start_date"], out["end_date"])
    return out


@service
def deputy_create(*, actor, community, family_name: str, given_name: str, **fields) -> Person:
    """A deputy; `fields` are the other Person fields (party, electoral_district, contacts, term dates ...)."""
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    unknown = set(fields) - set(PERSON_TEXTS) - {"birth_date", "start_date", "end_date"}
    for key in sorted(unknown):
        f.add(key, _("Unknown field."))
    values = _person_fields(f, {**fields, "family_name": family_name, "given_name": given_name})
    f.raise_if_any()
    try:
        with transaction.atomic():
            person = Person.objects.create(community=community, **values)
            audit_record(actor=actor, community=community, action="council.deputy.created", target=person)
    except IntegrityError:
        raise _refuse_duplicate("source_id") from None
    return person


@service
def deputy_update(*, actor, community, person_id: int, **changes) -> Person:
    require(policies.can_write(actor, community), REFUSED)
    known = set(PERSON_TEXTS) | {"birth_date", "start_date", "end_date"}
    with transaction.atomic():
        person = own(Person, community, person_id, lock=True)
        f = Fields()
        for key in sorted(set(changes) - known):
            f.add(key, _("Unknown field."))
        values = _person_fields(f, {**{k: getattr(person, k) for k in known}, **changes})
        f.raise_if_any()
        for key, value in values.items():
            setattr(person, key, value)
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:
            raise _refuse_duplicate("source_id") from None
        audit_record(actor=actor, community=community, action="council.deputy.changed", target=person)
    return person


@service
def deputy_delete(*, actor, community, person_id: int) -> None:
    """Only a deputy entered by mistake: one with roll-call votes stays (the votes are the public record)."""
    require(policies.can_write(actor, community), REFUSED)
    with transaction.atomic():
        person = own(Person, community, person_id, lock=True)
        if Vote.objects.filter(person=person).exists():
            raise Conflict(_("This deputy has roll-call votes; correct the entry instead of deleting it."))
        audit_record(actor=actor, community=community, action="council.deputy.deleted", target=person,
                     data={"name": person.name})
        person.delete()


@service
def deputy_photo_set(*, actor, community, person_id: int, upload) -> Person:
    """The official photo, re-encoded as JPEG without metadata (core.uploads)."""
    require(policies.can_write(actor, community), REFUSED)
    image = clean_photo(upload, field="photo", max_side=1200)
    with transaction.atomic():
        person = own(Person, community, person_id, lock=True)
        old = person.photo.name if person.photo else ""
        person.photo.save("photo.jpg", image.content, save=False)
        person.save(update_fields=["photo"])
        audit_record(actor=actor, community=community, action="council.deputy.photo_set", target=person)
        if old:
            storage = person.photo.storage
            transaction.on_commit(lambda: storage.delete(old))
    return person


@service
def membership_start(*, actor, community, person_id: int, organization_id: int, start_date,
                     role: str = MembershipRole.MEMBER, end_date=None, source_id: str = "") -> Membership:
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    start, end = f.day("start_date", start_date, required=True), f.day("end_date", end_date)
    f.range(start, end)
    if role not in MembershipRole.values:
        f.add("role", _("One of: %(roles)s.") % {"roles": ", ".join(MembershipRole.values)})
    source_id = f.text("source_id", source_id, max_length=100)
    f.raise_if_any()
    with transaction.atomic():
        person = own(Person, community, person_id, lock=True)
        org = own(Organization, community, organization_id)
        if org.kind == OrganizationKind.FACTION and faction_overlap(community, person, start, end):
            raise Conflict(_("The deputy is in another faction on these dates: end that membership first."),
                           fields={"start_date": [_("Overlaps another faction membership.")]})
        membership = Membership.objects.create(community=community, person=person, organization=org, role=role,
                                               start_date=start, end_date=end, source_id=source_id)
        audit_record(actor=actor, community=community, action="council.membership.started", target=membership)
        if org.kind == OrganizationKind.FACTION:
            votes_refaction(actor=actor, community=community, person_id=person.pk)
    return membership


@service
def membership_end(*, actor, community, membership_id: int, end_date) -> Membership:
    """Ends a membership. Votes already written keep the faction they were cast in (see models.Vote)."""
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    end = f.day("end_date", end_date, required=True)
    f.raise_if_any()
    with transaction.atomic():
        membership = own(Membership, community, membership_id, lock=True)
        if end < membership.start_date:
            raise ValidationFailed(fields={"end_date": [_("The end is before the start.")]})
        membership.end_date = end
        membership.save(update_fields=["end_date"])
        audit_record(actor=actor, community=community, action="council.membership.ended", target=membership)
        if membership.organization.kind == OrganizationKind.FACTION:
            votes_refaction(actor=actor, community=community, person_id=membership.person_id)
    return membership


@service
def votes_refaction(*, actor, community, person_id: int) -> int:
    """After a faction membership is corrected, write the faction again on the deputy's votes it changes (and
    rebuild those months' metrics). Returns how many votes changed."""
    require(policies.can_write(actor, community), REFUSED)
    with transaction.atomic():
        person = own(Person, community, person_id)
        spans = faction_spans(community, [person.pk]).get(person.pk, [])
        changed = []
        for vote in Vote.objects.filter(person=person).select_related("vote_event").only(
                "pk", "faction_id", "vote_event__date", "vote_event_id"):
            faction = faction_on(spans, vote.vote_event.date)
            if faction != vote.faction_id:
                vote.faction_id = faction
                changed.append(vote)
        Vote.objects.bulk_update(changed, ["faction"], batch_size=2000)
        if changed:
            council_metrics_refresh(actor=actor, community=community,
                                    vote_events={vote.vote_event_id for vote in changed})
        audit_record(actor=actor, community=community, action="council.deputy.refactioned", target=person,
                     data={"votes": len(changed)})
    return len(changed)
