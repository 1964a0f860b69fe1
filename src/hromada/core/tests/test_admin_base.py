"""The one back-office pattern: add, change, delete and "delete selected" each go through a named service (and
leave its audit event), a refusal is a form error that writes nothing, another community's rows are neither
seen nor written, and every registered model admin is a ServiceAdmin."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.core.calendar.models import CalendarDay
from hromada.core.identity.models import Department
from hromada.core.web.admin_base import ReadOnlyInline, ServiceAdmin

pytestmark = pytest.mark.django_db

URL = "/admin/hromada_calendar/calendarday/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _day(community, day: date, working: bool = False) -> CalendarDay:
    return CalendarDay.objects.create(community=community, date=day, is_working_day=working, note="")


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_add_goes_through_the_service_and_is_audited(community, community_admin):
    response = _client(community_admin).post(f"{URL}add/", {
        "community": community.pk, "date": "2026-12-24", "is_working_day": "", "note": "Різдвяний вихідний"})
    assert response.status_code == 302, response.content.decode()[:2000]
    day = CalendarDay.objects.get(community=community, date=date(2026, 12, 24))
    event = AuditEvent.objects.get(action="core.calendar_day.set", target_id=str(day.pk))
    assert event.actor_id == community_admin.pk and event.community_id == community.pk


def test_change_goes_through_the_service_and_is_audited(community, community_admin):
    day = _day(community, date(2026, 12, 26))
    response = _client(community_admin).post(f"{URL}{day.pk}/change/", {
        "date": "2026-12-27", "is_working_day": "on", "note": "Відпрацювання"})
    assert response.status_code == 302, response.content.decode()[:2000]
    day.refresh_from_db()
    assert (day.date, day.is_working_day, day.note) == (date(2026, 12, 27), True, "Відпрацювання")
    assert _events("core.calendar_day.set") == 1


def test_delete_goes_through_the_service_and_is_audited(community, community_admin):
    day = _day(community, date(2026, 12, 28))
    response = _client(community_admin).post(f"{URL}{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    assert _events("core.calendar_day.deleted") == 1


def test_delete_selected_goes_through_the_service_for_each_row(community, community_admin):
    days = [_day(community, date(2026, 12, d)) for d in (29, 30, 31)]
    client = _client(community_admin)
    ids = [str(d.pk) for d in days[:2]]
    confirm = client.post(URL, {"action": "delete_selected", "_selected_action": ids})
    assert confirm.status_code == 200 and b"post" in confirm.content  # Django's confirmation page
    done = client.post(URL, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert done.status_code == 302
    assert list(CalendarDay.objects.values_list("pk", flat=True)) == [days[2].pk]
    assert _events("core.calendar_day.deleted") == 2


def test_a_refusal_is_a_form_error_and_writes_nothing(community, community_admin):
    _day(community, date(2026, 11, 2))
    moved = _day(community, date(2026, 11, 3))
    response = _client(community_admin).post(f"{URL}{moved.pk}/change/", {
        "date": "2026-11-02", "is_working_day": "on", "note": ""})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["date"]  # the service named the field
    moved.refresh_from_db()
    assert moved.date == date(2026, 11, 3) and not moved.is_working_day
    assert _events("core.calendar_day.set") == 0


def test_a_conflict_from_a_service_lands_on_its_field(community, community_admin, department):
    response = _client(community_admin).post("/admin/identity/department/add/", {
        "community": community.pk, "name": department.name, "is_active": "on"})
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert Department.objects.filter(name=department.name).count() == 1


def test_other_communitys_rows_are_invisible_and_not_writable(community, other_community, community_admin):
    theirs = _day(other_community, date(2026, 10, 14))
    client = _client(community_admin)
    assert "2026" not in client.get(URL).content.decode().split("result_list")[-1]
    assert client.get(f"{URL}{theirs.pk}/change/").status_code == 302  # "does not exist"
    client.post(f"{URL}{theirs.pk}/change/", {"date": "2026-10-15", "is_working_day": "on", "note": ""})
    client.post(f"{URL}{theirs.pk}/delete/", {"post": "yes"})
    client.post(URL, {"action": "delete_selected", "_selected_action": [str(theirs.pk)], "post": "yes"})
    added = client.post(f"{URL}add/", {"community": other_community.pk, "date": "2026-10-16", "is_working_day": ""})
    assert added.status_code == 200  # the community is not among the choices
    theirs.refresh_from_db()
    assert theirs.date == date(2026, 10, 14) and not theirs.is_working_day
    assert CalendarDay.objects.filter(community=other_community).count() == 1
    assert not AuditEvent.objects.filter(action__startswith="core.calendar_day").exists()


def test_staff_who_may_not_write_get_a_read_only_page(community, moderator):
    day = _day(community, date(2026, 9, 1))
    client = _client(moderator)
    assert client.get(f"{URL}{day.pk}/change/").status_code == 200  # they read it
    assert client.post(f"{URL}{day.pk}/change/", {"date": "2026-09-02", "is_working_day": "on"}).status_code == 403
    assert client.post(f"{URL}{day.pk}/delete/", {"post": "yes"}).status_code == 403
    assert CalendarDay.objects.get(pk=day.pk).date == date(2026, 9, 1)


def test_every_registered_model_admin_is_a_service_admin():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, ServiceAdmin), model._meta.label
        assert not model_admin.list_editable, model._meta.label  # a changelist formset would write past services
        for inline in model_admin.inlines:
            assert issubclass(inline, ReadOnlyInline), f"{model._meta.label}: {inline.__name__}"


def test_a_model_admin_without_services_offers_no_writes(rf, community, community_admin):
    request = rf.get("/")
    request.user = community_admin
    audit_admin = admin.site._registry[AuditEvent]
    assert audit_admin.has_view_permission(request)
    assert not (audit_admin.has_add_permission(request) or audit_admin.has_change_permission(request)
                or audit_admin.has_delete_permission(request))
