"""Every write of the appeals capability: areas, submitting, the state machine, follows and notes.

Each service checks policy, validates, writes in one transaction, audits and notifies after commit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.calendar.working_days import end_of_day, to_kyiv_date
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.geo.geojson import validate_geometry, validate_point
from hromada.core.identity.models import IdentityLevel, Membership, Role
from hromada.core.identity.policies import has_identity_level
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path
from hromada.core.text import is_blank

from . import policies
from .deadlines import due_for, latest_due_for
from .models import (
    OPEN_STATUSES,
    Appeal,
    AppealDocument,
    AppealEvent,
    AppealFollower,
    AppealPhoto,
    Area,
    AreaSetVersion,
    Category,
    InternalNote,
    Kind,
    RegistrationCounter,
    Source,
    Status,
)
from .routing import route
from .selectors import text_param, valid_id
from .uploads import clean_document, clean_photo

MAX_DESCRIPTION = 4000
MAX_TEXT = 4000


# ---------------------------------------------------------------- areas

def _bump_area_version(community) -> None:
    token = uuid.uuid4().hex
    if not AreaSetVersion.objects.filter(community=community).update(version=token):
        try:
            with transaction.atomic():
                AreaSetVersion.objects.create(community=community, version=token)
        except IntegrityError:  # created by a concurrent writer meanwhile
            AreaSetVersion.objects.filter(community=community).update(version=token)


def area_save(*, actor, community, name: str, geometry, kind: str = "district", priority: int = 0,
              area_id: int | None = None) -> Area:
    """Create or update an area; every process rebuilds its routing index on the next lookup."""
    if actor is not None and not policies.can_configure(actor, community):
        raise PermissionDenied()
    name = text_param(name).strip()
    errors: dict[str, list[str]] = {}
    if not name or len(name) > 200:
        errors["name"] = [_("Give the area a name of 1 to 200 characters.")]
    try:
        geom = validate_geometry(geometry, allowed=("Polygon", "MultiPolygon"))
    except ValidationFailed as exc:
        errors.update(exc.fields)
        geom = None
    if errors:
        raise ValidationFailed(fields=errors)
    from shapely.geometry import mapping

    with transaction.atomic():
        if area_id is None:
            if Area.objects.filter(community=community, name=name).exists():
                raise ValidationFailed(fields={"name": [_("An area with this name exists.")]})
            area = Area(community=community)
        else:
            area = Area.objects.select_for_update().filter(community=community, pk=area_id).first()
            if area is None:
                raise NotFound()
        area.name, area.kind, area.priority = name, (kind or "district")[:40], int(priority)
        area.geometry = mapping(geom)
        area.save()
        _bump_area_version(community)
        audit_record(actor=actor, community=community, action="appeals.area.saved", target=area,
                     data={"name": name})
    return area


def areas_import(*, actor, community, data, name_property: str = "name") -> list[Area]:
    """Create or update areas from a GeoJSON FeatureCollection of (Multi)Polygons, all or nothing:
    any bad feature refuses the whole file with every problem listed."""
    if actor is not None and not policies.can_configure(actor, community):
        raise PermissionDenied()
    if isinstance(data, (str, bytes)):
        import json

        try:
            data = json.loads(data)
        except ValueError as exc:
            raise ValidationFailed(fields={"file": [_("Not JSON: %(error)s") % {"error": exc}]}) from exc
    features = data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
    if not isinstance(features, list) or not features:
        raise ValidationFailed(fields={"file": [_("Expected a GeoJSON FeatureCollection with features.")]})
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for n, item in enumerate(features, start=1):
        props = (item or {}).get("properties") or {} if isinstance(item, dict) else {}
        name = str(props.get(name_property) or "").strip()
        problems = []
        if not name or len(name) > 200:
            problems.append(_("Give the area a name of 1 to 200 characters."))
        elif name in seen:
            problems.append(_("The name repeats an earlier feature."))
        seen.add(name)
        try:
            validate_geometry((item or {}).get("geometry") if isinstance(item, dict) else None,
                              allowed=("Polygon", "MultiPolygon"))
        except ValidationFailed as exc:
            problems.extend(m for msgs in exc.fields.values() for m in msgs)
        if problems:
            errors[f"features[{n}]"] = problems
    if errors:
        raise ValidationFailed(fields=errors)
    existing = dict(Area.objects.filter(community=community).values_list("name", "pk"))
    with transaction.atomic():
        saved = []
        for item in features:
            props = item.get("properties") or {}
            name = str(props.get(name_property)).strip()
            saved.append(area_save(actor=actor, community=community, name=name, geometry=item["geometry"],
                                   kind=str(props.get("kind") or "district"), priority=int(props.get("priority") or 0),
                                   area_id=existing.get(name)))
    return saved


def area_delete(*, actor, community, area_id: int) -> None:
    if actor is not None and not policies.can_configure(actor, community):
        raise PermissionDenied()
    with transaction.atomic():
        area = Area.objects.filter(community=community, pk=valid_id(area_id) or 0).first()
        if area is None:
            raise NotFound()
        audit_record(actor=actor, community=community, action="appeals.area.deleted", target=area)
        area.delete()
        _bump_area_version(community)


# ---------------------------------------------------------------- helpers

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


# The notification body is the staff member's own text: passed as a value, never as a template.
VERBATIM = "{text}"


def _tell(appeal, *, actor, event: str, title, body="", params: dict | None = None) -> None:
    notify(community=appeal.community, recipients=_audience(appeal), event=f"appeals.appeal.{event}",
           title=title, body=body, url=_link(appeal),
           params={"index": appeal.registration_index, **(params or {})}, exclude=actor)


def _locked(community, appeal_id: int, actor) -> Appeal:
    """The appeal row locked for a transition; "not yours" is "not found"."""
    if valid_id(appeal_id) is None:
        raise NotFound()
    appeal = Appeal.objects.select_for_update().filter(community=community, pk=appeal_id).first()
    if appeal is None:
        raise NotFound()
    appeal.community = community
    if not policies.can_handle(actor, appeal):
        if policies.can_view(actor, appeal):
            raise PermissionDenied()
        raise NotFound()
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


# ---------------------------------------------------------------- submitting

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
                value = float(value)
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


def appeal_create(*, actor, community, category_code: str, description: str, lat, lon, address: str = "",
                  is_public: bool | None = None, photos: Iterable = (), attributes: dict | None = None,
                  contact_name: str = "", contact_email: str = "", contact_phone: str = "",
                  kind: str = Kind.STATEMENT, source: str = Source.WEB, at: datetime | None = None) -> Appeal:
    """Register an appeal: route it, give it a registration index and a due date, tell the author."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to file an appeal."), code="sign_in_required")
    if not has_identity_level(actor, IdentityLevel.EMAIL):
        # The law does not consider anonymous appeals: at least a confirmed email address.
        raise PermissionDenied(_("Confirm your email address first."), code="identity_required")
    errors: dict[str, list[str]] = {}
    category_code, description, address = text_param(category_code), text_param(description), text_param(address)
    contact_name, contact_email, contact_phone = text_param(contact_name), text_param(contact_email), text_param(
        contact_phone)
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
    photos = list(photos or [])
    max_photos = community.setting("appeals", "max_photos")
    if len(photos) > max_photos:
        errors["photos"] = [_("At most %(n)s photos.") % {"n": max_photos}]
    clean_attrs = {}
    if category is not None:
        try:
            clean_attrs = _clean_attributes(category, attributes)
        except ValidationFailed as exc:
            errors.update(exc.fields)
    if errors:
        raise ValidationFailed(fields=errors)
    max_bytes = community.setting("appeals", "photo_max_mb") * 2**20
    clean_photos = [clean_photo(p, max_bytes=max_bytes) for p in photos]

    moment = at or timezone.now()
    where = route(community, category, lat, lon)
    with transaction.atomic():
        appeal = Appeal.objects.create(
            community=community, registration_index=_next_index(community, moment), category=category,
            area_id=where.area_id, department_id=where.department_id, author=actor,
            contact_name=(contact_name or actor.full_name)[:200], contact_email=(contact_email or actor.email)[:254],
            contact_phone=(contact_phone or actor.phone)[:40],
            is_public=category.public_by_default if is_public is None else bool(is_public),
            source=source, kind=kind, is_repeated=_is_repeated(community, actor, category, lat, lon, moment),
            description=description, address=address, lat=lat, lon=lon, attributes=clean_attrs,
            created_at=moment, updated_at=moment, due_at=due_for(community, category.term_kind, moment),
        )
        appeal.community = community
        for photo in clean_photos:
            AppealPhoto.objects.create(community=community, appeal=appeal, file=photo.content,
                                       width=photo.width, height=photo.height)
        _event(appeal, actor=actor, kind="registered", at=moment)
        audit_record(actor=actor, community=community, action="appeals.appeal.registered", target=appeal,
                     data={"category": category.code, "department": where.department_id, "source": source})
        due_text = timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")
        notify(community=community, recipients=[actor], event="appeals.appeal.registered",
               title=gettext_lazy("Your appeal {index} is registered"),
               body=gettext_lazy("It will be answered by {due}."), url=_link(appeal),
               params={"index": appeal.registration_index, "due": due_text})
        if appeal.department_id:
            staff = [m.user for m in Membership.objects.filter(
                community=community, role=Role.OFFICIAL, department_id=appeal.department_id).select_related("user")]
            notify(community=community, recipients=staff, event="appeals.appeal.received",
                   title=gettext_lazy("New appeal {index} for your department"), url=_link(appeal),
                   params={"index": appeal.registration_index}, exclude=actor)
    return appeal


