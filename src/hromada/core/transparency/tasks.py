"""The periodic job of the log: append what services recorded and sign a fresh head, for every community."""

from __future__ import annotations

import logging

from django_tasks import task

from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.models import Community

from .models import PendingEntry, TransparencyLog
from .services import transparency_publish

log = logging.getLogger(__name__)


@task()
def publish_logs() -> int:
    """Communities with pending events or a log get their batch appended and a head signed when due."""
    ids = set(PendingEntry.objects.values_list("community_id", flat=True).distinct())
    ids |= set(TransparencyLog.objects.values_list("community_id", flat=True))
    signed = 0
    for community in Community.objects.filter(pk__in=ids):
        try:
            signed += transparency_publish(actor=SYSTEM, community=community) is not None
        except Exception:  # one community's damaged log must not stop the others'
            log.exception("transparency log of community %s was not published", community.pk)
    return signed
