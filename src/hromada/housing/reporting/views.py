"""The pages of housing reports and imports, as thin as the API: parse the request, call a selector or a service,
render. The work report is public (public works of public buildings) and complete for the community's staff."""

from __future__ import annotations

import csv
import io
import itertools

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hromada.core.errors import Conflict, DomainError, NotFound
from hromada.core.web.csvstream import csv_response
from hromada.core.web.form_errors import add_domain_error
from hromada.housing import policies
from hromada.housing.models import WorkKind, WorkStatus

from . import reports, runs
from .columns import ALIASES, LABELS
from .forms import ImportForm, ReportFilterForm
from .importing import CHECK_OUTCOMES, FAILED, FIELD_COLUMNS, OUTCOMES
from .printing import report_pdf
from .reports import GROUPS, ReportFilter

REPORT_PAGE_SIZE = 50
IMPORT_ROWS_PAGE_SIZE = 100


def _report(request) -> dict:
    user, community = request.user, request.community
    report_filter = ReportFilter.from_query(request.GET)
    choices = reports.filter_choices(user=user, community=community, report_filter=report_filter)
    return {
        "filter": report_filter,
        "groups": reports.report_groups(user=user, community=community, report_filter=report_filter),
        "totals": reports.report_totals(user=user, community=community, report_filter=report_filter),
        "choices": choices,
        "sees_all": reports.sees_all(user, community, report_filter),
        "subtitle": _describe(report_filter, choices),
    }


def _describe(report_filter: ReportFilter, choices: dict) -> str:
    """The filter in words, printed under the PDF's title."""
    parts = [_("Grouped by %(group)s") % {"group": GROUPS[report_filter.group]}]
    if report_filter.since or report_filter.until:
        since = f"{report_filter.since:%d.%m.%Y}" if report_filter.since else "…"
        until = f"{report_filter.until:%d.%m.%Y}" if report_filter.until else "…"
        parts.append(_("period %(since)s – %(until)s") % {"since": since, "until": until})
    if report_filter.kind:
        parts.append(str(WorkKind(report_filter.kind).label))
    if report_filter.status:
        parts.append(str(WorkStatus(report_filter.status).label))
    manager = dict(choices["managers"]).get(report_filter.manager_id)
    if manager:
        parts.append(manager)
    if choices["building"] is not None:
        parts.append(choices["building"].address)
    return "; ".join(parts)


