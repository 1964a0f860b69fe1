"""A person's proposals and comments in public consultations, with the answer once given (one query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import ResidentItem

from .models import Proposal, Status


def _status(proposal: Proposal):
    if proposal.is_hidden:
        return _("hidden by the moderator")
    if proposal.answer:
        return proposal.get_answer_display()
    return _("awaiting the answer")


def resident_items(user, community) -> list[ResidentItem]:
    proposals = (Proposal.objects.filter(community=community, author=user).select_related("consultation")
                 .exclude(consultation__status=Status.DRAFT).order_by("-pk"))
    items = []
    for proposal in proposals:
        consultation = proposal.consultation
        waiting = not proposal.answer and not proposal.is_hidden
        items.append(ResidentItem(
            capability="consultations", kind=proposal.get_kind_display(),
            title=f"{consultation.title}: {Truncator(proposal.text).chars(80)}", status=_status(proposal),
            url=reverse("consultations:detail", args=[consultation.pk]) + f"#proposal-{proposal.pk}",
            updated_at=max(m for m in (proposal.created_at, proposal.hidden_at, proposal.answered_at) if m),
            deadline=consultation.closes_at if waiting and consultation.status == Status.OPEN else None,
            next_step=_("The consultation's report answers every proposal") if waiting else ""))
    return items
