"""Applications: an applicant's draft (text, budget table, own contribution, files in private storage), its
submission before the deadline against the call's rules, the staff's eligibility decision, and grantees' reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.hashing import subject_hash
from hromada.core.phases import Schedule
from hromada.core.text import visible_length
from hromada.core.uploads import CleanFile, clean_document

from .. import eligibility, policies
from ..manifest import competitions_settings
from ..models import ApplicantType, Application, Attachment, BudgetLine, Call, Report, ReportStatus, Status
from .calls import FUND_MAX

SUMMARY_MAX = 1000
DESCRIPTION_MAX = 20_000
LINES_MAX = 50
NOTE_MAX = 2000
FIELDS = ("applicant_type", "organisation", "tax_id", "partner_name", "partner_tax_id", "title", "summary",
          "description", "cofinancing", "budget_lines")


def _visible_call(actor, community, call_id) -> Call:
    call = Call.objects.filter(community=community, pk=call_id).first() if str(call_id).isdigit() else None
    if call is None or not policies.can_see_call(actor, community, call):
        raise NotFound()
    return call


def _applications_open(call: Call) -> None:
    window = next((w for w in Schedule.from_json(call.schedule).windows if w.key == "applications"), None)
    now = timezone.now()
    if window is None or not window.is_open(now):
        raise Conflict(_("Applications to this call are accepted from %(start)s to %(end)s.") % {
            "start": window.starts_at.isoformat() if window else "—", "end": window.ends_at.isoformat() if window else "—"},
            code="applications_closed")


def _own_application(actor, community, application_id, *, lock: bool = True) -> Application:
    rows = Application.objects.select_related("call")
    if lock:
        rows = rows.select_for_update(of=("self",))
    application = rows.filter(community=community, pk=application_id).first() if str(application_id).isdigit() \
        else None
    if application is None or not policies.is_applicant(actor, application):
        raise NotFound()
    return application


def _money(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value <= FUND_MAX else None


def _clean_lines(lines: Iterable[Mapping], errors: dict) -> list[dict]:
    clean: list[dict] = []
    for index, line in enumerate(list(lines or ())[:LINES_MAX + 1]):
        item = str(line.get("item", "")).strip()
        quantity, unit_cost = line.get("quantity"), _money(line.get("unit_cost"))
        if not visible_length(item) or len(item) > 200:
            errors.setdefault(f"budget_lines.{index}.item", []).append(_("Name the item (at most 200 characters)."))
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 1_000_000:
            errors.setdefault(f"budget_lines.{index}.quantity", []).append(_("A whole number from 1 to 1,000,000."))
        if not unit_cost:
            errors.setdefault(f"budget_lines.{index}.unit_cost", []).append(_("A positive amount in kopiyky."))
        clean.append({"item": item, "quantity": quantity, "unit_cost": unit_cost})
    if len(clean) > LINES_MAX:
        errors.setdefault("budget_lines", []).append(_("At most %(max)s lines.") % {"max": LINES_MAX})
    return clean


def _clean(call: Call, data: Mapping[str, Any]) -> dict:
    errors: dict[str, list[str]] = {}
    kind = str(data.get("applicant_type", ""))
    rule = call.rules.filter(applicant_type=kind).first() if kind in ApplicantType.values else None
    if rule is None:
        errors["applicant_type"] = [_("This call does not accept applications from this kind of applicant.")]
    text = {name: str(data.get(name) or "").strip() for name in
            ("organisation", "tax_id", "partner_name", "partner_tax_id", "title", "summary", "description")}
    text["tax_id"] = "".join(text["tax_id"].split())
    text["partner_tax_id"] = "".join(text["partner_tax_id"].split())
    if not visible_length(text["title"]) or len(text["title"]) > 200:
        errors["title"] = [_("Give the project a title (at most 200 characters).")]
    if not visible_length(text["summary"]) or len(text["summary"]) > SUMMARY_MAX:
        errors["summary"] = [_("Give a summary of at most %(max)s characters.") % {"max": SUMMARY_MAX}]
    if len(text["description"]) > DESCRIPTION_MAX:
        errors["description"] = [_("At most %(max)s characters.") % {"max": DESCRIPTION_MAX}]
    if kind != ApplicantType.INITIATIVE_GROUP and (not visible_length(text["organisation"])
                                                  or len(text["organisation"]) > 200):
        errors["organisation"] = [_("Give the applicant's name as registered (at most 200 characters).")]
    if kind == ApplicantType.INITIATIVE_GROUP and (not visible_length(text["partner_name"])
                                                  or len(text["partner_name"]) > 200):
        errors["partner_name"] = [_("An initiative group applies with a partner NGO: give its name.")]
    errors.update(eligibility.tax_id_errors(kind, text["tax_id"], text["partner_tax_id"]))
    cofinancing = _money(data.get("cofinancing", 0))
    if cofinancing is None:
        errors["cofinancing"] = [_("An amount in kopiyky, zero or more.")]
    lines = _clean_lines(data.get("budget_lines") or (), errors)
    if errors:
        raise ValidationFailed(fields=errors)
    if kind == ApplicantType.INITIATIVE_GROUP:
        # An initiative group has no code of its own: its partner NGO answers for it, once per call.
        text["tax_id"], identity = "", f"edrpou:{text['partner_tax_id']}"
    elif kind == ApplicantType.SOLE_PROPRIETOR:
        identity = f"rnokpp:{text['tax_id']}"
        text["tax_id"] = ""  # personal data: only the keyed hash below is kept
    else:
        identity, text["partner_name"], text["partner_tax_id"] = f"edrpou:{text['tax_id']}", "", ""
    return {**text, "applicant_type": kind, "cofinancing": cofinancing, "budget_lines": lines,
            "tax_id_hash": subject_hash(f"competitions:{identity}"),
            "total_cost": sum(line["quantity"] * line["unit_cost"] for line in lines)}


def _save(application: Application, clean: dict) -> None:
    for name, value in clean.items():
        if name != "budget_lines":
            setattr(application, name, value)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise Conflict(_("This applicant has already applied to this call."), code="already_applied",
                       fields={"tax_id": [_("This applicant has already applied to this call.")]}) from None
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(BudgetLine(community=application.community, application=application, **line)
                                   for line in clean["budget_lines"])


@service
def application_create(*, actor, community, call_id: int, **data) -> Application:
    """A draft application to an open call; the tax number is checked now, the call's money terms on submit."""
    call = _visible_call(actor, community, call_id)
    require(policies.can_apply(actor, community, call), _("Sign in to apply."))
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    _applications_open(call)
    clean = _clean(call, data)
    with transaction.atomic():
        application = Application(community=community, call=call, applicant=actor)
        _save(application, clean)
        audit_record(actor=actor, community=community, action="competitions.application.created",
                     target=application)
    return application


