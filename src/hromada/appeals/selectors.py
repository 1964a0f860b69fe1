"""Every read of appeals beyond a one-liner, always within one community and the caller's visibility:
lists and filters, the staff queue, nearby appeals, the public GeoJSON, the dashboard, open data."""

from __future__ import annotations

import hashlib
import json
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from hromada.core.errors import NotFound
from hromada.core.geo.distance import bbox_around, haversine_m
from hromada.core.identity.models import Department, Role
from hromada.core.identity.policies import department_ids_of
from hromada.core.identity.selectors import members_with_role

from . import policies
from .models import DONE_STATUSES, OPEN_STATUSES, Appeal, Area, Category, ResponseTemplate, Status

OPEN311_OPEN = tuple(OPEN_STATUSES)
MAX_ID = 2**63 - 1  # the largest primary key any backend stores; larger input is simply "not found"


def text_param(value) -> str:
    """Text from untrusted input without NUL characters (PostgreSQL text cannot hold them)."""
    return str(value or "").replace("\x00", "")


def valid_id(value) -> int | None:
    """A row id from untrusted input, or None (so a huge number never reaches the database driver)."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number <= MAX_ID else None


def categories(community, *, active_only: bool = True) -> QuerySet:
    qs = Category.objects.filter(community=community)
    return qs.filter(is_active=True) if active_only else qs


def areas(community) -> QuerySet:
    return Area.objects.filter(community=community).order_by("name")


def draft_photos(*, community, owner, tokens) -> list:
    """The owner's photo drafts among `tokens` (a day old at most); anything else, another's too, is ignored."""
    import uuid

    from .models import DraftPhoto

    wanted = []
    for value in list(tokens)[:20]:
        try:
            wanted.append(uuid.UUID(str(value)[:40]))
        except ValueError:
            continue
    if not wanted or owner is None or not getattr(owner, "is_authenticated", False):
        return []
    return list(DraftPhoto.objects.filter(community=community, owner=owner, token__in=wanted,
                                          created_at__gte=timezone.now() - timedelta(days=1)))


def appeal_for_confirmation(*, community, appeal_id: int):
    """The appeal with what a staff confirmation names (owner, department, category), after the action."""
    return (Appeal.objects.filter(community=community, pk=valid_id(appeal_id) or 0)
            .select_related("owner", "department", "category").first())


def area_places(community) -> list:
    """The community's areas as places an address search finds (a point inside each, for the pin)."""
    from shapely.geometry import shape

    from hromada.core.geo.geocoding import Place

    places = []
    for name, geometry in Area.objects.filter(community=community).values_list("name", "geometry"):
        try:
            point = shape(geometry).representative_point()
        except (AttributeError, TypeError, ValueError, KeyError, IndexError):
            continue
        places.append(Place(name, point.y, point.x, "area"))
    return places


def visibility_q(user, community) -> Q:
    """Public appeals, plus the caller's own, plus those the caller handles as staff."""
    if user is not None and getattr(user, "is_authenticated", False):
        if policies.can_manage_all(user, community):
            return Q()
        q = Q(is_public=True) | Q(author=user)
        departments = department_ids_of(user, community)
        if departments:
            q |= Q(department_id__in=departments)
        return q
    return Q(is_public=True)


def _base(community) -> QuerySet:
    return Appeal.objects.filter(community=community).select_related("category", "department", "area")


@dataclass
class AppealFilters:
    category: str = ""
    status: str = ""
    area: int | None = None
    department: int | None = None
    overdue: bool = False
    due_soon: bool = False
    q: str = ""
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    extra: dict = field(default_factory=dict)


def apply_filters(qs: QuerySet, filters: AppealFilters, community) -> QuerySet:
    now = timezone.now()
    filters.category, filters.status, filters.q = (text_param(filters.category), text_param(filters.status),
                                                   text_param(filters.q))
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status == "closed":
        qs = qs.filter(status__in=DONE_STATUSES)
    elif filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    if filters.area:
        qs = qs.filter(area_id=filters.area)
    if filters.department:
        qs = qs.filter(department_id=filters.department)
    if filters.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    if filters.due_soon:
        days = community.setting("appeals", "due_soon_days")
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__gte=now, due_at__lte=now + timedelta(days=days))
    if filters.q:
        qs = qs.filter(Q(registration_index__icontains=filters.q) | Q(address__icontains=filters.q))
    if filters.bbox:
        min_lon, min_lat, max_lon, max_lat = filters.bbox
        qs = qs.filter(lat__gte=min_lat, lat__lte=max_lat, lon__gte=min_lon, lon__lte=max_lon)
    return qs


