"""Background work of e-consultations: telling every participant that the report is published, and the periodic
housekeeping that closes consultations whose period has ended."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from hromada.core.identity.actors import SYSTEM
from hromada.core.notifications.models import Notification
from hromada.core.notifications.services import notify
from hromada.core.tenancy.models import Community
from hromada.core.tenancy.urls import community_path

from . import selectors
from .models import Consultation, Status

REPORT_EVENT = "consultations.report.published"


@task()
def notify_participants(consultation_id: int) -> int:
    """Authors, supporters and followers hear of the report once (a rerun after a crash skips those already told)."""
    consultation = Consultation.objects.select_related("community").filter(
        pk=consultation_id, status=Status.REPORTED).first()
    if consultation is None:
        return 0
    url = community_path(consultation.community, "consultations:report", consultation.pk)
    told = set(Notification.objects.filter(event=REPORT_EVENT, url=url).values_list("user_id", flat=True))
    recipients = (user for user in selectors.participants(consultation=consultation) if user.pk not in told)
    return notify(community=consultation.community, recipients=recipients, event=REPORT_EVENT,
                  title=_("The report on the consultation “{title}” is published"),
                  body=_("See every proposal and the department's answer to it."), url=url,
                  params={"title": consultation.title})


@task()
def consultations_housekeeping() -> int:
    """Close every open consultation whose period has ended, in each community that has any."""
    from .services import consultations_close_expired

    due = (Consultation.objects.filter(status=Status.OPEN, closes_at__lte=timezone.now())
           .values_list("community_id", flat=True).distinct())
    return sum(consultations_close_expired(actor=SYSTEM, community=community)
               for community in Community.objects.filter(pk__in=list(due)))
