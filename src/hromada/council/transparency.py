"""What the council gives the transparency self-check: sittings of a period with their roll-call votes published,
and decisions whose drafts were published the statutory 20 working days before adoption (from its own data)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from hromada.core.calendar.working_days import working_days_between
from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import Decision, Sitting, Vote, VoteEvent

# Law of Ukraine "On access to public information", art. 15: drafts are published 20 working days before adoption.
DRAFT_NOTICE_WORKING_DAYS = 20


def sittings_with_roll_calls(*, community, start, end) -> tuple[int, int]:
    """(sittings with at least one roll-call vote published, sittings held) in the period."""
    roll_call = Exists(Vote.objects.filter(vote_event=OuterRef("pk")))
    published = Exists(VoteEvent.objects.filter(sitting=OuterRef("pk")).filter(roll_call))
    sittings = list(Sitting.objects.for_community(community).filter(date__gte=start, date__lte=end)
                    .annotate(published=published).values_list("published", flat=True))
    return sum(1 for found in sittings if found), len(sittings)


def votes_published(community, start, end) -> dict:
    published, held = sittings_with_roll_calls(community=community, start=start, end=end)
    value = (_("Roll-call votes are published for %(published)d of %(held)d sittings in the period")
             % {"published": published, "held": held} if held else _("No council sitting is recorded in the period"))
    return TransparencyIndicator.share(
        published, held, value=value,
        evidence=[(_("Council sessions"), community_path(community, "council:sessions")),
                  (_("Roll-call votes"), community_path(community, "council:votes"))],
        advice=_("Publish every sitting's roll-call votes, deputy by deputy, on the day of the sitting."))


def drafts_in_advance_counts(*, community, start, end) -> tuple[int, int, int]:
    """(decisions whose draft was registered 20 working days before, decisions with a draft, decisions) of the period."""
    decisions = list(Decision.objects.for_community(community).filter(date__gte=start, date__lte=end)
                     .values_list("date", "draft__registered_on"))
    with_draft = [(adopted, registered) for adopted, registered in decisions if registered is not None]
    in_advance = sum(1 for adopted, registered in with_draft
                     if working_days_between(community, registered, adopted) >= DRAFT_NOTICE_WORKING_DAYS)
    return in_advance, len(with_draft), len(decisions)


def drafts_published_in_advance(community, start, end) -> dict:
    in_advance, with_draft, decisions = drafts_in_advance_counts(community=community, start=start, end=end)
    if with_draft:
        value = (_("%(in_advance)d of %(with_draft)d decisions adopted in the period had their draft published at "
                   "least 20 working days before") % {"in_advance": in_advance, "with_draft": with_draft})
        if decisions > with_draft:
            value += " " + (_("(%(missing)d decisions have no draft recorded)") % {"missing": decisions - with_draft})
    else:
        value = _("No decision with a recorded draft was adopted in the period")
    return TransparencyIndicator.share(
        in_advance, with_draft, value=value,
        evidence=[(_("Draft decisions"), community_path(community, "council:drafts"))],
        advice=_("Publish every draft decision at least 20 working days before the council considers it, and link "
                 "the adopted decision to its draft."))