def appeal_photos_add(*, actor, community, appeal_id: int, photos: Iterable) -> list[AppealPhoto]:
    """The author adds photos to their open appeal (clients that file first and upload after)."""
    photos = list(photos or [])
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().filter(community=community, pk=valid_id(appeal_id) or 0).first()
        if appeal is None:
            raise NotFound()
        appeal.community = community
        if not policies.is_author(actor, appeal):
            raise NotFound() if not policies.can_view(actor, appeal) else PermissionDenied()
        _require_status(appeal, OPEN_STATUSES)
        max_photos = community.setting("appeals", "max_photos")
        if not photos or appeal.photos.count() + len(photos) > max_photos:
            raise ValidationFailed(fields={"photos": [_("At most %(n)s photos.") % {"n": max_photos}]})
        max_bytes = community.setting("appeals", "photo_max_mb") * 2**20
        clean = [clean_photo(p, max_bytes=max_bytes) for p in photos]
        created = [AppealPhoto.objects.create(community=community, appeal=appeal, file=c.content, width=c.width,
                                              height=c.height) for c in clean]
        _save(appeal, [])
        audit_record(actor=actor, community=community, action="appeals.appeal.photos_added", target=appeal,
                     data={"count": len(created)})
    return created


# ---------------------------------------------------------------- following

