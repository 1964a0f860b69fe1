"""Icons from the site's own SVG sprite (static/hromada/icons.svg), drawn for Hromada on a 24x24 grid.

    {% load hromada_icons %}
    {% icon "map" %}                               decorative: aria-hidden, never focusable
    {% icon "warning" label=_("Overdue") %}        meaningful: role="img" with a <title> and an aria-label
    {% icon "star" class="icon--filled" %}         extra classes (icon--filled, icon--lg, icon--xl)

An icon takes the colour of the text around it and is 1.25em square. A decorative icon never replaces a word:
put visible text beside it, or give the icon a label.

Names available:
    map, pin, search, location, petition, appeal, document, data, download, upload, user, bell, check, close,
    menu, filter, clock, warning, arrow-left, arrow-right, plus, edit, print, phone, mail, star, chart, layers,
    list, home, external, info, calendar, camera, globe, sign-in, sign-out, trash, lock, eye, comment, reply,
    building, shield, code, settings, people, chevron-down, attachment
"""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "hromada/icons.svg"
NAMES = frozenset(
    "map pin search location petition appeal document data download upload user bell check close menu filter "
    "clock warning arrow-left arrow-right plus edit print phone mail star chart layers list home external info "
    "calendar camera globe sign-in sign-out trash lock eye comment reply building shield code settings people "
    "chevron-down attachment".split()
)


def icon_markup(name: str, label: str = "", css_class: str = "") -> str:
    """The <svg> of one icon; a name missing from the sprite is a programming error, refused at once."""
    if name not in NAMES:
        raise ValueError(f"no icon {name!r} in {SPRITE}; the names are listed in {__name__}")
    classes = " ".join(part for part in ("icon", f"icon--{name}", css_class) if part)
    href = f"{static(SPRITE)}#{name}"
    if label:
        return format_html('<svg class="{}" role="img" aria-label="{}" focusable="false"><title>{}</title>'
                           '<use href="{}"></use></svg>', classes, label, label, href)
    return format_html('<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
                       classes, href)


@register.simple_tag(name="icon")
def icon(name: str, label: str = "", **options: str) -> str:
    return icon_markup(name, str(label or ""), options.get("class", ""))


# Manifests written before the sprite named their icon with an emoji; these are drawn as the sprite's icon instead.
EMOJI = {"📍": "pin", "🗺": "map", "🗺️": "map", "📊": "data", "📝": "petition", "📣": "appeal", "📄": "document"}


@register.simple_tag
def capability_icon(manifest, label: str = "") -> str:
    """The icon of a capability: its manifest's `icon` when that is a sprite name (or a known emoji), else "list"."""
    name = getattr(manifest, "icon", "") or ""
    name = name if name in NAMES else EMOJI.get(name, "list")
    return icon_markup(name, str(label or ""))
