"""A person's participatory-budget projects and ballots, for the resident's office.

A ballot names its voter by a keyed hash per cycle (ADR 0021), so the office finds a person's ballots by computing
their key for each cycle of the community: the cycles with the person's identity hash (one query), then the
ballots (one query). The office says "voted" with the receipt, never the choices: the receipt page shows them
only where the cycle's ballots are public."""

from __future__ import annotations

from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import ResidentItem
from hromada.core.identity.models import VerifiedIdentity

from .ballots import person_key
from .models import Ballot, Cycle, Project
from .models.projects import Status


def _project_items(user, community) -> list[ResidentItem]:
    projects = (Project.objects.filter(community=community).filter(Q(author=user) | Q(co_authors=user))
                .distinct().select_related("cycle").order_by("-pk"))
    return [ResidentItem(
        capability="budgets", kind=_("Budget project proposed"), title=f"{project.title} · {project.cycle.title}",
        status=project.get_status_display(), url=reverse("budgets:project", args=[project.pk]),
        updated_at=project.updated_at,
        next_step=_("Submit the project for review") if project.status == Status.DRAFT else "",
        needs_action=project.status == Status.DRAFT) for project in projects]


def _ballot_items(user, community) -> list[ResidentItem]:
    identity = VerifiedIdentity.objects.filter(user_id=user.pk).values("subject_hash")[:1]
    cycles = list(Cycle.objects.filter(community=community).annotate(subject=Subquery(identity))
                  .only("pk", "title").order_by("-pk"))
    keys = {person_key(cycle.pk, cycle.subject): cycle for cycle in cycles if cycle.subject}
    if not keys:
        return []
    ballots = (Ballot.objects.filter(community=community, cycle_id__in=[c.pk for c in keys.values()],
                                     voter_key__in=list(keys)).select_related("category", "district")
               .only("receipt", "cast_at", "cycle_id", "voter_key", "category__name", "district__name"))
    items = []
    for ballot in ballots:
        cycle = keys[ballot.voter_key]
        fund = ballot.category or ballot.district
        items.append(ResidentItem(
            capability="budgets", kind=_("Ballot cast"), title=f"{cycle.title} · {fund.name if fund else ''}",
            status=_("voted, receipt %(receipt)s") % {"receipt": ballot.receipt},
            url=reverse("budgets:receipt", args=[cycle.pk, ballot.receipt]), updated_at=ballot.cast_at))
    return items


def resident_items(user, community) -> list[ResidentItem]:
    return _project_items(user, community) + _ballot_items(user, community)
