"""What residents write: filing an appeal (routing, registration index, term, the filing limit), adding
photos to it, and following or unfollowing someone else's appeal."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import capabilities
from hromada.core.api.ratelimit import RateKey, check_caller_rate, parse_rate
from hromada.core.audit.services import audit_record
from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.geo.geojson import validate_point
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Role
from hromada.core.identity.selectors import members_with_role
from hromada.core.notifications.services import notify
from hromada.core.text import is_blank

from .. import policies
from ..deadlines import due_for
from ..flows import publish as publish_record
from ..models import (
    OPEN_STATUSES,
    Appeal,
    AppealFollower,
    AppealPhoto,
    Category,
    Kind,
    RegistrationCounter,
    Source,
)
from ..routing import route
from ..selectors import draft_photos, text_param, valid_id
from ..uploads import clean_photo, thumbnail_of
from .drafts import _attach_drafts
from .lifecycle import MAX_DESCRIPTION, _event, _link, _require_status, _save


def _create_rate(community, key: str) -> str:
    """The community's rate, or the default when an admin saved something unreadable (never a 500)."""
    value = community.setting("appeals", key)
    try:
        parse_rate(value)
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return capabilities.manifest("appeals").setting(key).default
    return value


def _check_create_rate(caller: RateKey | None, community) -> None:
    """One limit for the web form, the JSON API and Open311: an api_key's holder counts like a session."""
    check_caller_rate(caller, f"appeals.create:{community.pk}", per_user=_create_rate(community, "create_rate_per_user"),
                      per_ip=_create_rate(community, "create_rate_per_ip"))


def _clean_attributes(category: Category, raw: dict | None) -> dict:
    raw = raw or {}
    clean: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    for attr in category.attributes or []:
        code = attr.get("code")
        if not code:
            continue
        value = raw.get(code)
        if isinstance(value, str):
            value = text_param(value).strip()
        elif isinstance(value, list):
            value = [text_param(v) for v in value]
        key = f"attribute[{code}]"
        if value in (None, "", []):
            if attr.get("required"):
                errors[key] = [_("This field is required.")]
            continue
        datatype = attr.get("datatype", "string")
        keys = {str(v.get("key")) for v in attr.get("values") or []}
        if datatype == "number":
            try:
                value = float(value)  # type: ignore[arg-type]  # a TypeError is the refusal below
            except (TypeError, ValueError):
                errors[key] = [_("Enter a number.")]
                continue
        elif datatype == "singlevaluelist":
            if str(value) not in keys:
                errors[key] = [_("Choose one of the offered values.")]
                continue
            value = str(value)
        elif datatype == "multivaluelist":
            values = value if isinstance(value, list) else [value]
            if not all(str(v) in keys for v in values):
                errors[key] = [_("Choose from the offered values.")]
                continue
            value = [str(v) for v in values]
        else:
            value = str(value)[:1000]
        clean[code] = value
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


def _inside_community(community, lat: float, lon: float) -> bool:
    if not community.boundary:
        return True
    from shapely.geometry import Point, shape

    try:
        # A little tolerance (~100 m) so a pin on the city limit is accepted.
        return shape(community.boundary).buffer(0.001).covers(Point(lon, lat))
    except Exception:  # a malformed stored boundary must not block residents
        return True


def _is_repeated(community, author, category, lat: float, lon: float, moment: datetime) -> bool:
    """A repeated appeal (повторне): the same person, category and place as one already answered."""
    from hromada.core.geo.distance import bbox_around

    min_lat, min_lon, max_lat, max_lon = bbox_around(lat, lon, community.setting("appeals", "nearby_radius_m"))
    return Appeal.objects.filter(
        community=community, author=author, category=category, answered_at__isnull=False, created_at__lt=moment,
        lat__gte=min_lat, lat__lte=max_lat, lon__gte=min_lon, lon__lte=max_lon,
    ).exists()


def _next_index(community, moment: datetime) -> str:
    year = to_kyiv_date(moment).year
    counter, _created = RegistrationCounter.objects.get_or_create(community=community, year=year)
    RegistrationCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    last = RegistrationCounter.objects.filter(pk=counter.pk).values_list("last", flat=True).get()
    return f"{year}-{last:05d}"


