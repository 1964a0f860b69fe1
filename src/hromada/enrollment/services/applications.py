"""A parent's application from filing to withdrawal, and the priority claims on it: filed with proof documents,
verified or refused by the staff of a chosen institution, or granted by them from their own records.

Every change is audited, logged in the community's transparency log and told to the parent (services/_trail)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.geo.geojson import validate_point
from hromada.core.identity.actors import is_system
from hromada.core.identity.guard import require, service
from hromada.core.text import visible_length
from hromada.core.uploads import clean_document

from .. import policies, rules
from ..manifest import enrollment_settings
from ..models import (
    ACTIVE_STATUSES,
    QUEUED_STATUSES,
    Application,
    Choice,
    ChoiceState,
    Claim,
    ClaimState,
    Group,
    InstitutionKind,
    Offer,
    OfferState,
    PriorityCategory,
    ProofDocument,
    ServiceArea,
    Status,
)
from ._trail import _child_key, _new_code, _record_change
from .allocation import _allocate, _free_place

MAX_CHOICES = 3
MAX_DOCUMENTS = 5
# A birth certificate: a series (Roman numerals and two Cyrillic letters, e.g. "І-ЖС") and a six-digit number;
# written with or without spaces and dashes, older and foreign ones vary, so only the shape is checked.
_CERTIFICATE = re.compile(r"^[0-9A-ZА-ЯІЇЄҐ]{2,8}\d{6}$")


def _certificate(value) -> str:
    if not isinstance(value, str):
        raise ValidationFailed(fields={"birth_certificate": [_("Enter the birth certificate's series and number.")]})
    normal = re.sub(r"[\s\-–]+", "", value).upper()
    if not _CERTIFICATE.match(normal):
        raise ValidationFailed(fields={"birth_certificate": [
            _("Enter the series and number as printed, e.g. І-ЖС 123456.")]})
    return normal


def _text(value, field: str, max_length: int, *, required: bool = True) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationFailed(fields={field: [_("Enter text.")]})
    value = (value or "").strip()
    if required and not visible_length(value):
        raise ValidationFailed(fields={field: [_("This field is required.")]})
    if len(value) > max_length:
        raise ValidationFailed(fields={field: [_("At most %(max)s characters.") % {"max": max_length}]})
    return value


def _date(value, field: str) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, date):
        raise ValidationFailed(fields={field: [_("Enter a date.")]})
    return value


def _ids(values, field: str) -> list[int]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ValidationFailed(fields={field: [_("Choose from the list.")]})
    ids = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationFailed(fields={field: [_("Choose from the list.")]})
        ids.append(value)
    return ids


def _documents(community, uploads) -> list:
    uploads = list(uploads or [])
    if len(uploads) > MAX_DOCUMENTS:
        raise ValidationFailed(fields={"documents": [_("At most %(n)s files.") % {"n": MAX_DOCUMENTS}]})
    max_bytes = enrollment_settings(community).document_max_mb * 2**20
    return [clean_document(upload, field="documents", max_bytes=max_bytes) for upload in uploads]


def _store_documents(claim: Claim, documents: list) -> None:
    for doc in documents:
        ProofDocument.objects.create(community=claim.community, claim=claim, file=doc.content, name=doc.name,
                                     content_type=doc.content_type, size=doc.content.size)


def _groups(community, group_ids: list[int], *, birth: date) -> list[Group]:
    if not group_ids:
        raise ValidationFailed(fields={"group_ids": [_("Choose at least one group.")]})
    if len(group_ids) > MAX_CHOICES:
        raise ValidationFailed(fields={"group_ids": [_("At most %(n)s groups.") % {"n": MAX_CHOICES}]})
    if len(set(group_ids)) != len(group_ids):
        raise ValidationFailed(fields={"group_ids": [_("Each group once.")]})
    found = {g.pk: g for g in Group.objects.filter(community=community, pk__in=group_ids, is_open=True,
                                                   institution__is_active=True).select_related("institution")}
    if len(found) != len(group_ids):
        raise ValidationFailed(fields={"group_ids": [_("One of the groups does not accept applications.")]})
    groups = [found[pk] for pk in group_ids]
    if len({(g.institution.kind, g.start_year) for g in groups}) != 1:
        raise ValidationFailed(fields={"group_ids": [
            _("All groups of one application are of one kind of institution and start in the same year.")]})
    for group in groups:
        if not rules.fits_group(birth=birth, start_year=group.start_year, age_from_months=group.age_from_months,
                                age_to_months=group.age_to_months):
            raise ValidationFailed(fields={"group_ids": [
                _("The child's age does not fit the group %(group)s.") % {"group": group.name}]})
    return groups


def _categories(community, category_ids: Iterable[int]) -> dict[int, PriorityCategory]:
    ids = _ids(category_ids, "claims")
    found = {c.pk: c for c in PriorityCategory.objects.filter(community=community, pk__in=ids, is_active=True)}
    if len(found) != len(set(ids)):
        raise ValidationFailed(fields={"claims": [_("No such priority category.")]})
    return found


@service
def application_file(*, actor, community, child_name: str, child_birth_date, birth_certificate: str, address: str,
                     group_ids: Sequence[int], wanted_start, lat=None, lon=None,
                     claims: Mapping[int, Sequence] | None = None, parent=None) -> Application:
    """File an application: up to three groups in order of preference (same kind, same start year), the child,
    the address (with a point, for a school's service area), the wanted start date and the priority categories
    claimed, each with its proof documents ({category id: [uploads]}). The platform files for `parent`."""
    require(policies.can_file(actor, community),
            _("Sign in with a strong identity (BankID, ID.GOV.UA or a qualified e-signature) to apply."))
    parent = parent if is_system(actor) else actor
    if parent is None or not getattr(parent, "pk", None):
        raise ValidationFailed(fields={"parent": [_("Name the parent.")]})
    today = to_kyiv_date(timezone.now())
    child_name = _text(child_name, "child_name", 200)
    birth = _date(child_birth_date, "child_birth_date")
    if birth > today or birth < date(today.year - 18, today.month, 1):
        raise ValidationFailed(fields={"child_birth_date": [_("Enter the child's real birth date.")]})
    certificate = _certificate(birth_certificate)
    address = _text(address, "address", 300)
    if lat is not None or lon is not None:
        lat, lon = validate_point(lat, lon)
    wanted = _date(wanted_start, "wanted_start")
    if wanted < today or wanted.year > today.year + 7:
        raise ValidationFailed(fields={"wanted_start": [_("A date from today on, within seven years.")]})
    groups = _groups(community, _ids(group_ids, "group_ids"), birth=birth)
    claims = dict(claims or {})
    categories = _categories(community, list(claims))
    documents = {pk: _documents(community, uploads) for pk, uploads in claims.items()}
    areas = dict(ServiceArea.objects.filter(community=community, institution__in=[g.institution_id for g in groups])
                 .values_list("institution_id", "geometry"))
    child_key = _child_key(certificate)
    kind, start_year = groups[0].institution.kind, groups[0].start_year
    if Application.objects.filter(community=community, child_key=child_key, kind=kind, start_year=start_year,
                                  status__in=ACTIVE_STATUSES).exists():
        raise Conflict(_("This child already has an application for this year."), code="already_applied")
    for _attempt in range(5):
        code = _new_code()
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    community=community, code=code, tie_break=rules.tie_break(community.slug, code), parent=parent,
                    kind=kind, start_year=start_year, child_name=child_name, child_birth_date=birth,
                    child_key=child_key, address=address, lat=lat, lon=lon, wanted_start=wanted,
                    filed_at=timezone.now())
                Choice.objects.bulk_create([Choice(
                    community=community, application=application, group=group, preference=n,
                    in_service_area=group.institution.kind == InstitutionKind.SCHOOL
                    and rules.in_area(areas.get(group.institution_id), lat, lon))
                    for n, group in enumerate(groups, start=1)])
                audit_record(actor=actor, community=community, action="enrollment.application.filed",
                             target=application, data={"groups": [g.pk for g in groups]})
                _record_change(application, "filed", at=application.filed_at)
                for pk, category in categories.items():
                    claim = Claim.objects.create(community=community, application=application, category=category)
                    _store_documents(claim, documents[pk])
                    _record_change(application, "claimed", detail=category.name, tell=False)
            return application
        except IntegrityError:
            if Application.objects.filter(community=community, child_key=child_key, kind=kind,
                                          start_year=start_year, status__in=ACTIVE_STATUSES).exists():
                raise Conflict(_("This child already has an application for this year."),
                               code="already_applied") from None
            # else: the random code was taken; draw another
    raise Conflict(_("Please try again."), code="busy")


def _application(community, application_id, *, lock: bool = True) -> Application:
    if isinstance(application_id, bool) or not isinstance(application_id, int):
        raise NotFound()
    rows = Application.objects.select_for_update() if lock else Application.objects
    application = rows.filter(community=community, pk=application_id).select_related("parent").first()
    if application is None:
        raise NotFound()
    return application


def _institutions_of(application):
    return [choice.group.institution for choice in application.choices.select_related("group__institution")]


def _require_parent(actor, application) -> None:
    """Another parent's application looks exactly like none at all."""
    require(True)
    if not policies.can_act_as_parent(actor, application):
        raise NotFound()


@service
def application_withdraw(*, actor, community, application_id: int) -> Application:
    """The parent withdraws: a pending offer is declined and an accepted place is freed for the next in line."""
    with transaction.atomic():
        application = _application(community, application_id)
        _require_parent(actor, application)
        if application.status not in (*QUEUED_STATUSES, Status.ACCEPTED):
            raise Conflict(_("This application can no longer be withdrawn."), code="wrong_status")
        now = timezone.now()
        rounds = []
        for offer in Offer.objects.select_for_update().filter(application=application,
                                                              state__in=(OfferState.PENDING, OfferState.ACCEPTED)):
            if offer.state == OfferState.ACCEPTED:
                _free_place(offer.group_id)
            offer.state, offer.decided_at = OfferState.DECLINED, now
            offer.save(update_fields=["state", "decided_at"])
            rounds.append(offer.round_id)
        application.choices.exclude(state=ChoiceState.LEFT).update(state=ChoiceState.LEFT)
        application.status = Status.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, community=community, action="enrollment.application.withdrawn", target=application)
        _record_change(application, "withdrawn", at=now)
        for round_id in rounds:
            _allocate(community, round_id, now=now)
    return application


