"""The news block of the community home page, first of the blocks: the newest published news (one query, through
the site's own selector)."""

from __future__ import annotations

from .selectors import news_latest

SHOWN = 3


def news_block(community, *, user) -> dict:
    return {"news": news_latest(community, SHOWN)}
