"""Residents' word on an answer: reply, reopen within a month, rate 1 to 5; each tells the department."""

from datetime import timedelta

import pytest
from conftest import make_member
from django.utils import timezone

from hromada.appeals import services
from hromada.appeals.models import Appeal, Status
from hromada.appeals.tests.factories import make_appeal
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.models import Role
from hromada.core.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(community, department):
    return make_member(community, Role.OFFICIAL, department=department)


@pytest.fixture
def answered(community, resident, category, official):
    appeal = make_appeal(community, resident, category)
    services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
    services.appeal_start(actor=official, community=community, appeal_id=appeal.pk)
    return services.appeal_answer(actor=official, community=community, appeal_id=appeal.pk, text="Лампу замінено.")


def _told(user, event):
    return Notification.objects.filter(user=user, event=f"appeals.appeal.{event}").count()


def test_the_author_rates_the_answer_and_the_department_hears(community, resident, answered, official):
    services.appeal_rate(actor=resident, community=community, appeal_id=answered.pk, rating="2", comment="Знову блимає")
    answered.refresh_from_db()
    assert (answered.rating, answered.rating_comment) == (2, "Знову блимає") and answered.rated_at
    assert _told(official, "rated") == 1
    services.appeal_rate(actor=resident, community=community, appeal_id=answered.pk, rating=4)
    answered.refresh_from_db()
    assert answered.rating == 4
    for bad in ("0", "6", "x", None):
        with pytest.raises(ValidationFailed):
            services.appeal_rate(actor=resident, community=community, appeal_id=answered.pk, rating=bad)


def test_only_the_author_rates_and_only_an_answer(community, resident, category, answered, official):
    stranger = make_member(community, Role.RESIDENT, strong=True)
    with pytest.raises(PermissionDenied):
        services.appeal_rate(actor=stranger, community=community, appeal_id=answered.pk, rating=5)
    with pytest.raises(PermissionDenied):
        services.appeal_rate(actor=official, community=community, appeal_id=answered.pk, rating=5)
    open_one = make_appeal(community, resident, category)
    with pytest.raises(PermissionDenied):
        services.appeal_rate(actor=resident, community=community, appeal_id=open_one.pk, rating=5)
    confidential = make_appeal(community, resident, category, public=False)
    with pytest.raises(NotFound):
        services.appeal_rate(actor=stranger, community=community, appeal_id=confidential.pk, rating=5)


def test_reopening_gives_a_new_term_and_tells_the_owner(community, resident, answered, official):
    services.appeal_rate(actor=resident, community=community, appeal_id=answered.pk, rating=1)
    appeal = services.appeal_reopen(actor=resident, community=community, appeal_id=answered.pk,
                                    reason="Ліхтар знову не світить")
    assert appeal.status == Status.ASSIGNED and appeal.answered_at is None and appeal.reopened_count == 1
    assert appeal.due_at > timezone.now() + timedelta(days=10) and appeal.rating is None
    assert _told(official, "reopened") == 1
    assert appeal.events.filter(kind="reopened", text="Ліхтар знову не світить").exists()
    with pytest.raises(PermissionDenied):  # open again: nothing to reopen
        services.appeal_reopen(actor=resident, community=community, appeal_id=answered.pk, reason="ще раз")


def test_reopening_is_refused_after_a_month_and_without_a_reason(community, resident, answered):
    with pytest.raises(ValidationFailed):
        services.appeal_reopen(actor=resident, community=community, appeal_id=answered.pk, reason="  ")
    Appeal.objects.filter(pk=answered.pk).update(answered_at=timezone.now() - timedelta(days=31))
    with pytest.raises(PermissionDenied):
        services.appeal_reopen(actor=resident, community=community, appeal_id=answered.pk, reason="Не зроблено")


def test_a_reply_goes_to_the_history_and_the_department(community, resident, answered, official, web):
    services.appeal_reply(actor=resident, community=community, appeal_id=answered.pk, text="Дякую, але є ще яма поруч")
    assert _told(official, "replied") == 1
    stranger = make_member(community, Role.RESIDENT, strong=True)
    with pytest.raises(PermissionDenied):
        services.appeal_reply(actor=stranger, community=community, appeal_id=answered.pk, text="я теж")
    # The reply's words are for the author and the staff; the public sees that there was one.
    assert "є ще яма поруч" in web(community, resident).get(f"appeals/{answered.pk}/").content.decode()
    public = web(community).get(f"appeals/{answered.pk}/").content.decode()
    assert "є ще яма поруч" not in public and "автор відповів" in public.lower()


def test_the_page_offers_rating_reopening_and_reply_with_confirmations(community, resident, answered, web):
    browser = web(community, resident)
    html = browser.get(f"appeals/{answered.pk}/").content.decode()
    assert "/respond/rate" in html and "/respond/reopen" in html and "/respond/reply" in html
    response = browser.post(f"appeals/{answered.pk}/respond/rate", {"rating": "5"}, follow=True)
    assert "(5 з 5)" in response.content.decode()
    response = browser.post(f"appeals/{answered.pk}/respond/reopen", {"reason": "Не світить"}, follow=True)
    answered.refresh_from_db()
    assert timezone.localtime(answered.due_at).strftime("%d.%m.%Y") in response.content.decode()
    assert browser.post(f"appeals/{answered.pk}/respond/nonsense", {}).status_code == 404
    assert "/respond/" not in web(community).get(f"appeals/{answered.pk}/").content.decode()
    other = web(community, make_member(community, Role.RESIDENT, strong=True))
    response = other.post(f"appeals/{answered.pk}/respond/reply", {"text": "чуже"}, follow=True)
    assert response.status_code == 200 and not answered.events.filter(text="чуже").exists()


def test_a_closed_answered_appeal_can_be_reopened_too(community, resident, answered, official):
    services.appeal_close(actor=official, community=community, appeal_id=answered.pk)
    appeal = services.appeal_reopen(actor=resident, community=community, appeal_id=answered.pk, reason="Ні")
    assert appeal.status == Status.ASSIGNED and appeal.closed_at is None


def test_the_api_rates_reopens_and_keeps_the_authors_words_private(community, resident, answered, official,
                                                                   api_client_for):
    api = api_client_for(community, resident)
    body = api.post(f"appeals/{answered.pk}/rate", {"rating": 3, "comment": "Частково"}).json()
    assert body["rating"] == 3 and body["channel"] == "web"
    assert api.post(f"appeals/{answered.pk}/rate", {"rating": 9}).status_code in (400, 422)
    body = api.post(f"appeals/{answered.pk}/reopen", {"reason": "Мій сусід Петро каже, що не світить"}).json()
    assert body["status"] == "assigned" and body["reopened_count"] == 1 and body["rating"] is None
    assert api.post(f"appeals/{answered.pk}/reply", {"text": "Додаю деталі"}).status_code == 200
    public = api_client_for(community).get(f"appeals/{answered.pk}").json()
    texts = {e["kind"]: e["text"] for e in public["history"]}
    assert texts["reopened"] == "" and texts["reply"] == "" and texts["answered"] == "Лампу замінено."
    own = api.get(f"appeals/{answered.pk}").json()
    assert {e["kind"]: e["text"] for e in own["history"]}["reply"] == "Додаю деталі"
    stranger = api_client_for(community, make_member(community, Role.RESIDENT, strong=True))
    assert stranger.post(f"appeals/{answered.pk}/reply", {"text": "я"}).status_code == 403
