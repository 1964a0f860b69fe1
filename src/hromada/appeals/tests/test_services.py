"""Submitting and every transition of an appeal: happy paths, refusals, bad input, notifications, audit."""

import threading
from datetime import datetime

import pytest
from conftest import make_member, make_user
from django.core import mail
from django.db import connection

from hromada.appeals import services
from hromada.appeals.models import (
    Appeal,
    AppealDocument,
    AppealEvent,
    AppealPhoto,
    InternalNote,
    Status,
    TermKind,
)
from hromada.appeals.tests.factories import (
    jpeg_bytes,
    make_appeal,
    make_area,
    make_category,
    route_rule,
    upload,
)
from hromada.core.audit.models import AuditEvent
from hromada.core.calendar.working_days import KYIV
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.models import Department, Role
from hromada.core.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(community, department):
    return make_category(community, fallback=department, attributes=[
        {"code": "state", "datatype": "singlevaluelist", "required": True,
         "values": [{"key": "off", "name": "Off"}, {"key": "blink", "name": "Blinking"}]},
        {"code": "pole", "datatype": "number", "required": False},
    ])


@pytest.fixture
def appeal(community, resident, category):
    return make_appeal(community, resident, category, attributes={"state": "off"})


def test_create_registers_routes_and_tells_the_author(community, resident, category, department, official,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = make_appeal(community, resident, category, attributes={"state": "off", "pole": "12"},
                             address="вул. Садова, 1", at=datetime(2026, 3, 6, 10, tzinfo=KYIV))
    assert appeal.registration_index == "2026-00001"
    assert appeal.status == Status.REGISTERED and appeal.department_id == department.pk
    assert appeal.attributes == {"state": "off", "pole": 12.0}
    assert appeal.contact_email == resident.email and appeal.is_public
    assert AuditEvent.objects.filter(action="appeals.appeal.registered", target_id=str(appeal.pk)).exists()
    assert AppealEvent.objects.filter(appeal=appeal, kind="registered").count() == 1
    assert {m.to[0] for m in mail.outbox} == {resident.email, official.email}


def test_registration_index_counts_per_community_and_year(community, other_community, resident, category):
    other_resident = make_member(other_community, Role.RESIDENT)
    other_category = make_category(other_community)
    first = make_appeal(community, resident, category, attributes={"state": "off"},
                        at=datetime(2025, 12, 31, 23, 0, tzinfo=KYIV))
    second = make_appeal(community, resident, category, attributes={"state": "off"},
                         at=datetime(2026, 1, 1, 0, 30, tzinfo=KYIV))
    third = make_appeal(community, resident, category, attributes={"state": "off"},
                        at=datetime(2026, 1, 2, tzinfo=KYIV))
    foreign = make_appeal(other_community, other_resident, other_category, at=datetime(2026, 1, 2, tzinfo=KYIV))
    assert [first.registration_index, second.registration_index, third.registration_index] == [
        "2025-00001", "2026-00001", "2026-00002"]
    assert foreign.registration_index == "2026-00001"


def test_confidential_by_category_default_or_choice(community, resident, department):
    private_category = make_category(community, "info", term=TermKind.PUBLIC_INFO, public=False, fallback=department)
    assert not make_appeal(community, resident, private_category).is_public
    assert make_appeal(community, resident, private_category, public=True).is_public


@pytest.mark.parametrize("overrides, field", [
    ({"category_code": "nope"}, "category"),
    ({"description": ""}, "description"),
    ({"description": "x" * 4001}, "description"),
    ({"lat": "north"}, "lat"),
    ({"lat": 95}, "lat"),
    ({"lon": 200}, "long"),
    ({"address": "a" * 301}, "address"),
    ({"attributes": {}}, "attribute[state]"),
    ({"attributes": {"state": "exploded"}}, "attribute[state]"),
    ({"attributes": {"state": "off", "pole": "twelve"}}, "attribute[pole]"),
    ({"contact_email": "not-an-email"}, "email"),
    ({"photos": [upload(jpeg_bytes()) for _ in range(6)]}, "photos"),
])
def test_bad_input_is_refused_and_nothing_is_written(community, resident, category, overrides, field):
    kwargs = {"actor": resident, "community": community, "category_code": category.code, "description": "Темно",
              "lat": 49.6, "lon": 34.5, "attributes": {"state": "off"}}
    kwargs.update(overrides)
    with pytest.raises(ValidationFailed) as err:
        services.appeal_create(**kwargs)
    assert field in err.value.fields
    assert not Appeal.objects.exists() and not AppealPhoto.objects.exists()


def test_a_point_outside_the_community_boundary_is_refused(community, resident, category):
    community.boundary = {"type": "Polygon", "coordinates": [[[34.5, 49.5], [34.6, 49.5], [34.6, 49.6],
                                                              [34.5, 49.6], [34.5, 49.5]]]}
    community.save()
    with pytest.raises(ValidationFailed):
        make_appeal(community, resident, category, lat=48.0, lon=30.0, attributes={"state": "off"})
    assert make_appeal(community, resident, category, lat=49.55, lon=34.55, attributes={"state": "off"})


def test_anonymous_and_unverified_people_cannot_file(community, category):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        make_appeal(community, AnonymousUser(), category, attributes={"state": "off"})
    with pytest.raises(PermissionDenied):
        make_appeal(community, make_user(verified=False), category, attributes={"state": "off"})
    assert not Appeal.objects.exists()


def test_assign_names_the_owner_and_emails_name_and_phone(community, appeal, official, resident,
                                                         django_capture_on_commit_callbacks):
    official.full_name, official.phone = "Ірина Коваленко", "+380 67 111 22 33"
    official.save()
    follower = make_member(community, Role.RESIDENT)
    services.appeal_follow(actor=follower, community=community, appeal_id=appeal.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
    appeal.refresh_from_db()
    assert appeal.status == Status.ASSIGNED and appeal.owner_id == official.pk
    to_resident = [m for m in mail.outbox if m.to == [resident.email]]
    assert to_resident and "Ірина Коваленко" in to_resident[0].subject + to_resident[0].body
    assert "+380 67 111 22 33" in to_resident[0].body
    assert [m for m in mail.outbox if m.to == [follower.email]]
    assert not [m for m in mail.outbox if m.to == [official.email]]  # the actor is not told about themself


def test_reassign_keeps_the_status(community, appeal, official, department):
    colleague = make_member(community, Role.OFFICIAL, department=department)
    services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
    services.appeal_start(actor=official, community=community, appeal_id=appeal.pk)
    services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=colleague.pk)
    appeal.refresh_from_db()
    assert appeal.status == Status.IN_PROGRESS and appeal.owner_id == colleague.pk
    assert AppealEvent.objects.filter(appeal=appeal, kind="reassigned").exists()


def test_only_officials_of_the_department_can_be_owners(community, appeal, official, resident):
    other = Department.objects.create(community=community, name="Other")
    stranger = make_member(community, Role.OFFICIAL, department=other)
    for owner in (resident, stranger):
        with pytest.raises(ValidationFailed):
            services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=owner.pk)
    assert Appeal.objects.get(pk=appeal.pk).status == Status.REGISTERED


