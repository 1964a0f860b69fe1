"""Whether an address from an identity provider names a community: a pure function, no database."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A KATOTTG code: UA, then oblast (2), raion (2), hromada (3), settlement (3), district (2) and a 5-digit number.
KATOTTG = re.compile(r"UA\d{17}")
HROMADA_PREFIX = 9  # "UA" and the oblast, raion and hromada digits


def _localities(community) -> list[str]:
    names = [community.name_uk, community.name_en, *(community.localities or "").splitlines()]
    return [" ".join(name.split()).casefold() for name in names if name and name.strip()]


def address_names_community(community, residence: Iterable[str]) -> bool:
    """Whether one of the address strings or codes names the community: its KATOTTG code (or a settlement
    code under it), or one of its locality names as a whole word."""
    localities = _localities(community)
    code = (community.katottg or "").upper()
    for value in residence:
        text = " ".join(str(value).split())
        for found in KATOTTG.findall(text.upper()):
            if code and (found == code or (code[HROMADA_PREFIX:HROMADA_PREFIX + 3] == "000"
                                           and found[:HROMADA_PREFIX] == code[:HROMADA_PREFIX])):
                return True
        folded = text.casefold()
        for name in localities:
            if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", folded):
                return True
    return False
