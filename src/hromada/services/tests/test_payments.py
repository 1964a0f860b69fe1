"""Fees by the NBU QR code: IBAN and EDRPOU checks, the standard's data string, codes that a real QR decoder
(zxing-cpp) reads back to exactly that string, the bank.gov.ua link, and confirmation only by staff or by an
imported bank statement (matched by reference, idempotent, all-or-nothing)."""

from __future__ import annotations

import base64
import io
from decimal import Decimal

import pytest
import zxingcpp
from PIL import Image

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.services import payment_qr, services
from hromada.services.fees import payment_details
from hromada.services.models import Payment, PaymentStatus

from .factories import edrpou, iban, make_service, set_payee, submit


def _decode(png: bytes) -> str:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [r.format.name for r in found] == ["QRCode"]
    return found[0].text


@pytest.mark.parametrize("value, valid", [
    ("UA213223130000026007233566001", True), ("ua21 3223 1300 0002 6007 2335 6600 1", True),
    ("UA213223130000026007233566002", False), ("UA21322313000002600723356600", False),
    ("DE89370400440532013000", False), ("UA2132231300000260072335660O1", False), ("", False),
])
def test_iban(value, valid):
    assert payment_qr.iban_is_valid(value) is valid


def test_iban_check_digits_make_a_valid_number():
    made = iban("0000000000000012345", bank="899998")
    assert payment_qr.iban_is_valid(made) and len(made) == 29


@pytest.mark.parametrize("value, valid", [
    ("43720363", True), ("43720364", False), ("4372036", False), ("4372036A", False), ("", False),
    (edrpou("0419905"), True), (edrpou("6543210"), True), (edrpou("2000000"), True),
])
def test_edrpou(value, valid):
    assert payment_qr.edrpou_is_valid(value) is valid


def _details(**extra):
    values = {"recipient": "Виконавчий комітет", "iban": iban(), "edrpou": edrpou(), "amount": "30",
              "purpose": "Адміністративний збір; CNAP-2026-000001", **extra}
    return payment_qr.details_clean(**values)


def test_the_data_string_follows_the_standard():
    details = _details()
    assert payment_qr.data_string(details).split("\n") == [
        "BCD", "002", "1", "UCT", "", "Виконавчий комітет", iban(), "UAH30.00", edrpou(), "", "",
        "Адміністративний збір; CNAP-2026-000001", ""]


def test_the_link_carries_the_data_in_base64url():
    details = _details()
    link = payment_qr.link(details)
    assert link.startswith("https://bank.gov.ua/qr/")
    encoded = link.removeprefix("https://bank.gov.ua/qr/")
    assert "=" not in encoded and "+" not in encoded and "/" not in encoded
    decoded = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    assert decoded == payment_qr.data_string(details)


@pytest.mark.parametrize("extra", [{}, {"recipient": "Ж" * 70, "purpose": "Ї" * 140, "amount": "999999999.99"},
                                   {"purpose": "Fee; CNAP-2026-000042-2", "amount": "0.01"}])
def test_a_real_decoder_reads_the_image_back_to_exactly_the_string(extra):
    details = _details(**extra)
    assert _decode(payment_qr.png(details)) == payment_qr.data_string(details)
    symbol = payment_qr._symbol(details)
    assert payment_qr.MIN_VERSION <= symbol.version <= payment_qr.MAX_VERSION
    assert symbol.error in ("Q", "M")


def test_the_svg_is_the_same_symbol_with_the_hryvnia_sign():
    details = _details()
    svg = payment_qr.svg(details, title="QR")
    assert svg.startswith("<svg") and "<circle" in svg and svg.count("<polyline") == 3


@pytest.mark.parametrize("field, value", [("iban", "UA213223130000026007233566002"), ("edrpou", "12345679"),
                                          ("amount", "0"), ("amount", "abc"), ("amount", "1000000000"),
                                          ("recipient", ""), ("recipient", "x" * 71), ("purpose", "y" * 141)])
def test_bad_details_are_refused_by_field(field, value):
    with pytest.raises(ValidationFailed) as exc:
        _details(**{field: value})
    assert field in exc.value.fields


