"""Browser journeys of accounts and emails on a 390x844 phone and a desktop, axe-core on every page state:
sign-up with a chosen public name and the confirmation link from a real SMTP server, a notification email
whose link opens the site where it runs, the bell's list that marks what was opened, and staff landing on
their queue."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import make_member

from hromada.core.identity.models import Role, User
from hromada.core.notifications.models import Notification
from hromada.core.notifications.tests.conftest import smtp_server  # noqa: F401 - the real SMTP server fixture
from hromada.petitions import services as petition_services
from hromada.petitions.tests import factories as petitions
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = {"phone": PHONE, "desktop": DESKTOP}
PASSPHRASE = "a-long-enough-passphrase-2026"


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_sign_up_with_a_chosen_name_and_confirm_from_the_email(tab_for, community, smtp_server, screen):  # noqa: F811
    tab = tab_for(screen=SCREENS[screen])
    tab.goto(f"/c/{community.slug}/accounts/signup/")
    assert tab.page.locator("label[for=id_full_name]").inner_text().startswith("Ваше ім’я")
    # An email address as the public name is refused, with the reason, and the page stays accessible.
    tab.page.fill("#id_full_name", "olena@example.org")
    tab.page.fill("#id_email", "olena@example.org")
    tab.page.fill("#id_password1", PASSPHRASE)
    tab.page.fill("#id_password2", PASSPHRASE)
    tab.follow(lambda: tab.page.press("#id_password2", "Enter"))
    assert "не адресу електронної пошти" in tab.page.content() and not User.objects.exists()
    tab.page.fill("#id_full_name", "Олена Коваленко")
    tab.page.fill("#id_password1", PASSPHRASE)
    tab.page.fill("#id_password2", PASSPHRASE)
    tab.follow(lambda: tab.page.press("#id_password2", "Enter"))
    assert "/accounts/confirm-email/" in tab.page.url
    assert "Слідуйте" not in tab.page.content() and "Перейдіть за посиланням" in tab.page.content()

    (message,) = smtp_server.messages(wait_for=1)
    assert message["Subject"].strip() == "Громада alpha: Підтвердьте адресу електронної пошти"
    assert message["From"].addresses[0].display_name == "Громада alpha"
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", _text(message)).group(0)
    assert link.startswith(tab.base_url)  # the host and port the site answered on
    assert f'href="{link}"' in message.get_body(("html",)).get_content()
    tab.goto(urlsplit(link).path)
    tab.follow(lambda: tab.page.click("main form button[type=submit]"))
    user = User.objects.get(email="olena@example.org")
    assert user.emailaddress_set.get().verified and user.full_name == "Олена Коваленко"


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_notification_email_links_to_the_site_and_the_bell_lists_it(tab_for, community, smtp_server,  # noqa: F811
                                                                        settings, live_server, screen):
    settings.HROMADA_SITE_URL = live_server.url  # what `hromada serve` sets from its --host and --port
    author = make_member(community, Role.RESIDENT, name="Андрій Мельник")
    petition = petitions.submitted(community, author, title="Світлофор біля школи №3")
    petition_services.petition_publish(actor=make_member(community, Role.MODERATOR), community=community,
                                       petition=petition)
    message = next(m for m in smtp_server.messages(wait_for=2) if m["To"] == author.email)
    assert message["Subject"].strip().startswith("Громада alpha: ")
    link = re.search(r"https?://\S+/petitions/\d+/", _text(message)).group(0)
    assert link == f"{live_server.url}/c/{community.slug}/petitions/{petition.pk}/"

    tab = tab_for(author, community=community, screen=SCREENS[screen])
    tab.goto(urlsplit(link).path)
    assert "Світлофор біля школи №3" in tab.page.content()
    # The bell opens the list itself; opening a notification marks it read and leads to its page.
    tab.follow(lambda: tab.page.click("a.notifications-link"))
    assert tab.page.url.endswith(f"/c/{community.slug}/notifications/")
    tab.follow(lambda: tab.page.click("main .notification-list a >> nth=0"))
    assert f"/petitions/{petition.pk}/" in tab.page.url
    opened = Notification.objects.filter(user=author).order_by("-created_at").first()
    assert opened is not None and opened.read_at is not None


@pytest.mark.parametrize("screen", list(SCREENS))
def test_staff_land_on_their_queue(tab_for, community, department, screen):
    moderator = make_member(community, Role.MODERATOR)
    tab = tab_for(moderator, community=community, screen=SCREENS[screen])
    assert tab.page.url.endswith(f"/c/{community.slug}/petitions/moderation/")
    official = make_member(community, Role.OFFICIAL, department=department)
    tab = tab_for(official, community=community, screen=SCREENS[screen])
    assert tab.page.url.endswith(f"/c/{community.slug}/appeals/office/")
