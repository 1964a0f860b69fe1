"""Staff pages of e-consultations: writing a consultation, changing it while it is a draft, and opening one from a
council draft decision (the button on council's page, both capabilities on and either one off). Bad input and
refusals answer 4xx on the form with nothing written; others' consultations and drafts are not found."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import make_member
from django.utils import timezone

from hromada.consultations.models import Consultation, Status
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from hromada.core.tenancy.selectors import invalidate_community_cache

from . import factories as f
from .test_views import _client

MINUTE = "%Y-%m-%dT%H:%M"


def _url(community, rest: str = "") -> str:
    return f"/c/{community.slug}/consultations/{rest}"


def _period(opens_in=timedelta(hours=1), length=timedelta(days=21)) -> dict:
    opens = timezone.localtime() + opens_in
    return {"opens_at": opens.strftime(MINUTE), "closes_at": (opens + length).strftime(MINUTE)}


def _form(department=None, **changes) -> dict:
    data = {"title": "Правила утримання домашніх тварин", "kind": "rule", "summary": "Коротко про правила.",
            "text": "Перший пункт правил.\r\n\r\nДругий пункт правил.\r\n\r\nТретій пункт.",
            "department_id": department.pk if department else "", "required_identity_level": "1", **_period()}
    data.update(changes)
    return data


def _without(community, slug: str) -> None:
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != slug]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()  # pages resolve the community through a short-lived cache


def test_an_official_writes_a_draft_changes_it_and_publishes_it(community, department, official):
    client = _client(official)
    page = client.get(_url(community))
    assert f'href="{_url(community, "new/")}"' in page.content.decode()
    form = client.get(_url(community, "new/")).content.decode()
    assert 'type="datetime-local"' in form and f'<option value="{department.pk}" selected>' in form
    response = client.post(_url(community, "new/"), _form(department))
    made = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/consultations/{made.pk}/")
    assert made.status == Status.DRAFT and made.kind == "rule" and made.department == department
    assert list(made.paragraphs.values_list("number", "text")) == [
        (1, "Перший пункт правил."), (2, "Другий пункт правил."), (3, "Третій пункт.")]
    detail = client.get(_url(community, f"{made.pk}/")).content.decode()
    assert _url(community, f"{made.pk}/edit/") in detail
    edit = client.get(_url(community, f"{made.pk}/edit/")).content.decode()
    assert "Перший пункт правил.\n\nДругий пункт правил." in edit  # the paragraphs back as the text
    response = client.post(_url(community, f"{made.pk}/edit/"), _form(department, title="Правила (нова редакція)",
                                                                      text="Єдиний пункт."))
    made.refresh_from_db()
    assert response.status_code == 302 and made.title == "Правила (нова редакція)"
    assert list(made.paragraphs.values_list("text", flat=True)) == ["Єдиний пункт."]
    assert client.post(_url(community, f"{made.pk}/publish/")).status_code == 302
    made.refresh_from_db()
    assert made.status == Status.OPEN
    response = client.post(_url(community, f"{made.pk}/edit/"), _form(department, title="Інша назва"))
    made.refresh_from_db()
    assert response.status_code == 302 and made.title == "Правила (нова редакція)"  # open: the text is kept
    assert client.get(_url(community, f"{made.pk}/edit/")).status_code == 302


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": ""}, "title"),
    ({"text": "   \r\n\r\n  "}, "text"),
    ({"text": "<p></p>"}, "text"),
    ({"closes_at": "2020-01-01T10:00"}, "closes_at"),
    ({"opens_at": "не дата"}, "opens_at"),
    ({"kind": "law"}, "kind"),
    ({"required_identity_level": "9"}, "required_identity_level"),
    ({"department_id": "999999"}, "department_id"),
])
def test_bad_input_answers_400_on_its_field_and_writes_nothing(community, community_admin, changes, field):
    response = _client(community_admin).post(_url(community, "new/"), _form(**changes))
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode() or "error-summary" in response.content.decode()
    assert field in response.context["form"].errors
    assert not Consultation.objects.exists()


def test_who_may_write_consultations(community, other_community, department, official, resident):
    assert _client(resident).get(_url(community, "new/")).status_code == 404
    assert f'href="{_url(community, "new/")}"' not in _client(resident).get(_url(community)).content.decode()
    anonymous = _client().get(_url(community, "new/"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    other = Department.objects.create(community=community, name="Фінансове управління")
    response = _client(official).post(_url(community, "new/"), _form(other))  # not their department
    assert response.status_code == 403 and not Consultation.objects.exists()
    theirs = f.consultation(other_community, publish=False)
    admin_there = make_member(other_community, Role.ADMIN)
    assert _client(admin_there).get(_url(community, f"{theirs.pk}/edit/")).status_code == 404
    mine = f.consultation(community, department=department, publish=False)
    stranger = make_member(community, Role.OFFICIAL, department=other)
    assert _client(stranger).get(_url(community, f"{mine.pk}/edit/")).status_code == 404
    assert _client(official).get(_url(community, f"{mine.pk}/edit/")).status_code == 200


def test_staff_find_their_drafts_in_the_list(community, department, official, resident):
    f.consultation(community, department=department, title="Чернетка програми", publish=False)
    mine = _client(official).get(_url(community), {"state": "draft"}).content.decode()
    assert "Чернетка програми" in mine and 'value="draft"' in mine
    theirs = _client(resident).get(_url(community), {"state": "draft"}).content.decode()
    assert "Чернетка програми" not in theirs and 'value="draft"' not in theirs


council = pytest.importorskip("hromada.council.services")


def _draft(community, text="Пункт перший проєкту.\n\nПункт другий проєкту."):
    return council.draft_decision_register(actor=SYSTEM, community=community, number="77", title="Про сквер",
                                           registered_on=date(2026, 11, 2), text=text)


def _draft_url(community, draft) -> str:
    return f"/c/{community.slug}/council/drafts/{draft.pk}/"


def test_a_council_draft_opens_a_consultation_from_its_page(community, community_admin, department, resident):
    draft = _draft(community)
    button = _url(community, f"from-council/{draft.pk}/")
    assert button in _client(community_admin).get(_draft_url(community, draft)).content.decode()
    assert button not in _client(resident).get(_draft_url(community, draft)).content.decode()
    assert button not in _client().get(_draft_url(community, draft)).content.decode()
    assert _client(resident).get(button).status_code == 404
    client = _client(community_admin)
    form = client.get(button).content.decode()
    assert "Пункт перший проєкту." in form and 'name="closes_at"' in form and 'name="title"' not in form
    bad = client.post(button, {"department_id": department.pk, "required_identity_level": 1,
                               **_period(length=timedelta(days=-1))})
    assert bad.status_code == 400 and not Consultation.objects.exists()
    response = client.post(button, {"department_id": department.pk, "required_identity_level": 1, **_period()})
    made = Consultation.objects.get()
    assert response.status_code == 302 and made.source == f"council:draft:{draft.pk}"
    assert made.status == Status.DRAFT and "77" in made.title and made.department == department
    assert made.paragraphs.count() == 2
    page = client.get(_draft_url(community, draft)).content.decode()
    assert button not in page and _url(community, f"{made.pk}/") in page  # the consultation, once
    assert client.get(button)["Location"].endswith(f"/consultations/{made.pk}/")
    assert _url(community, f"{made.pk}/") not in _client().get(_draft_url(community, draft)).content.decode()
    f_made = Consultation.objects.get()
    f_made.status = Status.OPEN
    f_made.save(update_fields=["status"])
    assert _url(community, f"{made.pk}/") in _client().get(_draft_url(community, draft)).content.decode()


def test_a_draft_without_text_offers_no_consultation(community, community_admin):
    draft = _draft(community, text="")
    button = _url(community, f"from-council/{draft.pk}/")
    assert button not in _client(community_admin).get(_draft_url(community, draft)).content.decode()
    response = _client(community_admin).post(button, {"required_identity_level": 1, **_period()})
    assert response.status_code == 400 and not Consultation.objects.exists()


def test_council_without_consultations_shows_no_button(community, community_admin):
    draft = _draft(community)
    _without(community, "consultations")
    page = _client(community_admin).get(_draft_url(community, draft))
    assert page.status_code == 200 and "from-council" not in page.content.decode()


def test_consultations_without_council_are_not_offered_drafts(community, other_community, community_admin):
    theirs = _draft(other_community)
    client = _client(community_admin)
    assert client.get(_url(community, f"from-council/{theirs.pk}/")).status_code == 404
    draft = _draft(community)
    _without(community, "council")
    assert client.get(_url(community, f"from-council/{draft.pk}/")).status_code == 404
    assert client.post(_url(community, f"from-council/{draft.pk}/"),
                       {"required_identity_level": 1, **_period()}).status_code == 404
    assert client.get(_url(community, "new/")).status_code == 200
    assert client.post(_url(community, "new/"), _form()).status_code == 302
    assert Consultation.objects.get().source == ""


def test_the_button_costs_council_s_page_a_few_queries_at_most(community, community_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draft = _draft(community)
    client = _client(community_admin)

    def cost() -> int:
        client.get(_draft_url(community, draft))  # warm: the community's and the roles' caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_draft_url(community, draft)).status_code == 200
        return len(queries)

    with_button = cost()
    _without(community, "consultations")
    assert with_button - cost() <= 3