@require_GET
def work_report(request):
    """Works grouped by building, manager, period or kind, with counts and money planned and spent."""
    report = _report(request)
    report_filter = report["filter"]
    page = Paginator(report["groups"], REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [reports.report_row(report_filter.group, report_filter.period, values) for values in page.object_list]
    form = ReportFilterForm(initial={"group": report_filter.group, "period": report_filter.period,
                                     "since": report_filter.since, "until": report_filter.until,
                                     "kind": report_filter.kind, "status": report_filter.status,
                                     "manager": report_filter.manager_id or ""},
                            managers=report["choices"]["managers"])
    return render(request, "housing/reporting/report.html", {
        **report, "form": form, "page": page, "rows": rows, "group_label": GROUPS[report_filter.group],
        "is_staff": policies.can_see_hidden(request.user, request.community),
        "can_import": policies.is_editor(request.user, request.community),
        "query": request.GET.urlencode(),
    })


@require_GET
def work_report_csv(request):
    """The whole report as CSV (UTF-8 with a byte-order mark for spreadsheets), streamed row by row."""
    report = _report(request)
    report_filter = report["filter"]
    header = [str(GROUPS[report_filter.group]), _("key"), _("works"), _("planned"), _("done"), _("cancelled"),
              _("cost planned, UAH"), _("cost actual, UAH"), _("difference, UAH")]

    def cells(row):
        key = row.key.isoformat() if hasattr(row.key, "isoformat") else ("" if row.key is None else row.key)
        return [row.label, key, row.works, row.planned, row.done, row.cancelled, row.cost_planned, row.cost_actual,
                row.difference]

    rows = (cells(reports.report_row(report_filter.group, report_filter.period, values))
            for values in report["groups"].iterator())
    return csv_response(itertools.chain(rows, [cells(report["totals"])]), header=header,
                        filename=f"housing-works-{report_filter.group}.csv")


@require_GET
def work_report_pdf(request):
    report = _report(request)
    report_filter = report["filter"]
    rows = (reports.report_row(report_filter.group, report_filter.period, values)
            for values in report["groups"].iterator())
    content = report_pdf(title=_("Housing works report"), subtitle=report["subtitle"],
                         community_name=str(request.community.name), group_label=str(GROUPS[report_filter.group]),
                         rows=rows, totals=report["totals"])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="housing-works-{report_filter.group}.pdf"'
    return response


# --- the import --------------------------------------------------------------------------------------------------

def _editor(request) -> None:
    """The import pages exist only for housing editors: to everybody else they are not there."""
    if not policies.is_editor(request.user, request.community):
        raise Http404


@require_http_methods(["GET", "POST"])
def building_import(request):
    _editor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = runs.building_import_upload(actor=request.user, community=request.community,
                                              upload=form.cleaned_data["file"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("housing:import_run", token=run.token)
    return render(request, "housing/reporting/import.html", {
        "form": form, "columns": [(names[0], names[1]) for names in ALIASES.values()],
        "sync_rows": runs.SYNC_ROWS,
    }, status=400 if form.errors else 200)


@require_GET
def building_import_run(request, token: str):
    """An import's state: the check's report and its Apply button, then the applied report; reloads itself while a
    background step runs (no script)."""
    _editor(request)
    try:
        run = runs.run_get(community=request.community, token=token)
    except NotFound:
        raise Http404 from None
    return _run_page(request, run)


def _run_page(request, run, *, error: str = "", status: int = 200):
    check = runs.step_state(community=request.community, token=run.token, step=runs.CHECK)
    applied = runs.step_state(community=request.community, token=run.token, step=runs.APPLY)
    current = applied if applied.state else check
    report = current.report
    show = request.GET.get("show", "problems")
    rows = report.rows if report else []
    if show != "all":
        rows = [row for row in rows if row.outcome == FAILED]
    page = Paginator(rows, IMPORT_ROWS_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = OUTCOMES if current is applied else CHECK_OUTCOMES
    lines = [{"row": row, "result": str(labels[row.outcome]),
              "changed": [str(LABELS.get(FIELD_COLUMNS.get(name, name), name)) for name in row.changed]}
             for row in page.object_list]
    return render(request, "housing/reporting/import_run.html", {
        "run": run, "check": check, "applied": applied, "current": current, "report": report,
        "is_applied": current is applied, "show": show, "page": page, "error": error,
        "lines": lines,
        "counts": [(key, str(labels[key]), count) for key, count in report.counts.items()] if report else [],
        "can_apply": check.report is not None and not check.pending and applied.state in ("", "failed"),
    }, status=status)


@require_POST
def building_import_apply(request, token: str):
    _editor(request)
    try:
        run = runs.building_import_confirm(actor=request.user, community=request.community, token=token)
    except NotFound:
        raise Http404 from None
    except Conflict as exc:
        return _run_page(request, runs.run_get(community=request.community, token=token), error=str(exc.message),
                         status=409)
    except DomainError as exc:  # the file no longer reads, or the person lost the right meanwhile
        return _run_page(request, runs.run_get(community=request.community, token=token), error=str(exc.message),
                         status=exc.status)
    return redirect("housing:import_run", token=run.token)


@require_GET
def building_import_template(request):
    """An empty building list with every column the import knows, headed in Ukrainian, and one example row."""
    _editor(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([names[0].capitalize() for column, names in ALIASES.items() if column not in ("street", "number",
                                                                                                   "block")])
    writer.writerow(["вул. Шевченка, 12, корп. 2", "", "", "1975", "9", "4", "144", "", "7850,40", "6120,00", "",
                     "панельний", "плоска", "D", "ОСББ «Затишок»", "", "осбб", "так", ""])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="buildings-template.csv"'
    return response
