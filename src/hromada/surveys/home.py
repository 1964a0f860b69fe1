"""The quick-poll block of the community home page: the newest open quick poll with its one question, answerable
right there (the form posts to the survey's own page, so response_submit judges it as any other response)."""

from __future__ import annotations

from . import policies, selectors
from .models import Status


def quick_poll_block(community, *, user) -> dict | None:
    poll = selectors.survey_list(actor=user, community=community, status=Status.OPEN, quick=True).first()
    if poll is None:
        return None
    question = next(iter(selectors.survey_questions(poll)), None)
    if question is None:
        return None
    return {"poll": poll, "question": question, "responded": selectors.has_responded(actor=user, survey=poll),
            "can_respond": policies.can_respond(user, community, poll)}
