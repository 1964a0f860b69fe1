"""Web pages of Procurement: the community's tenders and contracts with filters, a tender, a supplier with the
register's facts, totals by buyer and supplier, competition, the OCDS release package, and the operator's upload
of a register file. As thin as the API: parse, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hromada.core.api.params import page_number
from hromada.core.errors import DomainError, NotFound
from hromada.core.web.form_errors import add_domain_error

from . import registry, selectors
from .forms import PeriodForm, RegistryUploadForm, TenderFilterForm
from .manifest import procurement_settings

_JSON = {"ensure_ascii": False, "indent": None}


def _page(request, queryset, size: int):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _period(request) -> tuple[PeriodForm, dict]:
    form = PeriodForm(request.GET or None)
    period = {}
    if form.is_bound and form.is_valid():
        period = {k: v for k, v in form.cleaned_data.items() if v}
    return form, period


@require_GET
def tender_list(request):
    community = request.community
    buyers = list(selectors.buyer_list(community=community))
    form = TenderFilterForm(request.GET or None, buyers=buyers, statuses=selectors.TENDER_STATUSES)
    filters = form.filters()
    page = _page(request, selectors.tender_list(community=community, **filters),
                 procurement_settings(community).page_size)
    page.object_list = list(page.object_list)
    for tender in page.object_list:
        tender.status_label = selectors.status_label(tender.status)
        tender.status_slug = tender.status.replace(".", "-")
    return render(request, "procurement/list.html", {
        "page": page, "form": form, "filtered": bool(set(filters) - {"sort"}),
        "capped": selectors.count_is_capped(page.paginator.count), "cap": selectors.COUNT_CAP,
        "has_buyers": bool(buyers), "can_import_registry": registry.can_import_registry(request.user),
    })


def _tender(request, tender_id: int):
    try:
        return selectors.tender_get(community=request.community, tender_id=tender_id)
    except NotFound:
        raise Http404 from None


@require_GET
def tender_detail(request, tender_id: int):
    tender = _tender(request, tender_id)
    release = tender.release or {}
    ocds_tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
    contracts = list(selectors.contract_list(community=request.community, tender=tender))
    return render(request, "procurement/detail.html", {
        "tender": tender, "status_label": selectors.status_label(tender.status),
        "items": [i for i in ocds_tender.get("items") or [] if isinstance(i, dict)],
        "awards": [a for a in release.get("awards") or [] if isinstance(a, dict)
                   and a.get("status") in ("active", "pending")],
        "contracts": contracts, "prozorro_url": selectors.PROZORRO_TENDER_URL.format(tender.tender_id),
    })


@require_GET
def tender_release(request, tender_id: int):
    """The tender's OCDS release (personal data scrubbed), as a file to download."""
    tender = _tender(request, tender_id)
    response = JsonResponse(selectors.public_release(tender), json_dumps_params=_JSON)
    response["Content-Disposition"] = f'attachment; filename="{tender.ocid or tender.pk}.json"'
    return response


@require_GET
def contract_list(request):
    community = request.community
    form, period = _period(request)
    contracts = selectors.contract_list(community=community, **period)
    page = _page(request, contracts, procurement_settings(community).page_size)
    return render(request, "procurement/contracts.html", {
        "page": page, "form": form, "filtered": bool(period),
        "capped": selectors.count_is_capped(page.paginator.count), "cap": selectors.COUNT_CAP,
    })


@require_GET
def totals(request):
    community = request.community
    form, period = _period(request)
    return render(request, "procurement/totals.html", {
        "form": form, "by_buyer": selectors.cached_figures(selectors.totals_by_buyer, community=community, **period),
        "by_supplier": selectors.cached_figures(selectors.top_suppliers, community=community, **period),
        "top": selectors.TOP_SUPPLIERS,
    })


@require_GET
def competition(request):
    form, period = _period(request)
    return render(request, "procurement/competition.html", {
        "form": form, "figures": selectors.cached_figures(selectors.competition, community=request.community,
                                                      **period),
    })


@require_GET
def supplier_detail(request, supplier_id: int):
    community = request.community
    try:
        supplier = selectors.supplier_get(community=community, supplier_id=supplier_id)
    except NotFound:
        raise Http404 from None
    contracts = _page(request, selectors.contract_list(community=community, supplier=supplier.pk),
                      procurement_settings(community).page_size)
    return render(request, "procurement/supplier.html", {
        "supplier": supplier, "page": contracts,
        "totals": selectors.supplier_totals(community=community, supplier=supplier),
        "facts": selectors.registry_facts(supplier),
        "public_code": supplier.identifier if selectors.is_public_code(
            supplier.kind, supplier.scheme, supplier.identifier) else "",
    })


@require_GET
def ocds_package(request):
    """The community's tenders as an OCDS 1.1 release package, a page of releases at a time."""
    community = request.community
    try:
        number = page_number(request.GET.get("page"), "page", size=selectors.OCDS_PAGE_SIZE)
    except DomainError as exc:
        return JsonResponse({"error": exc.as_dict()}, status=exc.status)
    releases, more = selectors.ocds_releases(community=community, page=number)
    here = request.build_absolute_uri(reverse("procurement:ocds"))
    package = {
        "uri": f"{here}?page={number}",
        "version": selectors.OCDS_VERSION,
        "publishedDate": timezone.now().replace(microsecond=0).isoformat(),
        "publisher": {"name": community.name, **({"scheme": "UA-EDR", "uid": community.edrpou}
                                                 if community.edrpou else {}),
                      "uri": request.build_absolute_uri(reverse("procurement:list"))},
        "license": selectors.OCDS_LICENSE,
        "publicationPolicy": request.build_absolute_uri(reverse("procurement:list")),
        "releases": releases,
        "links": {**({"next": f"{here}?page={number + 1}"} if more else {}),
                  **({"prev": f"{here}?page={number - 1}"} if number > 1 else {})},
    }
    return JsonResponse(package, json_dumps_params=_JSON)


@require_http_methods(["GET", "POST"])
def registry_upload(request):
    """The operator uploads a file of the unified state register; the facts serve every community's suppliers."""
    if not registry.can_import_registry(request.user):
        raise Http404
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = registry.registry_import(actor=request.user, source=form.cleaned_data["file"].file,
                                              as_of=form.cleaned_data["as_of"],
                                              only_suppliers=form.cleaned_data["only_suppliers"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Imported %(kept)s records of %(rows)s read; %(skipped)s skipped.")
                             % {"kept": report.kept, "rows": report.rows, "skipped": report.skipped})
            if not report.problems:
                return redirect("procurement:registry")
    return render(request, "procurement/registry.html", {
        "form": form, "report": report, "summary": selectors.registry_summary(),
    })