def appeal_list(*, community, user, filters: AppealFilters | None = None) -> QuerySet:
    qs = _base(community).filter(visibility_q(user, community))
    return apply_filters(qs, filters or AppealFilters(), community).order_by("-created_at", "-pk")


def public_appeal_list(*, community, filters: AppealFilters | None = None) -> QuerySet:
    qs = _base(community).filter(is_public=True)
    return apply_filters(qs, filters or AppealFilters(), community).order_by("-created_at", "-pk")


def my_appeals(*, community, user) -> QuerySet:
    return _base(community).filter(author=user).order_by("-created_at", "-pk")


def followed_appeals(*, community, user) -> QuerySet:
    return _base(community).filter(followers__user=user).filter(visibility_q(user, community)).order_by("-created_at")


def staff_queue(*, community, user, filters: AppealFilters | None = None) -> QuerySet:
    """Appeals of the departments the user works in (all departments for admins and moderators)."""
    qs = _base(community).select_related("owner")
    if not policies.can_manage_all(user, community):
        qs = qs.filter(department_id__in=department_ids_of(user, community))
    filters = filters or AppealFilters(status="open")
    return apply_filters(qs, filters, community).order_by("due_at", "pk")


def appeal_get(*, community, user, appeal_id) -> Appeal:
    """One appeal the user may see; anything else, including other communities', is "not found"."""
    appeal_id = valid_id(appeal_id)
    if appeal_id is None:
        raise NotFound()
    appeal = _base(community).select_related("owner", "author").filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound()
    appeal.community = community
    if not policies.can_view(user, appeal):
        raise NotFound()
    return appeal


def appeal_by_index(*, community, index: str) -> Appeal | None:
    appeal = _base(community).filter(registration_index=index).first()
    if appeal is not None:
        appeal.community = community
    return appeal


def history(appeal) -> list:
    return list(appeal.events.select_related("actor").order_by("created_at", "pk"))


def answers(appeal) -> list[tuple[str, str]]:
    """The answers to the category's extra questions as (question, answer) in the category's words."""
    out = []
    for question in appeal.category.attributes or []:
        code = question.get("code")
        if code not in (appeal.attributes or {}):
            continue
        names = {str(v.get("key")): v.get("name") for v in question.get("values") or []}
        value = appeal.attributes[code]
        values = value if isinstance(value, list) else [value]
        out.append((question.get("description") or code, ", ".join(str(names.get(str(v), v)) for v in values)))
    return out


def is_following(appeal, user) -> bool:
    return bool(user and user.is_authenticated) and appeal.followers.filter(user=user).exists()


def department_officials(*, community, department_id: int | None) -> list:
    if department_id is None:
        return []
    return list(members_with_role(community=community, roles=Role.OFFICIAL, department=department_id))


def response_templates(*, community, category_id: int | None) -> QuerySet:
    return ResponseTemplate.objects.filter(community=community).filter(
        Q(category__isnull=True) | Q(category_id=category_id))


def nearby_open(*, community, category_code: str, lat: float, lon: float, radius_m: float | None = None,
                limit: int = 5) -> list[tuple[Appeal, float]]:
    """Open public appeals of the same category within the radius, nearest first (duplicates-to-be)."""
    radius = radius_m if radius_m is not None else community.setting("appeals", "nearby_radius_m")
    min_lat, min_lon, max_lat, max_lon = bbox_around(lat, lon, radius)
    candidates = _base(community).filter(
        is_public=True, status__in=OPEN_STATUSES, category__code=text_param(category_code),
        lat__gte=min_lat, lat__lte=max_lat, lon__gte=min_lon, lon__lte=max_lon,
    )[:200]
    found = [(a, haversine_m(lat, lon, a.lat, a.lon)) for a in candidates]
    found = [(a, d) for a, d in found if d <= radius]
    found.sort(key=lambda pair: pair[1])
    return found[:limit]


def public_geojson(*, community, filters: AppealFilters | None = None, limit: int = 10_000) -> dict:
    """Public appeals as a FeatureCollection, built from tuples (no model instances) for speed.

    Names of categories and statuses travel once, in the collection's "legend" (a foreign member RFC 7946
    allows), not in every feature."""
    qs = apply_filters(Appeal.objects.filter(community=community, is_public=True), filters or AppealFilters(),
                       community)
    rows = qs.order_by("-created_at").values_list(
        "pk", "lat", "lon", "registration_index", "status", "category__code", "created_at")[:limit]
    features = [
        {"type": "Feature", "id": pk, "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
         "properties": {"index": index, "status": status, "category": code,
                        "created": created.date().isoformat()}}
        for pk, lat, lon, index, status, code, created in rows
    ]
    legend = {"categories": dict(Category.objects.filter(community=community).values_list("code", "name")),
              "statuses": {value: str(label) for value, label in Status.choices}}
    return {"type": "FeatureCollection", "legend": legend, "features": features}


