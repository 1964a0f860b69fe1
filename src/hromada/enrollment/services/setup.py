"""The community's configuration of enrolment: institutions (from the city map), their groups and service areas,
and the priority categories, by the community's admins. None of these writes a position: changing a category's
rank or a group's places changes queues only through the published rules, for everyone at once."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.geo.geojson import geometry_to_geojson, validate_geometry, validate_point
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Department
from hromada.core.text import visible_length
from hromada.maps import selectors as map_selectors

from .. import policies
from ..models import Group, Institution, InstitutionKind, PriorityCategory, ServiceArea

NAME_MAX = 200
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_AGE_MONTHS = 18 * 12


def _configure(actor, community) -> None:
    require(policies.can_configure(actor, community), _("Only the community's admins configure enrolment."))


def _text(value, field: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        raise ValidationFailed(fields={field: [_("Enter text.")]})
    if required and not visible_length(value):
        raise ValidationFailed(fields={field: [_("This field is required.")]})
    if len(value) > max_length:
        raise ValidationFailed(fields={field: [_("At most %(max)s characters.") % {"max": max_length}]})
    return value


def _int(value, field: str, low: int, high: int, *, required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            raise ValidationFailed(fields={field: [_("This field is required.")]})
        return None
    if isinstance(value, bool):
        raise ValidationFailed(fields={field: [_("Enter a whole number.")]})
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationFailed(fields={field: [_("Enter a whole number.")]}) from None
    if not low <= number <= high:
        raise ValidationFailed(fields={field: [_("Between %(low)s and %(high)s.") % {"low": low, "high": high}]})
    return number


def _institution(community, institution_id, *, lock: bool = False) -> Institution:
    rows = Institution.objects.select_for_update() if lock else Institution.objects
    institution = rows.filter(community=community, pk=institution_id).first() if isinstance(institution_id, int) else None
    if institution is None:
        raise NotFound()
    return institution


@service
def institution_save(*, actor, community, institution_id: int | None = None, kind: str, name: str = "",
                     address: str = "", lat=None, lon=None, map_feature_id: int | None = None,
                     department_id: int | None = None, is_active: bool = True) -> Institution:
    """Add or change an institution. With `map_feature_id`, its name, address and point come from that feature of
    the city map when not given (the map's selectors decide what the actor may see)."""
    _configure(actor, community)
    if kind not in InstitutionKind.values:
        raise ValidationFailed(fields={"kind": [_("Choose a kind of institution.")]})
    if map_feature_id is not None:
        feature = None
        if isinstance(map_feature_id, int) and not isinstance(map_feature_id, bool):
            try:
                feature = map_selectors.feature_get(community=community, user=actor, feature_id=map_feature_id)
            except NotFound:
                feature = None
        if feature is None:
            raise ValidationFailed(fields={"map_feature_id": [_("No such feature on the city map.")]})
        name = name or feature.name
        address = address or feature.address
        if lat is None and lon is None:
            lat, lon = feature.lat, feature.lon
    name = _text(name, "name", 300)
    address = _text(address, "address", 300, required=False)
    if lat is not None or lon is not None:
        lat, lon = validate_point(lat, lon)
    department = None
    if department_id is not None:
        department = Department.objects.filter(community=community, pk=department_id).first() \
            if isinstance(department_id, int) else None
        if department is None:
            raise ValidationFailed(fields={"department_id": [_("No such department.")]})
    values = {"kind": kind, "name": name, "address": address, "lat": lat, "lon": lon,
              "map_feature_id": map_feature_id, "department": department, "is_active": bool(is_active)}
    try:
        with transaction.atomic():
            if institution_id is None:
                institution = Institution.objects.create(community=community, **values)
                action = "enrollment.institution.created"
            else:
                institution = _institution(community, institution_id, lock=True)
                for field, value in values.items():
                    setattr(institution, field, value)
                institution.save()
                action = "enrollment.institution.changed"
            audit_record(actor=actor, community=community, action=action, target=institution)
    except IntegrityError:
        raise ValidationFailed(fields={"map_feature_id": [_("Another institution is linked to this feature.")]}) from None
    return institution


@service
def institution_delete(*, actor, community, institution_id: int) -> None:
    _configure(actor, community)
    try:
        with transaction.atomic():
            institution = _institution(community, institution_id, lock=True)
            audit_record(actor=actor, community=community, action="enrollment.institution.deleted",
                         target=institution, data={"name": institution.name})
            institution.delete()
    except ProtectedError:
        raise Conflict(_("The institution has applications; close it instead."), code="in_use") from None


@service
def service_area_set(*, actor, community, institution_id: int, geometry) -> ServiceArea | None:
    """Set (or, with None, remove) a school's service area. Applications already filed keep the fact fixed when
    they were filed; the area applies to those filed after."""
    _configure(actor, community)
    if geometry is not None:
        # Stored as the validated shape's own GeoJSON: a Feature wrapper or JSON text come out as a plain geometry.
        geometry = geometry_to_geojson(validate_geometry(geometry, field="geometry",
                                                         allowed=("Polygon", "MultiPolygon")))
    with transaction.atomic():
        institution = _institution(community, institution_id, lock=True)
        if geometry is None:
            ServiceArea.objects.filter(institution=institution).delete()
            area = None
        else:
            area, _created = ServiceArea.objects.update_or_create(
                institution=institution, defaults={"community": community, "geometry": geometry})
        audit_record(actor=actor, community=community, action="enrollment.service_area.set", target=institution,
                     data={"removed": geometry is None})
    return area


def _group_values(*, name, start_year, age_from_months, age_to_months, grade, capacity) -> dict:
    age_from = _int(age_from_months, "age_from_months", 0, MAX_AGE_MONTHS, required=False)
    age_to = _int(age_to_months, "age_to_months", 0, MAX_AGE_MONTHS, required=False)
    if age_from is not None and age_to is not None and age_from > age_to:
        raise ValidationFailed(fields={"age_to_months": [_("The upper age is below the lower one.")]})
    return {
        "name": _text(name, "name", NAME_MAX),
        "start_year": _int(start_year, "start_year", MIN_YEAR, MAX_YEAR),
        "age_from_months": age_from,
        "age_to_months": age_to,
        "grade": _int(grade, "grade", 1, 12, required=False),
        "capacity": _int(capacity, "capacity", 0, 10_000),
    }


@service
def group_save(*, actor, community, institution_id: int, group_id: int | None = None, name: str, start_year: int,
               capacity: int, age_from_months: int | None = None, age_to_months: int | None = None,
               grade: int | None = None, is_open: bool = True) -> Group:
    """Add or change a group. Places may not drop below those already taken (the database refuses it too)."""
    _configure(actor, community)
    values = _group_values(name=name, start_year=start_year, age_from_months=age_from_months,
                           age_to_months=age_to_months, grade=grade, capacity=capacity)
    values["is_open"] = bool(is_open)
    try:
        with transaction.atomic():
            institution = _institution(community, institution_id)
            if group_id is None:
                group = Group.objects.create(community=community, institution=institution, **values)
                action = "enrollment.group.created"
            else:
                found = Group.objects.select_for_update().filter(community=community, institution=institution,
                                                                 pk=group_id).first() if isinstance(group_id, int) else None
                if found is None:
                    raise NotFound()
                group = found
                if values["capacity"] < group.taken:
                    raise ValidationFailed(fields={"capacity": [
                        _("%(taken)s places are already taken.") % {"taken": group.taken}]})
                for field, value in values.items():
                    setattr(group, field, value)
                group.save()
                action = "enrollment.group.changed"
            audit_record(actor=actor, community=community, action=action, target=group,
                         data={"capacity": group.capacity})
    except IntegrityError:
        raise ValidationFailed(fields={"name": [_("The institution has a group of this name for that year.")]}) \
            from None
    return group


@service
def group_delete(*, actor, community, group_id: int) -> None:
    _configure(actor, community)
    try:
        with transaction.atomic():
            group = Group.objects.select_for_update().filter(community=community, pk=group_id).first() \
                if isinstance(group_id, int) else None
            if group is None:
                raise NotFound()
            audit_record(actor=actor, community=community, action="enrollment.group.deleted", target=group,
                         data={"name": group.name})
            group.delete()
    except ProtectedError:
        raise Conflict(_("Applications name this group; close it instead."), code="in_use") from None


@service
def category_save(*, actor, community, category_id: int | None = None, name: str, rank: int, proof: str = "",
                  is_active: bool = True) -> PriorityCategory:
    """Add or change a priority category. A new rank reorders every queue by the published rule: it is audited."""
    _configure(actor, community)
    values = {"name": _text(name, "name", NAME_MAX), "rank": _int(rank, "rank", 1, 1000),
              "proof": _text(proof, "proof", 2000, required=False), "is_active": bool(is_active)}
    try:
        with transaction.atomic():
            if category_id is None:
                category = PriorityCategory.objects.create(community=community, **values)
                action = "enrollment.category.created"
            else:
                found_category = PriorityCategory.objects.select_for_update().filter(
                    community=community, pk=category_id).first() if isinstance(category_id, int) else None
                if found_category is None:
                    raise NotFound()
                category = found_category
                old_rank = category.rank
                for field, value in values.items():
                    setattr(category, field, value)
                category.save()
                action = "enrollment.category.changed"
            audit_record(actor=actor, community=community, action=action, target=category,
                         data={"rank": category.rank, **({"old_rank": old_rank} if category_id is not None else {})})
    except IntegrityError:
        raise ValidationFailed(fields={"name": [_("A category of this name exists.")]}) from None
    return category


@service
def category_delete(*, actor, community, category_id: int) -> None:
    _configure(actor, community)
    try:
        with transaction.atomic():
            category = PriorityCategory.objects.select_for_update().filter(community=community, pk=category_id) \
                .first() if isinstance(category_id, int) else None
            if category is None:
                raise NotFound()
            audit_record(actor=actor, community=community, action="enrollment.category.deleted", target=category,
                         data={"name": category.name})
            category.delete()
    except ProtectedError:
        raise Conflict(_("Applications claim this category; make it inactive instead."), code="in_use") from None