def appeal_follow(*, actor, community, appeal_id: int) -> AppealFollower:
    """"Follow this one instead": hear about every change of someone else's (public) appeal."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to follow an appeal."), code="sign_in_required")
    with transaction.atomic():
        appeal = Appeal.objects.filter(community=community, pk=valid_id(appeal_id) or 0).first()
        if appeal is None:
            raise NotFound()
        appeal.community = community
        if not policies.can_view(actor, appeal):
            raise NotFound()
        follower, created = AppealFollower.objects.get_or_create(community=community, appeal=appeal, user=actor)
        if created:
            audit_record(actor=actor, community=community, action="appeals.appeal.followed", target=appeal)
    return follower


def appeal_unfollow(*, actor, community, appeal_id: int) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    with transaction.atomic():
        deleted, _rows = AppealFollower.objects.filter(community=community, appeal_id=valid_id(appeal_id) or 0,
                                                       user=actor).delete()
        if deleted:
            audit_record(actor=actor, community=community, action="appeals.appeal.unfollowed",
                         data={"appeal": appeal_id})


# ---------------------------------------------------------------- the state machine

def _owner_contact(owner, department) -> tuple[str, str]:
    membership = Membership.objects.filter(user=owner, department=department).first()
    phone = owner.phone or (department.phone if department else "")
    name = owner.full_name or owner.email
    if membership and membership.position:
        name = f"{name}, {membership.position}"
    return name, phone or "—"


def appeal_assign(*, actor, community, appeal_id: int, owner_id: int) -> Appeal:
    """Name the process owner (an official of the appeal's department); also used to reassign."""
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, OPEN_STATUSES)
        if appeal.department_id is None:
            raise Conflict(_("Route the appeal to a department first."), code="no_department")
        is_official = valid_id(owner_id) is not None and Membership.objects.filter(
            community=community, user_id=owner_id, role=Role.OFFICIAL,
                                                department_id=appeal.department_id).exists()
        if not is_official:
            raise ValidationFailed(fields={"owner": [_("Choose an official of the responsible department.")]})
        if appeal.owner_id == owner_id:
            return appeal
        previous = appeal.owner_id
        appeal.owner_id = owner_id
        if appeal.status == Status.REGISTERED:
            appeal.status = Status.ASSIGNED
        _save(appeal, ["owner", "status"])
        owner = appeal.owner
        name, phone = _owner_contact(owner, appeal.department)
        _event(appeal, actor=actor, kind="reassigned" if previous else "assigned",
               text=_("Process owner: %(name)s") % {"name": owner.full_name or owner.email})
        audit_record(actor=actor, community=community, action="appeals.appeal.assigned", target=appeal,
                     data={"owner": owner_id, "previous": previous})
        _tell(appeal, actor=actor, event="assigned",
              title=gettext_lazy("Appeal {index}: the process owner is {owner}"),
              body=gettext_lazy("Your appeal is handled by {owner}, phone {phone} ({department})."),
              params={"owner": name, "phone": phone, "department": appeal.department.name})
        if owner.pk != getattr(actor, "pk", None):
            notify(community=community, recipients=[owner], event="appeals.appeal.owned",
                   title=gettext_lazy("You are the process owner of appeal {index}"), url=_link(appeal),
                   params={"index": appeal.registration_index})
    return appeal


