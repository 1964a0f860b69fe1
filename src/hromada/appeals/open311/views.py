"""Open311 GeoReport v2 endpoints: discovery, services, service definitions, requests, tokens.

POST requests go through appeals.services.appeal_create with the api_key's user as the actor."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from hromada.core.api import params as bounded
from hromada.core.api.ratelimit import RateKey, check_surface_rate, limited_surface
from hromada.core.api.tokens import api_token_authenticate
from hromada.core.calendar.working_days import KYIV
from hromada.core.errors import DomainError, RateLimited, ValidationFailed
from hromada.core.tenancy.models import Community

from .. import selectors, services
from ..models import OPEN_STATUSES, Appeal, Source, Status
from .render import error, respond, w3c

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-22T00:00:00+02:00"
MAX_SPAN = timedelta(days=90)
MAX_PAGE_SIZE = 1000
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        self.status, self.description = status, description


def _community(request) -> Community:
    """jurisdiction_id selects the community on a multi-community install; under a community's host
    or /c/<slug>/ prefix it must name that community."""
    jid = selectors.text_param(request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")).strip().lower()
    current = getattr(request, "community", None)
    if jid:
        from django.db.models import Q

        found = Community.objects.filter(Q(slug=jid) | Q(domain=jid), is_active=True).first()
        if found is None or (current is not None and request.community_prefix and found.pk != current.pk):
            raise Open311Error(404, _("Unknown jurisdiction_id."))
        current = found
    if current is None:
        raise Open311Error(400, _("jurisdiction_id is required on this server."))
    if not current.capability_enabled("appeals"):
        raise Open311Error(404, _("This jurisdiction does not accept appeals."))
    return current


def _api_user(request, community, *, required: bool):
    raw = selectors.text_param(request.POST.get("api_key") or request.GET.get("api_key")).strip()
    token = api_token_authenticate(raw, community) if raw else None
    if token is None:
        if required or raw:
            raise Open311Error(403, _("A valid api_key is required."))
        return None
    return token.user


def _cost(request, view) -> int:
    """A page of requests costs by its size (1,000 XML items take ~0.6 s of CPU); any other call costs 1."""
    if view.__name__ != "request_list" or request.method != "GET":
        return 1
    raw = request.GET.get("page_size", "")
    return 1 + min(int(raw) if raw.isdigit() else MAX_PAGE_SIZE, MAX_PAGE_SIZE) // 100


def endpoint(view):
    """Resolve the community, turn refusals into the spec's error bodies, never a 500 for bad input."""

    @limited_surface("open311")
    @csrf_exempt
    def wrapped(request, fmt, **kwargs):
        try:
            check_surface_rate(request, "open311", cost=_cost(request, view))
            community = _community(request)
            return view(request, fmt, community, **kwargs)
        except Open311Error as exc:
            return error(fmt, exc.status, exc.description)
        except RateLimited as exc:
            response = error(fmt, 429, str(exc.message))
            response["Retry-After"] = str(exc.retry_after)
            return response
        except DomainError as exc:
            status = exc.status if exc.status in (400, 403, 404) else 400
            details = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.fields.items())
            return error(fmt, status, f"{exc.message} {details}".strip())
        except RequestDataTooBig:
            return error(fmt, 413, _("The request body is too large."))
        except (MultiPartParserError, TooManyFieldsSent, TooManyFilesSent):
            # e.g. multipart/form-data without a boundary: Django cannot even split the body into fields
            return error(fmt, 400, _("The request body cannot be read as a form."))

    wrapped.__name__ = view.__name__
    return wrapped


def _base_url(request) -> str:
    return request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": "json"}))[: -len("discovery.json")]


