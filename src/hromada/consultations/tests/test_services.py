"""E-consultation services: the draft split into paragraphs, who may open, propose, support, hide and answer,
bad input writing nothing, another community's ids not found, the report's rules, and every write audited."""

from __future__ import annotations

import inspect
from datetime import timedelta

import pytest
from conftest import make_member, make_user
from django.utils import timezone

from hromada.consultations import services
from hromada.consultations.models import Consultation, Paragraph, Proposal, Status, Support
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.core.notifications.models import Notification

from . import factories as f


def _now():
    return timezone.now()


def test_the_draft_is_split_into_numbered_paragraphs_without_markup(community, official, department):
    made = services.consultation_create(
        actor=official, community=community, title="  Програма  ", department_id=department.pk,
        text="<p>Перший   абзац</p>\r\n\r\n<script>alert(1)</script>Другий\nрядок другого\n\n\n   \n\nТретій",
        opens_at=_now(), closes_at=_now() + timedelta(days=10))
    assert made.title == "Програма" and made.status == Status.DRAFT and made.created_by == official
    assert list(made.paragraphs.values_list("number", "text")) == [
        (1, "Перший абзац"), (2, "alert(1)Другий\nрядок другого"), (3, "Третій")]
    assert AuditEvent.objects.filter(action="consultations.consultation.created", community=community).count() == 1


def test_who_may_open_a_consultation(community, official, department, resident, moderator):
    times = {"opens_at": _now(), "closes_at": _now() + timedelta(days=5)}
    other_department = department.__class__.objects.create(community=community, name="Інший відділ")
    for actor, department_id in ((resident, None), (moderator, None), (official, None),
                                 (official, other_department.pk)):
        with pytest.raises(PermissionDenied):
            services.consultation_create(actor=actor, community=community, title="T", text="Текст",
                                         department_id=department_id, **times)
    assert not Consultation.objects.exists()
    admin = make_member(community, Role.ADMIN)
    assert services.consultation_create(actor=admin, community=community, title="T", text="Текст", **times).pk


@pytest.mark.parametrize("changes, field", [
    ({"title": "  "}, "title"), ({"title": "x" * 201}, "title"), ({"text": "  \n\n  "}, "text"),
    ({"text": "x" * 100_001}, "text"), ({"text": "x" * 5001}, "text"), ({"text": "\n\n".join(["a"] * 501)}, "text"),
    ({"kind": "law"}, "kind"), ({"summary": "x" * 2001}, "summary"), ({"required_identity_level": 7}, "required_identity_level"),
    ({"required_identity_level": "high"}, "required_identity_level"), ({"opens_at": "tomorrow"}, "opens_at"),
    ({"closes_at": "never"}, "closes_at"), ({"department_id": 10**9}, "department_id"), ({"department_id": "x"}, "department_id"),
])
def test_bad_input_to_create_writes_nothing(community, community_admin, changes, field):
    now = _now()
    values = {"title": "Правила", "text": "Абзац", "opens_at": now, "closes_at": now + timedelta(days=3), **changes}
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_create(actor=community_admin, community=community, **values)
    assert field in exc.value.fields
    assert not Consultation.objects.exists() and not Paragraph.objects.exists()


def test_a_period_must_end_after_it_starts_naive_times_are_refused(community, community_admin):
    now = _now()
    for opens, closes in ((now, now), (now, now - timedelta(hours=1)), (now.replace(tzinfo=None), now + timedelta(days=1))):
        with pytest.raises(ValidationFailed):
            services.consultation_create(actor=community_admin, community=community, title="T", text="A",
                                         opens_at=opens, closes_at=closes)
    assert not Consultation.objects.exists()


def test_an_open_consultation_keeps_its_text_and_may_only_be_extended(community, community_admin):
    made = f.consultation(community)
    with pytest.raises(Conflict) as exc:
        services.consultation_update(actor=community_admin, community=community, consultation_id=made.pk, text="Нове")
    assert exc.value.code == "open_frozen"
    with pytest.raises(ValidationFailed):
        services.consultation_update(actor=community_admin, community=community, consultation_id=made.pk,
                                     closes_at=made.closes_at - timedelta(days=1))
    later = made.closes_at + timedelta(days=5)
    services.consultation_update(actor=community_admin, community=community, consultation_id=made.pk,
                                 title="Нова назва", closes_at=later)
    made.refresh_from_db()
    assert (made.title, made.closes_at, made.paragraphs.count()) == ("Нова назва", later, 3)
    with pytest.raises(Conflict):
        services.consultation_delete(actor=community_admin, community=community, consultation_id=made.pk)


def test_a_draft_is_changed_resplit_and_deleted(community, community_admin, resident):
    made = f.consultation(community, publish=False)
    services.consultation_update(actor=community_admin, community=community, consultation_id=made.pk,
                                 text="Один\n\nДва")
    assert list(made.paragraphs.values_list("text", flat=True)) == ["Один", "Два"]
    with pytest.raises(PermissionDenied):
        services.consultation_delete(actor=resident, community=community, consultation_id=made.pk)
    services.consultation_delete(actor=community_admin, community=community, consultation_id=made.pk)
    assert not Consultation.objects.exists()


