"""The columns a building list may have, each under its Ukrainian and English names, and how a header cell is
recognised ("Рік побудови", "year built" and "Year_Built (рік)" all name year_built).

Either one `address` column ("вул. Шевченка, 12, корп. 2") or `street` + `number` (+ `block`) is required."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

# our column -> the header names it is known by (compared after normal()); the first is the one we document.
ALIASES: dict[str, tuple[str, ...]] = {
    "address": ("адреса", "address", "адреса будинку", "building address", "повна адреса", "full address"),
    "street": ("вулиця", "street", "вулиця (проспект, провулок)", "street name"),
    "number": ("номер будинку", "number", "house number", "номер", "будинок", "№ будинку", "building number"),
    "block": ("корпус", "block", "корп", "korpus", "building block"),
    "lat": ("широта", "lat", "latitude"),
    "lon": ("довгота", "lon", "lng", "long", "longitude"),
    "year_built": ("рік побудови", "year built", "рік", "year", "рік введення в експлуатацію", "year_built"),
    "floors": ("поверховість", "floors", "поверхів", "кількість поверхів", "storeys", "stories"),
    "entrances": ("під'їздів", "entrances", "кількість під'їздів", "під'їзди"),
    "flats": ("квартир", "flats", "кількість квартир", "apartments", "квартири"),
    "non_residential_units": ("нежитлових приміщень", "non-residential premises", "non_residential_units",
                              "кількість нежитлових приміщень"),
    "total_area": ("загальна площа", "total area", "площа", "area", "total_area"),
    "living_area": ("житлова площа", "living area", "площа квартир", "living_area"),
    "non_residential_area": ("площа нежитлових приміщень", "non-residential area", "нежитлова площа",
                             "non_residential_area"),
    "wall_material": ("матеріал стін", "wall material", "стіни", "walls", "wall_material"),
    "roof_type": ("тип покрівлі", "roof type", "покрівля", "дах", "roof", "roof_type"),
    "energy_class": ("клас енергоефективності", "energy class", "енергоклас", "клас енергетичної ефективності",
                     "energy_class"),
    "manager": ("управитель", "manager", "управитель будинку", "осбб", "managed by", "балансоутримувач"),
    "manager_edrpou": ("код єдрпоу управителя", "manager edrpou", "єдрпоу управителя", "єдрпоу", "edrpou",
                       "manager_edrpou"),
    "manager_kind": ("тип управителя", "manager kind", "форма управління", "manager_kind"),
    "is_public": ("публічний", "public", "оприлюднювати", "is_public", "published"),
    "notes": ("примітки", "notes", "примітка", "note", "коментар", "comment"),
}
LABELS = {
    "address": _("address"), "street": _("street"), "number": _("house number"), "block": _("block (korpus)"),
    "lat": _("latitude"), "lon": _("longitude"), "year_built": _("year built"), "floors": _("floors"),
    "entrances": _("entrances"), "flats": _("flats"), "non_residential_units": _("non-residential premises"),
    "total_area": _("total area, m²"), "living_area": _("living area, m²"),
    "non_residential_area": _("non-residential area, m²"), "wall_material": _("wall material"),
    "roof_type": _("roof type"), "energy_class": _("energy class"), "manager": _("manager"),
    "manager_edrpou": _("manager's EDRPOU code"), "manager_kind": _("kind of manager"), "is_public": _("public"),
    "notes": _("notes"),
}
COLUMNS = tuple(ALIASES)

_APOSTROPHES = re.compile("[\u2019\u02bc\u2018`´ʹ]")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")  # units and hints: "площа (м²)", "floors [number]"
_SEPARATORS = re.compile(r"[\s_.,:;*]+")


def normal(header: str) -> str:
    """A header as compared: lower case, one kind of apostrophe, without hints in brackets or separators."""
    text = _APOSTROPHES.sub("'", str(header)).casefold()
    stripped = _BRACKETS.sub(" ", text)
    text = stripped if stripped.strip() else text
    return " ".join(_SEPARATORS.sub(" ", text).split())


LOOKUP: dict[str, str] = {}
for _column, _names in ALIASES.items():
    for _name in (_column, *_names):
        LOOKUP.setdefault(normal(_name), _column)


def column_of(header: str) -> str | None:
    """Our column for a header cell, or None when it names none of ours."""
    return LOOKUP.get(normal(header))
