"""E-consultation pages: the list with filters and pagination, a consultation with its proposals beside the text,
proposing, supporting, hiding and answering from the page, refusals shown with their status, drafts and other
communities' consultations not found, query counts pinned on the list and the consultation."""

from __future__ import annotations

from conftest import make_user
from django.test import Client

from hromada.consultations import services
from hromada.consultations.models import Proposal, Status, Support
from hromada.core.identity.actors import SYSTEM

from . import factories as f


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_list_filters_searches_and_hides_drafts(community):
    f.consultation(community, title="Програма розвитку спорту")
    f.consultation(community, title="Чернетка бюджету", publish=False)
    closed = f.consultation(community, title="Правила паркування")
    services.consultation_close(actor=SYSTEM, community=community, consultation_id=closed.pk)
    client = _client()
    page = client.get(f"/c/{community.slug}/consultations/").content.decode()
    assert "Програма розвитку спорту" in page and "Правила паркування" in page and "Чернетка" not in page
    assert '<html lang="uk"' in page
    only_open = client.get(f"/c/{community.slug}/consultations/", {"state": "open"}).content.decode()
    assert "Програма розвитку" in only_open and "Правила паркування" not in only_open
    found = client.get(f"/c/{community.slug}/consultations/", {"q": "СПОРТУ"}).content.decode()
    assert "Програма розвитку" in found and "Правила паркування" not in found
    assert 'class="empty"' in client.get(f"/c/{community.slug}/consultations/", {"q": "зоопарк"}).content.decode()


def test_proposals_are_shown_beside_their_paragraph_hidden_ones_by_reason(community, resident, moderator):
    made = f.consultation(community)
    shown = f.proposal(community, made, resident, paragraph=2, text="Додати вимогу щодо озеленення дворів.")
    hidden = f.proposal(community, made, resident, paragraph=2, text="Рекламне посилання на казино онлайн.")
    services.proposal_hide(actor=moderator, community=community, proposal_id=hidden.pk, reason="Реклама")
    page = _client().get(f"/c/{community.slug}/consultations/{made.pk}/").content.decode()
    assert 'id="paragraph-2"' in page and "Додати вимогу щодо озеленення дворів." in page
    assert f'id="proposal-{hidden.pk}"' not in page and "казино" not in page  # not among the top ones
    assert page.index('id="paragraph-2"') < page.index(f'id="proposal-{shown.pk}"') < page.index('id="paragraph-3"')
    assert resident.full_name not in page  # authors' names are not shown
    every = _client().get(f"/c/{community.slug}/consultations/{made.pk}/paragraphs/2/").content.decode()
    assert f'id="proposal-{hidden.pk}"' in every and "Реклама" in every and "казино" not in every
    assert f'id="proposal-{shown.pk}"' in every and resident.full_name not in every


def test_propose_and_support_from_the_page(community, resident):
    made = f.consultation(community)
    client = _client(resident)
    bad = client.post(f"/c/{community.slug}/consultations/{made.pk}/propose/",
                      {"target": "p:1", "kind": "comment", "text": "коротко"})
    assert bad.status_code == 400 and "form-errors" in bad.content.decode() and not Proposal.objects.exists()
    made_it = client.post(f"/c/{community.slug}/consultations/{made.pk}/propose/",
                          {"target": "a:3", "kind": "wording", "text": "Новий пункт 4: щорічний звіт відділу."})
    proposal = Proposal.objects.get()
    assert made_it.status_code == 302 and made_it["Location"].endswith(f"#proposal-{proposal.pk}")
    assert proposal.after_number == 3 and proposal.paragraph is None
    own = client.post(f"/c/{community.slug}/consultations/{made.pk}/proposals/{proposal.pk}/support/")
    assert own.status_code == 409 and not Support.objects.exists()
    supporter = _client(make_user())
    assert supporter.post(f"/c/{community.slug}/consultations/{made.pk}/proposals/{proposal.pk}/support/").status_code == 302
    again = supporter.post(f"/c/{community.slug}/consultations/{made.pk}/proposals/{proposal.pk}/support/")
    assert again.status_code == 409 and Support.objects.count() == 1
    anonymous = _client().post(f"/c/{community.slug}/consultations/{made.pk}/proposals/{proposal.pk}/support/")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_a_person_without_the_identity_level_is_told_and_refused(community):
    made = f.consultation(community, level=2)
    person = make_user()
    client = _client(person)
    page = client.get(f"/c/{community.slug}/consultations/{made.pk}/").content.decode()
    assert "msg-warning" in page and 'action="/c/alpha/consultations/' + str(made.pk) + '/propose/"' not in page
    refused = client.post(f"/c/{community.slug}/consultations/{made.pk}/propose/",
                          {"target": "p:1", "kind": "comment", "text": "Достатньо довгий текст пропозиції."})
    assert refused.status_code == 403 and not Proposal.objects.exists()