def test_residents_propose_on_a_paragraph_or_a_new_one_and_nobody_sees_drafts(community, resident):
    made = f.consultation(community)
    comment = f.proposal(community, made, resident, paragraph=2)
    wording = services.proposal_submit(actor=resident, community=community, consultation_id=made.pk, kind="wording",
                                       text="Новий пункт: прибирання щосуботи.", after_number=3)
    assert (comment.paragraph.number, comment.after_number) == (2, None)
    assert (wording.paragraph, wording.after_number) == (None, 3)
    made.refresh_from_db()
    assert made.proposal_count == 2
    draft = f.consultation(community, publish=False)
    with pytest.raises(NotFound):
        f.proposal(community, draft, resident)


@pytest.mark.parametrize("values, field", [
    ({"kind": "vote"}, "kind"), ({"text": "коротко"}, "text"), ({"text": "x" * 5001}, "text"),
    ({"paragraph_number": 9}, "paragraph"), ({"paragraph_number": None, "after_number": 4}, "after_number"),
    ({"paragraph_number": None}, "paragraph"), ({"paragraph_number": 1, "after_number": 1}, "paragraph"),
    ({"paragraph_number": None, "after_number": 1, "kind": "comment"}, "kind"),
    ({"paragraph_number": "1"}, "paragraph"), ({"paragraph_number": True}, "paragraph"),
])
def test_bad_proposals_write_nothing(community, resident, values, field):
    made = f.consultation(community)
    base = {"kind": "comment", "text": "Достатньо довгий текст пропозиції.", "paragraph_number": 1}
    with pytest.raises(ValidationFailed) as exc:
        services.proposal_submit(actor=resident, community=community, consultation_id=made.pk, **{**base, **values})
    assert field in exc.value.fields and not Proposal.objects.exists()


def test_the_identity_level_and_the_period_are_enforced(community):
    strong_only = f.consultation(community, level=2)
    email_only = make_user(strong=False)
    with pytest.raises(PermissionDenied):
        f.proposal(community, strong_only, email_only)
    unverified = make_user(verified=False)
    with pytest.raises(PermissionDenied):
        f.proposal(community, f.consultation(community, level=1), unverified)
    assert f.proposal(community, f.consultation(community, level=0), unverified).pk
    later = f.consultation(community, opens_in=timedelta(days=1))
    with pytest.raises(Conflict) as exc:
        f.proposal(community, later, email_only)
    assert exc.value.code == "not_open_yet"
    ended = f.consultation(community, opens_in=timedelta(days=-3), closes_in=timedelta(days=2))
    Consultation.objects.filter(pk=ended.pk).update(closes_at=_now() - timedelta(seconds=1))
    with pytest.raises(Conflict):
        f.proposal(community, ended, email_only)
    assert Proposal.objects.count() == 1


def test_support_is_once_per_person_not_for_ones_own_and_can_be_withdrawn(community, resident):
    made = f.consultation(community)
    proposal = f.proposal(community, made, resident)
    with pytest.raises(Conflict) as exc:
        services.proposal_support(actor=resident, community=community, proposal_id=proposal.pk)
    assert exc.value.code == "own_proposal"
    other = make_user()
    assert services.proposal_support(actor=other, community=community, proposal_id=proposal.pk).support_count == 1
    with pytest.raises(Conflict) as exc:
        services.proposal_support(actor=other, community=community, proposal_id=proposal.pk)
    assert exc.value.code == "already_supported"
    assert services.proposal_unsupport(actor=other, community=community, proposal_id=proposal.pk).support_count == 0
    with pytest.raises(Conflict):
        services.proposal_unsupport(actor=other, community=community, proposal_id=proposal.pk)
    assert not Support.objects.exists()


def test_moderators_hide_with_a_reason_and_hidden_proposals_take_no_support(community, moderator, resident):
    made = f.consultation(community)
    proposal = f.proposal(community, made, resident)
    with pytest.raises(PermissionDenied):
        services.proposal_hide(actor=resident, community=community, proposal_id=proposal.pk, reason="Спам")
    with pytest.raises(ValidationFailed):
        services.proposal_hide(actor=moderator, community=community, proposal_id=proposal.pk, reason="  ")
    hidden = services.proposal_hide(actor=moderator, community=community, proposal_id=proposal.pk,
                                    reason="Образлива лексика")
    assert (hidden.is_hidden, hidden.hidden_reason, hidden.hidden_by) == (True, "Образлива лексика", moderator)
    with pytest.raises(Conflict):
        services.proposal_support(actor=make_user(), community=community, proposal_id=proposal.pk)
    assert Notification.objects.filter(user=resident, event="consultations.proposal.hidden").exists()


