"""Web pages of the city map: the public map with its accessible list, feature cards, plain GeoJSON per
layer, and the staff editor (htmx forms, click-to-place points, imports with a per-row report)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.geo.distance import parse_bbox

from . import selectors, services
from .forms import FeatureForm, ImportForm, LayerForm, add_domain_errors
from .policies import can_edit_features, can_manage_layers
from .responses import layer_geojson_response
from .schema import field_label
from .services import ImportRejected

LIST_PAGE_SIZE = 30  # a phone screenful or three; the page renders in a few ms more per card


def _layers_for_map(layers, chosen: set[str]) -> list[dict]:
    return [{"slug": layer.slug, "name": layer.name, "colour": layer.colour, "icon": layer.icon,
             "url": reverse("maps:layer_geojson", args=[layer.slug]), "on": layer.slug in chosen,
             "schema": [{"key": f["key"], "label": field_label(f), "type": f["type"]} for f in layer.schema]}
            for layer in layers]


def _centre(community) -> dict:
    """Where the map opens, and the URL patterns the script needs (feature 0 stands for any id)."""
    return {"lat": community.center_lat or 49.0, "lon": community.center_lon or 31.4,
            "boundary": community.boundary, "feature_url": reverse("maps:feature", args=[0]),
            "edit_url": reverse("maps:editor_feature", args=[0])}


@require_GET
def map_page(request):
    """The public map, and under it the same features as a searchable, paginated list."""
    community = request.community
    if community is None:
        raise Http404
    layers = list(selectors.layer_list(community=community, user=request.user))
    slugs = request.GET.getlist("layer")
    chosen = [layer for layer in layers if layer.slug in slugs] if slugs else layers
    q = request.GET.get("q", "").strip()[:100]
    order = request.GET.get("sort") if request.GET.get("sort") in selectors.ORDERS else "name"
    near = _near(request.GET.get("near", ""))
    features = selectors.feature_search(community=community, user=request.user, q=q,
                                        layer_ids=[layer.pk for layer in chosen], order=order, near=near)
    page = Paginator(features, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    chosen_slugs = {layer.slug for layer in chosen}
    for feature in page.object_list:
        feature.distance_text = _distance_text(selectors.distance_km(feature), mine=near is not None)
    return render(request, "maps/map.html", {
        "layers": layers, "chosen": chosen_slugs, "q": q, "page": page, "order": order, "near": near,
        "near_text": f"{near[0]:.5f},{near[1]:.5f}" if near else "",
        "cards": [(feature, selectors.property_rows(feature)) for feature in page.object_list],
        "query": query.urlencode(), "filtered": bool(q or slugs),
        "map_data": {"layers": _layers_for_map(layers, chosen_slugs), "q": q, **_centre(community)},
        "can_edit": can_edit_features(request.user, community),
    })


def _distance_text(km: float | None, *, mine: bool) -> str:
    """"≈ 350 м від вас", "≈ 2,4 км від центру громади": rounded as a person would say it."""
    if km is None:
        return ""
    if km < 1:
        amount = _("%(n)s m") % {"n": f"{max(10, round(km * 1000, -1)):.0f}"}
    else:
        amount = _("%(n)s km") % {"n": number_format(round(km, 1), decimal_pos=1, use_l10n=True)}
    template = _("≈ %(amount)s from you") if mine else _("≈ %(amount)s from the centre of the community")
    return template % {"amount": amount}


def _near(text: str) -> tuple[float, float] | None:
    """"lat,lon" from the "nearest to me" button; anything else (typed by hand, cut off) is ignored."""
    try:
        lat, lon = (float(part) for part in text.split(",", 1))
    except ValueError:
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


@require_GET
def feature_detail(request, feature_id: int):
    community = request.community
    try:
        feature = selectors.feature_get(community=community, user=request.user, feature_id=feature_id)
    except NotFound:
        raise Http404 from None
    return render(request, "maps/feature_detail.html", {
        "feature": feature, "properties": selectors.property_rows(feature),
        "map_data": {"feature": selectors.feature_as_geojson(feature), "colour": feature.layer.colour,
                     **_centre(community)},
        "can_edit": can_edit_features(request.user, community),
    })


@require_GET
def layer_geojson(request, slug: str):
    """The plain GeoJSON address of a layer, for QGIS, uMap and other tools; bbox, q, limit, offset optional."""
    community = request.community
    try:
        layer = selectors.layer_get(community=community, user=request.user, slug=slug)
        bbox = parse_bbox(request.GET["bbox"]) if request.GET.get("bbox") else None
        limit = int(request.GET["limit"]) if request.GET.get("limit") else None
        offset = int(request.GET.get("offset") or 0)
        if (limit is not None and not 1 <= limit <= 100_000) or offset < 0:
            raise ValueError
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        return JsonResponse({"error": exc.as_dict()}, status=exc.status)
    except ValueError:
        return JsonResponse({"error": {"code": "validation_failed", "message": _("Some fields are not valid."),
                                       "fields": {"limit": [_("Enter a whole number.")]}}}, status=400)
    response = layer_geojson_response(request, layer, bbox=bbox, q=request.GET.get("q", "")[:100], limit=limit,
                                      offset=offset)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{layer.slug}.geojson"'
    return response


# ------------------------------------------------------------------------------------------ staff editor

def _staff_only(request):
    """None when the caller is staff of this community; else the response to send instead."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.community is None or not can_edit_features(request.user, request.community):
        raise Http404
    return None


