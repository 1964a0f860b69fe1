"""What the document workflow gives the transparency self-check: the share of public information requests received
in a period that were answered within the statutory five working days (read from this capability's own data)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.core.calendar.working_days import working_days_between
from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .public_info.models import InfoRequest

# Law of Ukraine "On access to public information", art. 20: an answer within five working days of receipt.
ANSWER_WORKING_DAYS = 5


def info_requests_on_time_counts(*, community, start, end) -> tuple[int, int]:
    """(answered within five working days, received) for the requests received in the period."""
    since, until = TransparencyIndicator.moments(start, end)
    received = list(InfoRequest.objects.for_community(community).filter(received_at__gte=since, received_at__lt=until)
                    .values_list("received_at", "answered_at"))
    on_time = sum(1 for came, answered in received
                  if answered is not None and working_days_between(community, came, answered) <= ANSWER_WORKING_DAYS)
    return on_time, len(received)


def info_requests_on_time(community, start, end) -> dict:
    on_time, received = info_requests_on_time_counts(community=community, start=start, end=end)
    value = (_("%(on_time)d of %(received)d public information requests received in the period were answered within "
               "five working days") % {"on_time": on_time, "received": received} if received
             else _("No public information request was received in the period"))
    return TransparencyIndicator.share(
        on_time, received, value=value,
        evidence=[(_("Register of public information requests"),
                   community_path(community, "docflow_public_info:register"))],
        advice=_("Answer public information requests within five working days, and extend the term only with a "
                 "written reason the law accepts."))