def test_the_responsible_department_answers_and_the_report_needs_every_answer(community, department, official,
                                                                              resident, moderator,
                                                                              django_capture_on_commit_callbacks):
    made = f.consultation(community, department=department)
    first, second, spam = (f.proposal(community, made, resident, paragraph=n) for n in (1, 2, 3))
    services.proposal_hide(actor=moderator, community=community, proposal_id=spam.pk, reason="Реклама")
    with pytest.raises(PermissionDenied):
        services.proposal_answer(actor=moderator, community=community, proposal_id=first.pk, answer="accepted")
    with pytest.raises(ValidationFailed) as exc:
        services.proposal_answer(actor=official, community=community, proposal_id=first.pk, answer="rejected")
    assert "reason" in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.proposal_answer(actor=official, community=community, proposal_id=first.pk, answer="maybe")
    with pytest.raises(Conflict):
        services.proposal_answer(actor=official, community=community, proposal_id=spam.pk, answer="accepted")
    services.proposal_answer(actor=official, community=community, proposal_id=first.pk, answer="accepted")
    with pytest.raises(Conflict):  # still open
        services.report_publish(actor=official, community=community, consultation_id=made.pk)
    services.consultation_close(actor=official, community=community, consultation_id=made.pk)
    with pytest.raises(Conflict) as exc:
        services.report_publish(actor=official, community=community, consultation_id=made.pk)
    assert exc.value.code == "unanswered"
    services.proposal_answer(actor=official, community=community, proposal_id=second.pk, answer="partly",
                             reason="Врахуємо частково.")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(actor=official, community=community, consultation_id=made.pk, summary="Підсумки")
    made.refresh_from_db()
    assert made.status == Status.REPORTED and made.report_summary == "Підсумки"
    with pytest.raises(Conflict):  # the record is final
        services.proposal_answer(actor=official, community=community, proposal_id=second.pk, answer="rejected",
                                 reason="Передумали")
    assert Notification.objects.filter(user=resident, event="consultations.report.published").count() == 1
    assert list(AuditEvent.objects.filter(action__startswith="consultations.report").values_list("data", flat=True)) \
        == [{"proposals": 3, "hidden": 1, "accepted": 1, "partly": 1, "rejected": 0, "unanswered": 0, "authors": 1,
             "supports": 0}]


def test_another_communitys_ids_are_not_found(community, other_community, community_admin, resident):
    theirs = f.consultation(other_community)
    their_proposal = f.proposal(other_community, theirs, make_user())
    calls = [
        lambda: services.consultation_update(actor=community_admin, community=community, consultation_id=theirs.pk,
                                             title="Моє"),
        lambda: services.consultation_close(actor=community_admin, community=community, consultation_id=theirs.pk),
        lambda: f.proposal(community, theirs, resident),
        lambda: services.proposal_support(actor=resident, community=community, proposal_id=their_proposal.pk),
        lambda: services.proposal_answer(actor=community_admin, community=community, proposal_id=their_proposal.pk,
                                         answer="accepted"),
        lambda: services.proposal_hide(actor=community_admin, community=community, proposal_id=their_proposal.pk,
                                       reason="x"),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
    theirs.refresh_from_db()
    assert theirs.status == Status.OPEN and theirs.title == "Правила благоустрою" and Proposal.objects.count() == 1


def test_expired_consultations_are_closed_by_the_platform(community, resident):
    made = f.consultation(community)
    Consultation.objects.filter(pk=made.pk).update(closes_at=_now() - timedelta(minutes=1))
    with pytest.raises(PermissionDenied):
        services.consultations_close_expired(actor=resident, community=community)
    assert services.consultations_close_expired(actor=SYSTEM, community=community) == 1
    made.refresh_from_db()
    assert made.status == Status.CLOSED


def test_every_public_function_of_the_services_module_is_a_service():
    public = [name for name in services.__all__ if inspect.isfunction(getattr(services, name))]
    assert len(public) >= 12 and all(getattr(getattr(services, name), "is_service", False) for name in public), public


def test_documents_are_checked_files_or_web_links(community, community_admin, resident):
    from django.core.files.uploadedfile import SimpleUploadedFile

    made = f.consultation(community)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    added = services.document_add(actor=community_admin, community=community, consultation_id=made.pk,
                                  upload=SimpleUploadedFile("проєкт.pdf", pdf, content_type="application/pdf"))
    assert added.name == "проєкт.pdf" and added.file and added.size == len(pdf)
    link = services.document_add(actor=community_admin, community=community, consultation_id=made.pk,
                                 name="Пояснювальна записка", url="https://rada.example.ua/note")
    assert link.href == "https://rada.example.ua/note"
    for values in ({"url": "javascript:alert(1)"}, {},
                   {"upload": SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")},
                   {"url": "https://a.example", "upload": SimpleUploadedFile("y.pdf", pdf)}):
        with pytest.raises(ValidationFailed):
            services.document_add(actor=community_admin, community=community, consultation_id=made.pk, **values)
    with pytest.raises(PermissionDenied):
        services.document_add(actor=resident, community=community, consultation_id=made.pk, url="https://a.example")
    assert made.documents.count() == 2
