"""Browser journeys of residents and staff in Debian's Chromium: sign up and verify, file and sign a petition,
moderate it, file an appeal with a photo on the map, answer it; axe-core audits every page they land on."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import make_member
from django.core import mail

from hromada.appeals.models import Appeal, AppealPhoto
from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, make_area, make_category
from hromada.core.identity.models import Role, User
from hromada.petitions.models import Petition, Signature
from hromada.petitions.tests import factories as petitions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def category(community, department):
    make_area(community, "Центр", 34.55, 49.59)
    return make_category(community, "light", fallback=department)


def test_a_resident_signs_up_verifies_the_email_and_signs_a_petition(tab_for, community):
    petitions.set_settings(community, identity_level="email")
    petition = petitions.collecting(community, petitions.strong_resident(community))
    tab = tab_for()
    tab.goto(f"/c/{community.slug}/")
    tab.follow(lambda: tab.page.click("a[href$='/accounts/signup/']"))
    tab.page.fill("#id_email", "nova@example.org")
    tab.page.fill("#id_full_name", "Нова Мешканка")  # sign-up asks for the public name
    tab.page.fill("#id_password1", "a-long-enough-passphrase-2026")
    tab.page.fill("#id_password2", "a-long-enough-passphrase-2026")
    tab.follow(lambda: tab.page.press("#id_password2", "Enter"))
    assert "/accounts/confirm-email/" in tab.page.url

    # The link in the email the live server sent (the test settings keep mail in memory, this process).
    (message,) = [m for m in mail.outbox if m.to == ["nova@example.org"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    tab.goto(urlsplit(link).path)
    tab.follow(lambda: tab.page.click("main form button[type=submit]"))
    user = User.objects.get(email="nova@example.org")
    assert user.emailaddress_set.get().verified

    tab.goto(f"/c/{community.slug}/petitions/{petition.pk}/")
    tab.follow(lambda: tab.page.click(f"form[action$='/petitions/{petition.pk}/sign/'] button"))
    assert Signature.objects.filter(petition=petition, user=user).count() == 1
    assert tab.page.locator(".sign-panel .msg-success").is_visible()


def test_a_resident_files_a_petition_and_a_moderator_publishes_it(tab_for, community):
    author = make_member(community, Role.RESIDENT, strong=True)
    moderator = make_member(community, Role.MODERATOR)
    tab = tab_for(author, community=community)
    tab.goto(f"/c/{community.slug}/petitions/new/")
    tab.page.fill("#id_title", "Освітлення парку біля школи")
    tab.page.fill("#id_text", petitions.TEXT)
    tab.follow(lambda: tab.page.click("button[value=preview]"))
    assert tab.page.locator(".preview").is_visible()
    tab.follow(lambda: tab.page.click("button[value=submit]"))
    petition = Petition.objects.get(title="Освітлення парку біля школи")
    assert petition.status == "submitted" and tab.page.url.endswith(f"/petitions/{petition.pk}/")

    staff = tab_for(moderator, community=community)
    staff.goto(f"/c/{community.slug}/petitions/moderation/")
    staff.follow(lambda: staff.page.click(f"main a[href$='/petitions/{petition.pk}/']"))
    staff.follow(lambda: staff.page.click(f"form[action$='/petitions/{petition.pk}/publish/'] button"))
    petition.refresh_from_db()
    assert petition.status == "collecting" and petition.published_at is not None

    signer = tab_for(make_member(community, Role.RESIDENT, strong=True), community=community)
    signer.goto(f"/c/{community.slug}/petitions/")
    signer.follow(lambda: signer.page.click(f"main a[href$='/petitions/{petition.pk}/']"))
    signer.follow(lambda: signer.page.click(f"form[action$='/petitions/{petition.pk}/sign/'] button"))
    assert Signature.objects.filter(petition=petition).count() >= 1
    assert signer.page.locator(".petition-count").inner_text().strip() == str(petition.signatures.count())


def test_a_resident_files_an_appeal_with_a_photo_on_the_map(tab_for, community, category, tmp_path):
    resident = make_member(community, Role.RESIDENT, strong=True)
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(jpeg_bytes((320, 240)))
    tab = tab_for(resident, community=community)
    tab.goto(f"/c/{community.slug}/appeals/")
    tab.follow(lambda: tab.page.click("main a[href$='/appeals/new/']"))
    page = tab.page
    # A pointer places the pin; the keyboard corrects it and does the rest of the form.
    page.locator("#pick-map").click(position={"x": 120, "y": 80})
    assert page.input_value("#id_lat") and page.input_value("#id_lon")
    page.focus("#id_category")
    page.keyboard.press("ArrowDown")  # the first category after "choose…"
    assert page.input_value("#id_category") == "light"
    page.focus("#id_lat")
    page.keyboard.press("Control+A")
    page.keyboard.type("49.595")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("34.555")
    page.keyboard.press("Tab")
    assert page.locator(".leaflet-marker-icon").count() == 1
    page.focus("#id_description")
    page.keyboard.type("Не світить ліхтар біля зупинки, темно ввечері.")
    page.set_input_files("#id_photos", str(photo))
    tab.follow(lambda: page.click("#appeal-form button[type=submit]"))

    appeal = Appeal.objects.get(author=resident)
    assert (round(appeal.lat, 3), round(appeal.lon, 3)) == (49.595, 34.555)
    assert AppealPhoto.objects.filter(appeal=appeal).count() == 1
    assert tab.page.url.endswith(f"/appeals/{appeal.pk}/")
    shown = tab.page.locator("ul.photos img").first
    shown.scroll_into_view_if_needed()
    assert tab.page.evaluate("img => img.complete && img.naturalWidth", shown.element_handle()) > 0


def test_an_official_answers_an_appeal(tab_for, community, category, department):
    resident = make_member(community, Role.RESIDENT, strong=True)
    official = make_member(community, Role.OFFICIAL, department=department)
    appeal = make_appeal(community, resident, category, address="вул. Садова, 5")
    tab = tab_for(official, community=community)
    tab.goto(f"/c/{community.slug}/appeals/office/")
    tab.follow(lambda: tab.page.click(f"main a[href$='/appeals/{appeal.pk}/']"))
    tab.page.select_option("select[name=owner_id]", str(official.pk))
    tab.follow(lambda: tab.page.click("form[action$='/act/assign'] button"))
    tab.follow(lambda: tab.page.click("form[action$='/act/start'] button"))
    tab.page.fill("#answer-text", "Ліхтар замінено 12 березня.")
    tab.follow(lambda: tab.page.click("form[action$='/act/answer'] button[type=submit]"))
    appeal.refresh_from_db()
    assert appeal.status == "answered" and appeal.response_text == "Ліхтар замінено 12 березня."

    author = tab_for(resident, community=community)
    author.goto(f"/c/{community.slug}/appeals/mine/")
    author.follow(lambda: author.page.click(f"main a[href$='/appeals/{appeal.pk}/']"))
    assert "Ліхтар замінено 12 березня." in author.page.locator("#answer").locator("..").inner_text()
