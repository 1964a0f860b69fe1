"""A person's online applications for the ЦНАП's services in the resident's office, with what they must do next
(add what was asked, pay a fee) and the term (two queries: the applications, then their pending fees)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import ResidentItem

from .models import OPEN_STATUSES, Application, Payment, PaymentStatus, Status


def resident_items(user, community) -> list[ResidentItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    applications = list(Application.objects.filter(community=community, applicant=user).select_related("service")
                        .order_by("-submitted_at", "-pk"))
    unpaid = set(Payment.objects.filter(community=community, application__in=[a.pk for a in applications],
                                        status=PaymentStatus.PENDING).values_list("application_id", flat=True))
    items = []
    for application in applications:
        step, act = "", False
        if application.status == Status.NEEDS_INFO:
            step, act = _("Add what the ЦНАП asked for"), True
        elif application.pk in unpaid:
            step, act = _("Pay the fee by the QR code on the application's page"), True
        elif application.status in OPEN_STATUSES:
            step = _("The ЦНАП decides within the term")
        items.append(ResidentItem(
            capability="services", kind=_("Application for a service"),
            title=f"{application.number}: {application.service.title}", status=application.get_status_display(),
            url=reverse("services:application", args=[application.pk]), updated_at=application.updated_at,
            deadline=application.deadline if application.status in OPEN_STATUSES else None,
            next_step=step, needs_action=act))
    return items
