"""The officials' queue: overdue and due-soon terms marked in words, an action next to each item, and
confirmations that say what happened; appeal tables turn into cards on a phone."""

from datetime import timedelta

import pytest
from conftest import make_member
from django.utils import timezone

from hromada.appeals.models import Appeal
from hromada.appeals.tests.factories import make_appeal
from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(community, department):
    return make_member(community, Role.OFFICIAL, department=department, name="Олена Ткач")


def test_overdue_and_due_soon_are_marked_in_words(community, resident, category, official, web):
    late = make_appeal(community, resident, category, address="Прострочена")
    soon = make_appeal(community, resident, category, address="Скоро")
    calm = make_appeal(community, resident, category, address="Спокійна")
    now = timezone.now()
    Appeal.objects.filter(pk=late.pk).update(due_at=now - timedelta(days=2))
    Appeal.objects.filter(pk=soon.pk).update(due_at=now + timedelta(days=1))
    html = web(community, official).get("appeals/office/").content.decode()
    rows = {a.registration_index: next(r for r in html.split("<tr") if a.registration_index in r)
            for a in (late, soon, calm)}
    assert 'class="due due--overdue"' in rows[late.registration_index] and "прострочено" in rows[late.registration_index]
    assert 'class="due due--soon"' in rows[soon.registration_index] and "строк спливає" in rows[soon.registration_index]
    assert 'class="due' not in rows[calm.registration_index]
    assert 'class="table cards-on-phone"' in html
    assert 'data-label="Строк" class="card-key"' in rows[late.registration_index]


def test_take_it_from_the_queue_and_hear_what_happened(community, resident, category, official, department, web):
    appeal = make_appeal(community, resident, category)
    browser = web(community, official)
    html = browser.get("appeals/office/").content.decode()
    assert f"Взяти {appeal.registration_index}" in html
    response = browser.post(f"appeals/{appeal.pk}/act/assign",
                            {"owner_id": official.pk, "next": f"/c/{community.slug}/appeals/office/"}, follow=True)
    appeal.refresh_from_db()
    assert appeal.owner == official and response.redirect_chain[-1][0].endswith("/appeals/office/")
    due = timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")
    assert (f"Призначено {appeal.registration_index}: Олена Ткач, {department.name}, строк {due}."
            in response.content.decode())
    # A "next" that leaves the site is ignored: back to the appeal.
    response = browser.post(f"appeals/{appeal.pk}/act/start", {"next": "https://evil.example/"})
    assert response["Location"].endswith(f"/appeals/{appeal.pk}/")


def test_the_scroll_regions_of_tables_take_the_focus(community, resident, category, web):
    make_appeal(community, resident, category)
    html = web(community).get("appeals/").content.decode()
    assert '<div class="table-scroll" role="region" tabindex="0"' in html
