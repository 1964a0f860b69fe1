"""Each capability's transparency indicator on controlled data: on time counts, late does not, nothing due is "cannot
tell" (None), another community's rows never count; a disabled capability's indicators are not applicable.

The rows are written with the ORM through django.apps (a test fixture, not a capability importing another's models)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.utils.module_loading import import_string

from hromada.core import capabilities
from hromada.core.identity.actors import SYSTEM
from hromada.transparency_index import services
from hromada.transparency_index.periods import last_full_quarter

KYIV = ZoneInfo("Europe/Kyiv")
START, END = last_full_quarter()
MIDDLE = datetime.combine(START + timedelta(days=40), datetime.min.time(), tzinfo=KYIV).replace(hour=12)
BEFORE = MIDDLE - timedelta(days=200)


def evaluate(code, community):
    indicator = next(i for m in capabilities.manifests() for i in m.transparency_indicators if i.code == code)
    return import_string(indicator.evaluate)(community, START, END)


def test_petitions_on_time_and_late(community, other_community, resident):
    Petition = apps.get_model("petitions", "Petition")
    assert evaluate("petitions.answered_on_time", community)["score"] is None
    for place, answered in ((community, MIDDLE - timedelta(days=1)), (community, MIDDLE + timedelta(days=1)),
                            (community, None), (other_community, MIDDLE)):
        Petition.objects.create(community=place, title="P", text="T", author=resident, status="threshold_reached",
                                consideration_deadline=MIDDLE, answered_at=answered)
    Petition.objects.create(community=community, title="Earlier", text="T", author=resident,
                            consideration_deadline=BEFORE, answered_at=BEFORE)
    result = evaluate("petitions.answered_on_time", community)
    assert result["score"] == pytest.approx(1 / 3)
    assert "1" in result["value"] and "3" in result["value"] and result["evidence"] and result["advice"]


def test_appeals_on_time_and_late(community, other_community, resident):
    Category = apps.get_model("appeals", "Category")
    Appeal = apps.get_model("appeals", "Appeal")
    assert evaluate("appeals.answered_on_time", community)["score"] is None
    for number, (place, answered) in enumerate(((community, MIDDLE), (community, MIDDLE + timedelta(hours=1)),
                                                (other_community, None))):
        category, _ = Category.objects.get_or_create(community=place, code="roads", defaults={"name": "Roads"})
        Appeal.objects.create(community=place, registration_index=f"A-{number}", category=category, author=resident,
                              description="Hole", lat=49.6, lon=34.5, created_at=MIDDLE - timedelta(days=15),
                              updated_at=MIDDLE, due_at=MIDDLE, answered_at=answered)
    assert evaluate("appeals.answered_on_time", community)["score"] == 0.5


def test_site_news_weeks_and_officials(community):
    NewsItem = apps.get_model("site", "NewsItem")
    Official = apps.get_model("site", "Official")
    weeks = (END - START).days // 7 + 1
    assert evaluate("site.news_every_week", community)["score"] == 0
    for moment in (MIDDLE, MIDDLE + timedelta(hours=2), MIDDLE + timedelta(days=8)):
        NewsItem.objects.create(community=community, title="N", publish_at=moment)
    NewsItem.objects.create(community=community, title="Draft", publish_at=MIDDLE + timedelta(days=21), is_draft=True)
    assert evaluate("site.news_every_week", community)["score"] == pytest.approx(2 / weeks)
    assert evaluate("site.officials_contacts", community)["score"] is None
    Official.objects.create(community=community, name="A", position="Mayor", reception_hours="Mon 9-12",
                            work_email="mayor@example.org")
    Official.objects.create(community=community, name="B", position="Deputy")
    assert evaluate("site.officials_contacts", community)["score"] == 0.5


def test_services_catalogue_and_terms(community, resident):
    Service = apps.get_model("services", "Service")
    Application = apps.get_model("services", "Application")
    assert evaluate("services.catalogue_complete", community)["score"] is None
    complete = Service.objects.create(community=community, title="Complete", documents="Passport",
                                      legal_basis="Law", fee_kind="free")
    Service.objects.create(community=community, title="No fee amount", documents="Passport", legal_basis="Law",
                           fee_kind="fixed")
    Service.objects.create(community=community, title="Hidden", is_public=False)
    assert evaluate("services.catalogue_complete", community)["score"] == 0.5
    deadline = MIDDLE.date()
    for decided, status in ((MIDDLE, "approved"), (MIDDLE + timedelta(days=2), "approved"), (None, "withdrawn")):
        Application.objects.create(community=community, service=complete, applicant=resident, status=status,
                                   deadline=deadline, decided_at=decided)
    assert evaluate("services.decided_on_time", community)["score"] == 0.5


def test_consultations_and_competitions_and_surveys(community):
    Consultation = apps.get_model("consultations", "Consultation")
    Call = apps.get_model("competitions", "Call")
    Survey = apps.get_model("surveys", "Survey")
    for reported in (MIDDLE, None):
        Consultation.objects.create(community=community, title="C", opens_at=MIDDLE - timedelta(days=20),
                                    closes_at=MIDDLE, status="reported" if reported else "closed",
                                    report_published_at=reported)
    Consultation.objects.create(community=community, title="Draft", opens_at=MIDDLE - timedelta(days=1), closes_at=MIDDLE)
    assert evaluate("consultations.reports_published", community)["score"] == 0.5
    assert evaluate("competitions.results_published", community)["score"] is None
    Call.objects.create(community=community, title="Grants", fund=100, awarded_at=MIDDLE, results_published_at=MIDDLE)
    assert evaluate("competitions.results_published", community)["score"] == 1.0
    Survey.objects.create(community=community, title="S", status="closed", closes_at=MIDDLE, results_public=False)
    assert evaluate("surveys.results_public", community)["score"] == 0.0


def test_a_disabled_capability_is_not_applicable_and_can_be_assessed_by_hand(community, community_admin):
    community.enabled_capabilities = [slug for slug in community.enabled_capabilities if slug != "petitions"]
    community.save()
    snapshot = services.selfcheck_compute(actor=community_admin, community=community, start=START, end=END)
    petitions = next(r for r in snapshot.results if r["code"] == "petitions.answered_on_time")
    assert (petitions["kind"], petitions["score"]) == ("not_applicable", None)
    services.manual_assessment_set(actor=community_admin, community=community, code="petitions.answered_on_time",
                                   period_start=START, period_end=END, score_percent=50,
                                   evidence_url="https://petition.e-dem.ua/example")
    snapshot = services.selfcheck_compute(actor=SYSTEM, community=community, start=START, end=END)
    petitions = next(r for r in snapshot.results if r["code"] == "petitions.answered_on_time")
    assert (petitions["kind"], petitions["score"], petitions["points"]) == ("manual", 0.5, 2.0)


def test_every_enabled_indicator_evaluates_on_an_empty_community(community):
    for manifest in community.enabled_manifests:
        for indicator in manifest.transparency_indicators:
            result = import_string(indicator.evaluate)(community, START, END)
            assert result["score"] is None or 0 <= result["score"] <= 1, indicator.code
            assert result["value"] and all(url.startswith(f"/c/{community.slug}/") for _l, url in result["evidence"])


def test_a_failing_indicator_is_shown_as_not_computed(community, community_admin, monkeypatch):
    from hromada.transparency_index import evaluation

    monkeypatch.setattr(evaluation, "_evaluate", lambda *args: 1 / 0)
    snapshot = services.selfcheck_compute(actor=community_admin, community=community, start=START, end=END)
    assert {r["kind"] for r in snapshot.results if r["capability"]} == {"failed"}
    assert date.today() >= snapshot.period_end


def test_housing_works_published_with_contractor_and_cost(community):
    Building = apps.get_model("housing", "Building")
    Work = apps.get_model("housing", "Work")
    building = Building.objects.create(community=community, street="Соборна", number="1")
    day = MIDDLE.date()
    assert evaluate("housing.works_published", community)["score"] is None
    Work.objects.create(community=community, building=building, kind="repair", status="done", title="Roof",
                        contractor_name="ТОВ Дах", cost_actual=1000, actual_end=day)
    Work.objects.create(community=community, building=building, kind="repair", status="done", title="No cost",
                        contractor_name="ТОВ Дах", actual_end=day)
    Work.objects.create(community=community, building=building, kind="repair", status="planned", title="Later")
    assert evaluate("housing.works_published", community)["score"] == 0.5


def test_procurement_tenders_and_competition(community, other_community):
    Buyer = apps.get_model("procurement", "Buyer")
    Tender = apps.get_model("procurement", "Tender")
    CrawlState = apps.get_model("procurement", "CrawlState")
    assert evaluate("procurement.tenders_followed", community)["score"] is None
    buyer = Buyer.objects.create(community=community, edrpou="12345678", name="Council")
    assert evaluate("procurement.tenders_followed", community)["score"] == 0.0
    for number, single in enumerate((True, False, None)):
        Tender.objects.create(community=community, buyer=buyer, prozorro_id=f"p{number}", tender_id=f"UA-{number}",
                              ocid=f"ocds-{number}", buyer_edrpou="12345678", title="T", status="complete",
                              date_published=MIDDLE, date_modified=MIDDLE, single_bidder=single)
    assert evaluate("procurement.tenders_followed", community)["score"] == 0.5  # the crawler never ran
    CrawlState.objects.create(source="prozorro", last_success_at=MIDDLE + timedelta(days=365))
    assert evaluate("procurement.tenders_followed", community)["score"] == 1.0
    assert evaluate("procurement.competitive_tenders", community)["score"] == 0.5
    assert evaluate("procurement.competitive_tenders", other_community)["score"] is None
