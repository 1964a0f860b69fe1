"""The site's menu in the layout: base.html includes site/_menu.html only where the community has the site on."""

from __future__ import annotations

from django import template

from hromada.site.selectors import menu

register = template.Library()


@register.simple_tag(takes_context=True)
def site_menu(context) -> list[tuple[str, str, bool]]:
    community = context.get("community")
    return menu(community) if community is not None else []
