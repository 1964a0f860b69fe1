"""Public web pages of Housing: the building list with search and filters, a building's page, the map of buildings
and its GeoJSON, managers (condominiums with their boards), and the documents and work files people may download.

As thin as the API: parse, call a selector, render. The staff's pages are in office_views.py."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound
from hromada.core.geo.geojson import feature, feature_collection
from hromada.core.storage import private_file_response

from . import policies, selectors
from .forms import BuildingFilterForm
from .manifest import housing_settings
from .models import ManagerKind

MAP_LIMIT = 5000


def _or_404(selector, **kwargs):
    try:
        return selector(**kwargs)
    except NotFound:
        raise Http404 from None


def _filters(request) -> tuple[BuildingFilterForm, selectors.BuildingFilters]:
    community = request.community
    managers = list(selectors.manager_list(actor=request.user, community=community).only("pk", "name"))
    form = BuildingFilterForm(request.GET or None, managers=managers)
    filters = selectors.BuildingFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.BuildingFilters(q=data["q"], manager_id=data["manager"],
                                            energy_class=data["energy_class"],
                                            works_this_year=data["works_this_year"])
    return form, filters


def _query(filters: selectors.BuildingFilters) -> str:
    return urlencode({k: v for k, v in {"q": filters.q, "manager": filters.manager_id or "",
                                        "energy_class": filters.energy_class,
                                        "works_this_year": "on" if filters.works_this_year else ""}.items() if v})


@require_GET
def building_list(request):
    community = request.community
    form, filters = _filters(request)
    entries = selectors.building_list(actor=request.user, community=community, filters=filters)
    page = Paginator(entries, housing_settings(community).page_size).get_page(request.GET.get("page"))
    query = _query(filters)
    return render(request, "housing/list.html", {
        "page": page, "form": form, "query": query, "filtered": bool(query),
        "is_editor": policies.is_editor(request.user, community),
        "is_keeper": policies.can_keep_any(request.user, community),
    })


@require_GET
def building_map(request):
    form, filters = _filters(request)
    return render(request, "housing/map.html", {"form": form, "query": _query(filters)})


@require_GET
def building_geojson(request):
    """The buildings of the map (the filters of the list apply), each linking to its page."""
    _, filters = _filters(request)
    rows = (selectors.building_list(actor=request.user, community=request.community, filters=filters)
            .exclude(lat=None).exclude(lon=None))
    features = [feature({"type": "Point", "coordinates": [b.lon, b.lat]},
                        {"title": b.address, "energy_class": b.energy_class or "",
                         "url": reverse("housing:detail", args=[b.pk])}, b.pk)
                for b in rows[:MAP_LIMIT]]
    return JsonResponse(feature_collection(features))


@require_GET
def building_detail(request, building_id: int):
    community = request.community
    page = _or_404(selectors.building_page, actor=request.user, community=community, building_id=building_id)
    building = page.building
    return render(request, "housing/detail.html", {
        "p": page, "building": building,
        "can_keep": policies.can_keep(request.user, community,
                                      manager_department_id=selectors.manager_department_id(building)),
        "appeals_enabled": community.capability_enabled("appeals"),
    })


@require_GET
def manager_list(request):
    community = request.community
    kind = request.GET.get("kind", "")
    kind = kind if kind in ManagerKind.values else ""
    entries = selectors.manager_list(actor=request.user, community=community, kind=kind)
    page = Paginator(entries, housing_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "housing/managers.html", {
        "page": page, "kind": kind, "kinds": ManagerKind.choices,
        "is_editor": policies.is_editor(request.user, community),
    })


@require_GET
def manager_detail(request, manager_id: int):
    community = request.community
    manager = _or_404(selectors.manager_get, actor=request.user, community=community, manager_id=manager_id)
    buildings = selectors.building_list(actor=request.user, community=community,
                                        filters=selectors.BuildingFilters(manager_id=manager.pk))
    return render(request, "housing/manager.html", {
        "manager": manager, "buildings": buildings[:500],
        "board": selectors.board_of(actor=request.user, community=community, manager=manager),
        "is_editor": policies.is_editor(request.user, community),
    })


@require_GET
def document_file(request, document_id: int):
    document = _or_404(selectors.document_get, actor=request.user, community=request.community,
                       document_id=document_id)
    return private_file_response(document.file, content_type=document.content_type, download_name=document.name,
                                 attachment=document.content_type not in ("application/pdf", "image/jpeg",
                                                                          "image/png"))


@require_GET
def attachment_file(request, attachment_id: int):
    attachment = _or_404(selectors.attachment_get, actor=request.user, community=request.community,
                         attachment_id=attachment_id)
    return private_file_response(attachment.file, content_type=attachment.content_type, download_name=attachment.name,
                                 attachment=attachment.content_type not in ("application/pdf", "image/jpeg",
                                                                            "image/png"))