def _layer_or_404(request, slug):
    try:
        return selectors.layer_get(community=request.community, user=request.user, slug=slug)
    except NotFound:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def editor(request):
    """The staff list of layers (public and staff-only) and, for moderators and admins, a new-layer form."""
    if (refusal := _staff_only(request)) is not None:
        return refusal
    community = request.community
    form = LayerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            layer = services.layer_create(actor=request.user, community=community, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The layer “%(name)s” was created.") % {"name": layer.name})
            return redirect("maps:editor_layer", slug=layer.slug)
    return render(request, "maps/editor.html", {
        "layers": selectors.layer_list(community=community, user=request.user), "form": form,
        "can_manage": can_manage_layers(request.user, community),
    })


def _editor_context(request, layer, **extra) -> dict:
    community = request.community
    layer.feature_count = layer.features.count()
    q = request.GET.get("q", "").strip()[:100]
    features = selectors.feature_search(community=community, user=request.user, q=q, layer_ids=[layer.pk])
    return {
        "layer": layer, "q": q, "page": Paginator(features, LIST_PAGE_SIZE).get_page(request.GET.get("page")),
        "feature_form": FeatureForm(layer=layer), "import_form": ImportForm(),
        "layer_form": LayerForm(initial=LayerForm.initial_for(layer)),
        "can_manage": can_manage_layers(request.user, community),
        "query": urlencode({"q": q}) if q else "",
        "map_data": {"layers": _layers_for_map([layer], {layer.slug}), "q": "", "editor": True,
                     **_centre(community)},
        **extra,
    }


@require_GET
def editor_layer(request, slug: str):
    if (refusal := _staff_only(request)) is not None:
        return refusal
    return render(request, "maps/editor_layer.html", _editor_context(request, _layer_or_404(request, slug)))


@require_POST
def editor_layer_update(request, slug: str):
    if (refusal := _staff_only(request)) is not None:
        return refusal
    layer = _layer_or_404(request, slug)
    form = LayerForm(request.POST)
    if form.is_valid():
        try:
            layer = services.layer_update(actor=request.user, community=request.community, layer_id=layer.pk,
                                          **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The layer was saved."))
            return redirect("maps:editor_layer", slug=layer.slug)
    layer.refresh_from_db()
    return render(request, "maps/editor_layer.html", _editor_context(request, layer, layer_form=form), status=400)


@require_POST
def editor_layer_delete(request, slug: str):
    if (refusal := _staff_only(request)) is not None:
        return refusal
    layer = _layer_or_404(request, slug)
    try:
        services.layer_delete(actor=request.user, community=request.community, layer_id=layer.pk)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("maps:editor_layer", slug=layer.slug)
    messages.success(request, _("The layer “%(name)s” and its features were deleted.") % {"name": layer.name})
    return redirect("maps:editor")


@require_POST
def editor_import(request, slug: str):
    if (refusal := _staff_only(request)) is not None:
        return refusal
    layer = _layer_or_404(request, slug)
    form = ImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        try:
            result = services.layer_import(
                actor=request.user, community=request.community, layer_id=layer.pk,
                content=form.cleaned_data["file"].read(), file_format=form.file_format,
                replace=form.cleaned_data["replace"])
        except ImportRejected as exc:
            report = {"message": exc.message, "rows": exc.report}
        except DomainError as exc:
            add_domain_errors(form, exc, aliases={"format": "file"})
        else:
            messages.success(request, _("Imported %(created)d features (%(deleted)d replaced).") % {
                "created": result.created, "deleted": result.deleted})
            return redirect("maps:editor_layer", slug=layer.slug)
    return render(request, "maps/editor_layer.html",
                  _editor_context(request, layer, import_form=form, import_report=report), status=400)


def _feature_form_response(request, layer, form, feature=None, status=200):
    return render(request, "maps/_feature_form.html", {"layer": layer, "form": form, "feature": feature},
                  status=status)


@require_http_methods(["GET", "POST"])
def editor_feature_new(request, slug: str):
    """htmx: the empty form (GET) or the created feature (POST answers a fresh form and a map refresh)."""
    if (refusal := _staff_only(request)) is not None:
        return refusal
    layer = _layer_or_404(request, slug)
    form = FeatureForm(request.POST or None, layer=layer)
    if request.method == "POST" and form.is_valid():
        try:
            feature = services.feature_create(actor=request.user, community=request.community, layer_id=layer.pk,
                                              **form.service_kwargs())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            return _saved(request, layer, _("“%(name)s” was added to the map.") % {"name": feature.name})
    return _feature_form_response(request, layer, form, status=400 if request.method == "POST" else 200)


def _saved(request, layer, message: str) -> HttpResponse:
    """After a write: htmx gets a fresh form and an event that reloads the map; plain posts a redirect."""
    if request.htmx:
        response = render(request, "maps/_feature_form.html",
                          {"layer": layer, "form": FeatureForm(layer=layer), "saved": message})
        response["HX-Trigger"] = "maps-saved"
        return response
    messages.success(request, message)
    return redirect("maps:editor_layer", slug=layer.slug)


@require_http_methods(["GET", "POST"])
def editor_feature(request, feature_id: int):
    """htmx: the edit form of one feature (GET), or its update (POST)."""
    if (refusal := _staff_only(request)) is not None:
        return refusal
    try:
        feature = selectors.feature_get(community=request.community, user=request.user, feature_id=feature_id)
    except NotFound:
        raise Http404 from None
    layer = feature.layer
    form = FeatureForm(request.POST or None, layer=layer, feature=feature)
    if request.method == "POST" and form.is_valid():
        try:
            feature = services.feature_update(actor=request.user, community=request.community,
                                              feature_id=feature.pk, **form.service_kwargs())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            return _saved(request, layer, _("“%(name)s” was saved.") % {"name": feature.name})
    template = "maps/_feature_form.html" if request.htmx else "maps/editor_feature.html"
    return render(request, template, {"layer": layer, "form": form, "feature": feature},
                  status=400 if request.method == "POST" else 200)


@require_POST
def editor_feature_delete(request, feature_id: int):
    if (refusal := _staff_only(request)) is not None:
        return refusal
    try:
        feature = selectors.feature_get(community=request.community, user=request.user, feature_id=feature_id)
        services.feature_delete(actor=request.user, community=request.community, feature_id=feature.pk)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("maps:editor")
    return _saved(request, feature.layer, _("“%(name)s” was deleted.") % {"name": feature.name})
