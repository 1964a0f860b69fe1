"""`{% quick_poll %}`: the community's newest open quick poll as a small form, for the home page (or any page).

    {% load surveys_polls %}{% quick_poll %}

Renders nothing when the community has none, or when the capability is off for it."""

from __future__ import annotations

from django import template

from hromada.core.tenancy.enablement import is_enabled

from .. import policies, selectors
from ..models import Status

register = template.Library()


@register.inclusion_tag("surveys/_quick_poll.html", takes_context=True)
def quick_poll(context) -> dict:
    request = context.get("request")
    community = getattr(request, "community", None)
    if community is None or not is_enabled(community, "surveys"):
        return {"poll": None}
    poll = selectors.survey_list(actor=request.user, community=community, status=Status.OPEN, quick=True).first()
    if poll is None:
        return {"poll": None}
    question = next(iter(selectors.survey_questions(poll)), None)
    return {"poll": poll, "question": question, "request": request, "csrf_token": context.get("csrf_token"),
            "responded": selectors.has_responded(actor=request.user, survey=poll),
            "can_respond": policies.can_respond(request.user, community, poll)}
