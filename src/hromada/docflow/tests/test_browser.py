"""A clerk's registration journey in headless Chromium, by keyboard on the forms, on a phone and a desktop:
journals, a journal, a new card, registering, attaching a scan, the card; axe-core audits every page landed on."""

from __future__ import annotations

import pytest
from PIL import Image
from tests.browser.conftest import DESKTOP, PHONE, chromium, tab_for  # noqa: F401 — the browser fixtures

from hromada.docflow.models import AttachmentVersion, Document

from . import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_clerk_drafts_registers_and_attaches_a_scan(tab_for, community, screen, tmp_path):  # noqa: F811
    journal = f.journal(community, pattern="{kind}-{seq}/{yy}")
    f.registered(community, journal, summary="Попередній лист про опалення")
    clerk = f.clerk(community)
    tab = tab_for(clerk, community=community, screen=screen)
    page = tab.page
    tab.goto(f"/c/{community.slug}/docflow/")
    tab.follow(lambda: page.click(f"main a[href$='/docflow/journals/{journal.pk}/']"))
    if not page.locator("details.filters").evaluate("d => d.open"):  # closed on a phone until asked for
        page.click("details.filters summary")
    page.fill("#filter-q", "опалення")
    tab.follow(lambda: page.press("#filter-q", "Enter"))
    assert "Попередній лист про опалення" in page.locator("main").inner_text()

    tab.follow(lambda: page.click(f"main a[href$='/journals/{journal.pk}/new/']"))
    tab.follow(lambda: page.click("main form button[type=submit]"))  # nothing filled in: refused, with the reasons
    assert page.locator(".form-errors").count() == 1
    page.fill("#id_summary", "Про ремонт покрівлі ліцею № 2")
    page.fill("#id_correspondent_org", "Управління освіти")
    page.focus("#id_summary")
    page.keyboard.press("Tab")
    tab.follow(lambda: page.click("main form button[type=submit]"))
    document = Document.objects.get(summary="Про ремонт покрівлі ліцею № 2")

    page.focus(f"form[action$='/documents/{document.pk}/register/'] button")
    tab.follow(lambda: page.keyboard.press("Enter"))
    document.refresh_from_db()
    assert document.reg_index in page.locator("main").inner_text() and document.reg_number == 2

    tab.follow(lambda: page.click(f"main a[href$='/documents/{document.pk}/attachments/']"))
    scan = tmp_path / "scan.png"
    Image.new("RGB", (120, 80), "white").save(scan)
    page.set_input_files("#id_file", str(scan))
    page.fill("#id_title", "Скан листа")
    tab.follow(lambda: page.press("#id_title", "Enter"))
    version = AttachmentVersion.objects.get(attachment__document=document)
    main = page.locator("main").inner_text()
    assert "Скан листа" in main and version.sha256 in main
    assert page.locator(f"img[src$='/docflow/files/{version.pk}/']").evaluate("img => img.naturalWidth") == 120
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
