"""Pages of the portal: catalogue with search and facets, dataset page (passport, resources, paged
table preview, map preview, downloads, API hints, follow), publishers, the timeliness dashboard,
and the staff forms for datasets and uploads. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core.api import params
from hromada.core.api.ratelimit import RateKey
from hromada.core.errors import DomainError, NotFound, ValidationFailed
from hromada.core.storage import private_file_response
from hromada.core.web.form_errors import add_domain_error

from . import datastore, policies, preview, selectors, services, vocabulary
from .forms import DatasetForm, PassportForm, ResourceForm
from .models import PendingUpload, ResourceVersion
from .search import FACETABLE, SearchQueryError, dataset_search

PAGE = 20
PREVIEW_ROWS = 25
FACET_LABELS = {"organization": _("Publisher"), "tags": _("Keyword"), "res_format": _("Format"),
                "license_id": _("Licence"), "groups": _("Theme")}


def _community(request):
    if request.community is None:
        raise Http404
    return request.community


def _dataset(request, name):
    try:
        return selectors.dataset_for_page(community=_community(request), user=request.user, name=name)
    except NotFound:
        raise Http404 from None


def _page(request, size: int) -> int:
    """The page asked for; a page that is not a whole number, or deeper than any listing goes, shows page 1
    (a page for people: a wrong link still lands somewhere useful)."""
    try:
        return params.page_number(request.GET.get("page"), "page", size=size)
    except ValidationFailed:
        return 1


def catalogue(request):
    community = _community(request)
    chosen = {key: request.GET.get(key, "") for key in FACETABLE if request.GET.get(key)}
    q = request.GET.get("q", "").strip()
    page_number = _page(request, PAGE)
    try:
        result = dataset_search(community, request.user, q=q, rows=PAGE, start=(page_number - 1) * PAGE,
                                sort=request.GET.get("sort", ""), facet_fields=FACETABLE, facet_limit=15,
                                filters=chosen, include_private=True)
    except SearchQueryError as exc:
        messages.error(request, exc.message)
        result = dataset_search(community, request.user, rows=PAGE, facet_fields=FACETABLE, facet_limit=15)
    facets = []
    for key, items in result.facets.items():
        for item in items:
            params = request.GET.copy()
            params.pop("page", None)
            if chosen.get(key) == item["name"]:
                params.pop(key, None)
                item["selected"] = True
            else:
                params[key] = item["name"]
            item["query"] = params.urlencode()
            if key == "license_id":
                item["display_name"] = vocabulary.license_label(item["name"])
        facets.append({"key": key, "label": FACET_LABELS[key], "items": items})
    pages = max(1, -(-result.count // PAGE))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "opendata/catalogue.html", {
        "result": result, "q": q, "facets": facets, "chosen": chosen, "page": page_number, "pages": pages,
        "query": params.urlencode(), "can_publish": bool(selectors.publishable_publishers(
            community=community, user=request.user)) if request.user.is_authenticated else False,
    })


def dataset_detail(request, name):
    community = _community(request)
    dataset = _dataset(request, name)
    follows = selectors.follows_of(user=request.user, community=community)
    can_publish = policies.can_publish(request.user, community, dataset.publisher)
    resources = list(dataset.resources.all())
    return render(request, "opendata/dataset.html", {
        "dataset": dataset, "resources": resources, "versions": selectors.resource_versions(dataset=dataset),
        "language_label": vocabulary.language_label(dataset.language),
        "license_label": vocabulary.license_label(dataset.license_id),
        "license_url": vocabulary.LICENSE_BY_ID.get(dataset.license_id, {}).get("url", ""),
        "following": dataset.pk in follows["datasets"], "can_publish": can_publish,
        "resource_form": ResourceForm() if can_publish else None,
        "pending_uploads": selectors.recent_uploads(dataset=dataset) if can_publish else [],
        "api_base": request.build_absolute_uri(reverse("opendata_std:ckan_action", args=["package_show"])),
        "datastore_base": request.build_absolute_uri(reverse("opendata_std:ckan_action", args=["datastore_search"])),
        "report": request.session.pop("opendata_report", None),
        "map_tiles": settings.HROMADA_MAP_TILES, "map_attribution": settings.HROMADA_MAP_ATTRIBUTION,
    })


def _resource(request, name, resource_id):
    dataset = _dataset(request, name)
    resource = next((r for r in dataset.resources.all() if r.pk == resource_id), None)
    if resource is None:
        raise Http404
    return dataset, resource


def resource_preview(request, name, resource_id):
    """The paged table preview (an htmx fragment): rows of the datastore table."""
    dataset, resource = _resource(request, name, resource_id)
    table = getattr(resource.current_version, "datastore", None) if resource.current_version else None
    if table is None or table.status not in ("indexing", "active"):
        return render(request, "opendata/_progress.html", {"dataset": dataset, "resource": resource, "table": table})
    page = _page(request, PREVIEW_ROWS)
    query = datastore.Query(table, limit=PREVIEW_ROWS, offset=(page - 1) * PREVIEW_ROWS, q=request.GET.get("q") or None)
    total = query.total()
    template = dataset.template
    columns = preview.columns(query.columns, version_schema=resource.current_version.table_schema,
                              template_schema=template.table_schema if template is not None else None)
    rows = [[(column, preview.cell(record.get(column["id"]), column["type"])) for column in columns]
            for record in query.records()]
    return render(request, "opendata/_preview.html", {
        "dataset": dataset, "resource": resource, "columns": columns,
        "rows": rows, "page": page, "total": total,
        "pages": max(1, -(-total // PREVIEW_ROWS)), "q": request.GET.get("q", ""),
    })


def download(request, name, resource_id, number: int | None = None):
    """The current (or a given) version's file; private datasets stay behind the visibility check. Files are
    stored privately under random names; the name given here is made of the dataset's name, the resource's
    position and the version, never of the uploader's file name."""
    dataset, resource = _resource(request, name, resource_id)
    versions = ResourceVersion.objects.filter(resource=resource)
    version = versions.filter(number=number).first() if number else resource.current_version
    if version is None:
        raise Http404
    if not version.file:
        return HttpResponseRedirect(version.source_url)
    filename = f"{dataset.name}-{resource.position + 1}-v{version.number}.{resource.format.lower()}"
    if request.GET.get("bom") in ("1", "true") and resource.format == "CSV":
        return _csv_for_excel(version, filename, private=dataset.private)
    response = private_file_response(version.file, content_type=version.mimetype or "application/octet-stream",
                                     download_name=filename,
                                     cache_control="private, no-store" if dataset.private else "no-cache")
    if not dataset.private:
        response["Access-Control-Allow-Origin"] = "*"
    return response