@service
def claim_add(*, actor, community, application_id: int, category_id: int, documents: Sequence = ()) -> Claim:
    """The parent claims one more priority category, with its proof documents, while the application waits."""
    _application(community, application_id, lock=False)  # another community's id is not found, whatever the body
    category = _categories(community, [category_id])[category_id]
    clean = _documents(community, documents)
    try:
        with transaction.atomic():
            application = _application(community, application_id)
            _require_parent(actor, application)
            if application.status not in QUEUED_STATUSES:
                raise Conflict(_("Priorities can be claimed only while the application waits."), code="wrong_status")
            claim = Claim.objects.create(community=community, application=application, category=category)
            _store_documents(claim, clean)
            audit_record(actor=actor, community=community, action="enrollment.claim.added", target=claim)
            _record_change(application, "claimed", detail=category.name)
    except IntegrityError:
        raise Conflict(_("This category is already claimed."), code="already_claimed") from None
    return claim


def _claim_for_staff(actor, community, claim_id) -> tuple[Claim, Application]:
    if isinstance(claim_id, bool) or not isinstance(claim_id, int):
        raise NotFound()
    claim = Claim.objects.select_for_update().filter(community=community, pk=claim_id).select_related("category") \
        .first()
    if claim is None:
        raise NotFound()
    application = _application(community, claim.application_id)
    require(policies.can_handle_application(actor, community, application, _institutions_of(application)),
            _("Only the staff of a chosen institution check priority documents."))
    return claim, application


