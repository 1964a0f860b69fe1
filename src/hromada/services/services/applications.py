"""Online applications: a resident submits one with the form's answers and documents; staff move it through
review, a request for more, the decision and the issue; the resident may add what was asked or withdraw.

Each transition is one @service: allowed only from the states listed in TRANSITIONS, audited (ids only: the
answers are personal data) and told to the applicant in the app and by email."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import uploads
from hromada.core.audit.services import audit_record
from hromada.core.calendar.working_days import add_working_days, to_kyiv_date
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path

from .. import application_forms, fees, policies
from ..models import Application, ApplicationFile, FeeKind, FileKind, PaymentStatus, Service, Status
from . import payments

NOTE_MAX = 4000
FILES_MAX = 20  # files on one application, both sides together
FILE_MAX_BYTES = 10 * 2**20

# status -> the states it may move to (and by whom: the services below say it)
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.IN_REVIEW, Status.NEEDS_INFO, Status.APPROVED, Status.REJECTED,
                                 Status.WITHDRAWN}),
    Status.IN_REVIEW: frozenset({Status.NEEDS_INFO, Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}),
    Status.NEEDS_INFO: frozenset({Status.IN_REVIEW, Status.REJECTED, Status.WITHDRAWN}),
    Status.APPROVED: frozenset({Status.ISSUED}),
    Status.REJECTED: frozenset(),
    Status.ISSUED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

_TOLD: dict[str, object] = {
    Status.SUBMITTED: gettext_lazy("Your application {number} is received"),
    Status.IN_REVIEW: gettext_lazy("Your application {number} is being reviewed"),
    Status.NEEDS_INFO: gettext_lazy("Your application {number} needs more information"),
    Status.APPROVED: gettext_lazy("Your application {number} is approved"),
    Status.REJECTED: gettext_lazy("Your application {number} is refused"),
    Status.ISSUED: gettext_lazy("The result of your application {number} is issued"),
    Status.WITHDRAWN: gettext_lazy("Your application {number} is withdrawn"),
}


def _load(community, application_id) -> Application:
    try:
        return (Application.objects.select_for_update().select_related("service")
                .get(community=community, pk=int(application_id)))
    except (Application.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def _move(application: Application, to: str) -> None:
    if to not in TRANSITIONS[application.status]:
        raise Conflict(_("An application that is %(status)s cannot become %(to)s.")
                       % {"status": application.get_status_display(), "to": Status(to).label},
                       code="wrong_status")
    application.status = to


def _note(text: str, *, field: str = "note", required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationFailed(fields={field: [_("Write what the applicant should know.")]})
    if len(text) > NOTE_MAX:
        raise ValidationFailed(fields={field: [_("At most %(max)s characters.") % {"max": NOTE_MAX}]})
    return text


def _tell(application: Application) -> None:
    notify(community=application.community, recipients=[application.applicant],
           event=f"services.application.{application.status}", title=_TOLD[application.status],
           params={"number": application.number},
           url=community_path(application.community, "services:application", application.pk))


def _clean_files(files: list[tuple[str, object]], *, field: str) -> list[tuple[str, uploads.CleanFile]]:
    """(label, upload) pairs, each cleaned (type sniffed from content, images re-encoded without EXIF)."""
    cleaned = []
    for label, upload in files:
        cleaned.append((label, uploads.clean_document(upload, field=field, max_bytes=FILE_MAX_BYTES)))
    return cleaned


def _store(application: Application, cleaned, kind: str) -> None:
    for label, item in cleaned:
        ApplicationFile.objects.create(
            community=application.community, application=application, kind=kind, label=label[:200],
            file=item.content, content_type=item.content_type, extension=item.extension, size=item.content.size)


def _audit(actor, application: Application, verb: str, **data) -> None:
    audit_record(actor=actor, community=application.community, action=f"services.application.{verb}",
                 target=application, data={"status": application.status, **data})


@service
def application_submit(*, actor, community, service_id: int, answers: dict,
                       documents: dict[str, list] | None = None) -> Application:
    """A resident applies for an online service: the form's answers, each required document uploaded (PDF or
    image), the term counted in working days from today."""
    item = Service.objects.filter(community=community, pk=_int(service_id), is_public=True).first()
    if item is None:
        raise NotFound()
    require(policies.can_apply(actor, community, item),
            _("This service takes online applications only from people with the identity it asks for.")
            if item.online else _("This service does not take online applications."))
    definition = item.form or []
    documents = {key: [f for f in files if f] for key, files in (documents or {}).items()}
    labels = {f["key"]: f["label"] for f in application_forms.document_fields(definition)}
    uploaded = {key for key, files in documents.items() if files and key in labels}
    cleaned_answers = application_forms.answers_clean(definition, answers or {}, uploaded)
    pairs = [(labels[key], upload) for key in uploaded for upload in documents[key]]
    if len(pairs) > FILES_MAX:
        raise ValidationFailed(fields={"documents": [_("At most %(max)s files.") % {"max": FILES_MAX}]})
    cleaned = _clean_files(pairs, field="documents")
    today = to_kyiv_date(timezone.now())
    with transaction.atomic():
        application = Application.objects.create(
            community=community, service=item, applicant=actor, answers=cleaned_answers,
            deadline=add_working_days(community, today, item.term_days))
        application.number = f"{today.year}-{application.pk:06d}"
        application.save(update_fields=["number"])
        _store(application, cleaned, FileKind.ATTACHMENT)
        if item.fee_kind == FeeKind.FIXED and item.fee_amount and fees.payments_ready(community):
            payments._create_request(application, item.fee_amount)
        _audit(actor, application, "submitted", service=item.pk)
        _tell(application)
    return application


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _staff_move(actor, community, application_id, to: str, verb: str, *, note: str = "",
                note_required: bool = False) -> Application:
    require(policies.can_handle(actor, community), _("Only the community's staff handle applications."))
    note = _note(note, required=note_required)
    with transaction.atomic():
        application = _load(community, application_id)
        _move(application, to)
        if note:
            application.note = note
        if getattr(actor, "is_authenticated", False):
            application.handled_by = actor
        application.save()
        _audit(actor, application, verb)
        _tell(application)
    return application


@service
def application_review(*, actor, community, application_id: int) -> Application:
    """Staff take an application up."""
    return _staff_move(actor, community, application_id, Status.IN_REVIEW, "reviewed")


@service
def application_request_info(*, actor, community, application_id: int, note: str) -> Application:
    """Staff ask the applicant for more (what exactly goes in the note, which the applicant reads)."""
    return _staff_move(actor, community, application_id, Status.NEEDS_INFO, "info_requested", note=note,
                       note_required=True)


@service
def application_decide(*, actor, community, application_id: int, approve: bool, decision: str,
                       documents: list | None = None) -> Application:
    """The official's decision: approved or refused, with its text (a refusal must say why) and documents for
    the applicant (private files: only they and staff can open them)."""
    require(policies.can_handle(actor, community), _("Only the community's staff handle applications."))
    decision = _note(decision, field="decision", required=not approve)
    cleaned = _clean_files([(_("Decision"), f) for f in (documents or []) if f], field="documents")
    with transaction.atomic():
        application = _load(community, application_id)
        if application.files.count() + len(cleaned) > FILES_MAX:
            raise ValidationFailed(fields={"documents": [_("At most %(max)s files.") % {"max": FILES_MAX}]})
        _move(application, Status.APPROVED if approve else Status.REJECTED)
        application.decision, application.decided_at = decision, timezone.now()
        if getattr(actor, "is_authenticated", False):
            application.handled_by = actor
        application.save()
        _store(application, cleaned, FileKind.DECISION)
        _audit(actor, application, "approved" if approve else "rejected", files=len(cleaned))
        _tell(application)
    return application


@service
def application_issue(*, actor, community, application_id: int, note: str = "") -> Application:
    """Staff hand over the result of an approved application (and, where a fee is due, after it is paid)."""
    require(policies.can_handle(actor, community), _("Only the community's staff handle applications."))
    with transaction.atomic():
        application = _load(community, application_id)
        if application.payments.filter(status=PaymentStatus.PENDING).exists():
            raise Conflict(_("The fee is not received yet."), code="fee_unpaid")
        return _staff_move(actor, community, application.pk, Status.ISSUED, "issued", note=note)


@service
def application_supplement(*, actor, community, application_id: int, note: str = "",
                           documents: list | None = None) -> Application:
    """The applicant answers a request for more: a note and/or documents; the application goes back to review."""
    note = _note(note)
    cleaned = _clean_files([(_("Added by the applicant"), f) for f in (documents or []) if f], field="documents")
    with transaction.atomic():
        application = _load(community, application_id)
        require(policies.is_applicant(actor, application), _("Only the applicant may add to an application."))
        if not note and not cleaned:
            raise ValidationFailed(fields={"note": [_("Write a note or attach a document.")]})
        if application.files.count() + len(cleaned) > FILES_MAX:
            raise ValidationFailed(fields={"documents": [_("At most %(max)s files.") % {"max": FILES_MAX}]})
        _move(application, Status.IN_REVIEW)
        if note:
            application.answers = {**application.answers, "_supplement": note}
        application.save()
        _store(application, cleaned, FileKind.ATTACHMENT)
        _audit(actor, application, "supplemented", files=len(cleaned))
        _tell(application)
    return application


@service
def application_withdraw(*, actor, community, application_id: int) -> Application:
    """The applicant withdraws an application that is not decided yet."""
    with transaction.atomic():
        application = _load(community, application_id)
        require(policies.is_applicant(actor, application), _("Only the applicant may withdraw an application."))
        _move(application, Status.WITHDRAWN)
        application.save()
        application.payments.filter(status=PaymentStatus.PENDING).update(status=PaymentStatus.CANCELLED)
        _audit(actor, application, "withdrawn")
        _tell(application)
    return application


@service
def application_file_add(*, actor, community, application_id: int, document) -> ApplicationFile:
    """Staff add one more document of the decision to a decided application."""
    require(policies.can_handle(actor, community), _("Only the community's staff handle applications."))
    cleaned = _clean_files([(_("Decision"), document)], field="document")
    with transaction.atomic():
        application = _load(community, application_id)
        if application.status not in (Status.APPROVED, Status.REJECTED, Status.ISSUED):
            raise Conflict(_("Documents of the decision are added once it is made."), code="wrong_status")
        if application.files.count() >= FILES_MAX:
            raise ValidationFailed(fields={"document": [_("At most %(max)s files.") % {"max": FILES_MAX}]})
        _store(application, cleaned, FileKind.DECISION)
        stored = application.files.order_by("-pk").first()
        _audit(actor, application, "file_added")
    assert stored is not None
    return stored
