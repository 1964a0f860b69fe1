"""Addresses of pages and news categories: lowercase Latin slugs, made from a Ukrainian title by the official
transliteration (Cabinet of Ministers resolution No. 55 of 2010), so a page's address reads like its title."""

from __future__ import annotations

import re

SLUG_MAX = 80
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Letters whose Latin form differs at the start of a word (є, ї, й, ю, я) are given their in-word forms here:
# the slug only has to be readable and stable, not a passport spelling.
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}


def slug_from(title: str) -> str:
    latin = "".join(_UK.get(char, char) for char in (title or "").lower())
    words = re.findall(r"[a-z0-9]+", latin)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX:
            break
        slug = candidate
    return slug


def is_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX and bool(_SLUG.match(value))