def appeal_start(*, actor, community, appeal_id: int) -> Appeal:
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, (Status.ASSIGNED,))
        appeal.status = Status.IN_PROGRESS
        _save(appeal, ["status"])
        _event(appeal, actor=actor, kind="started")
        audit_record(actor=actor, community=community, action="appeals.appeal.started", target=appeal)
        _tell(appeal, actor=actor, event="started", title=gettext_lazy("Appeal {index} is being worked on"))
    return appeal


def appeal_answer(*, actor, community, appeal_id: int, text: str, documents: Iterable = ()) -> Appeal:
    """The documented response: text plus attached documents (PDF or images)."""
    text = _text(text, "text")
    documents = list(documents or [])
    if len(documents) > 10:
        raise ValidationFailed(fields={"documents": [_("At most %(n)s files.") % {"n": 10}]})
    max_bytes = community.setting("appeals", "document_max_mb") * 2**20
    clean_docs = [clean_document(d, max_bytes=max_bytes) for d in documents]
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, (Status.ASSIGNED, Status.IN_PROGRESS))
        now = timezone.now()
        appeal.status, appeal.response_text, appeal.answered_at = Status.ANSWERED, text, now
        _save(appeal, ["status", "response_text", "answered_at"], now)
        for doc in clean_docs:
            AppealDocument.objects.create(community=community, appeal=appeal, file=doc.content, name=doc.name,
                                          content_type=doc.content_type, size=doc.content.size)
        _event(appeal, actor=actor, kind="answered", text=text, at=now)
        audit_record(actor=actor, community=community, action="appeals.appeal.answered", target=appeal,
                     data={"documents": len(clean_docs), "on_time": now <= appeal.due_at})
        _tell(appeal, actor=actor, event="answered", title=gettext_lazy("Appeal {index} is answered"),
              body=VERBATIM, params={"text": text})
    return appeal


