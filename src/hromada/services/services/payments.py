"""Fees: a payment request per application (its reference goes into the purpose), paid by the NBU QR code;
received only when staff mark it or when a bank statement they import shows it. Nothing else confirms a payment.

A statement is a CSV with the columns `date,amount,purpose` (docs/services.md); it is checked whole before
anything changes, matched by the reference in the purpose, and importing it twice changes nothing the second time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import tabular
from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path

from .. import payment_qr, policies
from ..fees import payment_details
from ..models import Application, FeeKind, Payment, PaymentStatus, Status

REFERENCE = re.compile(r"\bCNAP-(\d{4}-\d{6})(?:-(\d{1,3}))?\b", re.IGNORECASE)
STATEMENT_MAX_BYTES = 2 * 2**20
STATEMENT_MAX_ROWS = 5000
SOURCE_MAX = 200


def _purpose(application: Application, reference: str) -> str:
    tail = f"; {reference}"
    title = " ".join(application.service.title.split())
    return title[:payment_qr.PURPOSE_MAX - len(tail)] + tail


def _create_request(application: Application, amount) -> Payment:
    """The next payment request of an application (inside the caller's transaction and policy)."""
    count = application.payments.count()
    reference = f"CNAP-{application.number}" + (f"-{count + 1}" if count else "")
    return Payment.objects.create(community=application.community, application=application, reference=reference,
                                  amount=payment_qr.amount_clean(amount), purpose=_purpose(application, reference))


@service
def payment_request(*, actor, community, application_id: int, amount=None) -> Payment:
    """Staff ask the applicant to pay a fee (the service's fixed fee when no amount is given); the community's
    payment details must be set and valid in its settings first."""
    require(policies.can_handle(actor, community), _("Only the community's staff ask for fees."))
    with transaction.atomic():
        try:
            application = (Application.objects.select_for_update().select_related("service")
                           .get(community=community, pk=int(application_id)))
        except (Application.DoesNotExist, TypeError, ValueError):
            raise NotFound() from None
        if application.status in (Status.REJECTED, Status.WITHDRAWN, Status.ISSUED):
            raise Conflict(_("No fee is asked on a closed application."), code="wrong_status")
        if amount is None:
            if application.service.fee_kind != FeeKind.FIXED:
                raise ValidationFailed(fields={"amount": [_("Give the amount: this service has no fixed fee.")]})
            amount = application.service.fee_amount
        payment = _create_request(application, amount)
        payment_details(community, payment)  # refuses (ValidationFailed) while the settings are not valid
        audit_record(actor=actor, community=community, action="services.payment.requested", target=payment,
                     data={"application": application.pk, "amount": str(payment.amount)})
        notify(community=community, recipients=[application.applicant], event="services.payment.requested",
               title=gettext_lazy("Please pay {amount} UAH for application {number}"),
               params={"amount": f"{payment.amount:.2f}", "number": application.number},
               url=community_path(community, "services:application", application.pk))
    return payment


def _receive(actor, payment: Payment, source: str) -> None:
    payment.status = PaymentStatus.RECEIVED
    payment.received_at = timezone.now()
    payment.received_by = actor if getattr(actor, "is_authenticated", False) else None
    payment.received_source = source[:SOURCE_MAX]
    payment.save()
    audit_record(actor=actor, community=payment.community, action="services.payment.received", target=payment,
                 data={"application": payment.application_id, "source": payment.received_source})
    notify(community=payment.community, recipients=[payment.application.applicant],
           event="services.payment.received", title=gettext_lazy("Your payment {reference} is received"),
           params={"reference": payment.reference},
           url=community_path(payment.community, "services:application", payment.application_id))


@service
def payment_mark_received(*, actor, community, payment_id: int, note: str = "") -> Payment:
    """Staff confirm a payment they have seen on the account (what they saw goes in the note)."""
    require(policies.can_handle(actor, community), _("Only the community's staff confirm payments."))
    note = " ".join((note or "").split())
    if len(note) > SOURCE_MAX - 20:
        raise ValidationFailed(fields={"note": [_("At most %(max)s characters.") % {"max": SOURCE_MAX - 20}]})
    with transaction.atomic():
        try:
            payment = (Payment.objects.select_for_update().select_related("application__applicant")
                       .get(community=community, pk=int(payment_id)))
        except (Payment.DoesNotExist, TypeError, ValueError):
            raise NotFound() from None
        if payment.status != PaymentStatus.PENDING:
            raise Conflict(_("This payment is not awaited."), code="wrong_status")
        _receive(actor, payment, f"{_('marked by staff')}: {note}" if note else _("marked by staff"))
    return payment


@dataclass
class StatementRow:
    line: int
    reference: str
    amount: Decimal | None
    outcome: str  # received | already | unmatched | amount_differs | cancelled
    message: str = ""


@dataclass
class StatementReport:
    rows: list[StatementRow] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


OUTCOMES = {
    "received": gettext_lazy("marked received"),
    "already": gettext_lazy("already received: nothing changed"),
    "unmatched": gettext_lazy("no payment of ours with this reference"),
    "amount_differs": gettext_lazy("the amount differs from the request: not marked"),
    "cancelled": gettext_lazy("the request was cancelled: not marked"),
}


def _parse_date(text: str) -> date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(_("the date is not YYYY-MM-DD or DD.MM.YYYY"))


def _parse_amount(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("the amount is not a number")) from None
    if not value.is_finite() or value <= 0 or value > payment_qr.AMOUNT_MAX:
        raise ValueError(_("the amount is not a positive sum"))
    return value.quantize(Decimal("0.01"))


def _read_statement(data: bytes) -> list[tuple[int, Decimal, str]]:
    """(row, amount, purpose) of every row, or ValidationFailed listing every wrong row (nothing is applied)."""
    tabular.check_size(data, max_bytes=STATEMENT_MAX_BYTES, field="statement")
    table = tabular.read_csv(tabular.decode(data, windows_1251=False, field="statement"),
                             max_rows=STATEMENT_MAX_ROWS, field="statement")
    header = [name.lower() for name in table.header]
    if not {"date", "amount", "purpose"} <= set(header):
        raise ValidationFailed(fields={"statement": [_("The first line must name the columns date, amount and "
                                                       "purpose.")]})
    date_at, amount_at, purpose_at = (header.index(name) for name in ("date", "amount", "purpose"))
    rows, problems = [], []
    for row in table.rows:
        try:
            if len(row.cells) != table.width:
                raise ValueError(_("the row does not have the header's columns"))
            _parse_date(row.cells[date_at])
            rows.append((row.number, _parse_amount(row.cells[amount_at]), " ".join(row.cells[purpose_at].split())))
        except ValueError as exc:
            problems.append(_("Line %(line)s: %(problem)s.") % {"line": row.number, "problem": exc})
    if problems:
        raise ValidationFailed(fields={"statement": problems[:50]})
    return rows


@service
def payment_statement_import(*, actor, community, data: bytes, source: str = "") -> StatementReport:
    """Mark received the payments a bank statement shows: each row's purpose must carry a reference of ours and
    its amount must equal the request's. A malformed file changes nothing; a row already applied stays as it is."""
    require(policies.can_handle(actor, community), _("Only the community's staff confirm payments."))
    rows = _read_statement(data)
    label = " ".join((source or _("bank statement")).split())[:80]
    report = StatementReport()
    with transaction.atomic():
        references = {}
        for line, _amount, purpose in rows:
            found = REFERENCE.search(purpose)
            references[line] = found.group(0).upper() if found else ""
        payments = {p.reference.upper(): p for p in Payment.objects.select_for_update()
                    .select_related("application__applicant")
                    .filter(community=community, reference__in=[r for r in references.values() if r])}
        for line, amount, _purpose in rows:
            reference = references[line]
            payment = payments.get(reference)
            if payment is None:
                outcome = "unmatched"
            elif payment.status == PaymentStatus.RECEIVED:
                outcome = "already"
            elif payment.status == PaymentStatus.CANCELLED:
                outcome = "cancelled"
            elif payment.amount != amount:
                outcome = "amount_differs"
            else:
                _receive(actor, payment, f"{label}:{line}")
                outcome = "received"
            report.rows.append(StatementRow(line, reference, amount, outcome, str(OUTCOMES[outcome])))
        audit_record(actor=actor, community=community, action="services.payment.statement_imported",
                     data={"rows": len(rows), "received": report.count("received")})
    return report
