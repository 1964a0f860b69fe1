"""The CKAN actions themselves: each takes the call context and the data dict and returns the result,
raising domain errors that the view turns into CKAN's error types.

Reads go through the portal's selectors and search; follow_dataset and follow_group go through the services."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hromada.core.api import params
from hromada.core.api.ratelimit import RateKey
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed

from .. import datastore, policies, services
from ..models import Dataset, Follow, Publisher, Resource, Tag, Theme
from ..search import FACETABLE, MAX_ROWS, SearchQueryError, dataset_search, visible_datasets, with_everything
from ..vocabulary import LICENSES
from .dicts import (
    Linker,
    group_dict,
    iso,
    organization_dict,
    package_dict,
    resource_dict,
    stored_package_dicts,
)

CKAN_VERSION = "2.10.4"


@dataclass
class Context:
    request: object
    community: object
    user: object
    linker: Linker


# ---------------------------------------------------------------- parameter parsing


def _required(data: dict, key: str, *aliases: str) -> str:
    for name in (key, *aliases):
        value = data.get(name)
        if value not in (None, ""):
            return str(value)
    raise ValidationFailed(fields={key: [_("Missing value")]})


def _int(data: dict, key: str, default: int, *, low: int = 0, high: int = params.MAX_OFFSET) -> int:
    # Offsets and limits stop at MAX_OFFSET, so offset + limit always fits the databases' 64-bit OFFSET.
    return params.bounded_int(data.get(key), key, default=default, low=low, high=high)


def _bool(data: dict, key: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _json(data: dict, key: str, default, kinds: tuple):
    value = data.get(key, default)
    if isinstance(value, str):
        try:
            value = params.json_loads(value, name=key) if value.strip() else default
        except ValidationFailed:
            if list in kinds and key != "filters":
                return [part.strip() for part in value.split(",") if part.strip()]
            raise ValidationFailed(fields={key: [_("Cannot parse JSON")]}) from None
    if value is not None and not isinstance(value, kinds):
        raise ValidationFailed(fields={key: [_("Wrong type")]})
    return value


# ---------------------------------------------------------------- lookups


def _dataset(ctx: Context, ident: str) -> Dataset:
    qs = with_everything(visible_datasets(ctx.community, ctx.user, include_private=True))
    match = Q(name=ident)
    if _looks_like_uuid(ident):
        match |= Q(pk=ident)
    dataset = qs.filter(match).first()
    if dataset is None:
        raise NotFound(_("Dataset not found"))
    return dataset


def _looks_like_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _resource(ctx: Context, ident: str) -> Resource:
    if not _looks_like_uuid(ident):
        raise NotFound(_("Resource was not found."))
    resource = (Resource.objects.filter(community=ctx.community, pk=ident)
                .select_related("dataset", "current_version__datastore").first())
    if resource is None or not policies.can_see_dataset(ctx.user, ctx.community, resource.dataset):
        raise NotFound(_("Resource was not found."))
    return resource


def _by_name_or_id(model, ctx: Context, ident: str):
    match = Q(name=ident)
    if _looks_like_uuid(ident):
        match |= Q(pk=ident)
    obj = model.objects.filter(community=ctx.community).filter(match).first()
    if obj is None:
        raise NotFound(_("%(kind)s not found") % {"kind": _("Organization") if model is Publisher else _("Group")})
    return obj


# ---------------------------------------------------------------- actions


def status_show(ctx: Context, data: dict):
    """Site information: CKAN version, site URL and title, default locale, extensions."""
    return {"ckan_version": CKAN_VERSION, "site_url": ctx.linker.absolute("web:home").rstrip("/"),
            "site_title": ctx.community.name, "site_description": _("Open data of %(name)s") % {"name": ctx.community.name},
            "error_emails_to": None, "locale_default": "uk", "extensions": ["datastore", "dcat", "hromada"]}


def package_list(ctx: Context, data: dict):
    """Names of the public datasets; limit and offset page through them."""
    limit = _int(data, "limit", 0)
    offset = _int(data, "offset", 0)
    qs = Dataset.objects.filter(community=ctx.community, private=False).order_by("name").values_list("name", flat=True)
    return list(qs[offset:offset + limit] if limit else qs[offset:])


def current_package_list_with_resources(ctx: Context, data: dict):
    """Full public datasets, most recently modified first (limit, offset)."""
    limit = _int(data, "limit", 100, high=1000)
    offset = _int(data, "offset", 0)
    if "page" in data:
        offset = (params.page_number(data.get("page"), "page", size=limit) - 1) * limit
    ids = Dataset.objects.filter(community=ctx.community, private=False).order_by(
        "-metadata_modified", "-id").values_list("pk", flat=True)
    return stored_package_dicts(list(ids[offset:offset + limit]), ctx.linker)


def package_search(ctx: Context, data: dict):
    """Search datasets: q, fq, fq_list, rows (≤ 1000, default 10), start, sort, facet.field, facet.limit,
    include_private. Returns count, full packages in results, facets and search_facets."""
    facet_fields = _json(data, "facet.field", [], (list,)) or []
    if any(not isinstance(name, str) for name in facet_fields):
        raise SearchQueryError(_("facet.field must be a list of field names."))
    fq = str(data.get("fq") or "")
    fq_list = _json(data, "fq_list", [], (list,)) or []
    fq = " ".join([fq, *map(str, fq_list)]).strip()
    try:
        rows = params.bounded_int(data.get("rows"), "rows", default=10, low=-(2**63), high=2**63)
        start = params.bounded_int(data.get("start") or None, "start", default=0, low=-(2**63), high=2**63)
        facet_limit = params.bounded_int(data.get("facet.limit") or None, "facet.limit", default=50,
                                         low=-(2**63), high=2**63)
    except ValidationFailed:
        raise SearchQueryError(_("rows, start and facet.limit must be integers.")) from None
    if rows < 0 or start < 0:
        raise ValidationFailed(fields={"rows" if rows < 0 else "start": [_("Must be a natural number")]})
    if start > params.MAX_OFFSET:
        raise ValidationFailed(fields={"start": [_("Must be between %(low)s and %(high)s") % {
            "low": 0, "high": params.MAX_OFFSET}]})
    rows = min(rows, MAX_ROWS)  # as CKAN does with ckan.search.rows_max: capped, not refused
    result = dataset_search(
        ctx.community, ctx.user, q=str(data.get("q") or ""), fq=fq, rows=rows, start=start,
        sort=str(data.get("sort") or ""), facet_fields=[f for f in facet_fields if f in FACETABLE],
        facet_limit=facet_limit if facet_limit >= 0 else 1000,
        include_private=_bool(data, "include_private"),
    )
    return {
        "count": result.count,
        "sort": data.get("sort") or "score desc, metadata_modified desc",
        "results": stored_package_dicts(result.ids, ctx.linker),
        "facets": {name: {item["name"]: item["count"] for item in items} for name, items in result.facets.items()},
        "search_facets": {name: {"title": name, "items": items} for name, items in result.facets.items()},
    }


def package_show(ctx: Context, data: dict):
    """One dataset by id or name."""
    return package_dict(_dataset(ctx, _required(data, "id", "name_or_id")), ctx.linker)


def resource_show(ctx: Context, data: dict):
    """One resource by id."""
    resource = _resource(ctx, _required(data, "id"))
    return resource_dict(resource, resource.dataset, ctx.linker)


def _listing(model, ctx: Context, data: dict, to_dict):
    counts = Count("datasets", filter=Q(datasets__private=False), distinct=True)
    qs = model.objects.filter(community=ctx.community).annotate(package_count=counts)
    sort = str(data.get("sort") or "name asc").split()
    key = {"name": "name", "title": "title", "package_count": "package_count"}.get(sort[0]) if sort else None
    if key is None or len(sort) > 2 or (len(sort) == 2 and sort[1].lower() not in ("asc", "desc")):
        raise ValidationFailed(fields={"sort": [_("Cannot sort by this field")]})
    qs = qs.order_by(("-" if len(sort) > 1 and sort[1].lower() == "desc" else "") + key, "name")
    limit, offset = _int(data, "limit", 1000, high=1000), _int(data, "offset", 0)
    items = list(qs[offset:offset + limit])
    if _bool(data, "all_fields"):
        return [to_dict(obj, package_count=obj.package_count) for obj in items]
    return [obj.name for obj in items]


def organization_list(ctx: Context, data: dict):
    """Publishers' names, or their dicts with all_fields=true."""
    return _listing(Publisher, ctx, data, organization_dict)