def public_geojson_bytes(*, community, filters: AppealFilters | None = None) -> bytes:
    """The map's GeoJSON serialised, cached until a public appeal changes (count and last update are the key)."""
    filters = filters or AppealFilters()
    stamp = apply_filters(Appeal.objects.filter(community=community, is_public=True), filters, community).aggregate(
        n=Count("pk"), last=Max("updated_at"))
    key = "appeals:geojson:" + hashlib.sha256(repr((
        community.pk, get_language(), stamp["n"], stamp["last"], sorted(filters.__dict__.items()),
    )).encode()).hexdigest()
    payload = cache.get(key)
    if payload is None:
        data = public_geojson(community=community, filters=filters)
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        cache.set(key, payload, 300)
    return payload


@dataclass
class Row:
    label: str
    total: int = 0
    open: int = 0
    overdue: int = 0
    answered: int = 0
    on_time: int = 0
    hours: list = field(default_factory=list)
    ratings: list = field(default_factory=list)

    @property
    def average_rating(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 1) if self.ratings else None

    @property
    def median_days(self) -> float | None:
        return round(statistics.median(self.hours) / 24, 1) if self.hours else None

    @property
    def on_time_share(self) -> float | None:
        return round(100 * self.on_time / self.answered) if self.answered else None


def dashboard(*, community) -> dict:
    """Executive discipline: counts per category, department, channel, area and month of registration, median
    time to answer, share on time, and the residents' average rating of the answers. Appeals filed in the
    assistant's chat count as the channel "chatbot" (their source), not as the website they are recorded under."""
    from .models import Channel, Source

    now = timezone.now()
    rows = Appeal.objects.filter(community=community).values_list(
        "category__name", "department__name", "status", "created_at", "due_at", "answered_at", "channel",
        "area__name", "rating", "source")
    tables: dict[str, dict[str, Row]] = {name: {} for name in ("category", "department", "channel", "area", "month")}
    channels = dict(Channel.choices)
    total = Row(label="")
    for category, department, status, created, due, answered, channel, area, rating, source in rows:
        came_by = Source.CHATBOT.label if source == Source.CHATBOT else channels.get(channel, channel)
        keys = {"category": category, "department": department or "—", "channel": str(came_by),
                "area": area or "—", "month": timezone.localtime(created).strftime("%Y-%m")}
        for row in [total, *(tables[name].setdefault(key, Row(label=key)) for name, key in keys.items())]:
            row.total += 1
            if rating:
                row.ratings.append(rating)
            if status in OPEN_STATUSES:
                row.open += 1
                row.overdue += due < now
            elif answered is not None:
                row.answered += 1
                row.on_time += answered <= due
                row.hours.append((answered - created).total_seconds() / 3600)
    by_total = {name: sorted(table.values(), key=lambda r: -r.total) for name, table in tables.items()}
    return {
        "total": total,
        "by_category": by_total["category"], "by_department": by_total["department"],
        "by_channel": by_total["channel"], "by_area": by_total["area"],
        "by_month": sorted(tables["month"].values(), key=lambda r: r.label, reverse=True)[:24],
    }


def status_counts(*, community) -> dict[str, int]:
    return dict(Appeal.objects.filter(community=community, is_public=True).values_list("status")
                .annotate(n=Count("pk")).values_list("status", "n"))


def departments(community) -> QuerySet:
    return Department.objects.filter(community=community, is_active=True)


# ---------------------------------------------------------------- open data (no personal data)

def _iso(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


def opendata_rows(community):
    qs = Appeal.objects.filter(community=community, is_public=True).select_related(
        "category", "area", "department").order_by("created_at")
    for a in qs.iterator(chunk_size=1000):
        yield {
            "registration_index": a.registration_index, "category": a.category.name,
            "category_code": a.category.code, "status": a.status, "area": a.area.name if a.area else "",
            "department": a.department.name if a.department else "", "lat": round(a.lat, 5),
            "lon": round(a.lon, 5), "registered_at": _iso(a.created_at), "due_at": _iso(a.due_at),
            "answered_at": _iso(a.answered_at),
            "answered_on_time": (a.answered_at <= a.due_at) if a.answered_at else None,
        }


def opendata_geojson(community) -> dict:
    return public_geojson(community=community, limit=100_000)
