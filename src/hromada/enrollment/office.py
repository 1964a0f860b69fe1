"""A parent's applications for kindergartens, schools and clubs, with the best queue position and a pending
offer's deadline, for the resident's office. Two queries: the applications (the offer's deadline a subquery), and
their positions in every queue they wait in (`application_positions`)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import ResidentItem

from .models import Application, Offer, OfferState, Status
from .selectors import application_positions


def _next_step(application: Application, position: int | None):
    offer_deadline = getattr(application, "offer_deadline", None)  # annotated by resident_items
    if offer_deadline is not None:
        return _("Accept or decline the offered place"), offer_deadline, True
    if application.status == Status.WAITING and position is not None:
        return _("Place %(n)s in the queue (the best of your choices)") % {"n": position}, None, False
    return "", None, False


def resident_items(user, community) -> list[ResidentItem]:
    pending = Offer.objects.filter(application_id=OuterRef("pk"), state=OfferState.PENDING).values("deadline")[:1]
    applications = list(Application.objects.filter(community=community, parent_id=user.pk)
                        .annotate(offer_deadline=Subquery(pending)).order_by("-filed_at", "-pk"))
    best: dict[int, int] = {}
    for (application_id, _group_id), position in application_positions(community=community,
                                                                        applications=applications).items():
        best[application_id] = min(position, best.get(application_id, position))
    items = []
    for application in applications:
        step, deadline, act = _next_step(application, best.get(application.pk))
        items.append(ResidentItem(
            capability="enrollment", kind=_("Application: %(kind)s") % {"kind": application.get_kind_display()},
            title=f"{application.child_name} · {application.start_year} · {application.code}",
            status=application.get_status_display(), url=reverse("enrollment:application", args=[application.pk]),
            updated_at=application.updated_at, deadline=deadline, next_step=step, needs_action=act))
    return items
