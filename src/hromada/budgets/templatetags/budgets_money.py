"""`{{ kopiyky|uah }}`: an amount kept in kopiyky shown in hryvnias with grouped thousands, as people read it."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def uah(kopiyky) -> str:
    if kopiyky in (None, ""):
        return "—"
    whole, part = divmod(int(kopiyky), 100)
    grouped = f"{whole:,}".replace(",", "\u00a0")
    return f"{grouped},{part:02d}\u00a0грн" if part else f"{grouped}\u00a0грн"