def test_full_path_to_answered_and_closed_with_documents(community, appeal, official, resident,
                                                          django_capture_on_commit_callbacks):
    services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
    services.appeal_start(actor=official, community=community, appeal_id=appeal.pk)
    pdf = upload(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "answer.pdf", "application/pdf")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_answer(actor=official, community=community, appeal_id=appeal.pk, text="Замінено лампу.",
                               documents=[pdf, upload(jpeg_bytes(), "act.jpg")])
    appeal.refresh_from_db()
    assert appeal.status == Status.ANSWERED and appeal.answered_at and appeal.response_text == "Замінено лампу."
    assert sorted(AppealDocument.objects.filter(appeal=appeal).values_list("content_type", flat=True)) == [
        "application/pdf", "image/jpeg"]
    assert any("Замінено лампу." in m.body for m in mail.outbox if m.to == [resident.email])
    services.appeal_close(actor=official, community=community, appeal_id=appeal.pk)
    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED and appeal.closed_at
    kinds = list(AppealEvent.objects.filter(appeal=appeal).values_list("kind", flat=True))
    assert kinds == ["registered", "assigned", "started", "answered", "closed"]
    actions = set(AuditEvent.objects.filter(target_id=str(appeal.pk), target_type="appeals.appeal")
                  .values_list("action", flat=True))
    assert {"appeals.appeal.assigned", "appeals.appeal.started", "appeals.appeal.answered",
            "appeals.appeal.closed"} <= actions


