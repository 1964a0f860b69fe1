"""Markdown written by staff as plain text for a chat: paragraphs and list items on their own lines, inline
formatting dropped without leaving spaces ("**ЦНАП**: ..." -> "ЦНАП: ..."), links as "text (address)"."""

from __future__ import annotations

import html
import re

from hromada.core.richtext import render

_LINK = re.compile(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', re.S)
_BREAK = re.compile(r"<br\s*/?>|</(p|li|h[1-6]|tr|blockquote|pre)>", re.I)
_ITEM = re.compile(r"<li[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t]+")


def chat_text(markdown: str, limit: int | None = None) -> str:
    fragment = render(markdown or "")
    fragment = _LINK.sub(lambda m: m.group(2) if m.group(1) in m.group(2) else f"{m.group(2)} ({m.group(1)})",
                         fragment)
    fragment = _ITEM.sub("• ", _BREAK.sub("\n", fragment))
    text = html.unescape(_TAG.sub("", fragment))
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    text = re.sub(r"\n\n(?=• )", "\n", text)  # a list's items on consecutive lines
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return text