def _csv_for_excel(version, filename: str, *, private: bool) -> HttpResponse:
    """The published CSV (checked as UTF-8 on upload) with a byte-order mark, which Excel needs to read Cyrillic;
    the file as published stays the default download."""
    with version.file.open("rb") as handle:
        content = handle.read()
    bom = b"\xef\xbb\xbf"
    response = HttpResponse(content if content.startswith(bom) else bom + content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename.removesuffix(".csv")}-excel.csv"'
    response["Cache-Control"] = "private, no-store" if private else "no-cache"
    if not private:
        response["Access-Control-Allow-Origin"] = "*"
    return response


def _follow_toggle(request, *, dataset=None, publisher=None, back: str):
    community = _community(request)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={back}")
    try:
        if request.POST.get("action") == "unfollow":
            services.follow_delete(actor=request.user, community=community, dataset=dataset, publisher=publisher,
                                   caller=RateKey.from_request(request))
            messages.success(request, _("You no longer follow this."))
        else:
            services.follow_create(actor=request.user, community=community, dataset=dataset, publisher=publisher,
                                   caller=RateKey.from_request(request))
            messages.success(request, _("You will be notified of updates."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(back)


@require_POST
def dataset_follow(request, name):
    dataset = _dataset(request, name)
    return _follow_toggle(request, dataset=dataset, back=reverse("opendata:dataset", args=[name]))


@require_POST
def publisher_follow(request, name):
    try:
        publisher = selectors.publisher_by_name(community=_community(request), name=name)
    except NotFound:
        raise Http404 from None
    return _follow_toggle(request, publisher=publisher, back=reverse("opendata:publisher", args=[name]))


def publishers(request):
    return render(request, "opendata/publishers.html",
                  {"publishers": selectors.publisher_list(community=_community(request))})


def publisher_detail(request, name):
    community = _community(request)
    try:
        publisher = selectors.publisher_by_name(community=community, name=name)
    except NotFound:
        raise Http404 from None
    result = dataset_search(community, request.user, rows=100, filters={"organization": publisher.name},
                            sort="title asc", include_private=True)
    return render(request, "opendata/publisher.html", {
        "publisher": publisher, "datasets": result.datasets, "count": result.count,
        "following": publisher.pk in selectors.follows_of(user=request.user, community=community)["publishers"],
    })


def timeliness(request):
    return render(request, "opendata/timeliness.html", selectors.timeliness(community=_community(request)))


@login_required
def dataset_new(request):
    community = _community(request)
    allowed = selectors.publishable_publishers(community=community, user=request.user)
    if not allowed:
        raise Http404
    form = DatasetForm(request.POST or None, publishers=allowed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        publisher = next(p for p in allowed if str(p.pk) == data["publisher"])
        try:
            dataset = services.dataset_create(
                actor=request.user, community=community, publisher=publisher, title=data["title"],
                name=data["name"], description=data["description"], legal_basis=data["legal_basis"],
                purpose=data["purpose"], update_frequency=data["update_frequency"], maintainer=data["maintainer"],
                maintainer_email=data["maintainer_email"], license_id=data["license_id"], tags=data["tags"],
                template=data["template"], private=data["private"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The dataset was created. Now add its data."))
            return redirect("opendata:dataset", dataset.name)
    return render(request, "opendata/dataset_form.html", {"form": form})


@login_required
def dataset_edit(request, name):
    """Change the passport through dataset_update; refusals are shown on the form, nothing is written."""
    community = _community(request)
    dataset = _dataset(request, name)
    allowed = selectors.publishable_publishers(community=community, user=request.user)
    if not policies.can_publish(request.user, community, dataset.publisher):
        raise Http404
    initial = {key: getattr(dataset, key) for key in (
        "title", "description", "legal_basis", "purpose", "update_frequency", "maintainer", "maintainer_email",
        "license_id", "private")}
    initial.update(publisher=str(dataset.publisher_id), tags=", ".join(t.name for t in dataset.tags.all()))
    form = PassportForm(request.POST or None, publishers=allowed, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        publisher = next(p for p in allowed if str(p.pk) == data.pop("publisher"))
        tags = data.pop("tags")
        try:
            services.dataset_update(actor=request.user, community=community, dataset=dataset, tags=tags,
                                    publisher=publisher if publisher.pk != dataset.publisher_id else None, **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The passport was saved."))
            return redirect("opendata:dataset", dataset.name)
    return render(request, "opendata/dataset_form.html", {"form": form, "dataset": dataset})


@require_POST
def resource_upload(request, name):
    """Add a resource, or a new version of one (resource_id in the form); an invalid file publishes nothing."""
    community = _community(request)
    dataset = _dataset(request, name)
    if not policies.can_publish(request.user, community, dataset.publisher):
        raise Http404
    form = ResourceForm(request.POST, request.FILES)
    back = reverse("opendata:dataset", args=[name])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    upload = data["file"]
    try:
        target = request.POST.get("resource_id")
        resource = next((r for r in dataset.resources.all() if str(r.pk) == target), None) if target else None
        if target and resource is None:
            raise Http404
        if upload is not None and upload.size > settings.HROMADA_OPENDATA_INLINE_CHECK_BYTES:
            services.upload_submit(actor=request.user, community=community, dataset=dataset, upload=upload,
                                   resource=resource, name=data["name"], description=data["description"],
                                   format=data["format"])
            messages.info(request, _("The file is large: it is being checked now, and will be published when it "
                                     "passes. Its status is below; you will also get a notification."))
        elif resource is not None:
            services.resource_update(actor=request.user, community=community, resource=resource, upload=upload,
                                     url=data["url"])
            messages.success(request, _("A new version was published."))
        else:
            services.resource_create(actor=request.user, community=community, dataset=dataset,
                                     name=data["name"] or (upload.name if upload else data["url"])[:254],
                                     upload=upload, url=data["url"], format=data["format"],
                                     description=data["description"])
            messages.success(request, _("The resource was published."))
    except DomainError as exc:
        messages.error(request, exc.message)
        request.session["opendata_report"] = [m for msgs in exc.fields.values() for m in msgs]
    return redirect(back)


def upload_status(request, name, upload_id):
    """A large upload's check (an htmx fragment polled while it runs); for those who may publish here."""
    community = _community(request)
    dataset = _dataset(request, name)
    if not policies.can_publish(request.user, community, dataset.publisher):
        raise Http404
    pending = PendingUpload.objects.filter(pk=upload_id, dataset=dataset, community=community).first()
    if pending is None:
        raise Http404
    return render(request, "opendata/_upload_status.html", {"dataset": dataset, "pending": pending})


def progress(request, name, resource_id):
    """The load job's progress (an htmx fragment polled every second while loading)."""
    dataset, resource = _resource(request, name, resource_id)
    table = getattr(resource.current_version, "datastore", None) if resource.current_version else None
    if table is not None and table.status in ("indexing", "active") and request.htmx:
        return resource_preview(request, name, resource_id)
    return render(request, "opendata/_progress.html", {"dataset": dataset, "resource": resource, "table": table})
