"""Grant competitions walked by keyboard in Debian's Chromium on a phone and a desktop: staff announce a call (a
refused form first: the error summary takes focus), an applicant applies and submits, a juror declares no conflict
and scores, staff rank, award and publish, and anyone reads the results. axe-core audits every page landed on;
the skip link works on each."""

from __future__ import annotations

import pytest
from conftest import make_member, make_user

from hromada.competitions import services
from hromada.competitions.models import Application, Call, Review, Status
from hromada.competitions.tests.factories import edrpou, make_call, schedule, submitted
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_budgets_staff_journeys import press
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def tick(tab, selector: str) -> None:
    """Focus a checkbox or a radio button and press Space."""
    tab.page.focus(selector)
    tab.page.keyboard.press("Space")


@pytest.mark.parametrize("screen", list(SCREENS))
def test_staff_announce_a_call_by_keyboard(tab_for, community, screen):
    juror = make_user(name="Експертка")
    tab = tab_for(make_member(community, Role.ADMIN), community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/competitions/")
    press(tab, "main a[href$='/competitions/new/']")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/competitions/new/")  # afresh: the skip link left #main in the address
    page.fill("#id_title", "Ваучери для малого бізнесу")
    press(tab, "main form button[type=submit]")  # no fund, no dates, no criteria: refused, the summary takes focus
    assert page.evaluate("() => document.activeElement.classList.contains('form-errors')")
    assert not Call.objects.exists()
    windows = {w["key"]: w for w in schedule()}
    page.fill("#id_fund", "1000000")
    page.select_option("#id_tie_break", "smaller_grant")
    for kind, cap in (("sole_proprietor", "25000"), ("legal_entity", "50000")):
        tick(tab, f"#id_{kind}_offered")
        page.fill(f"#id_{kind}_percent", "50")
        page.fill(f"#id_{kind}_cap", cap)
    for key in ("applications", "scoring"):
        page.fill(f"#id_{key}_starts", windows[key]["starts_at"][:16])
        page.fill(f"#id_{key}_ends", windows[key]["ends_at"][:16])
    page.fill("#id_criteria-0-name", "Вплив на зайнятість")
    page.fill("#id_criteria-0-weight", "100")
    page.fill("#id_jurors", juror.email)
    press(tab, "main form button[type=submit]")
    call = Call.objects.get()
    assert page.url.split("#")[0].endswith(f"/competitions/{call.pk}/")
    assert sorted(call.rules.values_list("cap", flat=True)) == [2_500_000, 5_000_000]
    assert list(call.jurors.values_list("user_id", flat=True)) == [juror.pk]
    assert not check_page(tab, screen)
    press(tab, f"main a[href$='/competitions/{call.pk}/edit/']")
    assert float(page.input_value("#id_sole_proprietor_cap")) == 25000
    assert not check_page(tab, screen, keyboard=False)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_an_applicant_applies_and_submits_by_keyboard(tab_for, community, screen):
    call = make_call(community, SYSTEM)
    applicant = make_user(name="Заявниця")
    tab = tab_for(applicant, community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/competitions/{call.pk}/")
    press(tab, f"main a[href$='/competitions/{call.pk}/apply/']")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/competitions/{call.pk}/apply/")
    page.select_option("#id_applicant_type", "ngo")
    page.fill("#id_organisation", "ГО «Зелений квартал»")
    page.fill("#id_tax_id", edrpou(5))
    page.fill("#id_title", "Сквер біля школи")
    page.fill("#id_summary", "Висадимо 40 дерев і поставимо лавки.")
    page.fill("#id_cofinancing", "5000")
    page.fill("#id_lines-0-item", "Саджанці")
    page.fill("#id_lines-0-quantity", "40")
    page.fill("#id_lines-0-unit_cost", "750")
    press(tab, "main form button[type=submit]")
    application = Application.objects.get()
    assert page.url.split("#")[0].endswith(f"/applications/{application.pk}/")
    assert not check_page(tab, screen)
    press(tab, f"main form[action$='/applications/{application.pk}/submit/'] button")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.total_cost == 3_000_000
    assert not check_page(tab, screen, keyboard=False)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_juror_scores_and_staff_rank_award_and_publish_by_keyboard(tab_for, community, screen):
    juror = make_user(name="Експерт")
    admin = make_member(community, Role.ADMIN)
    call = make_call(community, SYSTEM, jurors=[juror])
    application = submitted(call, make_user(name="Заявник"), 1)
    services.application_review(actor=SYSTEM, community=community, application_id=application.pk, eligible=True)
    services.call_update(actor=SYSTEM, community=community, call_id=call.pk, schedule=schedule(-21))  # scoring now

    tab = tab_for(juror, community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/competitions/jury/")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/competitions/jury/")
    press(tab, f"main a[href$='/applications/{application.pk}/score/']")
    assert not check_page(tab, screen)
    tick(tab, "#id_conflict_0")  # no conflict of interest
    press(tab, "main form button[type=submit]")
    assert Review.objects.get().conflict is False
    first, second = call.criteria.order_by("pk")
    page.fill(f"#id_c{first.pk}", "8")
    page.fill(f"#id_c{second.pk}", "4")
    press(tab, "main form button[type=submit]")
    assert Review.objects.get().weighted == 80.0  # 60 * 0.8 + 40 * 0.8
    assert not check_page(tab, screen, keyboard=False)

    services.call_update(actor=SYSTEM, community=community, call_id=call.pk, schedule=schedule(-31))  # scoring over
    office = tab_for(admin, community=community, screen=SCREENS[screen])
    office.goto(f"/c/{community.slug}/competitions/{call.pk}/")
    press(office, f"main a[href$='/competitions/{call.pk}/staff/']")
    assert not check_page(office, screen)
    press(office, f"main form[action$='/competitions/{call.pk}/award/'] button")
    press(office, f"main form[action$='/competitions/{call.pk}/publish/'] button")
    assert Call.objects.get().results_published_at is not None

    anyone = tab_for(screen=SCREENS[screen])
    anyone.goto(f"/c/{community.slug}/competitions/{call.pk}/")
    press(anyone, f"main a[href$='/competitions/{call.pk}/results/']")
    assert not check_page(anyone, screen)
    assert "80,00" in anyone.page.locator("main table").inner_text()
