"""Email intake writes: the admin's office mailboxes, and one message taken in as a draft incoming card with its
attachments (each through the card's attachment service, so the kernel's upload checks apply to mail too)."""

from __future__ import annotations

import email
import email.policy
import hashlib
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service

from .. import policies as docflow_policies
from ..models import Access, DocumentKind, Journal, JournalKind
from ..services.attachments import attachment_add
from ..services.cards import document_draft_create, document_update
from ..services.registration import outermost_write
from . import policies
from .models import IntakeMailbox, IntakeMessage

# Community data, not interface text: what the clerk reads on the card is in the office's language.
NO_SUBJECT = "(лист без теми)"
BODY_TITLE = "Текст листа"
REFUSED_NOTE = "Не прийняті вкладення листа"
SUMMARY_MAX, CORRESPONDENT_MAX = 4000, 200  # the card's limits (hromada.docflow.cardfields)


def normal_address(raw: str) -> str:
    return str(raw or "").strip().lower()


def _clean_mailbox(community, address, journal_id) -> tuple[str, Journal]:
    address, fields = normal_address(address), {}
    try:
        validate_email(address)
    except ValidationError:
        fields["address"] = [_("Give an email address.")]
    journal = Journal.objects.filter(community=community, pk=_pk(journal_id), kind=JournalKind.INCOMING,
                                     is_active=True).first()
    if journal is None:
        fields["journal_id"] = [_("Choose an active incoming journal.")]
    if fields or journal is None:
        raise ValidationFailed(fields=fields)
    return address, journal


def _taken():
    return Conflict(_("This address is already taken."), fields={"address": [_("Already taken.")]})


@service
def intake_mailbox_create(*, actor, community, address: str, journal_id: int | None, is_active: bool = True) -> IntakeMailbox:
    """An office address whose mail becomes drafts in an incoming journal of the community."""
    require(docflow_policies.can_manage_journals(actor, community), _("Only the community's admins set up mailboxes."))
    address, journal = _clean_mailbox(community, address, journal_id)
    try:
        with transaction.atomic():
            mailbox = IntakeMailbox.objects.create(community=community, address=address, journal=journal,
                                                   is_active=bool(is_active))
            audit_record(actor=actor, community=community, action="docflow.mailbox.created", target=mailbox)
    except IntegrityError:
        raise _taken() from None
    return mailbox


@service
def intake_mailbox_update(*, actor, community, mailbox_id: int, address: str, journal_id: int | None,
                          is_active: bool) -> IntakeMailbox:
    """Change a mailbox's address or journal, or switch it off (the gateway then refuses mail to it; the messages
    taken in before stay with their cards, so a mailbox is switched off rather than deleted)."""
    require(docflow_policies.can_manage_journals(actor, community), _("Only the community's admins set up mailboxes."))
    mailbox = IntakeMailbox.objects.filter(community=community, pk=_pk(mailbox_id)).first()
    if mailbox is None:
        raise NotFound()
    address, journal = _clean_mailbox(community, address, journal_id)
    before = {"address": mailbox.address, "journal": mailbox.journal_id, "is_active": mailbox.is_active}
    mailbox.address, mailbox.journal, mailbox.is_active = address, journal, bool(is_active)
    after = {"address": address, "journal": journal.pk, "is_active": mailbox.is_active}
    try:
        with transaction.atomic():
            mailbox.save(update_fields=["address", "journal", "is_active"])
            audit_record(actor=actor, community=community, action="docflow.mailbox.updated", target=mailbox,
                         data={k: [before[k], after[k]] for k in after if before[k] != after[k]})
    except IntegrityError:
        raise _taken() from None
    return mailbox


def mailbox_for(address: str) -> IntakeMailbox | None:
    """The active mailbox of any community at this address (the gateway asks before it accepts a recipient)."""
    return (IntakeMailbox.objects.select_related("community", "journal")
            .filter(address=normal_address(address), is_active=True, community__is_active=True).first())


def message_key(message: EmailMessage, raw: bytes) -> tuple[str, str]:
    message_id = " ".join(str(message.get("Message-ID", "") or "").split())[:255]
    basis = message_id.encode() if message_id else raw
    return hashlib.sha256(basis).hexdigest(), message_id


def _sender(message: EmailMessage) -> tuple[str, str]:
    """(display name, address) of the first From address; either may be empty."""
    try:
        pairs = getaddresses([str(message.get("From", "") or "")])
    except (TypeError, ValueError, IndexError):
        return "", ""
    name, address = pairs[0] if pairs else ("", "")
    address = normal_address(address)
    try:
        validate_email(address)
    except ValidationError:
        address = ""
    return " ".join(name.split()), address


