"""Email intake against the real gateway: `hromada docflow_mail_gateway` runs as its own process on the test
database, and the tests speak SMTP to it with smtplib: cards, files, refusals, a re-delivered message, strangers."""

from __future__ import annotations

import os
import smtplib
import socket
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings
from fpdf import FPDF

from hromada.core.errors import PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.jobs.tests.test_worker_crash import database_url  # the test database as the gateway's URL
from hromada.docflow import services
from hromada.docflow.intake.services import intake_mailbox_create, intake_message_receive
from hromada.docflow.models import AttachmentVersion, Document, IntakeMessage, Status

from . import factories as f

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
FILE_MAX = 200_000  # the gateway's upload limit in these tests: a bigger attachment is refused


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def gateway(django_db_setup, django_db_blocker):
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hromada.config.settings", "DATABASE_URL": database_url(),
           "HROMADA_DATA_DIR": str(settings.DATA_DIR), "HROMADA_UPLOAD_DOCUMENT_MAX_BYTES": str(FILE_MAX)}
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "hromada.cli", "docflow_mail_gateway", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the gateway did not start: {process.stderr.read().decode()[-3000:]}")
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(20)


@pytest.fixture
def mailbox(community):
    journal = f.journal(community)
    return intake_mailbox_create(actor=SYSTEM, community=community, address="Office@Alpha.example",
                                 journal_id=journal.pk)


def _pdf(text: str = "scan") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def _letter(*, to: str = "office@alpha.example", message_id: str = "<lyst-1@oda.example>",
            subject: str = "Про підготовку до опалювального сезону", files=()) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Оксана Петренко <o.petrenko@oda.example>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = "Mon, 02 Mar 2026 10:00:00 +0200"
    message.set_content("Просимо надати інформацію до 10 березня.\nЗ повагою, обласна адміністрація")
    for name, data, maintype, subtype in files:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def _send(port: int, message: EmailMessage, *, to: str | None = None) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
        smtp.send_message(message, from_addr="o.petrenko@oda.example", to_addrs=[to or message["To"]])


def test_a_letter_becomes_a_draft_card_with_its_files_and_refusals(gateway, community, mailbox):
    files = [("Лист ОДА.pdf", _pdf(), "application", "pdf"),
             ("setup.exe", b"MZ\x90\x00" + b"\x00" * 500, "application", "octet-stream"),
             ("big.pdf", b"%PDF-1.4\n" + b"0" * (FILE_MAX + 10), "application", "pdf")]
    _send(gateway, _letter(files=files))

    document = Document.objects.get(community=community)
    assert document.status == Status.DRAFT and document.journal_id == mailbox.journal_id
    assert document.summary.startswith("Про підготовку до опалювального сезону")
    assert document.correspondent_name == "Оксана Петренко <o.petrenko@oda.example>"
    assert str(document.correspondent_date) == "2026-03-02"
    versions = AttachmentVersion.objects.filter(attachment__document=document).order_by("pk")
    assert [v.content_type for v in versions] == ["text/plain", "application/pdf"]
    assert "надати інформацію" in versions[0].extracted_text
    received = IntakeMessage.objects.get(document=document)
    assert received.sender_address == "o.petrenko@oda.example"
    assert [r["name"] for r in received.refused] == ["setup.exe", "big.pdf"]
    assert "setup.exe" in document.summary and "big.pdf" in document.summary  # noted on the card for the clerk


def test_the_same_message_delivered_twice_is_one_card(gateway, community, mailbox):
    _send(gateway, _letter())
    _send(gateway, _letter(subject="Інша тема, той самий Message-ID"))
    _send(gateway, _letter(message_id="<lyst-2@oda.example>"))
    assert Document.objects.filter(community=community).count() == 2
    assert IntakeMessage.objects.filter(community=community).count() == 2


def test_mail_to_an_unknown_or_closed_mailbox_is_refused_by_the_protocol(gateway, community, mailbox):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        _send(gateway, _letter(to="nobody@alpha.example"))
    assert refused.value.recipients["nobody@alpha.example"][0] == 550
    type(mailbox).objects.filter(pk=mailbox.pk).update(is_active=False)
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        _send(gateway, _letter())
    assert not Document.objects.exists()


def test_the_clerk_completes_and_registers_a_mailed_draft(gateway, community, mailbox):
    _send(gateway, _letter())
    document = Document.objects.get(community=community)
    clerk = f.clerk(community)
    services.document_update(actor=clerk, community=community, document_id=document.pk, summary="Про опалення")
    registered = services.document_register(actor=clerk, community=community, document_id=document.pk)
    assert registered.status == Status.REGISTERED and registered.reg_index


def test_a_message_without_sender_subject_or_text_still_makes_a_card(gateway, community, mailbox):
    raw = b"To: office@alpha.example\r\nMessage-ID: <bare@x>\r\n\r\n"
    with smtplib.SMTP("127.0.0.1", gateway, timeout=60) as smtp:
        smtp.sendmail("someone@x.example", ["office@alpha.example"], raw)
    document = Document.objects.get(community=community)
    assert document.summary == "(лист без теми)" and document.correspondent_name == ""
    assert not document.attachments.exists()


def test_only_the_platform_takes_mail_in_and_mailboxes_are_checked(community, other_community, mailbox):
    admin = f.clerk(community)
    with pytest.raises(PermissionDenied):
        intake_message_receive(actor=admin, community=community, mailbox_id=mailbox.pk, raw=b"Subject: x\r\n\r\n")
    foreign = f.journal(other_community)
    with pytest.raises(ValidationFailed) as bad:
        intake_mailbox_create(actor=SYSTEM, community=community, address="not an address", journal_id=foreign.pk)
    assert set(bad.value.fields) == {"address", "journal_id"}
    outgoing = f.journal(community, kind="outgoing", title="Вихідні")
    with pytest.raises(ValidationFailed):
        intake_mailbox_create(actor=SYSTEM, community=community, address="x@alpha.example", journal_id=outgoing.pk)
    assert mailbox.address == "office@alpha.example"


def test_cards_from_mail_carry_no_path_on_disk_into_names(gateway, community, mailbox):
    _send(gateway, _letter(files=[("../../etc/Лист.pdf", _pdf(), "application", "pdf")]))
    version = AttachmentVersion.objects.get(attachment__document__community=community, content_type="application/pdf")
    assert "/" not in version.name and Path(version.file.name).name != "Лист.pdf"