def test_staff_answer_hide_close_and_publish_the_report_from_the_pages(community, department, official, moderator,
                                                                        resident):
    made = f.consultation(community, department=department)
    first = f.proposal(community, made, resident, paragraph=1)
    second = f.proposal(community, made, resident, paragraph=3)
    base = f"/c/{community.slug}/consultations/{made.pk}"
    assert _client(resident).post(f"{base}/proposals/{first.pk}/answer/", {"answer": "accepted"}).status_code == 403
    assert _client(moderator).post(f"{base}/proposals/{second.pk}/hide/", {"reason": "Не по темі"}).status_code == 302
    staff = _client(official)
    queue = staff.get(f"/c/{community.slug}/consultations/answers/").content.decode()
    assert f"№ {first.pk}" in queue and f"№ {second.pk}" not in queue
    missing_reason = staff.post(f"{base}/proposals/{first.pk}/answer/", {"answer": "rejected", "next": "queue"})
    assert missing_reason.status_code == 400
    assert staff.post(f"{base}/proposals/{first.pk}/answer/", {"answer": "rejected", "reason": "Суперечить закону",
                                                              "next": "queue"}).status_code == 302
    assert f"№ {first.pk}" not in staff.get(f"/c/{community.slug}/consultations/answers/").content.decode()
    early = staff.post(f"{base}/publish-report/", {"summary": "Підсумки"})
    assert early.status_code == 409
    assert staff.get(f"{base}/report/").status_code == 404  # no report before it is published
    assert staff.post(f"{base}/close/").status_code == 302
    assert staff.post(f"{base}/publish-report/", {"summary": "Підсумки"}).status_code == 302
    made.refresh_from_db()
    assert made.status == Status.REPORTED
    report = _client().get(f"{base}/report/").content.decode()
    assert "Підсумки" in report and "Суперечить закону" in report and "Не по темі" in report
    assert staff.post(f"{base}/unknown/").status_code == 404
    assert _client(resident).get(f"/c/{community.slug}/consultations/answers/").status_code == 404


def test_drafts_and_other_communities_consultations_are_not_found(community, other_community, resident):
    draft = f.consultation(community, publish=False)
    theirs = f.consultation(other_community)
    client = _client(resident)
    assert client.get(f"/c/{community.slug}/consultations/{draft.pk}/").status_code == 404
    assert client.get(f"/c/{community.slug}/consultations/{theirs.pk}/").status_code == 404
    assert client.post(f"/c/{community.slug}/consultations/{theirs.pk}/propose/",
                       {"target": "p:1", "kind": "comment", "text": "Достатньо довгий текст."}).status_code == 404
    assert not Proposal.objects.exists()


def test_list_and_consultation_pages_cost_the_same_queries_for_many_rows(community, resident,
                                                                         django_assert_max_num_queries):
    made = f.consultation(community)
    client = _client(resident)
    client.get(f"/c/{community.slug}/consultations/")
    client.get(f"/c/{community.slug}/consultations/{made.pk}/")
    for number in range(25):
        f.consultation(community, title=f"Консультація {number}")
    people = [make_user() for _ in range(3)]
    for number in range(30):
        proposal = f.proposal(community, made, people[number % 3], paragraph=1 + number % 3)
        services.proposal_support(actor=resident, community=community, proposal_id=proposal.pk)
    with django_assert_max_num_queries(14):
        assert client.get(f"/c/{community.slug}/consultations/").status_code == 200
    with django_assert_max_num_queries(17):
        page = client.get(f"/c/{community.slug}/consultations/{made.pk}/")
    assert page.status_code == 200 and page.content.decode().count('<li class="proposal') == 9  # the top 3 of 3
    with django_assert_max_num_queries(16):
        every = client.get(f"/c/{community.slug}/consultations/{made.pk}/paragraphs/1/")
    assert every.status_code == 200 and every.content.decode().count('<li class="proposal') == 10


def test_too_many_proposals_are_refused_with_429_and_nothing_written(community, community_admin, resident,
                                                                     frozen_clock):
    from hromada.core.tenancy.services import community_update_settings

    community_update_settings(actor=community_admin, community=community, capability="consultations",
                              values={"propose_rate_user": "2/m"})
    community.refresh_from_db()
    made = f.consultation(community)
    client = _client(resident)
    statuses = [client.post(f"/c/{community.slug}/consultations/{made.pk}/propose/",
                            {"target": "p:1", "kind": "comment", "text": f"Пропозиція номер {n} до пункту."}).status_code
                for n in range(3)]
    assert statuses == [302, 302, 429] and Proposal.objects.count() == 2