def _sent_date(message: EmailMessage):
    try:
        sent = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    if sent is None or timezone.is_naive(sent):
        return None
    day = to_kyiv_date(sent)
    return day if day <= timezone.localdate() else None


def _body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        return str(part.get_content()).strip()
    except (LookupError, UnicodeError, AssertionError):
        return ""


def _card_values(message: EmailMessage, sender_name: str, sender_address: str) -> dict:
    subject = " ".join(str(message.get("Subject", "") or "").split())
    correspondent = f"{sender_name} <{sender_address}>" if sender_name and sender_address else (
        sender_name or sender_address)
    return {"summary": (subject or NO_SUBJECT)[:SUMMARY_MAX],
            "correspondent_name": correspondent[:CORRESPONDENT_MAX],
            "correspondent_date": _sent_date(message), "received_date": timezone.localdate()}


def _attach_all(*, actor, community, document_id: int, message: EmailMessage) -> list[dict]:
    """The letter's text and every attached file, each on its own; a refused file is named with its reason."""
    refused: list[dict] = []
    files: list[tuple[str, bytes]] = []
    body = _body_text(message)
    if body:
        files.append((f"{BODY_TITLE}.txt", body.encode()))
    for part in message.iter_attachments():
        name = str(part.get_filename() or "") or _("file")
        try:
            payload = part.get_payload(decode=True)
        except (ValueError, TypeError, AssertionError):
            payload = b""
        files.append((name, payload if isinstance(payload, bytes) else b""))
    for name, payload in files:
        try:
            with transaction.atomic():
                attachment_add(actor=actor, community=community, document_id=document_id,
                               upload=ContentFile(payload, name=name),
                               title=BODY_TITLE if name == f"{BODY_TITLE}.txt" else "")
        except DomainError as exc:
            reasons = [str(m) for ms in (exc.fields or {}).values() for m in ms] or [str(exc.message)]
            refused.append({"name": name[:200], "reason": "; ".join(reasons)[:300]})
    return refused


@service
def intake_message_receive(*, actor, community, mailbox_id: int, raw: bytes) -> IntakeMessage:
    """Take in one message sent to the mailbox: a draft incoming card (the sender as its correspondent, the subject
    as its summary), the letter's text and attachments as its files, refused files noted on the card. Idempotent by
    Message-ID: a message delivered again returns what was taken in before."""
    require(policies.can_take_in_mail(actor, community), _("Only the platform takes in mail."))
    mailbox = IntakeMailbox.objects.filter(community=community, pk=_pk(mailbox_id), is_active=True).first()
    if mailbox is None:
        raise NotFound()
    if not raw:
        raise ValidationFailed(fields={"raw": [_("The message is empty.")]})
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    key, message_id = message_key(message, raw)
    done = IntakeMessage.objects.filter(community=community, message_key=key).first()
    if done is not None:
        return done
    try:
        with outermost_write(), transaction.atomic():
            received = _take_in(actor=actor, community=community, mailbox=mailbox, message=message, key=key,
                                message_id=message_id)
    except IntegrityError:  # the same message taken in at this moment by another delivery: theirs stands
        theirs = IntakeMessage.objects.filter(community=community, message_key=key).first()
        if theirs is None:
            raise
        return theirs
    return received


def _take_in(*, actor, community, mailbox: IntakeMailbox, message: EmailMessage, key: str,
             message_id: str) -> IntakeMessage:
    done = IntakeMessage.objects.filter(community=community, message_key=key).first()
    if done is not None:
        return done
    sender_name, sender_address = _sender(message)
    document = document_draft_create(actor=actor, community=community, journal_id=mailbox.journal_id,
                                     kind=DocumentKind.LETTER, access=Access.PERSONAL_DATA,
                                     **_card_values(message, sender_name, sender_address))
    refused = _attach_all(actor=actor, community=community, document_id=document.pk, message=message)
    if refused:
        note = "\n".join(f"— {item['name']}: {item['reason']}" for item in refused)
        document_update(actor=actor, community=community, document_id=document.pk,
                        summary=f"{document.summary}\n\n{REFUSED_NOTE}:\n{note}"[:SUMMARY_MAX])
    received = IntakeMessage.objects.create(community=community, mailbox=mailbox, message_key=key,
                                            message_id=message_id, document=document,
                                            sender_address=sender_address, refused=refused)
    audit_record(actor=actor, community=community, action="docflow.mail.received", target=document,
                 data={"mailbox": mailbox.pk, "files_refused": len(refused)})
    return received


def _pk(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0
