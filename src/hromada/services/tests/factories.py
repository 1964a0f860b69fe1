"""Test data of Services: a catalogue entry with an online form, valid payment details, uploads."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.selectors import invalidate_community_cache
from hromada.core.tenancy.services import community_update_settings
from hromada.services import payment_qr, services

FORM = [
    {"key": "address", "label": "Адреса", "type": "text", "required": True},
    {"key": "area", "label": "Площа", "type": "number", "required": False},
    {"key": "since", "label": "З якої дати", "type": "date", "required": False},
    {"key": "kind", "label": "Підстава", "type": "choice", "required": True, "choices": ["Власник", "Орендар"]},
    {"key": "agree", "label": "Погоджуюсь", "type": "checkbox", "required": True},
    {"key": "passport", "label": "Паспорт", "type": "document", "required": True},
]
ANSWERS = {"address": "вул. Соборна, 1", "area": "12,5", "since": "2026-01-15", "kind": "Власник", "agree": "on"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def iban(account: str = "0000026007233566001", bank: str = "322313") -> str:
    body = "UA" + bank + account
    return "UA" + payment_qr.iban_check_digits(body) + body[2:]


def edrpou(first: str = "3437206") -> str:
    return first + str(payment_qr.edrpou_check_digit(first))


def set_payee(community, admin) -> None:
    community_update_settings(actor=admin, community=community, capability="services",
                              values={"payee_name": "Виконавчий комітет", "payee_iban": iban(),
                                      "payee_edrpou": edrpou()})
    community.refresh_from_db()
    invalidate_community_cache()  # the settings' own invalidation runs on commit, which a test transaction never does


def make_service(community, *, actor=SYSTEM, title: str = "Реєстрація місця проживання", online: bool = True,
                 form=None, **extra):
    values = {"fee_kind": "fixed", "fee_amount": "30.00", "term_days": 5, "online": online,
              "form": FORM if form is None else form, **extra}
    return services.service_create(actor=actor, community=community, title=title, **values)


def pdf(name: str = "passport.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def jpeg_with_exif() -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), (10, 120, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile("scan.jpg", out.getvalue(), content_type="image/jpeg")


def submit(community, applicant, service, **extra):
    return services.application_submit(actor=applicant, community=community, service_id=service.pk,
                                       answers=dict(ANSWERS), documents={"passport": [pdf()]}, **extra)
