"""Background work of petitions: telling every signer about the threshold or the answer, and the
periodic housekeeping that closes expired collections and flags overdue answers."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import User
from hromada.core.notifications.models import Notification
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path

from .models import Petition, Signature, Status

_SIGNER_MESSAGES = {
    "threshold_reached": _("Petition “{title}” that you signed has collected the signatures needed"),
    "answered": _("Petition “{title}” that you signed was answered"),
}


@task()
def notify_signers(petition_id: int, event: str) -> int:
    petition = Petition.objects.select_related("community").filter(pk=petition_id).first()
    if petition is None or event not in _SIGNER_MESSAGES:
        return 0
    signer_ids = Signature.objects.filter(petition=petition).values("user_id")
    code, url = f"petitions.petition.{event}", community_path(petition.community, "petitions:detail", petition.pk)
    # A run again after its worker died mid fan-out (notify commits chunk by chunk) skips the signers
    # already told: each event happens once per petition, and its link names the petition.
    told = Notification.objects.filter(event=code, url=url).values("user_id")
    # Authors were told already by the service; iterator() keeps memory flat for big petitions.
    recipients = (User.objects.filter(pk__in=signer_ids).exclude(pk=petition.author_id).exclude(pk__in=told)
                  .iterator(chunk_size=500))
    # Signers are told in their digest (low priority), unless they chose "at once" for petitions: news of a
    # petition they supported can wait a day, and thousands of emails do not leave in one burst.
    return notify(community=petition.community, recipients=recipients, event=code,
                  title=_SIGNER_MESSAGES[event], url=url, params={"title": petition.title}, priority="low")


@task()
def petitions_housekeeping() -> dict:
    """Close collections whose period ended (or move them on if the threshold was met) and flag overdue answers."""
    from .services import petition_close_if_expired, petition_flag_overdue

    now = timezone.now()
    closed = flagged = 0
    due = Petition.objects.filter(status=Status.COLLECTING, collection_ends_at__lt=now).select_related("community")
    for petition in due:
        closed += bool(petition_close_if_expired(actor=SYSTEM, community=petition.community, petition=petition, now=now))
    late = Petition.objects.filter(status=Status.THRESHOLD_REACHED, consideration_deadline__lt=now,
                                   overdue_flagged_at__isnull=True).select_related("community")
    for petition in late:
        flagged += petition_flag_overdue(actor=SYSTEM, community=petition.community, petition=petition, now=now)
    return {"closed": closed, "flagged_overdue": flagged}
