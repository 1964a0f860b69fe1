"""Staff-written rich text (pages, news, notices): Markdown, with a small subset of HTML, rendered once on save and
sanitised with nh3 (Ammonia) against an allow-list, so templates may show the stored HTML as safe (ADR 0032).

Use `render(source)` for the HTML to store beside the source, and `plain_text(html)` for feeds' summaries and meta
descriptions. Nothing executable survives: no script, no event handler, no style, no javascript:/data: URL."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

import markdown
import nh3

# What a council's page or a news item needs: structure, emphasis, lists, links, quotes, tables and pictures.
TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark",
    "small", "sub", "sup", "abbr", "code", "pre", "kbd", "blockquote", "q", "cite", "ul", "ol", "li", "dl", "dt",
    "dd", "a", "img", "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
})
# No "style", no "class", no "id" (an id could clash with the layout's own, e.g. #main), no on* handlers.
ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed with everything inside them, not merely unwrapped (their text would otherwise show as page text).
DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
                               "textarea", "select", "title"})
LINK_REL = "nofollow noopener"
SOURCE_MAX = 100_000
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class RichText:
    """A text as staff wrote it and as pages show it."""

    source: str
    html: str


def sanitise(fragment: str) -> str:
    """An HTML fragment reduced to the allow-list (safe to mark safe in a template)."""
    return nh3.clean(
        fragment or "",
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render(source: str) -> str:
    """Markdown (with inline HTML from the allow-list, tables and fenced code) to sanitised HTML."""
    converted = markdown.markdown(source or "", extensions=["tables", "fenced_code", "sane_lists"],
                                  output_format="html")
    return sanitise(converted).strip()


def rich_text(source: str) -> RichText:
    """The source, trimmed, and its rendering: what a model stores in its `*_source` and `*_html` fields."""
    source = (source or "").strip()
    return RichText(source=source, html=render(source))


def plain_text(fragment: str, limit: int | None = None) -> str:
    """The words of a (sanitised) HTML fragment, for a feed's summary or a meta description; cut at `limit`."""
    text = _SPACE.sub(" ", html_lib.unescape(_TAG.sub(" ", fragment or ""))).strip()
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return text
