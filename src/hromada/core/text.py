"""How much of a piece of text a reader actually sees: the one measure behind every minimum length.

Zero-width and other format characters, combining marks, controls and whitespace do not count."""

from __future__ import annotations

import unicodedata

# Letters that render as nothing (Hangul fillers, the blank Braille cell): accepted by every other test.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def visible_length(text: str | None) -> int:
    """Characters that put ink on the screen: U+200B..U+200F, U+2060, U+FEFF, combining marks and spaces count 0."""
    count = 0
    for char in text or "":
        category = unicodedata.category(char)
        # Z*: separators; C*: controls, format (zero-width, bidi marks), surrogates, private use, unassigned;
        # M*: combining marks, which only decorate the character before them.
        if category[0] in "ZCM" or char.isspace() or char in _BLANK_LETTERS:
            continue
        count += 1
    return count


def is_blank(text: str | None) -> bool:
    return visible_length(text) == 0