def test_staff_ask_for_a_fee_and_mark_it_received(community, community_admin, official, resident):
    application = submit(community, resident, make_service(community, fee_kind="per_application"))
    with pytest.raises(ValidationFailed):  # no IBAN and EDRPOU in the settings yet
        services.payment_request(actor=official, community=community, application_id=application.pk, amount="55")
    assert not Payment.objects.exists()
    set_payee(community, community_admin)
    with pytest.raises(ValidationFailed):  # no fixed fee to fall back on
        services.payment_request(actor=official, community=community, application_id=application.pk)
    with pytest.raises(PermissionDenied):
        services.payment_request(actor=resident, community=community, application_id=application.pk, amount="55")
    payment = services.payment_request(actor=official, community=community, application_id=application.pk,
                                       amount="55.5")
    assert payment.amount == Decimal("55.50") and payment.status == PaymentStatus.PENDING
    decoded = _decode(payment_qr.png(payment_details(community, payment)))
    assert decoded.split("\n")[7:9] == ["UAH55.50", edrpou()] and payment.reference in decoded
    with pytest.raises(PermissionDenied):  # the applicant cannot confirm their own payment
        services.payment_mark_received(actor=resident, community=community, payment_id=payment.pk)
    services.payment_mark_received(actor=official, community=community, payment_id=payment.pk, note="виписка 03.03")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.RECEIVED and payment.received_by == official
    with pytest.raises(Conflict):
        services.payment_mark_received(actor=official, community=community, payment_id=payment.pk)
    assert AuditEvent.objects.filter(action="services.payment.received").count() == 1


def test_the_fee_must_be_received_before_the_result_is_issued(community, community_admin, official, resident):
    set_payee(community, community_admin)
    application = submit(community, resident, make_service(community))
    services.application_decide(actor=official, community=community, application_id=application.pk, approve=True,
                                decision="")
    with pytest.raises(Conflict):
        services.application_issue(actor=official, community=community, application_id=application.pk)
    payment = application.payments.get()
    services.payment_mark_received(actor=official, community=community, payment_id=payment.pk)
    assert services.application_issue(actor=official, community=community,
                                      application_id=application.pk).status == "issued"


def _statement(*rows: str, header: str = "date,amount,purpose") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def test_a_statement_marks_matching_payments_once(community, community_admin, official, resident):
    set_payee(community, community_admin)
    service = make_service(community)
    first, second, third = (submit(community, resident, service).payments.get() for _ in range(3))
    services.application_withdraw(actor=resident, community=community, application_id=third.application_id)
    data = _statement(f"2026-03-02,30.00,Збір {first.reference.lower()} Іваненко",
                      f'03.03.2026,"29,00",Збір {second.reference}',
                      f"2026-03-03,30.00,{third.reference}",
                      "2026-03-03,100.00,Інший платіж без посилання",
                      f"2026-03-04,30.00,Ще раз {first.reference}")
    report = services.payment_statement_import(actor=official, community=community, data=data, source="mar.csv")
    assert [(r.line, r.outcome) for r in report.rows] == [(2, "received"), (3, "amount_differs"), (4, "cancelled"),
                                                          (5, "unmatched"), (6, "already")]
    assert Payment.objects.get(pk=first.pk).received_source == "mar.csv:2"
    assert Payment.objects.get(pk=second.pk).status == PaymentStatus.PENDING
    again = services.payment_statement_import(actor=official, community=community, data=data)
    assert again.count("received") == 0 and again.count("already") == 2
    assert AuditEvent.objects.filter(action="services.payment.received").count() == 1


@pytest.mark.parametrize("data", [
    b"when,sum,text\n2026-03-02,30.00,x\n",
    _statement("2026-03-02,30.00,CNAP-{ref}", "2026-13-45,30.00,x"),
    _statement("2026-03-02,30.00,CNAP-{ref}", "2026-03-02,-5,x"),
    _statement("2026-03-02,30.00,CNAP-{ref}", "2026-03-02,тридцять,x"),
    _statement("2026-03-02,30.00,CNAP-{ref}", "2026-03-02"),
    "date,amount,purpose\n2026-03-02,30.00,Збір\n".encode("cp1251"),
])
def test_a_malformed_statement_changes_nothing(community, community_admin, official, resident, data):
    set_payee(community, community_admin)
    payment = submit(community, resident, make_service(community)).payments.get()
    data = data.replace(b"CNAP-{ref}", payment.reference.encode())
    with pytest.raises(ValidationFailed) as exc:
        services.payment_statement_import(actor=official, community=community, data=data)
    assert "statement" in exc.value.fields
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_a_statement_never_touches_another_communitys_payments(community, other_community, community_admin, official,
                                                               resident):
    set_payee(community, community_admin)
    payment = submit(community, resident, make_service(community)).payments.get()
    from conftest import make_member

    from hromada.core.identity.models import Role
    their_official = make_member(other_community, Role.OFFICIAL)
    report = services.payment_statement_import(actor=their_official, community=other_community,
                                               data=_statement(f"2026-03-02,30.00,{payment.reference}"))
    assert report.count("unmatched") == 1
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING
    with pytest.raises(NotFound):
        services.payment_mark_received(actor=their_official, community=other_community, payment_id=payment.pk)
