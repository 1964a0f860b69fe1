"""Every scenario the harness runs, in table order; a later capability adds its module and one line here."""

from __future__ import annotations

from harness.scenario import Scenario

from .api_lists import AppealsList, PetitionsList
from .appeals_create import AppealsCreate
from .baseline import BareApiPath, Trivial
from .budgets_vote import BudgetsBareInsert, BudgetsVote
from .commitments import CommitmentsPlan, CommitmentsTimeline
from .consultations import ConsultationPage
from .docflow import (
    DocflowBareInsert,
    DocflowDashboard,
    DocflowRegister,
    DocflowSearchIndex,
    DocflowSearchWord,
)
from .enrollment import EnrolmentFile, EnrolmentQueuePage
from .opendata_harvest import CkanHarvestPage
from .pages import HomePage, HomePageSignedIn
from .petitions_sign import PetitionsSign

SCENARIOS: list[Scenario] = [Trivial(), BareApiPath(), PetitionsSign(), AppealsCreate(), PetitionsList(),
                             AppealsList(), HomePage(), CkanHarvestPage(), DocflowBareInsert(), DocflowRegister(),
                             DocflowSearchIndex(), DocflowSearchWord(), DocflowDashboard(), BudgetsBareInsert(),
                             BudgetsVote()]
SCENARIOS += [ConsultationPage(), CommitmentsPlan(), CommitmentsTimeline()]

SCENARIOS += [EnrolmentQueuePage(), EnrolmentFile()]

from .surveys import SurveysRespond, SurveysResults  # noqa: E402 - issue 18

SCENARIOS += [SurveysResults(), SurveysRespond()]

SCENARIOS += [HomePageSignedIn()]  # issue 19: the home page with every block, signed in (never cached)

from .site import SiteNewsItem, SiteNewsList, SiteNewsSearch, SitePage  # noqa: E402 - the community's site
from .transparency_index import (  # noqa: E402 - the transparency self-check
    TransparencyIndexCompute,
    TransparencyIndexPage,
    TransparencyIndexPeriod,
    TransparencyIndexStaff,
)

SCENARIOS += [SiteNewsList(), SiteNewsSearch(), SiteNewsItem(), SitePage()]
SCENARIOS += [TransparencyIndexPage(), TransparencyIndexPeriod(), TransparencyIndexStaff(), TransparencyIndexCompute()]


def by_name(name: str) -> Scenario:
    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    raise SystemExit(f"no scenario {name!r}; there are: {', '.join(s.name for s in SCENARIOS)}")