def _validate(community, *, category_code, description, kind, address, lat, lon, contact_email, photos,
              attributes) -> tuple[dict[str, list[str]], dict]:
    """Every problem of the input at once: (errors by field, cleaned values)."""
    errors: dict[str, list[str]] = {}
    category = Category.objects.filter(community=community, code=category_code, is_active=True).first()
    if category is None:
        errors["category"] = [_("Choose a category.")]
    description = description.strip()
    if is_blank(description):
        errors["description"] = [_("Describe the problem.")]
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = [_("At most %(n)s characters.") % {"n": MAX_DESCRIPTION}]
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a statement, a proposal or a complaint.")]
    address = (address or "").strip()
    if len(address) > 300:
        errors["address"] = [_("At most %(n)s characters.") % {"n": 300}]
    try:
        lat, lon = validate_point(lat, lon, field_lon="long")
        if not _inside_community(community, lat, lon):
            errors["lat"] = [_("The place is outside the community.")]
    except ValidationFailed as exc:
        errors.update(exc.fields)
    contact_email = (contact_email or "").strip()
    if contact_email:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        try:
            validate_email(contact_email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
    max_photos = community.setting("appeals", "max_photos")
    if len(photos) > max_photos:
        errors["photos"] = [_("At most %(n)s photos.") % {"n": max_photos}]
    clean_attrs = {}
    if category is not None:
        try:
            clean_attrs = _clean_attributes(category, attributes)
        except ValidationFailed as exc:
            errors.update(exc.fields)
    return errors, {"category": category, "description": description, "address": address, "lat": lat, "lon": lon,
                    "contact_email": contact_email, "attributes": clean_attrs}


@service
def appeal_create(*, actor, community, category_code: str, description: str, lat, lon, address: str = "",
                  is_public: bool | None = None, photos: Iterable = (), attributes: dict | None = None,
                  contact_name: str = "", contact_email: str = "", contact_phone: str = "",
                  kind: str = Kind.STATEMENT, source: str = Source.WEB, at: datetime | None = None,
                  caller: RateKey | None = None, draft_tokens: Iterable[str] = ()) -> Appeal:
    """Register an appeal: route it, give it a registration index and a due date, tell the author.

    `caller` counts the attempt against the filing limit (web, API and Open311 pass theirs; the demo loader
    and commands pass none); an attempt counts even when its input is refused, as a guess does. `draft_tokens`
    name the actor's photo drafts (kept from a form that came back with an error) that become its photos."""
    require(policies.is_signed_in(actor), _("Sign in to file an appeal."), code="sign_in_required")
    require(policies.can_file(actor, community), _("Confirm your email address first."), code="identity_required")
    _check_create_rate(caller, community)
    photos = list(photos or [])
    drafts = draft_photos(community=community, owner=actor, tokens=draft_tokens) if draft_tokens else []
    errors, clean = _validate(
        community, category_code=text_param(category_code), description=text_param(description), kind=kind,
        address=text_param(address), lat=lat, lon=lon, contact_email=text_param(contact_email),
        photos=[*photos, *drafts], attributes=attributes)
    if errors:
        raise ValidationFailed(fields=errors)
    category, lat, lon = clean["category"], clean["lat"], clean["lon"]
    max_bytes = community.setting("appeals", "photo_max_mb") * 2**20
    clean_photos = [clean_photo(p, max_bytes=max_bytes) for p in photos]

    moment = at or timezone.now()
    where = route(community, category, lat, lon)
    with transaction.atomic():
        appeal = Appeal.objects.create(
            community=community, registration_index=_next_index(community, moment), category=category,
            area_id=where.area_id, department_id=where.department_id, author=actor,
            contact_name=(text_param(contact_name) or actor.full_name)[:200],
            contact_email=(clean["contact_email"] or actor.email)[:254],
            contact_phone=(text_param(contact_phone) or actor.phone)[:40],
            is_public=category.public_by_default if is_public is None else bool(is_public),
            source=source, kind=kind, is_repeated=_is_repeated(community, actor, category, lat, lon, moment),
            description=clean["description"], address=clean["address"], lat=lat, lon=lon,
            attributes=clean["attributes"], created_at=moment, updated_at=moment,
            due_at=due_for(community, category.term_kind, moment),
        )
        appeal.community = community
        for photo in clean_photos:
            AppealPhoto.objects.create(community=community, appeal=appeal, file=photo.content,
                                       thumbnail=thumbnail_of(photo), width=photo.width, height=photo.height)
        _attach_drafts(appeal, drafts)
        _event(appeal, actor=actor, kind="registered", at=moment)
        audit_record(actor=actor, community=community, action="appeals.appeal.registered", target=appeal,
                     data={"category": category.code, "department": where.department_id, "source": source})
        publish_record(appeal, "filed", actor=actor)
        due_text = timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")
        notify(community=community, recipients=[actor], event="appeals.appeal.registered",
               title=gettext_lazy("Your appeal {index} is registered"),
               body=gettext_lazy("It will be answered by {due}."), url=_link(appeal),
               params={"index": appeal.registration_index, "due": due_text})
        if appeal.department_id:
            staff = list(members_with_role(community=community, roles=Role.OFFICIAL, department=appeal.department_id))
            notify(community=community, recipients=staff, event="appeals.appeal.received",
                   title=gettext_lazy("New appeal {index} for your department"), url=_link(appeal),
                   params={"index": appeal.registration_index}, exclude=actor)
    return appeal


@service
def appeal_photos_add(*, actor, community, appeal_id: int, photos: Iterable) -> list[AppealPhoto]:
    """The author adds photos to their open appeal (clients that file first and upload after)."""
    photos = list(photos or [])
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().filter(community=community, pk=valid_id(appeal_id) or 0).first()
        if appeal is None:
            raise NotFound()
        appeal.community = community
        if not policies.can_view(actor, appeal):
            raise NotFound()
        require(policies.can_add_photos(actor, appeal))
        _require_status(appeal, OPEN_STATUSES)
        max_photos = community.setting("appeals", "max_photos")
        if not photos or appeal.photos.count() + len(photos) > max_photos:
            raise ValidationFailed(fields={"photos": [_("At most %(n)s photos.") % {"n": max_photos}]})
        max_bytes = community.setting("appeals", "photo_max_mb") * 2**20
        clean = [clean_photo(p, max_bytes=max_bytes) for p in photos]
        created = [AppealPhoto.objects.create(community=community, appeal=appeal, file=c.content,
                                              thumbnail=thumbnail_of(c), width=c.width, height=c.height)
                   for c in clean]
        _save(appeal, [])
        audit_record(actor=actor, community=community, action="appeals.appeal.photos_added", target=appeal,
                     data={"count": len(created)})
    return created


@service
def appeal_follow(*, actor, community, appeal_id: int) -> AppealFollower:
    """"Follow this one instead": hear about every change of someone else's (public) appeal."""
    require(policies.is_signed_in(actor), _("Sign in to follow an appeal."), code="sign_in_required")
    with transaction.atomic():
        appeal = Appeal.objects.filter(community=community, pk=valid_id(appeal_id) or 0).first()
        if appeal is None:
            raise NotFound()
        appeal.community = community
        if not policies.can_follow(actor, appeal):
            raise NotFound()
        follower, created = AppealFollower.objects.get_or_create(community=community, appeal=appeal, user=actor)
        if created:
            audit_record(actor=actor, community=community, action="appeals.appeal.followed", target=appeal)
    return follower


@service
def appeal_unfollow(*, actor, community, appeal_id: int) -> None:
    """Stop following; only one's own follow is removed, so the rule is "signed in"."""
    require(policies.is_signed_in(actor))
    with transaction.atomic():
        deleted, _rows = AppealFollower.objects.filter(community=community, appeal_id=valid_id(appeal_id) or 0,
                                                       user=actor).delete()
        if deleted:
            audit_record(actor=actor, community=community, action="appeals.appeal.unfollowed",
                         data={"appeal": appeal_id})
    return None