def group_list(ctx: Context, data: dict):
    """Themes' names, or their dicts with all_fields=true."""
    return _listing(Theme, ctx, data, group_dict)


def _with_datasets(ctx: Context, data: dict, base: dict, datasets_filter: Q) -> dict:
    qs = visible_datasets(ctx.community, ctx.user, include_private=True).filter(datasets_filter)
    base["package_count"] = qs.count()
    if _bool(data, "include_datasets"):
        base["packages"] = [package_dict(d, ctx.linker) for d in with_everything(qs.order_by("name"))[:1000]]
    return base


def organization_show(ctx: Context, data: dict):
    """One publisher by id or name; include_datasets adds its datasets."""
    publisher = _by_name_or_id(Publisher, ctx, _required(data, "id"))
    return _with_datasets(ctx, data, organization_dict(publisher), Q(publisher=publisher))


def group_show(ctx: Context, data: dict):
    """One theme by id or name; include_datasets adds its datasets."""
    theme = _by_name_or_id(Theme, ctx, _required(data, "id"))
    return _with_datasets(ctx, data, group_dict(theme), Q(themes=theme))


def tag_list(ctx: Context, data: dict):
    """Keywords used by public datasets; query filters by a part of the name."""
    qs = Tag.objects.filter(community=ctx.community, datasets__private=False).distinct().order_by("name")
    if data.get("query"):
        qs = qs.filter(name__icontains=str(data["query"]))
    if _bool(data, "all_fields"):
        return [{"id": str(t.pk), "name": t.name, "display_name": t.name, "vocabulary_id": None} for t in qs]
    return list(qs.values_list("name", flat=True))


