"""Commitments walked by keyboard in Debian's Chromium on a phone and a desktop: a resident goes from the plans to a
plan's commitments (progress bars named for screen readers), to a commitment's timeline and follows it; the
responsible body's official finds the late report in the queue and files it; the monitoring body assesses. axe-core
audits every page landed on; the skip link works on each, and nothing scrolls sideways on a phone."""

from __future__ import annotations

import pytest
from conftest import make_member, make_user

from hromada.commitments import services
from hromada.commitments.models import Assessment, BodyReport, Follow, MonitoringRound
from hromada.commitments.tests import factories as f
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def press(tab, selector: str, key: str = "Enter") -> None:
    tab.page.focus(selector)
    tab.follow(lambda: tab.page.keyboard.press(key))


@pytest.fixture
def monitored(community):
    department = Department.objects.create(community=community, name="Відділ цифрової трансформації")
    official = make_member(community, Role.OFFICIAL, department=department)
    plan = f.plan(community, months_ago=8, title="План дій ОГП на 2026–2027 роки")
    commitment = f.commitment(community, plan, department, title="Відкриті дані про закупівлі")
    f.commitment(community, plan, department, title="Карта звернень мешканців")
    services.milestone_create(actor=SYSTEM, community=community, commitment_id=commitment.pk,
                              title="Порядок публікації затверджено", due_on="2026-03-01", status="done",
                              done_on="2026-02-20")
    opened = services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    MonitoringRound.objects.filter(pk=opened.pk).update(due_on="2020-01-15")  # past due: the reports are late
    services.report_file(actor=official, community=community, round_id=opened.pk,
                         commitment_id=plan.commitments.order_by("pk").last().pk, text="Мапу запущено.",
                         progress=70, status="in_progress")
    return {"plan": plan, "commitment": commitment, "official": official, "round": opened}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_reads_a_plan_and_follows_a_commitment(tab_for, community, monitored, screen):
    resident = make_member(community, Role.RESIDENT)
    tab = tab_for(resident, community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/commitments/")
    assert not check_page(tab, screen)
    press(tab, f"main a[href$='/commitments/{monitored['plan'].pk}/']")
    assert not check_page(tab, screen)
    names = page.eval_on_selector_all("main progress", "bars => bars.map(b => b.getAttribute('aria-label'))")
    assert len(names) == 2 and all(names)
    press(tab, f"main a[href$='/commitments/c/{monitored['commitment'].pk}/']")
    assert not check_page(tab, screen)
    assert "Порядок публікації затверджено" in page.inner_text(".timeline")
    press(tab, "main form[action$='/follow/'] button[type=submit]")
    assert Follow.objects.filter(user=resident, commitment=monitored["commitment"]).exists()
    assert page.locator("main form[action$='/follow/'] input[name=follow][value='0']").count() == 1


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_body_files_its_late_report_and_the_monitoring_body_assesses(tab_for, community, monitored, screen):
    tab = tab_for(monitored["official"], community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/commitments/late/")
    assert not check_page(tab, screen)
    assert "Відкриті дані про закупівлі" in page.inner_text("main table")
    press(tab, "main table a[href$='/report/']")
    assert not check_page(tab, screen)
    page.focus("#id_progress")
    page.keyboard.type("100")
    page.select_option("#id_status", "completed")
    page.focus("#id_text")
    page.keyboard.type("Усі договори публікуються щомісяця.")
    page.fill("#id_progress", "95")  # a completed commitment at 95%: the service refuses, the form says why
    press(tab, "main form button[type=submit]")
    assert page.is_visible(".form-errors") and "100" in page.inner_text(".form-errors")
    assert not BodyReport.objects.filter(commitment=monitored["commitment"]).exists()
    page.fill("#id_progress", "100")
    press(tab, "main form button[type=submit]")
    assert BodyReport.objects.get(commitment=monitored["commitment"]).late
    assert "Усі договори публікуються щомісяця." in page.inner_text(".timeline")

    monitor = make_user()
    services.monitor_appoint(actor=SYSTEM, community=community, user_id=monitor.pk, organisation="ГО «Прозорість»")
    other = tab_for(monitor, community=community, screen=SCREENS[screen])
    other.goto(f"/c/{community.slug}/commitments/c/{monitored['commitment'].pk}/")
    press(other, "main a[href$='/assess/']")
    assert not check_page(other, screen)
    other.page.select_option("#id_rating", "completed")
    other.page.fill("#id_text", "Підтверджено на порталі відкритих даних.")
    press(other, "main form button[type=submit]")
    assert Assessment.objects.get().rating == "completed"
    assert "Підтверджено на порталі відкритих даних." in other.page.inner_text(".timeline")