@service
def claim_verify(*, actor, community, claim_id: int) -> Claim:
    """The documents prove the category: from now on it counts in the queue order."""
    with transaction.atomic():
        claim, application = _claim_for_staff(actor, community, claim_id)
        if claim.state != ClaimState.CLAIMED:
            raise Conflict(_("This claim is already decided."), code="already_decided")
        claim.state, claim.decided_by, claim.decided_at = ClaimState.VERIFIED, _user(actor), timezone.now()
        claim.save(update_fields=["state", "decided_by", "decided_at"])
        audit_record(actor=actor, community=community, action="enrollment.claim.verified", target=claim)
        _record_change(application, "verified", detail=claim.category.name, at=claim.decided_at)
    return claim


@service
def claim_refuse(*, actor, community, claim_id: int, reason: str) -> Claim:
    """The documents do not prove the category (the reason is told to the parent)."""
    reason = _text(reason, "reason", 2000)
    with transaction.atomic():
        claim, application = _claim_for_staff(actor, community, claim_id)
        if claim.state != ClaimState.CLAIMED:
            raise Conflict(_("This claim is already decided."), code="already_decided")
        claim.state, claim.reason = ClaimState.REFUSED, reason
        claim.decided_by, claim.decided_at = _user(actor), timezone.now()
        claim.save(update_fields=["state", "reason", "decided_by", "decided_at"])
        audit_record(actor=actor, community=community, action="enrollment.claim.refused", target=claim)
        _record_change(application, "refused", detail=claim.category.name, at=claim.decided_at)
    return claim


@service
def category_grant(*, actor, community, application_id: int, category_id: int, reason: str) -> Claim:
    """Staff grant a category from their own records (a sibling already enrolled in the institution), with the
    reason; a claim of it that was under review or refused becomes granted."""
    _application(community, application_id, lock=False)  # another community's id is not found, whatever the body
    reason = _text(reason, "reason", 2000)
    category = _categories(community, [category_id])[category_id]
    with transaction.atomic():
        application = _application(community, application_id)
        require(policies.can_handle_application(actor, community, application, _institutions_of(application)),
                _("Only the staff of a chosen institution grant priorities."))
        if application.status not in QUEUED_STATUSES:
            raise Conflict(_("Priorities count only while the application waits."), code="wrong_status")
        now = timezone.now()
        claim, _created = Claim.objects.select_for_update().get_or_create(
            community=community, application=application, category=category)
        if claim.state == ClaimState.VERIFIED:
            raise Conflict(_("This category is already granted."), code="already_decided")
        Claim.objects.filter(pk=claim.pk).update(state=ClaimState.VERIFIED, reason=reason, decided_by=_user(actor),
                                                 decided_at=now)
        claim.refresh_from_db()
        audit_record(actor=actor, community=community, action="enrollment.category.granted", target=claim)
        _record_change(application, "granted", detail=category.name, at=now)
    return claim


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None

