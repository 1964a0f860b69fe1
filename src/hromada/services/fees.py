"""Reads about fees: whether a community can take payments by QR (its IBAN and EDRPOU are valid) and the
details a payment's QR code carries. Used by the pages, the API and the payment services."""

from __future__ import annotations

from . import payment_qr
from .manifest import services_settings
from .models import Payment


def payment_details(community, payment: Payment) -> payment_qr.PaymentDetails:
    """What the QR code of this payment carries: the community's recipient, IBAN and EDRPOU from its settings."""
    settings = services_settings(community)
    return payment_qr.details_clean(recipient=settings.payee_name or community.name, iban=settings.payee_iban,
                                    edrpou=settings.payee_edrpou, amount=payment.amount, purpose=payment.purpose)


def payments_ready(community) -> bool:
    """Whether the community's settings hold a recipient's IBAN and EDRPOU a QR code can carry."""
    settings = services_settings(community)
    return payment_qr.iban_is_valid(settings.payee_iban) and payment_qr.edrpou_is_valid(settings.payee_edrpou)