@service
def application_update(*, actor, community, application_id: int, **data) -> Application:
    require(policies.can_act_as_applicant(actor), _("Sign in to change your application."))
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    with transaction.atomic():
        application = _own_application(actor, community, application_id)
        if application.status != Status.DRAFT:
            raise Conflict(_("A submitted application no longer changes."))
        _applications_open(application.call)
        current = {name: getattr(application, name) for name in FIELDS if name != "budget_lines"}
        current["budget_lines"] = list(application.budget_lines.values("item", "quantity", "unit_cost"))
        if application.applicant_type == ApplicantType.SOLE_PROPRIETOR and "tax_id" not in data:
            raise ValidationFailed(fields={"tax_id": [_("Give the individual tax number again: it is not kept.")]})
        _save(application, _clean(application.call, {**current, **data}))
        audit_record(actor=actor, community=community, action="competitions.application.changed",
                     target=application)
    return application


@service
def application_submit(*, actor, community, application_id: int) -> Application:
    """Send a draft to the call before the applications deadline; the call's co-financing and cap are checked."""
    require(policies.can_act_as_applicant(actor), _("Sign in to submit."))
    with transaction.atomic():
        application = _own_application(actor, community, application_id)
        if application.status != Status.DRAFT:
            raise Conflict(_("This application is already submitted."))
        _applications_open(application.call)
        rule = application.call.rules.get(applicant_type=application.applicant_type)
        errors = eligibility.terms_errors(rule, total_cost=application.total_cost,
                                          cofinancing=application.cofinancing)
        errors.update(_form_parts_errors(application))
        if errors:
            raise ValidationFailed(fields=errors)
        application.status, application.submitted_at = Status.SUBMITTED, timezone.now()
        application.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(actor=actor, community=community, action="competitions.application.submitted",
                     target=application)
    return application


def _form_parts_errors(application: Application) -> dict[str, list[str]]:
    """The parts of the form the call asks for beyond the budget: the full description, a number of files."""
    call, errors = application.call, {}
    if call.description_required and not visible_length(application.description):
        errors["description"] = [_("This call asks for the project's full description.")]
    files = application.attachments.filter(report__isnull=True).count() if call.attachments_required else 0
    if files < call.attachments_required:
        errors["file"] = [_("This call asks for at least %(count)s attached files (now %(files)s).")
                          % {"count": call.attachments_required, "files": files}]
    return errors