def license_list(ctx: Context, data: dict):
    """The licences datasets may use."""
    return LICENSES


def datastore_search(ctx: Context, data: dict):
    """Rows of a resource's datastore table: filters (JSON), q, limit (default 100), offset, sort, fields,
    include_total. Returns fields, records, total and _links."""
    resource = _resource(ctx, _required(data, "resource_id", "id"))
    version = resource.current_version
    table = getattr(version, "datastore", None) if version else None
    if table is None or table.status not in ("indexing", "active"):
        raise NotFound(_('Resource "%(id)s" was not found.') % {"id": resource.pk})
    filters = _json(data, "filters", {}, (dict,)) or {}
    q = data.get("q")
    if isinstance(q, str) and q.strip().startswith("{"):
        q = _json(data, "q", None, (dict,))
    fields = _json(data, "fields", None, (list,)) if data.get("fields") not in (None, "") else None
    limit = _int(data, "limit", 100, high=datastore.MAX_LIMIT)
    offset = _int(data, "offset", 0)
    query = datastore.Query(table, filters=filters, q=q, sort=data.get("sort"), fields=fields,
                            limit=limit, offset=offset)
    include_total = _bool(data, "include_total", True)
    total = query.total() if include_total else None
    base = ctx.linker.absolute("opendata_std:ckan_action", "datastore_search")
    result = {
        "resource_id": str(resource.pk), "fields": [f for f in datastore.public_fields(table)
                                                    if f["id"] in {c["id"] for c in query.columns}],
        "records": query.records(), "limit": query.limit, "offset": query.offset,
        "records_format": "objects", "include_total": include_total,
        "_links": {"start": f"{base}?resource_id={resource.pk}",
                   "next": f"{base}?resource_id={resource.pk}&offset={query.offset + query.limit}"},
    }
    for key in ("filters", "q", "sort"):
        if data.get(key):
            result[key] = filters if key == "filters" else data[key]
    if include_total:
        result["total"] = total
        result["total_was_estimated"] = False
    return result


def _follower(follow) -> dict:
    return {"follower_id": str(follow.user_id), "object_id": str(follow.dataset_id or follow.publisher_id),
            "datetime": iso(follow.created_at)}


def _caller(ctx: Context, user) -> RateKey:
    """Who the follow services count: the api_key's holder and the request's address."""
    return RateKey.from_request(ctx.request, user=user)


def _require_user(ctx: Context, message=None):
    if ctx.user is None or not ctx.user.is_authenticated:
        raise PermissionDenied(message or _("You must be logged in to follow a dataset."))
    return ctx.user


