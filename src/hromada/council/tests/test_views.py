"""The council's public pages: every page with data and empty, filters and bad input (400, never 500), another
community's objects (404), and query counts pinned on the list pages and the deputy's page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from hromada.core.tenancy.urls import community_path

from ..models import DraftDecision, DraftStatus, DraftStatusChange, Membership
from .test_metrics import Council

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(community):
    return build_council(community)


def build_council(community) -> dict:
    """Two factions, a commission with its chair, four deputies, an adopted draft and two votes (shared with
    test_api)."""
    council = Council(community)
    a, b = council.faction("Фракція Сонце"), council.faction("Фракція Річка")
    commission = council.commission("Комісія з питань бюджету")
    people = [council.deputy("Коваленко", a), council.deputy("Шевчук", a), council.deputy("Мельник", b),
              council.deputy("Бондар", b)]
    Membership.objects.create(community=community, person=people[0], organization=commission,
                              start_date=date(2020, 12, 1), role="chair")
    draft = DraftDecision.objects.create(community=community, number="125", title="Про бюджет громади на 2025 рік",
                                         registered_on=date(2025, 1, 10), status=DraftStatus.ADOPTED,
                                         commission=commission)
    draft.authors.add(people[0])
    DraftStatusChange.objects.create(community=community, draft=draft, status=DraftStatus.ADOPTED,
                                     date=date(2025, 2, 1))
    event = council.vote(date(2025, 1, 20), dict(zip(people, ["yes", "no", "no", "no"], strict=True)),
                         question="Про затвердження бюджету громади")
    event.draft = draft
    event.save(update_fields=["draft"])
    council.vote(date(2025, 2, 3), dict(zip(people, ["yes", "yes", "absent", "not_voting"], strict=True)))
    return {"council": council, "people": people, "factions": (a, b), "commission": commission, "draft": draft,
            "event": event}


def page(community, name, *args):
    return community_path(community, f"council:{name}", *args)


def test_every_page_shows_its_data(community, built):
    client = Client()
    people, event, draft = built["people"], built["event"], built["draft"]
    expectations = [
        (page(community, "list"), ["Коваленко", "Фракція Сонце", "Комісія з питань бюджету"]),
        (page(community, "deputy", people[0].pk), ["Коваленко", "Комісія з питань бюджету", "Про бюджет громади",
                                                   "Шевчук"]),
        (page(community, "compare") + f"?a={people[0].pk}&b={people[1].pk}", ["Коваленко", "Шевчук"]),
        (page(community, "factions"), ["Фракція Сонце", "Фракція Річка", "Райса"]),
        (page(community, "faction", built["factions"][0].pk), ["Коваленко", "Шевчук"]),
        (page(community, "commissions"), ["Комісія з питань бюджету"]),
        (page(community, "commission", built["commission"].pk), ["Коваленко", "№ 125"]),
        (page(community, "sessions"), ["2"]),
        (page(community, "session", built["council"].session.pk), ["Про затвердження бюджету громади"]),
        (page(community, "votes"), ["Про затвердження бюджету громади"]),
        (page(community, "vote", event.pk), ["Фракція Сонце", "Шевчук", "№ 125"]),
        (page(community, "drafts"), ["Про бюджет громади на 2025 рік", "Коваленко"]),
        (page(community, "draft", draft.pk), ["Коваленко", "Комісія з питань бюджету",
                                              "Про затвердження бюджету громади"]),
        (page(community, "search") + "?q=бюджет", ["Про бюджет громади на 2025 рік",
                                                   "Про затвердження бюджету громади"]),
    ]
    for address, texts in expectations:
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, address
        body = response.content.decode()
        assert all(text in body for text in texts), (address, [t for t in texts if t not in body])


def test_the_roll_call_marks_the_rebel_of_the_faction(community, built):
    body = Client().get(page(community, "vote", built["event"].pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Sonce: Kovalenko for, Shevchuk against: a tie, no line. Richka: both against: the line, nobody rebels.
    # (Pages are in Ukrainian whatever the browser asks: ADR 0005.)
    assert "Лінії фракції немає" in body and "всупереч лінії фракції" not in body


def test_the_deputy_page_shows_figures_and_a_chart_with_its_table(community, built):
    body = Client().get(page(community, "deputy", built["people"][3].pk),
                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "100%" in body  # Bondar attended both votes (did not vote is present)
    assert 'role="img"' in body and "Ті самі показники таблицею" in body and "2025-01" in body


def test_filters_narrow_the_deputies(community, built):
    client = Client()
    b = built["factions"][1]
    body = client.get(page(community, "list"), {"faction": b.pk}).content.decode()
    assert "Мельник" in body and "Коваленко" not in body
    body = client.get(page(community, "list"), {"q": "шевчук"}).content.decode()
    assert "Шевчук" in body and "Мельник" not in body
    assert client.get(page(community, "list"), {"sort": "attendance"}).status_code == 200
    body = client.get(page(community, "list"), {"q": "Немає-такого"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Жоден депутат не відповідає пошуку" in body


@pytest.mark.parametrize("params", [{"from": "2025-13"}, {"from": "2025-03", "to": "2025-01"}, {"faction": "x"},
                                    {"faction": "99999999999999999999999"}, {"to": "'; drop"}])
def test_bad_filters_are_a_400_naming_the_field(community, built, params):
    response = Client().get(page(community, "list"), params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Деякі фільтри не вдалося прочитати" in response.content.decode()


def test_a_period_narrows_the_figures(community, built):
    body = Client().get(page(community, "deputy", built["people"][2].pk), {"from": "2025-02", "to": "2025-02"},
                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0 із 1 голосувань" in body


def test_empty_pages_say_so(other_community):
    client = Client()
    for name in ("list", "factions", "commissions", "sessions", "votes", "drafts", "compare"):
        response = client.get(page(other_community, name), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert 'class="empty"' in response.content.decode(), name


def test_another_communitys_objects_are_not_found(community, other_community, built):
    client = Client()
    for name, pk in (("deputy", built["people"][0].pk), ("vote", built["event"].pk), ("draft", built["draft"].pk),
                     ("faction", built["factions"][0].pk), ("commission", built["commission"].pk),
                     ("session", built["council"].session.pk)):
        assert client.get(page(other_community, name, pk)).status_code == 404, name
        assert client.get(page(community, name, pk)).status_code == 200, name
    # A faction is not a commission.
    assert client.get(page(community, "commission", built["factions"][0].pk)).status_code == 404
    assert client.get(page(other_community, "compare"), {"a": built["people"][0].pk}).status_code == 404


def test_query_counts_do_not_grow_with_rows(community, built, django_assert_max_num_queries):
    council = built["council"]
    a = built["factions"][0]
    many = [council.deputy(f"Депутат{i:02d}", a) for i in range(40)]
    for day in (date(2025, 3, 3), date(2025, 3, 4), date(2025, 4, 1)):
        council.vote(day, dict.fromkeys(many, "yes"))
    for n in range(30):
        draft = DraftDecision.objects.create(community=community, number=f"D{n}", title=f"Проєкт {n}",
                                             registered_on=date(2025, 3, 1))
        draft.authors.add(*many[:3])
    client = Client()
    pins = [(page(community, "list"), 12), (page(community, "deputy", many[0].pk), 22),
            (page(community, "votes"), 10), (page(community, "drafts"), 10), (page(community, "factions"), 10),
            (page(community, "vote", built["event"].pk), 12), (page(community, "sessions"), 10),
            (page(community, "compare") + f"?a={many[0].pk}&b={many[1].pk}", 16)]
    for address, most in pins:
        with django_assert_max_num_queries(most):
            assert client.get(address).status_code == 200, address
