"""Services' writes: the catalogue (staff only, bad input writes nothing, another community's entry is not
found), online applications (identity level, the form's answers, uploads cleaned or refused, the state machine
with its audit trail and notifications) and the services-package contract."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.core.notifications.models import Notification
from hromada.services import services
from hromada.services.models import Application, ApplicationFile, Category, Payment, Service, Status
from hromada.services.services.applications import TRANSITIONS

from .factories import ANSWERS, FORM, jpeg_with_exif, make_service, pdf, set_payee, submit


def test_staff_keep_the_catalogue_with_an_audit_trail(community, community_admin):
    category = services.category_create(actor=community_admin, community=community, title=" Соціальний  захист ")
    item = make_service(community, actor=community_admin, category_id=category.pk, summary="Субсидія",
                        legal_basis="Постанова КМУ № 848")
    assert (item.category, category.title) == (category, "Соціальний захист")
    assert "соціальний захист" in item.search_text and "постанова кму" in item.search_text
    services.service_update(actor=community_admin, community=community, service_id=item.pk, is_public=False)
    assert Service.objects.get(pk=item.pk).is_public is False
    services.category_update(actor=community_admin, community=community, category_id=category.pk, title="Пільги")
    assert "пільги" in Service.objects.get(pk=item.pk).search_text
    services.service_delete(actor=community_admin, community=community, service_id=item.pk)
    assert not Service.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="services.").order_by("pk")
                .values_list("action", flat=True)) == [
        "services.category.created", "services.service.created", "services.service.changed",
        "services.category.changed", "services.service.deleted"]


def test_residents_may_not_change_the_catalogue(community, resident):
    with pytest.raises(PermissionDenied):
        make_service(community, actor=resident)
    with pytest.raises(PermissionDenied):
        services.category_create(actor=resident, community=community, title="Mine")
    assert not Service.objects.exists() and not Category.objects.exists()


@pytest.mark.parametrize("fields, field", [
    ({"title": "  "}, "title"), ({"title": "x" * 201}, "title"), ({"fee_kind": "fixed", "fee_amount": None}, "fee_amount"),
    ({"fee_kind": "fixed", "fee_amount": "-5"}, "fee_amount"), ({"fee_kind": "gratis"}, "fee_kind"),
    ({"term_days": 0}, "term_days"), ({"term_days": "10"}, "term_days"), ({"diia_url": "javascript:alert(1)"}, "diia_url"),
    ({"identity_level": 7}, "identity_level"), ({"category_id": 999999}, "category_id"),
    ({"form": [{"label": "A", "type": "upload"}]}, "form"), ({"form": [{"label": "", "type": "text"}]}, "form"),
    ({"form": [{"label": "A", "type": "choice", "choices": ["one"]}]}, "form"),
    ({"form": [{"key": "a", "label": "A", "type": "text"}, {"key": "a", "label": "B", "type": "text"}]}, "form"),
    ({"online": True, "form": []}, "form"), ({"colour": "red"}, "colour"),
])
def test_bad_catalogue_input_writes_nothing(community, community_admin, fields, field):
    values = {"title": "Довідка", **fields}
    with pytest.raises(ValidationFailed) as exc:
        services.service_create(actor=community_admin, community=community, **values)
    assert field in exc.value.fields
    assert not Service.objects.exists() and not AuditEvent.objects.filter(action__startswith="services.").exists()


def test_another_communitys_service_or_category_is_not_found(community, other_community, community_admin):
    theirs = make_service(other_community)
    category = services.category_create(actor=SYSTEM, community=other_community, title="Їхня")
    for call in (lambda: services.service_update(actor=community_admin, community=community, service_id=theirs.pk,
                                                 title="Mine now"),
                 lambda: services.service_delete(actor=community_admin, community=community, service_id=theirs.pk),
                 lambda: services.category_delete(actor=community_admin, community=community,
                                                  category_id=category.pk)):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(ValidationFailed):  # their category is not one of ours
        make_service(community, category_id=category.pk)
    assert Service.objects.get(pk=theirs.pk).title != "Mine now" and Category.objects.filter(pk=category.pk).exists()


def test_a_service_people_applied_for_is_hidden_not_deleted(community, community_admin, resident):
    item = make_service(community)
    submit(community, resident, item)
    with pytest.raises(Conflict):
        services.service_delete(actor=community_admin, community=community, service_id=item.pk)
    assert Service.objects.filter(pk=item.pk).exists()


def test_a_resident_applies_with_typed_answers_documents_and_a_working_day_term(community, community_admin,
                                                                                 resident, time_machine):
    time_machine.move_to("2026-12-24 10:00:00+02:00")  # Thursday; five working days skip the weekend
    set_payee(community, community_admin)
    item = make_service(community)
    application = submit(community, resident, item)
    assert application.status == Status.SUBMITTED and application.number == f"2026-{application.pk:06d}"
    assert application.answers == {"address": "вул. Соборна, 1", "area": "12.5", "since": "2026-01-15",
                                   "kind": "Власник", "agree": True}
    assert application.deadline == date(2026, 12, 31)
    files = list(ApplicationFile.objects.filter(application=application))
    assert [(f.label, f.content_type) for f in files] == [("Паспорт", "application/pdf")]
    payment = Payment.objects.get(application=application)  # the fixed fee is asked at once
    assert (payment.reference, str(payment.amount)) == (f"CNAP-{application.number}", "30.00")
    assert payment.reference in payment.purpose
    assert Notification.objects.filter(user=resident, event="services.application.submitted").count() == 1
    event = AuditEvent.objects.get(action="services.application.submitted")
    assert "Соборна" not in str(event.data)  # answers are personal data: never in the audit log


def test_the_term_counts_working_days(community, resident, time_machine):
    time_machine.move_to("2026-03-06 10:00:00+02:00")  # Friday
    application = submit(community, resident, make_service(community, term_days=1))
    assert application.deadline == date(2026, 3, 9)  # Monday, not Saturday


@pytest.mark.parametrize("answers, field", [
    ({**ANSWERS, "address": ""}, "address"), ({**ANSWERS, "area": "багато"}, "area"),
    ({**ANSWERS, "since": "15.01.2026"}, "since"), ({**ANSWERS, "kind": "Сусід"}, "kind"),
    ({**ANSWERS, "agree": ""}, "agree"), ({**ANSWERS, "address": "x" * 2001}, "address"),
])
def test_wrong_answers_write_nothing(community, resident, answers, field):
    item = make_service(community)
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(actor=resident, community=community, service_id=item.pk, answers=answers,
                                    documents={"passport": [pdf()]})
    assert field in exc.value.fields
    assert not Application.objects.exists() and not ApplicationFile.objects.exists()


def test_a_required_document_must_be_attached(community, resident):
    item = make_service(community)
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(actor=resident, community=community, service_id=item.pk, answers=ANSWERS)
    assert "passport" in exc.value.fields and not Application.objects.exists()


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"),
    SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html"),
    SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 2**20) + b"\n%%EOF\n", content_type="application/pdf"),
])
def test_uploads_of_the_wrong_type_or_size_are_refused(community, resident, upload):
    item = make_service(community)
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(actor=resident, community=community, service_id=item.pk, answers=ANSWERS,
                                    documents={"passport": [upload]})
    assert "documents" in exc.value.fields and not Application.objects.exists()


def test_a_scanned_image_loses_its_metadata(community, resident):
    application = services.application_submit(actor=resident, community=community,
                                              service_id=make_service(community).pk, answers=ANSWERS,
                                              documents={"passport": [jpeg_with_exif()]})
    stored = application.files.get()
    with stored.file.open("rb") as handle, Image.open(handle) as image:
        assert stored.content_type == "image/jpeg" and not image.getexif()


def test_who_may_apply(community, other_community, resident):
    weak = make_member(community, Role.RESIDENT, strong=False)
    item = make_service(community)
    with pytest.raises(PermissionDenied):  # the service asks for a strong identity
        submit(community, weak, item)
    offline = make_service(community, title="Лише особисто", online=False, form=[])
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=resident, community=community, service_id=offline.pk, answers={})
    hidden = make_service(community, title="Прихована", is_public=False)
    with pytest.raises(NotFound):
        submit(community, resident, hidden)
    with pytest.raises(NotFound):
        submit(community, resident, make_service(other_community))
    weak_ok = make_service(community, title="Для всіх", identity_level=0)
    assert submit(community, weak, weak_ok).applicant == weak
    assert Application.objects.count() == 1


def test_the_state_machine_from_submission_to_issue(community, official, resident):
    application = submit(community, resident, make_service(community, fee_kind="free"))
    kwargs = {"actor": official, "community": community, "application_id": application.pk}
    assert services.application_review(**kwargs).status == Status.IN_REVIEW
    with pytest.raises(ValidationFailed):
        services.application_request_info(**kwargs, note=" ")
    assert services.application_request_info(**kwargs, note="Додайте довідку").status == Status.NEEDS_INFO
    back = services.application_supplement(actor=resident, community=community, application_id=application.pk,
                                           note="Додаю", documents=[pdf("more.pdf")])
    assert back.status == Status.IN_REVIEW and back.files.count() == 2
    with pytest.raises(ValidationFailed):  # a refusal must say why
        services.application_decide(**kwargs, approve=False, decision="")
    decided = services.application_decide(**kwargs, approve=True, decision="Погоджено", documents=[pdf("d.pdf")])
    assert decided.status == Status.APPROVED and decided.decided_at and decided.handled_by == official
    assert decided.files.filter(kind="decision").count() == 1
    assert services.application_issue(**kwargs).status == Status.ISSUED
    with pytest.raises(Conflict):
        services.application_withdraw(actor=resident, community=community, application_id=application.pk)
    assert list(AuditEvent.objects.filter(action__startswith="services.application.").order_by("pk")
                .values_list("action", flat=True)) == [
        "services.application.submitted", "services.application.reviewed", "services.application.info_requested",
        "services.application.supplemented", "services.application.approved", "services.application.issued"]
    assert Notification.objects.filter(user=resident).count() == 6


@pytest.mark.parametrize("status", [s for s in Status.values])
def test_every_state_allows_exactly_its_transitions(community, official, resident, status):
    application = submit(community, resident, make_service(community, fee_kind="free"))
    Application.objects.filter(pk=application.pk).update(status=status)
    kwargs = {"actor": official, "community": community, "application_id": application.pk}
    attempts = {
        Status.IN_REVIEW: lambda: services.application_review(**kwargs),
        Status.NEEDS_INFO: lambda: services.application_request_info(**kwargs, note="Ще"),
        Status.APPROVED: lambda: services.application_decide(**kwargs, approve=True, decision=""),
        Status.REJECTED: lambda: services.application_decide(**kwargs, approve=False, decision="Ні"),
        Status.ISSUED: lambda: services.application_issue(**kwargs),
        Status.WITHDRAWN: lambda: services.application_withdraw(actor=resident, community=community,
                                                                application_id=application.pk),
    }
    for target, attempt in attempts.items():
        Application.objects.filter(pk=application.pk).update(status=status)
        if target in TRANSITIONS[status]:
            assert attempt().status == target
        else:
            with pytest.raises(Conflict):
                attempt()
            assert Application.objects.get(pk=application.pk).status == status


def test_only_staff_handle_and_only_the_applicant_withdraws(community, other_community, resident, official):
    application = submit(community, resident, make_service(community))
    stranger = make_member(community, Role.RESIDENT, strong=True)
    foreign_staff = make_member(other_community, Role.OFFICIAL)
    for actor in (resident, stranger, foreign_staff):
        with pytest.raises(PermissionDenied):
            services.application_review(actor=actor, community=community, application_id=application.pk)
    for actor in (stranger, official):
        with pytest.raises(PermissionDenied):
            services.application_withdraw(actor=actor, community=community, application_id=application.pk)
    with pytest.raises(NotFound):  # the id of another community's application is not found
        services.application_review(actor=foreign_staff, community=other_community, application_id=application.pk)
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_withdrawing_cancels_the_fee(community, community_admin, resident):
    set_payee(community, community_admin)
    application = submit(community, resident, make_service(community))
    services.application_withdraw(actor=resident, community=community, application_id=application.pk)
    assert Payment.objects.get(application=application).status == "cancelled"


def test_every_public_function_of_the_services_package_is_a_service():
    public = [name for name in services.__all__ if inspect.isfunction(getattr(services, name))]
    assert public and all(getattr(getattr(services, name), "is_service", False) for name in public), public
    assert FORM and len(public) == len(services.__all__)


def test_the_open_catalogue_has_services_and_no_personal_data(community, resident):
    from hromada.services.selectors import service_open_data_rows

    item = make_service(community, legal_basis="Закон України «Про адміністративні послуги»")
    make_service(community, title="Прихована", is_public=False)
    submit(community, resident, item)
    rows = list(service_open_data_rows(community))
    assert [row["title"] for row in rows] == [item.title]
    assert rows[0]["fee_amount"] == 30.0 and rows[0]["term_working_days"] == 5 and rows[0]["online"] is True
    flat = str(rows)
    assert resident.email not in flat and "Соборна" not in flat and "answers" not in flat