def test_reject_and_redirect_need_their_text(community, appeal, moderator, resident, category):
    with pytest.raises(ValidationFailed):
        services.appeal_reject(actor=moderator, community=community, appeal_id=appeal.pk, reason="  ")
    with pytest.raises(ValidationFailed):
        services.appeal_redirect(actor=moderator, community=community, appeal_id=appeal.pk, to="")
    rejected = services.appeal_reject(actor=moderator, community=community, appeal_id=appeal.pk, reason="Дубль")
    assert rejected.status == Status.REJECTED and rejected.reason == "Дубль"
    second = make_appeal(community, resident, category, attributes={"state": "off"})
    redirected = services.appeal_redirect(actor=moderator, community=community, appeal_id=second.pk,
                                          to="Облавтодор", reason="Дорога обласного значення")
    assert redirected.status == Status.REDIRECTED and redirected.redirected_to == "Облавтодор"
    closed = services.appeal_close(actor=moderator, community=community, appeal_id=second.pk)
    assert closed.status == Status.CLOSED


@pytest.mark.parametrize("service, kwargs, allowed", [
    (services.appeal_start, {}, {Status.ASSIGNED}),
    (services.appeal_answer, {"text": "ok"}, {Status.ASSIGNED, Status.IN_PROGRESS}),
    (services.appeal_reject, {"reason": "r"}, {Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS}),
    (services.appeal_redirect, {"to": "x"}, {Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS}),
    (services.appeal_close, {}, {Status.ANSWERED, Status.REJECTED, Status.REDIRECTED}),
    (services.appeal_extend, {"reason": "r"}, {Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS}),
    (services.appeal_change_category, {"category_code": "other"},
     {Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS}),
])
def test_transitions_from_wrong_states_are_refused(community, appeal, moderator, department, service, kwargs, allowed):
    make_category(community, "other", fallback=department)
    for status in Status.values:
        if status in allowed:
            continue
        Appeal.objects.filter(pk=appeal.pk).update(status=status)
        with pytest.raises(Conflict):
            service(actor=moderator, community=community, appeal_id=appeal.pk, **kwargs)
        assert Appeal.objects.get(pk=appeal.pk).status == status


def test_residents_and_other_departments_cannot_act(community, appeal, resident, category):
    other = Department.objects.create(community=community, name="Other")
    outsider = make_member(community, Role.OFFICIAL, department=other)
    for actor in (resident, outsider):
        with pytest.raises(PermissionDenied):
            services.appeal_reject(actor=actor, community=community, appeal_id=appeal.pk, reason="no")
        with pytest.raises(PermissionDenied):
            services.appeal_note_add(actor=actor, community=community, appeal_id=appeal.pk, text="hi")
    confidential = make_appeal(community, make_member(community, Role.RESIDENT), category, public=False,
                               attributes={"state": "off"})
    with pytest.raises(NotFound):  # cannot even see it
        services.appeal_reject(actor=outsider, community=community, appeal_id=confidential.pk, reason="no")
    assert Appeal.objects.get(pk=appeal.pk).status == Status.REGISTERED
    assert not InternalNote.objects.exists()