def appeal_reject(*, actor, community, appeal_id: int, reason: str) -> Appeal:
    reason = _text(reason, "reason")
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, OPEN_STATUSES)
        now = timezone.now()
        appeal.status, appeal.reason, appeal.answered_at = Status.REJECTED, reason, now
        _save(appeal, ["status", "reason", "answered_at"], now)
        _event(appeal, actor=actor, kind="rejected", text=reason, at=now)
        audit_record(actor=actor, community=community, action="appeals.appeal.rejected", target=appeal,
                     data={"reason": reason})
        _tell(appeal, actor=actor, event="rejected", title=gettext_lazy("Appeal {index} is rejected"),
              body=VERBATIM, params={"text": reason})
    return appeal


def appeal_redirect(*, actor, community, appeal_id: int, to: str, reason: str = "") -> Appeal:
    """Sent to another body (e.g. an oblast service); the resident learns where and why."""
    to = _text(to, "to", limit=300)
    reason = _text(reason, "reason", required=False)
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, OPEN_STATUSES)
        now = timezone.now()
        appeal.status, appeal.redirected_to, appeal.reason, appeal.answered_at = Status.REDIRECTED, to, reason, now
        _save(appeal, ["status", "redirected_to", "reason", "answered_at"], now)
        text = _("Redirected to %(to)s.") % {"to": to} + (f" {reason}" if reason else "")
        _event(appeal, actor=actor, kind="redirected", text=text, at=now)
        audit_record(actor=actor, community=community, action="appeals.appeal.redirected", target=appeal,
                     data={"to": to})
        _tell(appeal, actor=actor, event="redirected", title=gettext_lazy("Appeal {index} is redirected to {to}"),
              body=VERBATIM if reason else "", params={"to": to, "text": reason})
    return appeal


def appeal_close(*, actor, community, appeal_id: int) -> Appeal:
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, (Status.ANSWERED, Status.REJECTED, Status.REDIRECTED))
        now = timezone.now()
        appeal.status, appeal.closed_at = Status.CLOSED, now
        _save(appeal, ["status", "closed_at"], now)
        _event(appeal, actor=actor, kind="closed", at=now)
        audit_record(actor=actor, community=community, action="appeals.appeal.closed", target=appeal)
        _tell(appeal, actor=actor, event="closed", title=gettext_lazy("Appeal {index} is closed"))
    return appeal


def appeal_extend(*, actor, community, appeal_id: int, reason: str, until: date | None = None) -> Appeal:
    """Extend the term once, with notice, never beyond the statutory maximum (45 days; 20 working
    days for public information)."""
    reason = _text(reason, "reason")
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, OPEN_STATUSES)
        if appeal.extended:
            raise Conflict(_("The term was extended already."), code="already_extended")
        latest = latest_due_for(community, appeal.category.term_kind, appeal.created_at)
        new_due = latest if until is None else end_of_day(until)
        if new_due <= appeal.due_at:
            raise ValidationFailed(fields={"until": [_("The new date must be after the current due date.")]})
        if new_due > latest:
            raise ValidationFailed(fields={"until": [
                _("The law allows at most until %(date)s.") % {"date": timezone.localtime(latest).strftime("%d.%m.%Y")}]})
        previous = appeal.due_at
        appeal.due_at, appeal.extended = new_due, True
        _save(appeal, ["due_at", "extended"])
        due_text = timezone.localtime(new_due).strftime("%d.%m.%Y")
        _event(appeal, actor=actor, kind="extended", text=_("New due date %(date)s. %(reason)s") % {
            "date": due_text, "reason": reason})
        audit_record(actor=actor, community=community, action="appeals.appeal.extended", target=appeal,
                     data={"from": previous, "to": new_due, "reason": reason})
        _tell(appeal, actor=actor, event="extended", title=gettext_lazy("Appeal {index}: the term is extended to {due}"),
              body=VERBATIM, params={"due": due_text, "text": reason})
    return appeal


