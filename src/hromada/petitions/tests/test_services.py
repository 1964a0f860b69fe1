"""Services of petitions: every transition, every refusal, bad input writing nothing, deadlines on the
working-day calendar, notifications, and the database rules behind one signature per person."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

import pytest
from conftest import make_member, make_user
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from hromada.core.audit.models import AuditEvent
from hromada.core.calendar.working_days import KYIV
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role, VerifiedIdentity
from hromada.core.identity.services import identity_verify
from hromada.core.notifications.models import Notification
from hromada.petitions import selectors, services, tasks
from hromada.petitions.models import COUNTER_SHARDS, Attachment, Decision, Petition, Signature, Status

from . import factories as f

pytestmark = pytest.mark.django_db

FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=KYIV)


def actions(petition) -> list[str]:
    return list(AuditEvent.objects.filter(target_id=str(petition.pk), target_type="petitions.petition")
                .order_by("pk").values_list("action", flat=True))


# --- create / edit / submit ----------------------------------------------------------------------------------

def test_create_draft_with_category_and_co_authors(community, resident):
    co = make_member(community, Role.RESIDENT, email="co@example.org")
    petition = f.draft(community, resident, category_id=f.category(community).pk, co_author_emails=["CO@example.org"])
    assert petition.status == Status.DRAFT
    assert list(petition.co_authors.all()) == [co]
    assert "велодоріжку" in petition.search_text
    assert actions(petition) == ["petitions.petition.created"]


@pytest.mark.parametrize("kwargs, field", [
    ({"title": "short"}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"text": "too short"}, "text"),
    ({"text": "x" * 10_001}, "text"),
    ({"category_id": "abc"}, "category"),
    ({"category_id": 999999}, "category"),
    ({"co_author_emails": ["nobody@example.org"]}, "co_authors"),
    ({"co_author_emails": [f"p{i}@example.org" for i in range(6)]}, "co_authors"),
])
def test_create_bad_input_writes_nothing(community, resident, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        f.draft(community, resident, **kwargs)
    assert field in exc.value.fields
    assert Petition.objects.count() == 0 and AuditEvent.objects.filter(action__startswith="petitions").count() == 0


def test_create_refuses_category_of_another_community(community, other_community, resident):
    with pytest.raises(ValidationFailed):
        f.draft(community, resident, category_id=f.category(other_community).pk)


def test_create_needs_a_verified_email(community):
    unverified = make_member(community, Role.RESIDENT, verified=False)
    with pytest.raises(PermissionDenied):
        f.draft(community, unverified)
    assert Petition.objects.count() == 0


def test_update_only_by_author_and_only_drafts(community, resident):
    petition = f.draft(community, resident)
    services.petition_update(actor=resident, community=community, petition=petition,
                             title="Нова назва петиції про велодоріжку", text=f.TEXT)
    assert Petition.objects.get(pk=petition.pk).title == "Нова назва петиції про велодоріжку"
    with pytest.raises(PermissionDenied):
        services.petition_update(actor=make_user(), community=community, petition=petition, title="x" * 20,
                                 text=f.TEXT)
    services.petition_submit(actor=resident, community=community, petition=petition)
    with pytest.raises(PermissionDenied):
        services.petition_update(actor=resident, community=community, petition=petition, title="x" * 20,
                                 text=f.TEXT)


def test_submit_sets_moderation_deadline_in_working_days_and_tells_moderators(community, resident, moderator,
                                                                            monkeypatch):
    monkeypatch.setattr(services, "_now", lambda: FRIDAY)
    petition = f.draft(community, resident)
    services.petition_submit(actor=resident, community=community, petition=petition)
    petition.refresh_from_db()
    assert petition.status == Status.SUBMITTED
    # Friday + 2 working days = Tuesday (the weekend does not count), to the end of that Kyiv day.
    assert petition.moderation_deadline == datetime(2026, 11, 24, 23, 59, 59, tzinfo=KYIV)
    assert Notification.objects.filter(user=moderator, event="petitions.petition.submitted").exists()


def test_submit_refusals(community, resident):
    petition = f.draft(community, resident)
    with pytest.raises(PermissionDenied):
        services.petition_submit(actor=make_user(), community=community, petition=petition)
    services.petition_submit(actor=resident, community=community, petition=petition)
    with pytest.raises(Conflict):
        services.petition_submit(actor=resident, community=community, petition=petition)


def test_other_community_looks_not_found(community, other_community, resident, moderator):
    petition = f.submitted(community, resident)
    with pytest.raises(NotFound):
        services.petition_publish(actor=moderator, community=other_community, petition=petition)


# --- moderation ----------------------------------------------------------------------------------------------

def test_publish_starts_collection(community, resident, moderator, django_capture_on_commit_callbacks, monkeypatch):
    f.set_settings(community, threshold=3, collection_days=90)
    monkeypatch.setattr(services, "_now", lambda: FRIDAY)
    petition = f.submitted(community, resident)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_publish(actor=moderator, community=community, petition=petition)
    petition.refresh_from_db()
    assert petition.status == Status.COLLECTING and petition.threshold == 3
    assert petition.counter_shards.count() == COUNTER_SHARDS
    # 90 calendar days from 20 Nov 2026 is 18 Feb 2027, within the three-month statutory cap (20 Feb).
    assert petition.collection_ends_at == datetime(2027, 2, 18, 23, 59, 59, tzinfo=KYIV)
    assert any(resident.email in m.to for m in mail.outbox)
    assert actions(petition)[-1] == "petitions.petition.published"


def test_collection_period_is_capped_at_three_months(community, resident, moderator, monkeypatch):
    f.set_settings(community, collection_days=400)
    monkeypatch.setattr(services, "_now", lambda: datetime(2026, 11, 30, 12, tzinfo=KYIV))
    petition = f.collecting(community, resident, moderator)
    # 90 days from 30 Nov is 28 Feb; three months is also 28 Feb 2027 (no 30 Feb).
    assert petition.collection_ends_at == datetime(2027, 2, 28, 23, 59, 59, tzinfo=KYIV)


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.OFFICIAL])
def test_only_moderators_publish_and_reject(community, resident, department, role):
    petition = f.submitted(community, resident)
    other = make_member(community, role, department=department if role == Role.OFFICIAL else None)
    with pytest.raises(PermissionDenied):
        services.petition_publish(actor=other, community=community, petition=petition)
    with pytest.raises(PermissionDenied):
        services.petition_reject(actor=other, community=community, petition=petition,
                                 reason=selectors.rejection_reasons(community)[0])
    assert Petition.objects.get(pk=petition.pk).status == Status.SUBMITTED


def test_publish_draft_conflicts(community, resident, moderator):
    with pytest.raises(Conflict):
        services.petition_publish(actor=moderator, community=community, petition=f.draft(community, resident))


def test_reject_with_reason_from_community_list(community, resident, moderator):
    f.set_settings(community, rejection_reasons="поза компетенцією ради; образливий зміст")
    petition = f.submitted(community, resident)
    with pytest.raises(ValidationFailed):
        services.petition_reject(actor=moderator, community=community, petition=petition, reason="я так хочу")
    assert Petition.objects.get(pk=petition.pk).status == Status.SUBMITTED
    services.petition_reject(actor=moderator, community=community, petition=petition,
                             reason="образливий зміст", comment="Приберіть образи.")
    petition.refresh_from_db()
    assert petition.status == Status.REJECTED and petition.rejection_reason == "образливий зміст"
    assert Notification.objects.filter(user=resident, event="petitions.petition.rejected").exists()


def test_mark_duplicate(community, resident, moderator):
    original = f.collecting(community, resident, moderator)
    petition = f.submitted(community, resident)
    for bad in ("x", 999999, petition.pk, f.draft(community, resident).pk):
        with pytest.raises(ValidationFailed):
            services.petition_mark_duplicate(actor=moderator, community=community, petition=petition,
                                             original_id=bad)
    services.petition_mark_duplicate(actor=moderator, community=community, petition=petition,
                                     original_id=original.pk)
    petition.refresh_from_db()
    assert petition.status == Status.REJECTED and petition.duplicate_of == original
    assert actions(petition)[-1] == "petitions.petition.marked_duplicate"


def test_duplicate_of_another_community_is_refused(community, other_community, resident, moderator):
    foreign = f.collecting(other_community, make_member(other_community), make_member(other_community,
                                                                                      Role.MODERATOR))
    petition = f.submitted(community, resident)
    with pytest.raises(ValidationFailed):
        services.petition_mark_duplicate(actor=moderator, community=community, petition=petition,
                                         original_id=foreign.pk)


# --- signing -------------------------------------------------------------------------------------------------

def test_sign_counts_and_shows_verified_name(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    signer = f.strong_resident(community)
    signature = services.petition_sign(actor=signer, community=community, petition=petition)
    assert signature.identity_hash == signer.verified_identity.subject_hash
    assert selectors.signature_count(petition) == 1
    assert list(selectors.petition_signer_names(community=community, petition=petition)) == [
        signer.verified_identity.verified_name]
    assert "petitions.petition.signed" in actions(petition)


def test_second_signature_of_same_user_conflicts(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    services.petition_sign(actor=resident, community=community, petition=petition)
    with pytest.raises(Conflict) as exc:
        services.petition_sign(actor=resident, community=community, petition=petition)
    assert exc.value.code == "already_signed"
    assert Signature.objects.count() == 1 and selectors.signature_count(petition) == 1


def test_same_person_with_a_second_account_signs_once(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    first = f.strong_resident(community)
    services.petition_sign(actor=first, community=community, petition=petition)
    # The person moves their verified identity to a new account (the old record is removed first).
    VerifiedIdentity.objects.filter(user=first).delete()
    second = make_member(community, Role.RESIDENT)
    subject = f"{first.pk:010d}"
    identity_verify(actor=second, user=second, provider="test", subject=subject, verified_name="Та сама особа")
    VerifiedIdentity.objects.filter(user=second).update(subject_hash=Signature.objects.get().identity_hash)
    with pytest.raises(Conflict):
        services.petition_sign(actor=second, community=community, petition=petition)
    assert selectors.signature_count(petition) == 1


def test_database_enforces_one_signature_per_user_and_per_person(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    Signature.objects.create(community=community, petition=petition, user=resident, public_name="A",
                             identity_hash="h" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(community=community, petition=petition, user=resident, public_name="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(community=community, petition=petition, user=make_user(), public_name="B",
                                 identity_hash="h" * 64)
    # Signers without a verified identity (email level) are not blocked by the identity rule.
    Signature.objects.create(community=community, petition=petition, user=make_user(), public_name="C")
    Signature.objects.create(community=community, petition=petition, user=make_user(), public_name="D")
    assert Signature.objects.count() == 3


def test_strong_identity_required_by_default(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    email_only = make_member(community, Role.RESIDENT)
    with pytest.raises(PermissionDenied) as exc:
        services.petition_sign(actor=email_only, community=community, petition=petition)
    assert exc.value.code == "identity_required"
    assert Signature.objects.count() == 0


def test_email_level_community_accepts_email_verified_signers(community, resident, moderator):
    f.set_settings(community, identity_level="email")
    petition = f.collecting(community, resident, moderator)
    services.petition_sign(actor=make_member(community, Role.RESIDENT), community=community, petition=petition)
    with pytest.raises(PermissionDenied):
        services.petition_sign(actor=make_member(community, Role.RESIDENT, verified=False), community=community,
                               petition=petition)
    assert Signature.objects.count() == 1


def test_sign_refusals_by_state(community, other_community, resident, moderator):
    from django.contrib.auth.models import AnonymousUser

    petition = f.submitted(community, resident)
    with pytest.raises(Conflict):
        services.petition_sign(actor=resident, community=community, petition=petition)
    services.petition_publish(actor=moderator, community=community, petition=petition)
    with pytest.raises(PermissionDenied):
        services.petition_sign(actor=AnonymousUser(), community=community, petition=petition)
    with pytest.raises(NotFound):
        services.petition_sign(actor=resident, community=other_community, petition=petition)
    Petition.objects.filter(pk=petition.pk).update(collection_ends_at=FRIDAY)
    petition.refresh_from_db()
    with pytest.raises(Conflict):
        services.petition_sign(actor=resident, community=community, petition=petition)
    assert Signature.objects.count() == 0


def test_threshold_moves_to_consideration_with_working_day_deadline(
        community, resident, moderator, monkeypatch, django_capture_on_commit_callbacks):
    f.set_settings(community, threshold=2, consideration_working_days=10)
    petition = f.collecting(community, resident, moderator)
    first, second = f.strong_resident(community), f.strong_resident(community)
    services.petition_sign(actor=first, community=community, petition=petition)
    monkeypatch.setattr(services, "_now", lambda: FRIDAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_sign(actor=second, community=community, petition=petition)
    petition.refresh_from_db()
    assert petition.status == Status.THRESHOLD_REACHED
    # 10 working days after Friday 20 Nov 2026: Friday 4 Dec 2026.
    assert petition.consideration_deadline == datetime(2026, 12, 4, 23, 59, 59, tzinfo=KYIV)
    assert Notification.objects.filter(user=resident, event="petitions.petition.threshold_reached").exists()
    # Signers are told from a background task (run immediately in tests), the second signer excluded by nobody.
    assert Notification.objects.filter(user=first, event="petitions.petition.threshold_reached").exists()
    # ... in their digest: signers' news is low priority (the author heard at once).
    assert not any(first.email in m.to for m in mail.outbox) and any(resident.email in m.to for m in mail.outbox)
    assert Notification.objects.get(user=first, event="petitions.petition.threshold_reached").email_status == "digest"
    assert actions(petition).count("petitions.petition.threshold_reached") == 1
    with pytest.raises(Conflict):
        services.petition_sign(actor=f.strong_resident(community), community=community, petition=petition)


# --- department and answer -----------------------------------------------------------------------------------

@pytest.fixture
def considering(community, resident, moderator):
    f.set_settings(community, threshold=1)
    petition = f.collecting(community, resident, moderator)
    f.reach_threshold(community, petition)
    return petition


def test_assign_department(community, considering, moderator, department, official, other_community):
    with pytest.raises(PermissionDenied):
        services.petition_assign_department(actor=official, community=community, petition=considering,
                                            department_id=department.pk)
    foreign = Department.objects.create(community=other_community, name="Чужий відділ")
    for bad in (foreign.pk, "x", None):
        with pytest.raises(ValidationFailed):
            services.petition_assign_department(actor=moderator, community=community, petition=considering,
                                                department_id=bad)
    services.petition_assign_department(actor=moderator, community=community, petition=considering,
                                        department_id=department.pk)
    assert Petition.objects.get(pk=considering.pk).department == department
    assert Notification.objects.filter(user=official, event="petitions.petition.assigned").exists()


def _pdf():
    return SimpleUploadedFile("рішення.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")


def _jpeg_with_exif():
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("photo.jpg", out.getvalue(), "image/jpeg")


def test_answer_by_responsible_department(community, considering, moderator, department, official,
                                          django_capture_on_commit_callbacks):
    signer = Signature.objects.get(petition=considering).user
    services.petition_assign_department(actor=moderator, community=community, petition=considering,
                                        department_id=department.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_answer(actor=official, community=community, petition=considering,
                                 text="Рада підтримує петицію, роботи почнуться навесні.",
                                 decision=Decision.SUPPORTED, attachments=[_pdf(), _jpeg_with_exif()])
    considering.refresh_from_db()
    assert considering.status == Status.ANSWERED and considering.answered_by == official
    assert considering.final_signature_count == 1
    files = list(Attachment.objects.filter(petition=considering))
    assert len(files) == 2
    photo = next(a for a in files if a.name.endswith(".jpg"))
    assert b"SecretCameraMaker" not in photo.file.read()
    assert Notification.objects.filter(user=signer, event="petitions.petition.answered").exists()


def test_answer_refusals(community, considering, department, official):
    other_department = Department.objects.create(community=community, name="Інший відділ")
    stranger = make_member(community, Role.OFFICIAL, department=other_department)
    # Not assigned yet: an official cannot answer; neither can an official of another department.
    for actor in (official, stranger, make_member(community)):
        with pytest.raises(PermissionDenied):
            services.petition_answer(actor=actor, community=community, petition=considering, text="x" * 30,
                                     decision=Decision.SUPPORTED)
    admin = make_member(community, Role.ADMIN)
    for kwargs in ({"text": "коротко", "decision": Decision.SUPPORTED}, {"text": "x" * 30, "decision": "maybe"},
                   {"text": "x" * 30, "decision": Decision.SUPPORTED,
                    "attachments": [SimpleUploadedFile("a.exe", b"MZ\x90\x00", "application/octet-stream")]},
                   {"text": "x" * 30, "decision": Decision.SUPPORTED,
                    "attachments": [SimpleUploadedFile("a.zip", b"PK\x03\x04rest", "application/zip")]}):
        with pytest.raises(ValidationFailed):
            services.petition_answer(actor=admin, community=community, petition=considering, **kwargs)
    assert Petition.objects.get(pk=considering.pk).status == Status.THRESHOLD_REACHED
    assert Attachment.objects.count() == 0


def test_answer_needs_threshold(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    with pytest.raises(Conflict):
        services.petition_answer(actor=make_member(community, Role.ADMIN), community=community, petition=petition,
                                 text="x" * 30, decision=Decision.SUPPORTED)


# --- expiry, overdue, housekeeping ---------------------------------------------------------------------------

def test_close_exactly_at_the_end_of_the_last_day(community, resident, moderator):
    f.set_settings(community, threshold=5)
    petition = f.collecting(community, resident, moderator)
    ends = petition.collection_ends_at
    assert services.petition_close_if_expired(actor=SYSTEM, community=community, petition=petition, now=ends) == ""
    assert ends.astimezone(KYIV).time() == time(23, 59, 59)  # inclusive of the whole last Kyiv day
    assert services.petition_close_if_expired(actor=SYSTEM, community=community, petition=petition,
                                              now=ends + timedelta(seconds=1)) == Status.CLOSED
    petition.refresh_from_db()
    assert petition.status == Status.CLOSED and petition.final_signature_count == 0
    assert Notification.objects.filter(user=resident, event="petitions.petition.closed").exists()


def test_close_moves_on_when_threshold_was_met(community, resident, moderator):
    f.set_settings(community, threshold=1)
    petition = f.collecting(community, resident, moderator)
    # A signature counted but the transition missed (e.g. a race): housekeeping catches it.
    Signature.objects.create(community=community, petition=petition, user=resident, public_name="x")
    petition.counter_shards.filter(shard=0).update(count=1)
    assert services.petition_close_if_expired(actor=SYSTEM, community=community, petition=petition) == \
        Status.THRESHOLD_REACHED


def test_overdue_flagged_once(community, considering):
    deadline = considering.consideration_deadline
    assert not services.petition_flag_overdue(actor=SYSTEM, community=community, petition=considering, now=deadline)
    assert not selectors.is_overdue(considering, now=deadline)
    late = deadline + timedelta(seconds=1)
    assert services.petition_flag_overdue(actor=SYSTEM, community=community, petition=considering, now=late)
    assert not services.petition_flag_overdue(actor=SYSTEM, community=community, petition=considering, now=late)
    assert selectors.is_overdue(considering, now=late)
    assert Notification.objects.filter(event="petitions.petition.overdue").exists()


def test_housekeeping_task_closes_and_flags(community, resident, moderator, considering):
    f.set_settings(community, threshold=5)
    expired = f.collecting(community, resident, moderator)
    Petition.objects.filter(pk=expired.pk).update(collection_ends_at=FRIDAY)
    Petition.objects.filter(pk=considering.pk).update(consideration_deadline=FRIDAY)
    result = tasks.petitions_housekeeping.call()
    assert result == {"closed": 1, "flagged_overdue": 1}
    assert Petition.objects.get(pk=expired.pk).status == Status.CLOSED
    assert Petition.objects.get(pk=considering.pk).overdue_flagged_at is not None


def test_signers_export_is_staff_only_and_audited(community, considering, moderator):
    with pytest.raises(PermissionDenied):
        services.signers_export_record(actor=make_member(community), community=community, petition=considering)
    services.signers_export_record(actor=moderator, community=community, petition=considering)
    assert "petitions.signers.exported" in actions(considering)