@service
def application_review(*, actor, community, application_id: int, eligible: bool, note: str = "") -> Application:
    """Staff's eligibility decision on a submitted application; refusing one needs the reason."""
    require(policies.can_manage(actor, community), _("Only the community's staff review eligibility."))
    note = (note or "").strip()
    with transaction.atomic():
        application = Application.objects.select_for_update().filter(community=community, pk=application_id).first() \
            if str(application_id).isdigit() else None
        if application is None or application.status == Status.DRAFT:
            raise NotFound()
        if not eligible and not visible_length(note):
            raise ValidationFailed(fields={"note": [_("Say why the application is not eligible.")]})
        if len(note) > NOTE_MAX:
            raise ValidationFailed(fields={"note": [_("At most %(max)s characters.") % {"max": NOTE_MAX}]})
        if application.status not in (Status.SUBMITTED, Status.ELIGIBLE, Status.INELIGIBLE) \
                or application.reviews.exists():
            raise Conflict(_("The jury has begun on this application: its eligibility is settled."))
        application.status = Status.ELIGIBLE if eligible else Status.INELIGIBLE
        application.eligibility_note = note
        application.save(update_fields=["status", "eligibility_note", "updated_at"])
        audit_record(actor=actor, community=community, action="competitions.application.reviewed",
                     target=application, data={"eligible": bool(eligible)})
    return application


@service
def attachment_add(*, actor, community, application_id: int, upload) -> Attachment:
    """A file of a draft application (PDF, image or office document), kept in private storage."""
    require(policies.can_act_as_applicant(actor), _("Sign in to attach files."))
    clean = _clean_upload(upload)
    with transaction.atomic():
        application = _own_application(actor, community, application_id)
        if application.status != Status.DRAFT:
            raise Conflict(_("A submitted application no longer changes."))
        limit = competitions_settings(community).max_attachments
        if application.attachments.filter(report__isnull=True).count() >= limit:
            raise ValidationFailed(fields={"file": [_("At most %(max)s files.") % {"max": limit}]})
        attachment = _store(application, None, clean)
        audit_record(actor=actor, community=community, action="competitions.attachment.added", target=attachment)
    return attachment


def _clean_upload(upload) -> CleanFile:
    return clean_document(upload, field="file", accept=frozenset({"pdf", "image", "office"}))


def _store(application: Application, report: Report | None, clean: CleanFile) -> Attachment:
    return Attachment.objects.create(community=application.community, application=application, report=report,
                                     file=clean.content, name=clean.display_name, content_type=clean.content_type)


@service
def report_add(*, actor, community, application_id: int, progress: str, spent: int,
               uploads: Iterable = ()) -> Report:
    """A grantee's report on an awarded project: progress, the amount spent so far (within the grant), files."""
    require(policies.can_act_as_applicant(actor), _("Sign in to report."))
    progress = (progress or "").strip()
    uploads = list(uploads or ())
    if len(uploads) > competitions_settings(community).max_attachments:
        raise ValidationFailed(fields={"file": [_("Too many files.")]})
    files = [_clean_upload(upload) for upload in uploads]
    with transaction.atomic():
        application = _own_application(actor, community, application_id)
        if application.status != Status.AWARDED:
            raise Conflict(_("Only an awarded project reports on its grant."))
        errors: dict[str, list[str]] = {}
        if not visible_length(progress) or len(progress) > DESCRIPTION_MAX:
            errors["progress"] = [_("Say what has been done (at most %(max)s characters).") % {"max": DESCRIPTION_MAX}]
        if _money(spent) is None or spent > (application.grant or 0):
            errors["spent"] = [_("An amount in kopiyky from zero up to the grant.")]
        if errors:
            raise ValidationFailed(fields=errors)
        report = Report.objects.create(community=community, application=application, progress=progress, spent=spent)
        for clean in files:
            _store(application, report, clean)
        audit_record(actor=actor, community=community, action="competitions.report.added", target=report)
    return report


@service
def report_review(*, actor, community, report_id: int, accept: bool, note: str = "") -> Report:
    """Staff accept a grantee's report (it becomes public on the results page) or return it with the reason;
    a decided report stays decided, the grantee sends a new one."""
    require(policies.can_manage(actor, community), _("Only the community's staff review reports."))
    note = (note or "").strip()
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(community=community, pk=report_id).first() \
            if str(report_id).isdigit() else None
        if report is None:  # before the body is checked: another community's report is "not found" whatever came
            raise NotFound()
        if not accept and not visible_length(note):
            raise ValidationFailed(fields={"note": [_("Say what the grantee should change.")]})
        if len(note) > NOTE_MAX:
            raise ValidationFailed(fields={"note": [_("At most %(max)s characters.") % {"max": NOTE_MAX}]})
        if report.status != ReportStatus.SUBMITTED:
            raise Conflict(_("This report is already decided: %(status)s.") % {"status": report.get_status_display()},
                           code="report_decided")
        report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
        report.review_note, report.reviewed_at = note, timezone.now()
        report.save(update_fields=["status", "review_note", "reviewed_at"])
        audit_record(actor=actor, community=community, action="competitions.report.reviewed", target=report,
                     data={"accepted": bool(accept)})
    return report
