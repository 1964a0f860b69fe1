"""The resident's office (issue 19): every capability's `resident_items` lists the person's own items in this
community and nobody else's, nothing from a disabled capability, each provider in its few queries, and the whole
page's query count pinned with every capability populated.

The items are built through each capability's services (its own factories), the page read over real HTTP."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import set_script_prefix

from hromada.appeals.tests import factories as appeal_f
from hromada.budgets import ballots as ballot_parts
from hromada.budgets.services import voting
from hromada.budgets.tests import factories as budget_f
from hromada.budgets.tests import voting_factories as vote_f
from hromada.commitments import services as commitment_services
from hromada.commitments.tests import factories as commitment_f
from hromada.competitions.tests import factories as competition_f
from hromada.consultations.tests import factories as consultation_f
from hromada.core import capabilities
from hromada.core.capabilities import ResidentItem
from hromada.core.identity.models import Department, Membership, Role
from hromada.core.tenancy.selectors import invalidate_community_cache
from hromada.docflow.public_info import services as info_services
from hromada.enrollment.tests import factories as enrollment_f
from hromada.petitions import services as petition_services
from hromada.petitions.tests import factories as petition_f
from hromada.surveys import services as survey_services
from hromada.surveys.tests import factories as survey_f

pytestmark = pytest.mark.django_db

PROVIDERS = ("petitions", "appeals", "docflow", "budgets", "competitions", "enrollment", "consultations", "surveys",
             "commitments")
# Queries of each provider at most: a ballot names its voter by a keyed hash per cycle, so budgets reads the
# cycles (with the person's identity hash) before the ballots, besides the projects (ADR 0035).
QUERIES = {"budgets": 3}


def _prefix(community, slug: str) -> str:
    return f"/c/{community.slug}/{capabilities.manifest(slug).url_prefix}/"


class Stage:
    """One community's objects shared by everyone who takes part in it: the staff, a call, a cycle, a survey..."""

    def __init__(self, community):
        self.community = community
        self.admin = make_member(community, Role.ADMIN)
        self.moderator = make_member(community, Role.MODERATOR)
        self.author = make_member(community, Role.RESIDENT, strong=True)
        self.appeal_category = appeal_f.make_category(community)
        self.call = competition_f.make_call(community, self.admin)
        self.proposal_cycle, self.proposal_fund = budget_f.cycle(community, title="Бюджет участі: пропозиції")
        self.vote_cycle, self.vote_fund, self.vote_projects = vote_f.election(community)
        self.institution, self.groups = enrollment_f.institution(community, capacity=5)
        self.consultation = consultation_f.consultation(community)
        self.anonymous_survey, self.anonymous_questions = survey_f.published(community, anonymous=True,
                                                                             title="Анонімне опитування")
        self.department = Department.objects.create(community=community, name="Відділ цифрової трансформації")
        self.plan = commitment_f.plan(community)
        self.applicants = 0


def take_part(stage: Stage, person) -> dict[str, set[str]]:
    """One item of the person's in every capability of the stage's community; returns each capability's links."""
    community = stage.community
    stage.applicants += 1
    links: dict[str, set[str]] = {}

    def add(slug, path, base=""):
        links.setdefault(slug, set()).add((base or _prefix(community, slug)) + path)

    written = petition_f.draft(community, person, title=f"Петиція мешканця номер {person.pk}")
    add("petitions", f"{written.pk}/")
    signed = petition_f.collecting(community, stage.author, stage.moderator, title=f"Петиція на підпис номер {person.pk}")
    petition_services.petition_sign(actor=person, community=community, petition=signed)
    add("petitions", f"{signed.pk}/")
    appeal = appeal_f.make_appeal(community, person, stage.appeal_category)
    add("appeals", f"{appeal.pk}/")
    request = info_services.info_request_submit(actor=person, community=community, requester_name="Особа",
                                                summary=f"Кошторис ремонту школи номер {person.pk}", text="Прошу надати кошторис.",
                                                email="person@example.org")
    add("docflow", f"{request.pk}/", base=f"/c/{community.slug}/public-info/")  # docflow's residents' pages
    project = budget_f.proposal(community, stage.proposal_cycle, stage.proposal_fund, actor=person, submit=False,
                                title=f"Лавки у сквері номер {person.pk}")
    add("budgets", f"projects/{project.pk}/")
    ballot = voting.ballot_cast(actor=person, community=community, cycle=stage.vote_cycle,
                                scope=ballot_parts.scope_key(stage.vote_fund), project_ids=[stage.vote_projects[0].pk])
    add("budgets", f"cycles/{stage.vote_cycle.pk}/receipts/{ballot.receipt}/")
    application = competition_f.draft(stage.call, person, stage.applicants)
    add("competitions", f"applications/{application.pk}/")
    child = enrollment_f.file(community, person, stage.groups)
    add("enrollment", f"mine/{child.pk}/")
    proposal = consultation_f.proposal(community, stage.consultation, person)
    add("consultations", f"{stage.consultation.pk}/#proposal-{proposal.pk}")
    survey, questions = survey_f.published(community, title=f"Опитування про парк номер {person.pk}")
    for survey_, questions_ in ((survey, questions), (stage.anonymous_survey, stage.anonymous_questions)):
        survey_services.response_submit(actor=person, community=community, survey_id=survey_.pk,
                                        answers={f"q{q.pk}": survey_f.valid_answer(q) for q in questions_})
    add("surveys", f"{survey.pk}/")
    commitment = commitment_f.commitment(community, stage.plan, stage.department, title=f"Зобов'язання {person.pk}")
    commitment_services.commitment_follow(actor=person, community=community, commitment_id=commitment.pk)
    add("commitments", f"c/{commitment.pk}/")
    return links


