"""Surveys in Debian's Chromium, by keyboard, on a phone and a desktop: a resident opens a survey in sections, the
conditional question appears only when its answer is chosen (the static script), a missing required answer is
refused on the form (focus goes to the error summary), the response is sent and the results show a chart with its
table. Staff open the builder. axe-core audits every page landed on."""

from __future__ import annotations

import pytest
from conftest import make_member

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.surveys import services
from hromada.surveys.models import Response
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def survey(community):
    made = services.survey_create(actor=SYSTEM, community=community, title="Парк над річкою",
                                  description="Яким буде оновлений парк?")
    about = services.section_add(actor=SYSTEM, community=community, survey_id=made.pk, title="Про вас")
    visits = services.question_add(actor=SYSTEM, community=community, survey_id=made.pk, kind="single",
                                   section_id=about.pk, text="Чи відвідуєте ви парк?", required=True,
                                   choices=["Так", "Ні"])
    no = visits.choices.order_by("order").last()
    why = services.question_add(actor=SYSTEM, community=community, survey_id=made.pk, kind="short_text",
                                section_id=about.pk, text="Чому ні?", condition_question_id=visits.pk,
                                condition_choice_id=no.pk)
    scale = services.question_add(actor=SYSTEM, community=community, survey_id=made.pk, kind="scale",
                                  text="Оцініть парк", required=True, max_value=5)
    services.survey_publish(actor=SYSTEM, community=community, survey_id=made.pk)
    return {"survey": made, "visits": visits, "no": no, "why": why, "scale": scale}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_answers_a_survey_by_keyboard_and_sees_the_results(tab_for, community, survey, screen):
    person = make_member(community, Role.RESIDENT)
    tab = tab_for(person, community=community, screen=SCREENS[screen])
    page = tab.page
    made, visits, no, why, scale = (survey[k] for k in ("survey", "visits", "no", "why", "scale"))
    tab.goto(f"/c/{community.slug}/surveys/")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/surveys/{made.pk}/")
    assert not check_page(tab, screen)
    # The conditional question is hidden until "Ні" is chosen.
    page.wait_for_function(f"() => document.getElementById('question-{why.pk}').hidden === true")
    page.focus(f"#q{visits.pk}-{no.pk}")
    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.getElementById('question-{why.pk}').hidden === false")
    page.focus(f"#id_q{why.pk}")
    page.keyboard.type("Далеко від дому")
    # Sent without the required scale: refused on the form, focus on the summary.
    page.focus("button[type=submit].button")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.is_visible(".form-errors") and page.locator(f"#question-{scale.pk} .error").count() == 1
    assert not Response.objects.exists()
    page.focus(f"#id_q{scale.pk}")
    page.keyboard.press("Space")
    page.focus("button[type=submit].button")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert f"/surveys/{made.pk}/thanks/" in page.url
    assert Response.objects.get().answers.count() == 3
    page.focus("a.button[href$='/results/']")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.locator("table.chart-table").count() >= 2 and page.locator("svg.bars").count() >= 2
    assert not check_page(tab, screen)


def test_staff_open_the_builder(tab_for, community, survey):
    admin = make_member(community, Role.ADMIN)
    tab = tab_for(admin, community=community, screen=DESKTOP)
    tab.goto(f"/c/{community.slug}/surveys/new/")
    assert not check_page(tab, "desktop")
    tab.goto(f"/c/{community.slug}/surveys/{survey['survey'].pk}/build/")
    assert not check_page(tab, "desktop")
    tab.goto(f"/c/{community.slug}/surveys/{survey['survey'].pk}/build/questions/{survey['why'].pk}/")
    assert not check_page(tab, "desktop")
