"""A community's look: its coat of arms and its colour, made safe for text before any page uses it.

The colour replaces --brand (the header, buttons and links, all with white text or on white): a colour that would
give less than 4.5:1 against white is darkened, keeping its hue, until it gives at least that (WCAG 2.1 1.4.3).
The stylesheet is served by `theme_css` from this site, since the Content-Security-Policy refuses inline styles."""

from __future__ import annotations

import re

AA = 4.5
# The brand colour aims a little above AA so that its light tint (behind brand-coloured text) still gives AA.
BRAND_TARGET = 5.0
DEFAULT_BRAND = "#0b57d0"
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse_hex(value: str) -> tuple[int, int, int] | None:
    match = _HEX.match((value or "").strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance as WCAG 2.1 defines it."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


WHITE = (255, 255, 255)


def darken(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    r, g, b = rgb
    return round(r * factor), round(g * factor), round(b * factor)


def text_safe(value: str, minimum: float = AA) -> str:
    """The community's colour, darkened just enough to carry white text (and be read on white) at `minimum`:1.
    An unreadable value gives the default brand colour."""
    rgb = parse_hex(value)
    if rgb is None:
        return DEFAULT_BRAND
    factor = 1.0
    candidate = rgb
    while contrast(candidate, WHITE) < minimum and factor > 0:
        factor = round(factor - 0.02, 2)
        candidate = darken(rgb, factor)
    return to_hex(candidate)


def contrast_shortfall(value: str, minimum: float = AA) -> float | None:
    """The colour's contrast with white when it is below `minimum` (or None when it meets it, or is no colour):
    for settings kept exactly as chosen (a site's accent colour), which are refused with this ratio rather than
    darkened by text_safe."""
    rgb = parse_hex(value)
    if rgb is None:
        return None
    ratio = contrast(rgb, WHITE)
    return ratio if ratio < minimum else None


def tint(rgb: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    r, g, b = (round(c + (255 - c) * share) for c in rgb)
    return r, g, b


def palette(value: str) -> dict[str, str]:
    """--brand (>= 5:1 with white), a darker shade for hover (>= 7:1) and a light tint for backgrounds behind
    brand-coloured text (the brand on it >= 4.5:1)."""
    brand = text_safe(value, BRAND_TARGET)
    rgb = parse_hex(brand) or (11, 87, 208)
    share = 0.9
    while contrast(rgb, tint(rgb, share)) < AA and share < 1:
        share = round(share + 0.01, 2)
    return {"brand": brand, "brand_dark": text_safe(brand, 7.0), "brand_tint": to_hex(tint(rgb, share))}


def stylesheet(value: str) -> str:
    colours = palette(value)
    return (f":root{{--brand:{colours['brand']};--brand-dark:{colours['brand_dark']};"
            f"--brand-tint:{colours['brand_tint']};--info:{colours['brand']}}}\n")


def community_look(community) -> dict[str, str]:
    """What base.html needs: the theme colour and stylesheet when the community has a colour, the coat of arms'
    URL when it has one. Read with getattr so a community without these fields has the default look."""
    if community is None:
        return {}
    look: dict[str, str] = {}
    colour = getattr(community, "brand_colour", "") or ""
    if parse_hex(colour):
        from django.urls import reverse

        look["brand"] = text_safe(colour, BRAND_TARGET)
        look["stylesheet"] = reverse("web:theme_css") + "?v=" + look["brand"].lstrip("#")
    arms = getattr(community, "coat_of_arms", None)
    if arms:
        look["arms"] = arms.url
    return look
