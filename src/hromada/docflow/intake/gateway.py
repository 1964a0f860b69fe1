"""The SMTP gateway: an aiosmtpd server that accepts mail only for the communities' active office mailboxes and
hands each message to intake_message_receive (in a worker thread: the ORM is synchronous), answering 250 once
the card is committed and 451 (try again later) when it could not be, so the sending server retries."""

from __future__ import annotations

import asyncio
import logging

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.db import close_old_connections

from hromada.core.identity.actors import SYSTEM

from .services import intake_message_receive, mailbox_for

logger = logging.getLogger(__name__)

# A whole message (all attachments, base64-encoded) larger than this is refused by the protocol itself (552).
DEFAULT_MESSAGE_MAX = 40 * 2**20


def message_max_bytes() -> int:
    return int(getattr(settings, "HROMADA_DOCFLOW_MAIL_MAX_BYTES", DEFAULT_MESSAGE_MAX))


def _known_mailbox(address: str) -> int | None:
    try:
        mailbox = mailbox_for(address)
        return None if mailbox is None else mailbox.pk
    finally:
        close_old_connections()


def _deliver(addresses: list[str], raw: bytes) -> None:
    try:
        for address in dict.fromkeys(a.strip().lower() for a in addresses):
            mailbox = mailbox_for(address)
            if mailbox is not None:
                intake_message_receive(actor=SYSTEM, community=mailbox.community, mailbox_id=mailbox.pk, raw=raw)
    finally:
        close_old_connections()


class IntakeHandler:
    """aiosmtpd handler: RCPT is checked against the mailboxes, DATA becomes a card per recipient community."""

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        mailbox_id = await asyncio.get_running_loop().run_in_executor(None, _known_mailbox, address)
        if mailbox_id is None:
            return "550 5.1.1 No such office mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):
            raw = raw.encode()
        try:
            await asyncio.get_running_loop().run_in_executor(None, _deliver, list(envelope.rcpt_tos), raw)
        except Exception:  # noqa: BLE001 — the sender must retry, and the gateway must go on serving
            # No addresses or content in the log: the message is personal data of its sender.
            logger.exception("docflow intake: a message to %d mailbox(es) could not be taken in", len(envelope.rcpt_tos))
            return "451 4.3.0 Could not take the message in now; try again later"
        return "250 Message accepted"


def controller(host: str = "127.0.0.1", port: int = 2525) -> Controller:
    """The gateway on host:port, not started yet (`.start()` runs it in its own thread, `.stop()` ends it)."""
    return Controller(IntakeHandler(), hostname=host, port=port, data_size_limit=message_max_bytes(),
                      decode_data=False, ready_timeout=10)