def appeal_change_category(*, actor, community, appeal_id: int, category_code: str) -> Appeal:
    """Re-categorise and re-route; a new department means a new process owner is needed."""
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, OPEN_STATUSES)
        category = Category.objects.filter(community=community, code=text_param(category_code),
                                           is_active=True).first()
        if category is None:
            raise ValidationFailed(fields={"category": [_("Choose a category.")]})
        if category.pk == appeal.category_id:
            return appeal
        previous = appeal.category
        where = route(community, category, appeal.lat, appeal.lon)
        appeal.category, appeal.area_id = category, where.area_id
        fields = ["category", "area"]
        if where.department_id != appeal.department_id:
            appeal.department_id, appeal.owner_id, appeal.status = where.department_id, None, Status.REGISTERED
            fields += ["department", "owner", "status"]
        if not appeal.extended:
            appeal.due_at = due_for(community, category.term_kind, appeal.created_at)
            fields.append("due_at")
        _save(appeal, fields)
        _event(appeal, actor=actor, kind="category_changed",
               text=_("Category: %(old)s → %(new)s") % {"old": previous.name, "new": category.name})
        audit_record(actor=actor, community=community, action="appeals.appeal.category_changed", target=appeal,
                     data={"from": previous.code, "to": category.code, "department": appeal.department_id})
        _tell(appeal, actor=actor, event="category_changed",
              title=gettext_lazy("Appeal {index} is moved to “{category}”"), params={"category": category.name})
    return appeal


def appeal_note_add(*, actor, community, appeal_id: int, text: str) -> InternalNote:
    text = _text(text, "text")
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        note = InternalNote.objects.create(community=community, appeal=appeal, author=actor, text=text)
        audit_record(actor=actor, community=community, action="appeals.appeal.note_added", target=appeal)
    return note


# ---------------------------------------------------------------- reminders

def appeal_reminders_send(*, community, now: datetime | None = None) -> int:
    """Tell each process owner (or, while an appeal has none, its department's officials) how many of
    their open appeals are overdue or due within `due_soon_days`: one notification per person per run."""
    from collections import Counter
    from datetime import timedelta

    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    horizon = now + timedelta(days=community.setting("appeals", "due_soon_days"))
    rows = Appeal.objects.filter(community=community, status__in=OPEN_STATUSES, due_at__lte=horizon).values_list(
        "owner_id", "department_id", "due_at")
    officials: dict[int, list[int]] = {}
    for user_id, department_id in Membership.objects.filter(
            community=community, role=Role.OFFICIAL, department__isnull=False).values_list("user_id", "department_id"):
        officials.setdefault(department_id, []).append(user_id)
    soon: Counter = Counter()
    late: Counter = Counter()
    for owner_id, department_id, due_at in rows:
        for user_id in [owner_id] if owner_id else officials.get(department_id, []):
            (late if due_at < now else soon)[user_id] += 1
    people = get_user_model().objects.filter(pk__in=set(soon) | set(late), is_active=True)
    url = community_path(community, "appeals:queue")
    with transaction.atomic():
        sent = 0
        for person in people:
            sent += notify(community=community, recipients=[person], event="appeals.appeal.due_reminder",
                           title=gettext_lazy("Appeals: {late} overdue, {soon} due soon"), url=url,
                           params={"late": late[person.pk], "soon": soon[person.pk]})
        if sent:
            audit_record(actor=None, community=community, action="appeals.reminders.sent", data={"people": sent})
    return sent


__all__ = [
    "appeal_reminders_send",
    "appeal_photos_add", "area_save", "areas_import", "area_delete", "appeal_create", "appeal_follow", "appeal_unfollow",
    "appeal_assign", "appeal_start", "appeal_answer", "appeal_reject", "appeal_redirect", "appeal_close",
    "appeal_extend", "appeal_change_category", "appeal_note_add",
]
