"""Browser journeys of enrolment in Debian's Chromium, axe-core on every page state: anyone follows the
institutions list to an institution and to a group's public queue (codes, never names) on a phone and a desktop;
a parent with a strong identity files an application with the keyboard alone — a first try with mistakes that the
form names, then a good one — and lands on the page with the position and the proof of inclusion."""

from __future__ import annotations

from datetime import date

import pytest

from hromada.core.identity.actors import SYSTEM
from hromada.enrollment.models import Application
from hromada.enrollment.tests import factories as f
from tests.browser.conftest import DESKTOP, PASSWORD, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def keyboard_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} is not reachable with the keyboard")


def open_tab(tab_for, user=None, *, community, screen=None):
    """A tab with a patient timeout (these journeys run beside others on a loaded machine), signed in through the
    login form when a user is given."""
    tab = tab_for(screen=screen)
    tab.page.set_default_timeout(60_000)
    if user is not None:
        tab.goto(f"/c/{community.slug}/accounts/login/")
        tab.page.fill("#id_login", user.email)
        tab.page.fill("#id_password", PASSWORD)
        tab.follow(lambda: tab.page.press("#id_password", "Enter"))
    return tab


def type_date(page, selector: str, day: date) -> None:
    """Type a date as people write it here (day, month, year) into the form's date field."""
    keyboard_to(page, selector)
    page.keyboard.type(day.strftime("%d.%m.%Y"))


def parent_on_the_form(tab_for, community):
    """A parent with a strong identity, signed in, on the application form: (their tab, its page)."""
    tab = open_tab(tab_for, f.parent(community), community=community)
    tab.goto(f"/c/{community.slug}/enrollment/apply/")
    keyboard_to(tab.page, "#id_child_name")
    tab.page.keyboard.type("Марія Коваленко")
    return tab, tab.page


def type_child(page, *, birth: date, certificate: str) -> None:
    """The child's birth date, birth certificate and address, typed field after field with the keyboard."""
    type_date(page, "#id_child_birth_date", birth)
    keyboard_to(page, "#id_birth_certificate")
    page.keyboard.type(certificate)
    keyboard_to(page, "#id_address")
    page.keyboard.type("вул. Шевченка, 5")


@pytest.fixture
def kindergarten(community, department):
    from hromada.enrollment import services

    institution, groups = f.institution(community, department=department, groups=2, capacity=2)
    services.category_save(actor=SYSTEM, community=community, name="Діти військовослужбовців", rank=1,
                           proof="Довідка з військової частини.")
    return institution, groups


@pytest.mark.parametrize("screen", list(SCREENS))
def test_anyone_reads_a_groups_public_queue(tab_for, community, kindergarten, screen):
    institution, groups = kindergarten
    waiting = [f.file(community, f.parent(community), groups[:1], name=f"Дитина Тестова {n}") for n in range(3)]
    tab = open_tab(tab_for, community=community, screen=SCREENS[screen])
    tab.goto(f"/c/{community.slug}/enrollment/")
    tab.follow(lambda: tab.page.get_by_role("link", name=institution.name).click())
    tab.follow(lambda: tab.page.get_by_role("link", name=groups[0].name, exact=True).first.click())
    text = tab.page.locator("main").inner_text()
    assert all(a.code in text for a in waiting)
    assert "Тестова" not in text


def test_a_parent_files_an_application_with_the_keyboard(tab_for, community, kindergarten):
    _institution, groups = kindergarten
    # A first try with the child's name only: the form says what to fix, and the summary takes the focus.
    tab, page = parent_on_the_form(tab_for, community)
    tab.follow(lambda: page.keyboard.press("Enter"))
    summary = page.locator(".form-errors")
    assert summary.is_visible() and "#id_birth_certificate" in summary.inner_html()
    assert not Application.objects.exists()

    type_child(page, birth=f.birth_for(), certificate="І-ЖС 123456")
    keyboard_to(page, "#id_group_1")
    page.keyboard.press("ArrowDown")  # the first group of the list
    type_date(page, "#id_start_date", date(f.start_year(), 9, 1))
    assert page.input_value("#id_group_1") != ""
    keyboard_to(page, "form.form button[type=submit]")
    tab.follow(lambda: page.keyboard.press("Enter"))

    application = Application.objects.get()
    assert page.url.endswith(f"/enrollment/mine/{application.pk}/")
    main = page.locator("main").inner_text()
    assert application.code in main
    # The proof of inclusion opens with the keyboard and shows the verifier's command with the leaf hash.
    keyboard_to(page, ".proof details summary")
    page.keyboard.press("Enter")
    assert "hromada_log_verify.py" in page.locator(".proof details").first.inner_text()
    tab.audit()


