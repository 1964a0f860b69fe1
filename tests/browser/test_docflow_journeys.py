"""The document workflow's execution pages walked by keyboard alone in Debian's Chromium, on a 390x844 phone and on a
desktop, with axe-core on every page landed on: a head resolves a card; the executor finds it in the inbox (every
tab), drafts the answer, attaches it and starts a two-stage route; the first approver returns it with a comment,
then approves it again; the second delegates and the delegate approves; the signer signs; the office sends it.
Then the control office's inbox, the dashboard with its period, a journal's search and filters, and the
public-information request form and register. Links and buttons are reached with Tab and pressed with Enter,
radio buttons chosen with the arrow keys; no click anywhere."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from hromada.docflow import services
from hromada.docflow.models import Document, DocumentLink, InfoRequest, LinkKind, Status
from hromada.docflow.models_execution import ApprovalRoute, Resolution, RouteState
from hromada.docflow.tests import execution_factories as x
from hromada.docflow.tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}
TAB_LIMIT = 400  # more Tab presses than any of these pages has stops: a target never reached fails the test


def _reach(tab, selector: str) -> None:
    """Move the focus with Tab (from the top of the page) until the element `selector` names has it."""
    page = tab.page
    target = page.locator(selector).first
    target.wait_for(state="attached")
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    if target.evaluate("el => !!el.closest('details:not([open])')"):  # filters closed on a phone: open them first
        for _ in range(TAB_LIMIT):
            page.keyboard.press("Tab")
            if target.evaluate("el => document.activeElement === el.closest('details').querySelector('summary')"):
                page.keyboard.press("Enter")
                break
        page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def press(tab, selector: str) -> None:
    """Tab to a link or button and press Enter; the page it leads to is audited."""
    _reach(tab, selector)
    tab.follow(lambda: tab.page.keyboard.press("Enter"))


def type_into(tab, selector: str, text: str) -> None:
    _reach(tab, selector)
    tab.page.keyboard.type(text)


def choose(tab, selector: str, label: str) -> None:
    """A drop-down or a list box by keyboard: focus it, then the arrow keys until the option is the one chosen."""
    _reach(tab, selector)
    select = tab.page.locator(selector)
    chosen = ""
    for _ in range(60):
        chosen = select.evaluate("s => [...s.selectedOptions].map(o => o.text).join('|')")
        if chosen == label:
            return
        tab.page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never chose {label!r} in {selector} ({chosen!r})")


def choose_radio(tab, name: str, value: str) -> None:
    """A radio group by keyboard: Tab into the group, then the arrow keys until `value` is checked."""
    page = tab.page
    _reach(tab, f"input[name={name}]:checked, input[name={name}]")
    for _ in range(8):
        if page.locator(f"input[name={name}][value={value}]").is_checked():
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never checked {name}={value}")


def submit(tab) -> None:
    press(tab, "main form:not([role=search]) button[type=submit]")


def from_inbox(tab_for, user, *, community, screen, tab: str, document):
    """Sign `user` in, open the inbox tab `tab` and the card of `document` from it (each by keyboard)."""
    tab_ = tab_for(user, community=community, screen=screen)
    tab_.goto(f"/c/{community.slug}/docflow/inbox/?tab={tab}")
    press(tab_, f"main td a[href$='/documents/{document.pk}/']")
    return tab_


def name(user) -> str:
    return user.full_name or user.email


@pytest.fixture
def office(community):
    o = x.office(community)
    for n, user in enumerate([o.head, o.dept_head, o.executor, o.co_executor, *o.approvers, o.signer, o.clerk]):
        user.full_name = f"Посадовець {n}"  # the options are told apart by name
        user.save(update_fields=["full_name"])
    return o


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_a_letter_goes_from_resolution_through_its_route_to_sending(tab_for, community, office, screen):
    o, base = office, f"/c/{community.slug}/docflow"
    card = x.incoming(o, summary="Про ремонт даху ліцею № 3")

    head = tab_for(o.head, community=community, screen=screen)
    head.goto(f"{base}/documents/{card.pk}/")
    press(head, f"main a[href$='/documents/{card.pk}/resolve/']")
    submit(head)  # nothing chosen: refused with the reasons, focus on the summary
    assert head.page.locator(".form-errors").count() == 1
    assert head.page.evaluate("() => document.activeElement.classList.contains('form-errors')")
    choose(head, "#id_main_executor_id", name(o.executor))
    type_into(head, "#id_text", "Підготувати відповідь обласній адміністрації")
    type_into(head, "#id_deadline_days", "5")
    submit(head)
    assert Resolution.objects.get(document=card).main_executor_id == o.executor.pk

    executor = tab_for(o.executor, community=community, screen=screen)
    executor.goto(f"{base}/inbox/")
    for name_ in ("approve", "sign", "overdue", "todo"):
        press(executor, f"main nav a[href='?tab={name_}']")
        assert executor.page.locator("main nav a[href^='?tab'][aria-current=page]").get_attribute("href") == f"?tab={name_}"
    press(executor, f"main td a[href$='/documents/{card.pk}/']")
    press(executor, f"form[action$='/documents/{card.pk}/reply/'] button")
    reply = DocumentLink.objects.get(to_document=card, kind=LinkKind.REPLY_TO).from_document
    services.attachment_add(actor=o.executor, community=community, document_id=reply.pk, title="Відповідь",
                            upload=ContentFile(b"Answer text\n", name="answer.txt"))  # the upload is test_browser's
    executor.goto(f"{base}/documents/{reply.pk}/")
    press(executor, f"main a[href$='/documents/{reply.pk}/route/']")
    choose(executor, "#id_signer_id", name(o.signer))
    choose(executor, "#id_stage_1", name(o.approvers[0]))
    choose(executor, "#id_stage_2", name(o.approvers[1]))
    submit(executor)
    route = ApprovalRoute.objects.get(document=reply)
    assert route.state == RouteState.IN_APPROVAL

    first = from_inbox(tab_for, o.approvers[0], community=community, screen=screen, tab="approve", document=reply)
    press(first, "main a[href$='/decide/']")
    choose_radio(first, "decision", "return")
    type_into(first, "#id_comment", "Додайте дату засідання комісії.")
    submit(first)
    route.refresh_from_db()
    assert route.state == RouteState.RETURNED

    executor.goto(f"{base}/documents/{reply.pk}/")
    press(executor, f"form[action$='/routes/{route.pk}/resubmit/'] button")
    first.goto(f"{base}/documents/{reply.pk}/")
    press(first, "main a[href$='/decide/']")
    choose_radio(first, "decision", "approve")
    submit(first)

    second = from_inbox(tab_for, o.approvers[1], community=community, screen=screen, tab="approve", document=reply)
    press(second, "main a[href$='/decide/']")
    choose_radio(second, "decision", "delegate")
    choose(second, "#id_delegate_to_id", name(o.approvers[2]))
    submit(second)
    delegate = from_inbox(tab_for, o.approvers[2], community=community, screen=screen, tab="approve", document=reply)
    press(delegate, "main a[href$='/decide/']")
    choose_radio(delegate, "decision", "approve")
    submit(delegate)
    route.refresh_from_db()
    assert route.state == RouteState.APPROVED

    signer = from_inbox(tab_for, o.signer, community=community, screen=screen, tab="sign", document=reply)
    press(signer, f"main a[href$='/routes/{route.pk}/sign/']")
    submit(signer)
    route.refresh_from_db()
    assert route.state == RouteState.SIGNED

    clerk = from_inbox(tab_for, o.clerk, community=community, screen=screen, tab="send", document=reply)
    press(clerk, f"main a[href$='/documents/{reply.pk}/send/']")
    choose_radio(clerk, "method", "post")
    submit(clerk)
    reply.refresh_from_db()
    assert reply.status == Status.SENT and reply.reg_index in clerk.page.locator("main").inner_text()
    for tab in (head, executor, first, second, delegate, signer, clerk):
        assert tab.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), tab.page.url


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_the_control_office_inbox_dashboard_and_a_journals_search(tab_for, community, office, screen):
    o, base = office, f"/c/{community.slug}/docflow"
    late = x.incoming(o, summary="Про стан доріг у селі Вишневе")
    x.incoming(o, summary="Про графік вивезення сміття")
    x.resolve(o, late, days=1)
    Resolution.objects.filter(document=late).update(deadline="2020-01-10")  # overdue since long ago
    Document.objects.filter(pk=late.pk).update(control_deadline="2020-01-10")

    clerk = tab_for(o.clerk, community=community, screen=screen)  # the office department keeps the control
    clerk.goto(f"{base}/inbox/?tab=overdue")
    assert "Про стан доріг" in clerk.page.locator("main").inner_text()
    press(clerk, "main nav a[href='?tab=todo']")
    assert clerk.page.locator("main .empty").count() == 1  # nothing of the clerk's own

    head = tab_for(o.head, community=community, screen=screen)
    head.goto(f"{base}/inbox/")
    press(head, "main nav a[href$='/docflow/dashboard/']")
    assert o.dept.name in head.page.locator("main").inner_text()
    if not head.page.locator("main details").first.evaluate("d => d.open"):
        _reach(head, "main details summary")
        head.page.keyboard.press("Enter")
    type_into(head, "#date_from", "01012020")
    press(head, "main details form button[type=submit]")
    assert "date_from=2020-01-01" in head.page.url

    press(head, "main nav a[href$='/docflow/']")
    press(head, f"main a[href$='/docflow/journals/{o.incoming_journal.pk}/']")
    if not head.page.locator("details.filters").evaluate("d => d.open"):  # closed on a phone until asked for
        _reach(head, "details.filters summary")
        head.page.keyboard.press("Enter")
    type_into(head, "#filter-q", "доріг")
    head.follow(lambda: head.page.keyboard.press("Enter"))
    main = head.page.locator("main").inner_text()
    assert "Про стан доріг" in main and "вивезення сміття" not in main
    choose(head, "#filter-under_control", "не на контролі")
    press(head, "details.filters button[type=submit]")
    assert "Про стан доріг" not in head.page.locator("main").inner_text()
    assert head.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_a_resident_requests_public_information_and_finds_it_in_the_register(tab_for, community, screen):
    f.clerk(community)
    tab = tab_for(screen=screen)
    tab.goto(f"/c/{community.slug}/public-info/")
    press(tab, "main a[href$='/public-info/new/']")
    submit(tab)  # nothing filled in: refused, the error summary has the focus
    assert tab.page.evaluate("() => document.activeElement.classList.contains('form-errors')")
    type_into(tab, "#id_requester_name", "Олена Запитувачка")
    type_into(tab, "#id_email", "olena@example.org")
    type_into(tab, "#id_summary", "Кошторис ремонту стадіону")
    type_into(tab, "#id_text", "Прошу надати кошторис ремонту міського стадіону.")
    submit(tab)
    item = InfoRequest.objects.get()
    assert item.document.reg_index in tab.page.locator("main").inner_text()
    tab.goto(f"/c/{community.slug}/public-info/")
    type_into(tab, "main input[type=search]", "стадіону")
    tab.follow(lambda: tab.page.keyboard.press("Enter"))
    main = tab.page.locator("main").inner_text()
    assert "Кошторис ремонту стадіону" in main and "Олена" not in main and "olena@" not in main
    assert tab.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
