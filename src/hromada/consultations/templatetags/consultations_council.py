"""The template tag behind the council draft decision's button: what e-consultations offer on that page, asked of
consultations' own policies and selectors, so council's template knows nothing but one include."""

from __future__ import annotations

from django import template

from .. import policies, selectors

register = template.Library()

SLUG = "consultations"


@register.simple_tag(takes_context=True)
def council_draft_offer(context, draft) -> dict:
    """{"consultation": the one on this draft the visitor may see, "may_open": whether to offer opening one};
    nothing when e-consultations are off for the community."""
    request = context.get("request")
    community = getattr(request, "community", None)
    if request is None or community is None or not community.capability_enabled(SLUG):
        return {"consultation": None, "may_open": False}
    user = request.user
    found = selectors.council_draft_consultation(actor=user, community=community, draft_id=draft.pk)
    return {"consultation": found,
            "may_open": found is None and bool(draft.text) and policies.can_create_somewhere(user, community)}