@endpoint
def discovery(request, fmt, community):
    base = _base_url(request)
    payload = {
        "changeset": CHANGESET,
        "contact": community.setting("appeals", "open311_contact") or community.email or community.name,
        "key_service": _("Create a personal API token in your profile on %(site)s.") % {"site": community.name},
        "endpoints": [{"specification": SPEC, "url": base, "changeset": CHANGESET, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }
    return respond(fmt, payload, root="discovery", item=None)


def _service(category) -> dict:
    return {"service_code": category.code, "service_name": category.name, "description": category.description,
            "metadata": bool(category.attributes), "type": "realtime", "keywords": category.keywords,
            "group": category.group}


@endpoint
def service_list(request, fmt, community):
    if request.method != "GET":
        raise Open311Error(400, _("Use GET."))
    return respond(fmt, [_service(c) for c in selectors.categories(community)], root="services", item="service")


@endpoint
def service_definition(request, fmt, community, code):
    category = selectors.categories(community).filter(code=code).first()
    if category is None:
        raise Open311Error(404, _("No such service_code."))
    attributes = []
    for order, attr in enumerate(category.attributes or [], start=1):
        datatype = attr.get("datatype", "string")
        attributes.append({
            "variable": True, "code": attr.get("code", ""),
            "datatype": datatype if datatype in DATATYPES else "string",
            "required": bool(attr.get("required")), "datatype_description": attr.get("datatype_description", ""),
            "order": attr.get("order", order), "description": attr.get("description", ""),
            "values": [{"key": str(v.get("key", "")), "name": v.get("name", "")} for v in attr.get("values") or []],
        })
    return respond(fmt, {"service_code": category.code, "attributes": attributes}, root="service_definition",
                   item=None)


# ---------------------------------------------------------------- requests

def _status_notes(appeal: Appeal) -> str:
    label = appeal.get_status_display()
    if appeal.status == Status.REJECTED and appeal.reason:
        return f"{label}: {appeal.reason}"
    if appeal.status == Status.REDIRECTED:
        return f"{label}: {appeal.redirected_to}. {appeal.reason}".strip()
    if appeal.status in (Status.ANSWERED, Status.CLOSED) and appeal.response_text:
        return f"{label}: {appeal.response_text}"
    return label


def _media_url(request, appeal: Appeal) -> str:
    photo = next(iter(appeal.photos.all()), None)
    if photo is None or not appeal.is_public:
        return ""
    return request.build_absolute_uri(reverse("appeals:photo", args=[appeal.pk, photo.pk]))


def _request_out(request, appeal: Appeal, *, extensions: bool) -> dict:
    data = {
        "service_request_id": appeal.registration_index,
        "status": "open" if appeal.status in OPEN_STATUSES else "closed",
        "status_notes": _status_notes(appeal),
        "service_name": appeal.category.name,
        "service_code": appeal.category.code,
        "description": appeal.description,
        "agency_responsible": appeal.department.name if appeal.department else "",
        "service_notice": _("Answer due by %(date)s") % {"date": timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")},
        "requested_datetime": w3c(appeal.created_at),
        "updated_datetime": w3c(appeal.updated_at),
        "expected_datetime": w3c(appeal.due_at),
        "address": appeal.address,
        "address_id": "",
        "zipcode": "",
        "lat": appeal.lat,
        "long": appeal.lon,
        "media_url": _media_url(request, appeal),
    }
    if extensions:
        data["extended_attributes"] = [{"registration_index": appeal.registration_index,
                                        "detailed_status": appeal.status, "area": appeal.area.name if appeal.area else "",
                                        "term_extended": appeal.extended}]
        data["notes"] = [{"datetime": w3c(e.created_at), "description": e.text or e.get_status_display(),
                          "type": e.kind} for e in appeal.events.all()]
    return data


def _moment(raw: str, field: str) -> datetime:
    # An unencoded "+" of the offset arrives as a space.
    text = raw.strip().replace(" ", "+")
    if "T" not in text:
        raise Open311Error(400, _("%(field)s must be a W3C datetime, e.g. 2026-11-01T00:00:00+02:00.") % {"field": field})
    try:
        return bounded.iso_datetime(text, field, default_tz=KYIV)
    except ValidationFailed:
        raise Open311Error(400, _("%(field)s must be a W3C datetime, e.g. 2026-11-01T00:00:00+02:00.") % {
            "field": field}) from None


def _positive_int(raw: str | None, field: str, default: int, maximum: int) -> int:
    try:
        return bounded.bounded_int(raw, field, default=default, low=1, high=maximum)
    except ValidationFailed:
        raise Open311Error(400, _("%(field)s must be a whole number between 1 and %(max)s.") % {
            "field": field, "max": maximum}) from None


def _visible(community, user):
    return Appeal.objects.filter(community=community).filter(selectors.visibility_q(user, community)).select_related(
        "category", "department", "area").prefetch_related("photos")


@endpoint
def request_list(request, fmt, community):
    if request.method == "POST":
        return _create(request, fmt, community)
    if request.method != "GET":
        raise Open311Error(400, _("Use GET or POST."))
    user = _api_user(request, community, required=False)
    params = request.GET
    qs = _visible(community, user)
    ids = [i.strip() for i in selectors.text_param(params.get("service_request_id")).split(",") if i.strip()]
    if ids:
        qs = qs.filter(registration_index__in=ids[:MAX_PAGE_SIZE])  # overrides every other filter
    else:
        codes = [c.strip() for c in selectors.text_param(params.get("service_code")).split(",") if c.strip()]
        if codes:
            qs = qs.filter(category__code__in=codes)
        start = _moment(params["start_date"], "start_date") if params.get("start_date") else None
        end = _moment(params["end_date"], "end_date") if params.get("end_date") else None
        if start and end and end - start > MAX_SPAN:
            raise Open311Error(400, _("The span between start_date and end_date is at most 90 days."))
        if start and end and end < start:
            raise Open311Error(400, _("end_date is before start_date."))
        if start is None and end is None:
            end = timezone.now()
        try:
            if start is None:
                start = end - MAX_SPAN
            if end is None:
                end = start + MAX_SPAN
        except OverflowError:  # 90 days before year 1 or after year 9999
            raise Open311Error(400, _("start_date and end_date must lie between the years 1 and 9999.")) from None
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status must be open or closed."))
        if statuses == {"open"}:
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif statuses == {"closed"}:
            qs = qs.exclude(status__in=OPEN_STATUSES)
        if params.get("updated_after"):
            qs = qs.filter(updated_at__gt=_moment(params["updated_after"], "updated_after"))
        if params.get("updated_before"):
            qs = qs.filter(updated_at__lt=_moment(params["updated_before"], "updated_before"))
    extensions = params.get("extensions", "").lower() == "true"
    if extensions:
        qs = qs.prefetch_related("events")
    page = _positive_int(params.get("page"), "page", 1, 100_000)
    size = _positive_int(params.get("page_size"), "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE)
    rows = qs.order_by("-created_at", "-pk")[(page - 1) * size: page * size]
    return respond(fmt, [_request_out(request, a, extensions=extensions) for a in rows],
                   root="service_requests", item="request")


@endpoint
def request_detail(request, fmt, community, request_id):
    user = _api_user(request, community, required=False)
    appeal = _visible(community, user).prefetch_related("events").filter(registration_index=request_id).first()
    if appeal is None:
        raise Open311Error(404, _("No such service_request_id."))
    extensions = request.GET.get("extensions", "").lower() == "true"
    return respond(fmt, [_request_out(request, appeal, extensions=extensions)], root="service_requests",
                   item="request")


@endpoint
def token_detail(request, fmt, community, token):
    import uuid

    try:
        key = uuid.UUID(token)
    except ValueError as exc:
        raise Open311Error(404, _("No such token.")) from exc
    appeal = Appeal.objects.filter(community=community, token=key).first()
    if appeal is None:
        raise Open311Error(404, _("No such token."))
    return respond(fmt, [{"service_request_id": appeal.registration_index, "token": str(appeal.token)}],
                   root="service_requests", item="request")


def _attributes(post) -> dict:
    """attribute[code]=value, and attribute[code][]=v for multi-value lists."""
    values: dict[str, object] = {}
    for key in post:
        if key.startswith("attribute[") and "]" in key:
            code = key[len("attribute["): key.index("]")]
            values[code] = post.getlist(key) if key.endswith("[]") else post.get(key)
    return values


def _create(request, fmt, community):
    user = _api_user(request, community, required=True)
    post = request.POST
    if not post.get("service_code"):
        raise Open311Error(400, _("service_code is required."))
    if not (post.get("lat") and post.get("long")):
        raise Open311Error(400, _("lat and long are required (this server has no geocoder for address_string)."))
    name = " ".join(part for part in (post.get("first_name", ""), post.get("last_name", "")) if part).strip()
    appeal = services.appeal_create(
        actor=user, community=community, category_code=post.get("service_code", ""),
        description=post.get("description", ""), lat=post.get("lat"), lon=post.get("long"),
        address=post.get("address_string", ""), attributes=_attributes(post), photos=request.FILES.getlist("media"),
        contact_name=name, contact_email=post.get("email", ""), contact_phone=post.get("phone", "")[:40],
        # The api_key's person is the actor: counted against the same per-person limit as the web and the API.
        source=Source.OPEN311, caller=RateKey.from_request(request, user=user),
    )
    notice = _("Registered as %(index)s; the answer is due by %(date)s.") % {
        "index": appeal.registration_index, "date": timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")}
    return respond(fmt, [{"service_request_id": appeal.registration_index, "token": str(appeal.token),
                          "service_notice": notice, "account_id": str(user.pk)}],
                   root="service_requests", item="request")


@limited_surface("open311")
@csrf_exempt
def unknown(request, rest):
    fmt = "xml" if rest.endswith(".xml") else "json"
    try:
        check_surface_rate(request, "open311")
    except RateLimited as exc:
        response = error(fmt, 429, str(exc.message))
        response["Retry-After"] = str(exc.retry_after)
        return response
    if rest.endswith((".json", ".xml")) or not rest:
        return error(fmt, 404, _("Unknown Open311 path."))
    return error("json", 400, _("Add the format: .json or .xml."))

