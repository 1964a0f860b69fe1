"""How an imported row finds its building: one address cell split into street, house number and block, and the
matching key under which "вулиця Шевченка, 12а" and "Шевченка вул., 12А" are the same building.

The key is only for matching; the building keeps the street and number as they were first written."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_APOSTROPHES = re.compile("[\u2019\u02bc\u2018`´ʹ]")
# Street kinds, written out or abbreviated, in Ukrainian and English, compared without dots.
_STREET_KINDS = {
    "вулиця": "вул", "вул": "вул", "street": "вул", "st": "вул", "str": "вул",
    "проспект": "просп", "просп": "просп", "пр-т": "просп", "пр": "просп", "avenue": "просп", "ave": "просп",
    "провулок": "пров", "пров": "пров", "lane": "пров",
    "бульвар": "бульв", "бульв": "бульв", "б-р": "бульв", "boulevard": "бульв", "blvd": "бульв",
    "площа": "пл", "пл": "пл", "square": "пл", "sq": "пл",
    "шосе": "шосе", "узвіз": "узвіз", "набережна": "наб", "наб": "наб", "проїзд": "проїзд", "тупик": "туп",
    "туп": "туп", "майдан": "майдан", "мікрорайон": "мкр", "мкр": "мкр",
}
# Latin letters that look like Cyrillic ones in house numbers ("12A" typed on an English keyboard is 12А).
_LOOKALIKES = str.maketrans("abcehkmoptx", "авсенкмортх")
_NUMBER_PREFIX = re.compile(r"^(?:буд(?:инок)?\.?|б\.|№|house|bld\.?|building)\s*", re.IGNORECASE)
_BLOCK_PREFIX = re.compile(r"^(?:корп(?:ус)?\.?|к\.|block|bldg\.?)\s*", re.IGNORECASE)
_LETTER_AFTER_DIGIT = re.compile(r"(?<=\d)[-\s]+(?=[^\W\d_])")  # "12-А", "12 а": one building with "12А"
_NUMBER = re.compile(r"^\d+[\w/ -]{0,12}$")
_TRAILING_NUMBER = re.compile(r"^(?P<street>.*\D)\s+(?:(?:буд(?:инок)?\.?|№)\s*)?(?P<number>\d+[\w/-]*)$",
                              re.IGNORECASE)


def split_address(text: str) -> tuple[str, str, str]:
    """(street, house number, block) of "вул. Шевченка, 12, корп. 2", "вул. Шевченка 12" or "Шевченка вул., буд.
    12-А". Raises ValueError with a reason people can act on."""
    parts = [" ".join(part.split()) for part in str(text).split(",")]
    parts = [part for part in parts if part]
    if not parts:
        raise ValueError(_("The address is empty."))
    block = ""
    if len(parts) > 1 and _BLOCK_PREFIX.match(parts[-1]):
        block = _BLOCK_PREFIX.sub("", parts.pop()).strip()
    for position in range(1, len(parts)):
        number = _NUMBER_PREFIX.sub("", parts[position]).strip()
        if _NUMBER.match(number):
            rest = parts[position + 1:]
            if rest:
                raise ValueError(_("After the house number only the block may follow (\"корп. 2\")."))
            return ", ".join(parts[:position]), number, block
    found = _TRAILING_NUMBER.match(", ".join(parts))
    if found and found.group("street").strip(" ,"):
        return found.group("street").strip(" ,"), found.group("number"), block
    raise ValueError(_("The street and the house number cannot be told apart: write them as \"вул. Шевченка, 12\"."))


def _words(text: str) -> list[str]:
    text = _APOSTROPHES.sub("'", str(text)).casefold().replace(".", " ").replace(",", " ")
    return text.split()


def address_key(street: str, number: str, block: str = "") -> tuple[str, str, str]:
    """The key two spellings of one building share: the street's words in any order with the street kind
    abbreviated one way, and the number and block without spaces, dots or Latin look-alike letters."""
    words = sorted(_STREET_KINDS.get(word, word) for word in _words(street))
    house = "".join(_words(_LETTER_AFTER_DIGIT.sub("", _NUMBER_PREFIX.sub("", str(number).strip()))))
    house = house.translate(_LOOKALIKES)
    corpus = "".join(_words(_BLOCK_PREFIX.sub("", str(block).strip()))).translate(_LOOKALIKES)
    return " ".join(words), house, corpus
