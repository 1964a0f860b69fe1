"""Every read of Services that is more than a one-liner: the catalogue searched and filtered, one service, a
person's applications, the staff queue with overdue ones flagged, one application as its reader may see it,
and the open catalogue's rows (no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.errors import NotFound

from . import policies
from .models import OPEN_STATUSES, Application, ApplicationFile, Category, Payment, Service, Status

QUERY_MAX = 200
WORDS_MAX = 8


def _words(q: str) -> list[str]:
    return " ".join((q or "").split()).casefold()[:QUERY_MAX].split()[:WORDS_MAX]


def valid_id(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def category_list(*, community) -> QuerySet[Category]:
    """Categories with the number of public services in each."""
    return (Category.objects.filter(community=community)
            .annotate(public_count=Count("services", filter=Q(services__is_public=True)))
            .order_by("position", "title", "pk"))


def service_list(*, actor, community, q: str = "", category_id=None, online: bool = False) -> QuerySet[Service]:
    """The catalogue as this person may see it: every word of `q` in the service's text (title, category,
    description, who may apply, documents, legal basis; case-insensitive, on SQLite and PostgreSQL alike)."""
    entries = Service.objects.filter(community=community).select_related("category")
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    category = valid_id(category_id) if category_id not in (None, "") else None
    if category_id not in (None, ""):
        entries = entries.filter(category_id=category or 0)
    if online:
        entries = entries.filter(online=True)
    for word in _words(q):
        entries = entries.filter(search_text__contains=word)
    return entries.order_by("title", "pk")


def service_get(*, actor, community, service_id) -> Service:
    """One service; another community's, a hidden one or none at all are the same NotFound."""
    pk = valid_id(service_id)
    service = Service.objects.filter(community=community, pk=pk or 0).select_related("category").first()
    if service is None or not policies.can_see(actor, community, service):
        raise NotFound()
    return service


def _applications(community) -> QuerySet[Application]:
    today = to_kyiv_date(timezone.now())
    return (Application.objects.filter(community=community).select_related("service")
            .annotate(is_overdue=Case(When(status__in=OPEN_STATUSES, deadline__lt=today, then=Value(True)),
                                      default=Value(False), output_field=BooleanField())))


def application_list_mine(*, actor, community) -> QuerySet[Application]:
    if not getattr(actor, "is_authenticated", False):
        return Application.objects.none()
    return _applications(community).filter(applicant=actor).order_by("-submitted_at", "-pk")


def application_queue(*, actor, community, status: str = "", overdue: bool = False,
                      q: str = "") -> QuerySet[Application]:
    """The staff queue: open applications first, the nearest deadline first; overdue ones flagged."""
    if not policies.can_handle(actor, community):
        return Application.objects.none()
    entries = _applications(community).select_related("applicant")
    if status in Status.values:
        entries = entries.filter(status=status)
    elif not status:
        entries = entries.filter(status__in=OPEN_STATUSES)
    if overdue:
        entries = entries.filter(is_overdue=True)
    text = " ".join((q or "").split())[:40]
    if text:
        entries = entries.filter(Q(number__icontains=text) | Q(service__title__icontains=text))
    return entries.order_by("deadline", "pk")


def application_get(*, actor, community, application_id) -> Application:
    """One application for its applicant or the community's staff; for anyone else it does not exist."""
    pk = valid_id(application_id)
    application = (_applications(community).select_related("applicant", "handled_by")
                   .filter(pk=pk or 0).first())
    if application is None or not policies.can_see_application(actor, community, application):
        raise NotFound()
    return application


def application_files(application) -> list[ApplicationFile]:
    return list(ApplicationFile.objects.filter(application=application).order_by("pk"))


def application_file_get(*, actor, community, application_id, file_id) -> tuple[Application, ApplicationFile]:
    application = application_get(actor=actor, community=community, application_id=application_id)
    item = ApplicationFile.objects.filter(application=application, pk=valid_id(file_id) or 0).first()
    if item is None:
        raise NotFound()
    return application, item


def application_payments(application) -> list[Payment]:
    return list(Payment.objects.filter(application=application).order_by("pk"))


def payment_get(*, actor, community, payment_id) -> Payment:
    """A payment request, for the applicant of its application or the community's staff."""
    payment = (Payment.objects.filter(community=community, pk=valid_id(payment_id) or 0)
               .select_related("application__service").first())
    if payment is None or not policies.can_see_application(actor, community, payment.application):
        raise NotFound()
    return payment


def service_open_data_rows(community) -> Iterator[dict]:
    """The public catalogue: services only, never an application or a person."""
    entries = (Service.objects.filter(community=community, is_public=True).select_related("category")
               .order_by("pk"))
    for service in entries.iterator(chunk_size=500):
        yield {"id": service.pk, "title": service.title,
               "category": service.category.title if service.category_id else "",
               "who_may_apply": service.who_may_apply, "documents": service.documents,
               "fee_kind": service.fee_kind,
               "fee_amount": float(service.fee_amount) if service.fee_amount is not None else None,
               "term_working_days": service.term_days, "legal_basis": service.legal_basis,
               "in_person": service.in_person, "online": service.online, "diia_url": service.diia_url,
               "updated_at": service.updated_at.isoformat()}
