"""Background work of Enrolment: the periodic expiry of offers whose deadline passed unanswered (each place then
moves on to the next in line), run as the platform for every community with such offers."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.models import Community

from .models import Offer, OfferState


@task()
def offers_expire() -> dict:
    from .services import offer_expire

    now = timezone.now()
    due = Offer.objects.filter(state=OfferState.PENDING, deadline__lt=now).values("community_id")
    expired = 0
    for community in Community.objects.filter(pk__in=due, is_active=True):
        expired += offer_expire(actor=SYSTEM, community=community, now=now)
    return {"expired": expired}
