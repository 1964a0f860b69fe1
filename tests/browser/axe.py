"""The accessibility audit of the browser journeys: axe-core's WCAG 2.1 A/AA rules on a page, and a tab that
audits every page it lands on, so a journey cannot visit a page nobody checked."""

from __future__ import annotations

import json

# axe-core as the axe-playwright-python package ships it (installed by the test extras, never copied here).
from axe_playwright_python.base import AXE_SCRIPT

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def violations(page) -> list[dict]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not a <script>: the site's CSP stays as strict as in production.
        page.evaluate(AXE_SCRIPT)
    result = page.evaluate("options => axe.run(document, options)",
                           {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [v for v in result["violations"] if v.get("impact") in BLOCKING]


def describe(found: list[dict]) -> str:
    return json.dumps([{"rule": v["id"], "impact": v["impact"], "help": v["help"],
                        "nodes": [{"target": n["target"], "summary": n.get("failureSummary", "")}
                                  for n in v["nodes"][:5]]} for v in found], ensure_ascii=False, indent=1)


class Tab:
    """One person's browser tab on the live server. Every page it lands on (a link, a form, a redirect) is
    audited before the journey goes on; `unaudited()` lists any main-frame navigation that was not."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.landed: list[str] = []
        self.audited: set[str] = set()
        page.on("framenavigated", lambda frame: frame == page.main_frame and self.landed.append(frame.url))

    def audit(self) -> None:
        self.page.wait_for_load_state("load")
        found = violations(self.page)
        self.audited.add(_document(self.page.url))
        assert not found, f"axe-core on {self.page.url}:\n{describe(found)}"

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, (path, response and response.status)
        self.audit()

    def follow(self, action) -> None:
        """Run `action` (a click, an Enter in a form), wait for the page it leads to, and audit that page."""
        with self.page.expect_navigation():
            action()
        self.audit()

    def unaudited(self) -> list[str]:
        return [url for url in self.landed if _document(url) not in self.audited and url != "about:blank"]


def _document(url: str) -> str:
    """A jump within the page (a skip link's #main) lands on the document already audited."""
    return url.split("#", 1)[0]
