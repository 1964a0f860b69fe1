"""What the services catalogue gives the transparency self-check: public services described completely (documents,
legal basis, fee), and applications decided by their term in a period (read from this capability's own data)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import Application, FeeKind, Service, Status


def catalogue_complete_counts(*, community) -> tuple[int, int]:
    """(public services with documents, legal basis and fee stated, public services), as the catalogue stands now."""
    complete = ~Q(documents="") & ~Q(legal_basis="") & ~Q(fee_kind=FeeKind.FIXED, fee_amount__isnull=True)
    counts = Service.objects.for_community(community).filter(is_public=True).aggregate(
        listed=Count("pk"), complete=Count("pk", filter=complete))
    return counts["complete"], counts["listed"]


def catalogue_complete(community, start, end) -> dict:
    complete, listed = catalogue_complete_counts(community=community)
    value = (_("%(complete)d of %(listed)d public services state the documents, the legal basis and the fee")
             % {"complete": complete, "listed": listed} if listed else _("No service is published in the catalogue"))
    return TransparencyIndicator.share(
        complete, listed, value=value,
        evidence=[(_("Services catalogue"), community_path(community, "services:list"))],
        advice=_("For every service, publish the documents needed, the legal basis, the term and the fee (or that "
                 "it is free)."))


def decided_on_time_counts(*, community, start, end) -> tuple[int, int]:
    """(decided by their term, due) for the applications whose term ended in the period (withdrawn ones left out)."""
    applications = (Application.objects.for_community(community).exclude(status=Status.WITHDRAWN)
                    .filter(deadline__gte=start, deadline__lte=end).values_list("deadline", "decided_at"))
    due = on_time = 0
    for deadline, decided in applications:
        due += 1
        on_time += decided is not None and decided < TransparencyIndicator.moments(deadline, deadline)[1]
    return on_time, due


def decided_on_time(community, start, end) -> dict:
    on_time, due = decided_on_time_counts(community=community, start=start, end=end)
    value = (_("%(on_time)d of %(due)d applications due in the period were decided on time")
             % {"on_time": on_time, "due": due} if due else _("No application was due for a decision in the period"))
    return TransparencyIndicator.share(
        on_time, due, value=value, evidence=[(_("Services catalogue"), community_path(community, "services:list"))],
        advice=_("Decide every application within the term the service's card promises."))

