"""Staff text with braces is data: answering, rejecting, redirecting and extending store and notify it verbatim.

A `{`, `}` or `{index}` in a reason once crashed notify() (a 500) or was silently replaced by a value."""

import pytest

from hromada.appeals.tests.factories import make_appeal
from hromada.core.notifications.models import Notification

pytestmark = pytest.mark.django_db

TEXTS = ["{", "}", "{index}", "{0}", "{x.__class__}", "Ціна {a} за }{ штуку"]


def _last_body(user, event):
    return Notification.objects.filter(user=user, event=f"appeals.appeal.{event}").latest("pk").body


@pytest.mark.parametrize("text", TEXTS)
def test_answer_and_reject_keep_braces(community, category, official, moderator, resident, api_client_for, text):
    staff = api_client_for(community, official)
    answered = make_appeal(community, resident, category)
    staff.post(f"appeals/{answered.pk}/assign", {"owner_id": official.pk})
    response = staff.post(f"appeals/{answered.pk}/answer", {"text": text})
    assert response.status_code == 200, response.content
    answered.refresh_from_db()
    assert answered.response_text == text and _last_body(resident, "answered") == text

    rejected = make_appeal(community, resident, category)
    response = api_client_for(community, moderator).post(f"appeals/{rejected.pk}/reject", {"reason": text})
    assert response.status_code == 200, response.content
    rejected.refresh_from_db()
    assert rejected.reason == text and _last_body(resident, "rejected") == text


@pytest.mark.parametrize("text", TEXTS)
def test_redirect_and_extend_keep_braces(community, category, moderator, resident, api_client_for, text):
    mod = api_client_for(community, moderator)
    redirected = make_appeal(community, resident, category)
    response = mod.post(f"appeals/{redirected.pk}/redirect", {"to": f"Облгаз {text}", "reason": text})
    assert response.status_code == 200, response.content
    note = Notification.objects.filter(user=resident, event="appeals.appeal.redirected").latest("pk")
    assert note.body == text and note.title.endswith(f"Облгаз {text}")
    assert redirected.registration_index in note.title

    extended = make_appeal(community, resident, category)
    response = mod.post(f"appeals/{extended.pk}/extend", {"reason": text})
    assert response.status_code == 200, response.content
    assert _last_body(resident, "extended") == text