def test_staff_check_documents_and_open_a_round_with_the_keyboard(tab_for, community, kindergarten, department):
    from conftest import make_member

    from hromada.core.identity.models import Role
    from hromada.enrollment.models import Claim, Offer, OfferState

    _institution, groups = kindergarten
    category_id = Claim._meta.get_field("category").related_model.objects.get(community=community).pk
    application = f.file(community, f.parent(community), groups[:1], claims={category_id: [f.pdf()]})
    official = make_member(community, Role.OFFICIAL, department=department)
    tab = open_tab(tab_for, official, community=community, screen=PHONE)
    page = tab.page
    tab.goto(f"/c/{community.slug}/enrollment/staff/")
    assert application.code in page.locator("main").inner_text()
    keyboard_to(page, "form[action$='/verify/'] button")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert Claim.objects.get(application=application).state == "verified"
    tab.follow(lambda: page.get_by_role("link", name="Раунди розподілу та пропозиції").click())
    keyboard_to(page, "#id_group")
    page.keyboard.press("ArrowDown")
    keyboard_to(page, "form.form button[type=submit]")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert Offer.objects.get(application=application).state == OfferState.PENDING
    assert application.code in page.locator("main").inner_text()


def test_a_parent_marks_the_home_and_later_claims_a_priority_with_the_keyboard(tab_for, community, department,
                                                                               tmp_path):
    """Issue 17: the home's point set on the map with the arrow keys and Enter (a school's service area then counts,
    as through the API), and a priority category claimed after filing with its document, which only the parent (and
    the staff who handle it) can open."""
    from hromada.enrollment import services
    from hromada.enrollment.models import Choice, Claim

    _school, groups = f.institution(community, kind="school", name="Ліцей № 3", department=department, area=f.AREA)
    category = services.category_save(actor=SYSTEM, community=community, name="Діти ВПО", rank=1)
    tab, page = parent_on_the_form(tab_for, community)
    type_child(page, birth=f.birth_for("school"), certificate="І-ЖС 123457")
    # The map opens on the community's centre, inside the school's area: the first arrow shows the pin there, a few
    # more move it a little, Enter marks the home; the coordinates land in their fields and the page says so.
    keyboard_to(page, "#point-map")
    for key in ("ArrowUp", "ArrowRight", "ArrowDown", "ArrowLeft"):
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('id_lat').value !== ''")
    page.wait_for_function("() => document.getElementById('point-status').textContent.includes('49.')")
    assert 49.55 < float(page.input_value("#id_lat")) < 49.65 and 34.5 < float(page.input_value("#id_lon")) < 34.6
    keyboard_to(page, "#id_group_1")
    page.keyboard.press("ArrowDown")
    type_date(page, "#id_start_date", date(f.start_year(), 9, 1))
    keyboard_to(page, "form.form button[type=submit]")
    tab.follow(lambda: page.keyboard.press("Enter"))

    application = Application.objects.get()
    assert Choice.objects.get(application=application).in_service_area
    assert "проживає на території обслуговування" in page.locator("main").inner_text()

    # Later: a priority category with its document, from the application's page.
    proof = tmp_path / "dovidka.pdf"
    proof.write_bytes(f.PDF)
    keyboard_to(page, "#id_category")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#id_category") == str(category.pk)
    page.set_input_files("#id_documents", str(proof))  # the system's file dialog is not the page's to drive
    keyboard_to(page, "form[action$='/claims/'] button[type=submit]")
    tab.follow(lambda: page.keyboard.press("Enter"))
    claim = Claim.objects.get(application=application)
    assert claim.category == category and claim.documents.count() == 1
    keyboard_to(page, "a[href*='/enrollment/documents/']")
    href = page.evaluate("() => document.activeElement.href")
    assert page.request.get(href).body() == f.PDF