def test_another_community_is_not_found(community, other_community, appeal):
    foreign_admin = make_member(other_community, Role.ADMIN)
    with pytest.raises(NotFound):
        services.appeal_reject(actor=foreign_admin, community=other_community, appeal_id=appeal.pk, reason="x")
    with pytest.raises(NotFound):
        services.appeal_follow(actor=foreign_admin, community=other_community, appeal_id=appeal.pk)


def test_change_category_reroutes_and_resets_the_owner(community, appeal, official, moderator, category):
    north = make_area(community, "North", 34.55, 49.59)
    roads = Department.objects.create(community=community, name="Roads")
    pothole = make_category(community, "pothole", term=TermKind.ONE_MONTH)
    route_rule(community, pothole, north, roads)
    services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
    changed = services.appeal_change_category(actor=official, community=community, appeal_id=appeal.pk,
                                              category_code="pothole")
    assert changed.category_id == pothole.pk and changed.department_id == roads.pk
    assert changed.owner_id is None and changed.status == Status.REGISTERED
    assert changed.area_id == north.pk and changed.due_at > appeal.due_at
    with pytest.raises(PermissionDenied):  # the appeal now belongs to another department
        services.appeal_start(actor=official, community=community, appeal_id=appeal.pk)
    with pytest.raises(ValidationFailed):
        services.appeal_change_category(actor=moderator, community=community, appeal_id=appeal.pk, category_code="x")


def test_internal_notes_and_follow_unfollow(community, appeal, official, resident):
    note = services.appeal_note_add(actor=official, community=community, appeal_id=appeal.pk, text="Перевірити опору")
    assert note.author == official
    with pytest.raises(ValidationFailed):
        services.appeal_note_add(actor=official, community=community, appeal_id=appeal.pk, text="")
    neighbour = make_member(community, Role.RESIDENT)
    services.appeal_follow(actor=neighbour, community=community, appeal_id=appeal.pk)
    services.appeal_follow(actor=neighbour, community=community, appeal_id=appeal.pk)  # idempotent
    assert appeal.followers.count() == 1
    services.appeal_unfollow(actor=neighbour, community=community, appeal_id=appeal.pk)
    assert appeal.followers.count() == 0


def test_followers_and_author_get_in_app_notifications_for_each_change(community, appeal, official, resident):
    follower = make_member(community, Role.RESIDENT)
    services.appeal_follow(actor=follower, community=community, appeal_id=appeal.pk)
    services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
    services.appeal_extend(actor=official, community=community, appeal_id=appeal.pk, reason="Обстеження")
    services.appeal_start(actor=official, community=community, appeal_id=appeal.pk)
    for user in (resident, follower):
        events = set(Notification.objects.filter(user=user).values_list("event", flat=True))
        assert {"appeals.appeal.assigned", "appeals.appeal.extended", "appeals.appeal.started"} <= events


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_indexes(community, resident, category):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in memory is one connection; PostgreSQL runs this")
    errors = []

    def submit():
        try:
            make_appeal(community, resident, category, attributes={"state": "off"})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    indexes = list(Appeal.objects.filter(community=community).values_list("registration_index", flat=True))
    assert len(set(indexes)) == 6


def test_kind_and_repeated_appeals_for_the_registration_card(community, resident, category, official):
    first = make_appeal(community, resident, category, attributes={"state": "off"}, kind="complaint")
    assert first.kind == "complaint" and not first.is_repeated
    with pytest.raises(ValidationFailed):
        make_appeal(community, resident, category, attributes={"state": "off"}, kind="wish")
    services.appeal_assign(actor=official, community=community, appeal_id=first.pk, owner_id=official.pk)
    services.appeal_answer(actor=official, community=community, appeal_id=first.pk, text="Зроблено")
    again = make_appeal(community, resident, category, attributes={"state": "off"})
    elsewhere = make_appeal(community, resident, category, attributes={"state": "off"}, lat=49.7, lon=34.7)
    someone_else = make_appeal(community, make_member(community, Role.RESIDENT), category,
                               attributes={"state": "off"})
    assert again.is_repeated and not elsewhere.is_repeated and not someone_else.is_repeated