def follow_dataset(ctx: Context, data: dict):
    """Follow a dataset (by id or name) to be notified of its updates; needs an API token."""
    user = _require_user(ctx)
    dataset = _dataset(ctx, _required(data, "id"))
    return _follower(services.follow_create(actor=user, community=ctx.community, dataset=dataset,
                                                  caller=_caller(ctx, user)))


def unfollow_dataset(ctx: Context, data: dict):
    """Stop following a dataset."""
    user = _require_user(ctx)
    services.follow_delete(actor=user, community=ctx.community, dataset=_dataset(ctx, _required(data, "id")),
                           caller=_caller(ctx, user))
    return None


def am_following_dataset(ctx: Context, data: dict):
    """Whether the caller follows the dataset."""
    user = _require_user(ctx)
    dataset = _dataset(ctx, _required(data, "id"))
    return Follow.objects.filter(user=user, dataset=dataset).exists()


def dataset_follower_count(ctx: Context, data: dict):
    """How many people follow the dataset."""
    return Follow.objects.filter(dataset=_dataset(ctx, _required(data, "id"))).count()


# In CKAN organizations are groups, so the *_group follow actions take a publisher's id or name. Themes
# (CKAN groups proper) are not followable here: a theme answers a Validation Error on follow/unfollow, and
# nobody follows it on the reads; an id or name that is neither answers Not Found.


def _followable_group(ctx: Context, data: dict, *, writing: bool) -> Publisher | None:
    """The publisher named by id (or name); None for a theme on reads, a Validation Error on writes."""
    ident = _required(data, "id")
    try:
        return _by_name_or_id(Publisher, ctx, ident)
    except NotFound:
        _by_name_or_id(Theme, ctx, ident)  # neither a publisher nor a theme: Not Found
    if writing:
        message = _("Groups (themes) cannot be followed; follow an organization or a dataset.")
        raise ValidationFailed(message, fields={"id": [message]})
    return None


def follow_group(ctx: Context, data: dict):
    """Follow an organization (publisher), by id or name, to be notified of new and updated resources in all
    its datasets; needs an API token. Themes cannot be followed (Validation Error); following twice is a
    Validation Error; an unknown id or one of another community is Not Found."""
    user = _require_user(ctx, _("You must be logged in to follow a group."))
    publisher = _followable_group(ctx, data, writing=True)
    return _follower(services.follow_create(actor=user, community=ctx.community, publisher=publisher,
                                                  caller=_caller(ctx, user)))


def unfollow_group(ctx: Context, data: dict):
    """Stop following an organization (publisher); Not Found if the caller does not follow it, Validation Error
    for a theme."""
    user = _require_user(ctx, _("You must be logged in to follow a group."))
    publisher = _followable_group(ctx, data, writing=True)
    services.follow_delete(actor=user, community=ctx.community, publisher=publisher, caller=_caller(ctx, user))
    return None


def am_following_group(ctx: Context, data: dict):
    """Whether the caller follows the organization (publisher); always false for a theme; needs an API token."""
    user = _require_user(ctx, _("You must be logged in to follow a group."))
    publisher = _followable_group(ctx, data, writing=False)
    return publisher is not None and Follow.objects.filter(user=user, publisher=publisher).exists()


def group_follower_count(ctx: Context, data: dict):
    """How many people follow the organization (publisher); 0 for a theme."""
    publisher = _followable_group(ctx, data, writing=False)
    return 0 if publisher is None else Follow.objects.filter(publisher=publisher).count()


READ = {f.__name__: f for f in (
    status_show, package_list, current_package_list_with_resources, package_search, package_show, resource_show,
    organization_list, organization_show, group_list, group_show, tag_list, license_list, datastore_search,
    am_following_dataset, dataset_follower_count, am_following_group, group_follower_count,
)}
WRITE = {f.__name__: f for f in (follow_dataset, unfollow_dataset, follow_group, unfollow_group)}
ACTIONS = {**READ, **WRITE}


def help_show(ctx: Context, data: dict):
    """The documentation of an action."""
    name = _required(data, "name")
    if name not in ACTIONS and name != "help_show":
        raise NotFound(_("Action name not known: %(name)s") % {"name": name})
    return (ACTIONS.get(name) or help_show).__doc__


READ["help_show"] = help_show
ACTIONS["help_show"] = help_show