def items_of(slug: str, person, community) -> list[ResidentItem]:
    """A provider called as the office calls it, with the community's URL prefix in place for its links."""
    set_script_prefix(f"/c/{community.slug}/")
    try:
        return capabilities.resolve(capabilities.manifest(slug).resident_items)(person, community)
    finally:
        set_script_prefix("/")


def office_page(person, community, **params) -> str:
    client = Client()
    client.force_login(person)
    response = client.get(f"/c/{community.slug}/profile/office/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def three(community, other_community):
    """The person's items here, a neighbour's items here, and the person's items in another community."""
    here, there = Stage(community), Stage(other_community)
    person = make_member(community, Role.RESIDENT, strong=True)
    Membership.objects.create(community=other_community, user=person, role=Role.RESIDENT)
    neighbour = make_member(community, Role.RESIDENT, strong=True)
    return {"person": person, "mine": take_part(here, person), "neighbours": take_part(here, neighbour),
            "elsewhere": take_part(there, person)}


def test_every_provider_lists_the_persons_items_and_nobody_elses(community, three):
    person = three["person"]
    for slug in PROVIDERS:
        with CaptureQueriesContext(connection) as queries:
            items = items_of(slug, person, community)
        assert len(queries) <= QUERIES.get(slug, 2), (slug, [q["sql"] for q in queries])
        links = {item.url for item in items}
        assert links == three["mine"][slug], slug
        assert not links & three["neighbours"][slug] and not links & three["elsewhere"][slug], slug
        assert all(item.capability == slug and item.title and item.status and item.updated_at for item in items)


def test_the_office_page_shows_them_all_newest_first_and_filters(community, three):
    page = office_page(three["person"], community)
    for slug in PROVIDERS:
        for link in three["mine"][slug]:
            assert f'href="{link}"' in page, link
        for link in three["neighbours"][slug] | three["elsewhere"][slug]:
            assert f'href="{link}"' not in page, link
    only = office_page(three["person"], community, capability="appeals")
    assert all(f'href="{link}"' in only for link in three["mine"]["appeals"])
    assert not any(f'href="{link}"' in only for link in three["mine"]["petitions"])
    to_act = office_page(three["person"], community, action="1")  # the draft petition, project and application
    assert all(any(f'href="{link}"' in to_act for link in three["mine"][slug])
               for slug in ("petitions", "budgets", "competitions"))
    assert not any(f'href="{link}"' in to_act for link in three["mine"]["commitments"])
    # A stale bookmark (an unknown capability, a page past the end) still shows the list, never an error.
    assert 'href="' in office_page(three["person"], community, capability="nosuch", page="999")


def test_a_ballot_says_voted_with_the_receipt_never_the_choices(community, three):
    ballots = [item for item in items_of("budgets", three["person"], community) if "receipts" in item.url]
    assert len(ballots) == 1
    receipt = ballots[0].url.rstrip("/").rsplit("/", 1)[-1]
    assert receipt in str(ballots[0].status) and "Проєкт" not in str(ballots[0].title)


def test_a_disabled_capability_lists_nothing(community, three):
    community.enabled_capabilities = [slug for slug in community.enabled_capabilities if slug != "petitions"]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()
    page = office_page(three["person"], community)
    assert not any(f'href="{link}"' in page for link in three["mine"]["petitions"])
    assert all(f'href="{link}"' in page for link in three["mine"]["appeals"])


def test_the_whole_page_in_pinned_queries(community, three, django_assert_max_num_queries):
    client = Client()
    client.force_login(three["person"])
    client.get(f"/c/{community.slug}/profile/office/")  # the community and its look are cached from here on
    # 17 measured: the session, the user, every provider's queries (budgets 3, petitions and enrollment 2, the others
    # and the services catalogue's own 1) and the unread-notifications badge; one more is the services' budget of 2.
    with django_assert_max_num_queries(18):
        assert client.get(f"/c/{community.slug}/profile/office/").status_code == 200


def test_an_empty_office_and_signing_in_first(community):
    person = make_member(community, Role.RESIDENT)
    assert 'class="empty"' in office_page(person, community)
    response = Client().get(f"/c/{community.slug}/profile/office/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_pages_of_twenty(community):
    person = make_member(community, Role.RESIDENT, strong=True)
    for n in range(25):
        petition_f.draft(community, person, title=f"Чернетка {n:02d}")
    first = office_page(person, community)
    assert first.count('class="office-item"') == 20 and 'rel="next"' in first
    second = office_page(person, community, page="2")
    assert second.count('class="office-item"') == 5 and "Чернетка 00" in second and "Чернетка 24" in first


@pytest.mark.parametrize(("path", "expected"), [("hromada.nosuch.office:resident_items", "hromada.E001"),
                                                ("hromada.petitions.manifest:MANIFEST", "hromada.E002")])
def test_a_bad_resident_items_path_fails_the_start_up_check(path, expected):
    from hromada.core.capabilities import CapabilityManifest
    from hromada.core.capability_checks import check_manifest

    manifest = CapabilityManifest(slug="bad", name="Bad", description="", resident_items=path)
    assert [error.id for error in check_manifest(manifest, urls=False)] == [expected]
