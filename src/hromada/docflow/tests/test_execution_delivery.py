"""A sent letter reaches a real SMTP server (aiosmtpd in a thread) with its signed file attached; a qualified
signature is recorded only through a configured verifier (here a test verifier doing real Ed25519 checks: the
interface's contract, not a КЕП implementation), and one that does not verify is refused."""

from __future__ import annotations

import email
import hashlib
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from cryptography.exceptions import InvalidSignature as CryptoInvalid
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hromada.core.errors import ValidationFailed
from hromada.docflow import services, signing
from hromada.docflow.models import Signature

from . import execution_factories as x

pytestmark = pytest.mark.django_db
KEY = Ed25519PrivateKey.generate()


class Ed25519TestVerifier(signing.SignatureVerifier):
    """Test-only: checks an Ed25519 signature over the bytes with the test's key."""

    def verify(self, data: bytes, signature: bytes) -> signing.VerifiedSignature:
        try:
            KEY.public_key().verify(signature, data)
        except CryptoInvalid:
            raise signing.InvalidSignature("bad signature") from None
        return signing.VerifiedSignature(subject="CN=Test Signer, O=Hromada tests")


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's handler name
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def _approved(community):
    o = x.office(community)
    card = x.incoming(o)
    x.resolve(o, card)
    reply = x.answer(o, card)
    return o, reply, x.route(o, reply, stages=[])


def test_an_emailed_letter_reaches_the_smtp_server_with_its_file(community, smtp,
                                                               django_capture_on_commit_callbacks):
    o, reply, route = _approved(community)
    services.route_sign(actor=o.signer, community=community, route_id=route.pk)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch = services.letter_send(actor=o.clerk, community=community, document_id=reply.pk, method="email",
                                        address="oda@example.org")
    dispatch.refresh_from_db()
    assert dispatch.state == "sent" and len(smtp.messages) == 1
    envelope = smtp.messages[0]
    assert envelope.rcpt_tos == ["oda@example.org"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    parts = [p for p in message.iter_attachments()]
    version = reply.attachments.get().versions.get()
    assert len(parts) == 1 and hashlib.sha256(parts[0].get_payload(decode=True)).hexdigest() == version.sha256


def test_a_refused_smtp_connection_marks_the_dispatch_failed(community, settings, django_capture_on_commit_callbacks):
    o, reply, route = _approved(community)
    services.route_sign(actor=o.signer, community=community, route_id=route.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, False, 2
    with django_capture_on_commit_callbacks(execute=True):
        dispatch = services.letter_send(actor=o.clerk, community=community, document_id=reply.pk, method="email",
                                        address="oda@example.org")
    dispatch.refresh_from_db()
    assert dispatch.state == "failed" and dispatch.error


def test_a_qualified_signature_through_the_configured_verifier(community, settings):
    settings.HROMADA_DOCFLOW_SIGNATURE_VERIFIER = f"{__name__}.Ed25519TestVerifier"
    o, reply, route = _approved(community)
    version = reply.attachments.get().versions.get()
    data = version.file.open("rb").read()
    with pytest.raises(ValidationFailed) as exc:
        services.route_sign(actor=o.signer, community=community, route_id=route.pk,
                            signatures={version.pk: KEY.sign(b"other bytes")})
    assert "signatures" in exc.value.fields and not Signature.objects.exists()
    services.route_sign(actor=o.signer, community=community, route_id=route.pk,
                        signatures={version.pk: KEY.sign(data)})
    signature = Signature.objects.get()
    assert signature.kind == "qualified" and signature.certificate_subject.startswith("CN=Test Signer")
    assert signature.sha256 == version.sha256 and bytes(signature.signature) == KEY.sign(data)
