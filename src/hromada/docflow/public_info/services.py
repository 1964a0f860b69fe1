"""Writes of public information requests, one @service each: submitting (registered in the public information
journal at once, due in 5 working days), extending to 20 working days with a notice, answering, refusing."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.api.ratelimit import RateKey, check_caller_rate
from hromada.core.audit.services import audit_record
from hromada.core.calendar.working_days import add_working_days
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.guard import require, service
from hromada.core.jobs.enqueue import enqueue_on_commit
from hromada.core.text import visible_length

from ..extraction import fold
from ..models import Access, DocumentKind, Journal, JournalKind
from ..services.cards import document_register_from
from ..services.journals import journal_create
from ..services.registration import outermost_write
from . import policies
from .models import InfoRequest, InfoRequestStatus, RefusalGround, ReplyBy

TERM_DAYS = 5  # art. 20, p. 1
EXTENDED_TERM_DAYS = 20  # art. 20, p. 4
SUMMARY_MAX, TEXT_MAX, NAME_MAX, ADDRESS_MAX, ANSWER_MAX, REASON_MAX = 300, 10_000, 200, 500, 20_000, 2_000
SUBMIT_RATE_PER_USER, SUBMIT_RATE_PER_IP = "5/h", "10/h"
JOURNAL_TITLE = "Запити на публічну інформацію"  # community data: the journal made when none exists yet
TASK = "hromada.docflow.public_info.tasks.email_requester"


def _text(raw, field: str, limit: int, fields: dict, *, required: bool = True, one_line: bool = True) -> str:
    text = " ".join(str(raw or "").split()) if one_line else str(raw or "").strip()
    if required and not visible_length(text):
        fields.setdefault(field, []).append(_("Fill this in."))
    elif len(text) > limit:
        fields.setdefault(field, []).append(_("At most %(max)s characters.") % {"max": limit})
    return text


def _clean_request(*, requester_name, email, postal_address, reply_by, summary, text) -> dict:
    fields: dict[str, list[str]] = {}
    out = {"requester_name": _text(requester_name, "requester_name", NAME_MAX, fields),
           "summary": _text(summary, "summary", SUMMARY_MAX, fields),
           "text": _text(text, "text", TEXT_MAX, fields, one_line=False),
           "postal_address": _text(postal_address, "postal_address", ADDRESS_MAX, fields, required=False),
           "email": str(email or "").strip().lower(), "reply_by": reply_by}
    if out["email"]:
        try:
            validate_email(out["email"])
        except ValidationError:
            fields.setdefault("email", []).append(_("Give an email address."))
    if reply_by not in ReplyBy.values:
        fields.setdefault("reply_by", []).append(_("Choose one from the list."))
    elif reply_by == ReplyBy.EMAIL and not out["email"]:
        fields.setdefault("email", []).append(_("Give the email address for the answer."))
    elif reply_by == ReplyBy.POST and not out["postal_address"]:
        fields.setdefault("postal_address", []).append(_("Give the postal address for the answer."))
    if fields:
        raise ValidationFailed(fields=fields)
    return out


def _journal_kind_ready(community) -> None:
    """The community's public information journal; one is opened the first time a request arrives."""
    if not Journal.objects.filter(community=community, kind=JournalKind.PUBLIC_INFO, is_active=True).exists():
        journal_create(actor=SYSTEM, community=community, kind=JournalKind.PUBLIC_INFO, title=JOURNAL_TITLE,
                       index_pattern="{kind}-{seq}/{yy}")


@service
def info_request_submit(*, actor, community, requester_name: str, summary: str, text: str, email: str = "",
                        postal_address: str = "", reply_by: str = ReplyBy.EMAIL,
                        caller: RateKey | None = None) -> InfoRequest:
    """A resident's request: registered in the public information journal at once (the registration date is the
    day of receipt), answer due in 5 working days; the confirmation with the private link goes to the email."""
    require(policies.can_submit(actor, community))
    check_caller_rate(caller, f"docflow.info_request:{community.pk}", per_user=SUBMIT_RATE_PER_USER,
                      per_ip=SUBMIT_RATE_PER_IP)
    data = _clean_request(requester_name=requester_name, email=email, postal_address=postal_address,
                          reply_by=reply_by, summary=summary, text=text)
    now = timezone.now()
    with outermost_write(), transaction.atomic():
        _journal_kind_ready(community)
        user = actor if getattr(actor, "is_authenticated", False) else None
        nonce = secrets.token_hex(16)
        document = document_register_from(
            actor=SYSTEM, community=community, source_app="docflow.public_info", source_id=nonce,
            journal_kind=JournalKind.PUBLIC_INFO, summary=data["summary"], kind=DocumentKind.INFO_REQUEST,
            correspondent_name=data["requester_name"], received_date=timezone.localdate(now),
            access=Access.PERSONAL_DATA)
        info_request = InfoRequest.objects.create(
            community=community, document=document, requester=user, link_nonce=nonce, received_at=now,
            deadline=add_working_days(community, now, TERM_DAYS), summary_folded=fold(data["summary"]), **data)
        audit_record(actor=actor, community=community, action="docflow.info_request.submitted",
                     target=info_request, data={"document": document.pk})
        enqueue_on_commit(TASK, info_request.pk, "received")
    return info_request


def _locked(community, info_request_id) -> InfoRequest:
    try:
        pk = int(info_request_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    found = InfoRequest.objects.select_for_update().filter(community=community, pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def _open(info_request: InfoRequest) -> None:
    if not info_request.is_open:
        raise Conflict(_("The request has already been answered."),
                       fields={"status": [_("The request is closed.")]})


@service
def info_request_extend(*, actor, community, info_request_id: int, reason: str) -> InfoRequest:
    """Extend the term to 20 working days from receipt (once, within the first 5), with the reason the requester
    is told by email."""
    require(policies.can_process(actor, community), _("Only the office processes information requests."))
    fields: dict[str, list[str]] = {}
    reason = _text(reason, "reason", REASON_MAX, fields, one_line=False)
    if fields:
        raise ValidationFailed(fields=fields)
    with transaction.atomic():
        info_request = _locked(community, info_request_id)
        _open(info_request)
        if info_request.status == InfoRequestStatus.EXTENDED:
            raise Conflict(_("The term has already been extended."), fields={"status": [_("Already extended.")]})
        if timezone.localdate() > info_request.deadline:
            raise Conflict(_("The term can only be extended before it ends."),
                           fields={"reason": [_("The 5 working days have passed.")]})
        info_request.status, info_request.extension_reason = InfoRequestStatus.EXTENDED, reason
        info_request.extended_at = timezone.now()
        info_request.deadline = add_working_days(community, info_request.received_at, EXTENDED_TERM_DAYS)
        info_request.save(update_fields=["status", "extension_reason", "extended_at", "deadline"])
        audit_record(actor=actor, community=community, action="docflow.info_request.extended",
                     target=info_request, data={"deadline": info_request.deadline.isoformat()})
        enqueue_on_commit(TASK, info_request.pk, "extended")
    return info_request


@service
def info_request_retitle(*, actor, community, info_request_id: int, summary: str) -> InfoRequest:
    """Change the subject the public register shows (e.g. the requester put their name in it); recorded."""
    require(policies.can_process(actor, community), _("Only the office processes information requests."))
    fields: dict[str, list[str]] = {}
    summary = _text(summary, "summary", SUMMARY_MAX, fields)
    if fields:
        raise ValidationFailed(fields=fields)
    with transaction.atomic():
        info_request = _locked(community, info_request_id)
        info_request.summary, info_request.summary_folded = summary, fold(summary)
        info_request.save(update_fields=["summary", "summary_folded"])
        audit_record(actor=actor, community=community, action="docflow.info_request.retitled", target=info_request)
    return info_request


def _close(actor, community, info_request_id, *, status: str, answer: str, ground: str = "") -> InfoRequest:
    with transaction.atomic():
        info_request = _locked(community, info_request_id)
        _open(info_request)
        info_request.status, info_request.answer, info_request.refusal_ground = status, answer, ground
        info_request.answered_at = timezone.now()
        info_request.answered_by = actor if getattr(actor, "is_authenticated", False) else None
        info_request.save(update_fields=["status", "answer", "refusal_ground", "answered_at", "answered_by"])
        audit_record(actor=actor, community=community, action=f"docflow.info_request.{status}",
                     target=info_request, data={"ground": ground} if ground else {})
        enqueue_on_commit(TASK, info_request.pk, status)
    return info_request


@service
def info_request_answer(*, actor, community, info_request_id: int, answer: str) -> InfoRequest:
    """The answer: emailed to the requester who asked for email; for post, the office prints the letter."""
    require(policies.can_process(actor, community), _("Only the office processes information requests."))
    fields: dict[str, list[str]] = {}
    answer = _text(answer, "answer", ANSWER_MAX, fields, one_line=False)
    if fields:
        raise ValidationFailed(fields=fields)
    return _close(actor, community, info_request_id, status=InfoRequestStatus.ANSWERED, answer=answer)


@service
def info_request_refuse(*, actor, community, info_request_id: int, ground: str, explanation: str) -> InfoRequest:
    """A refusal on one of the grounds of art. 22, with the explanation the requester receives."""
    require(policies.can_process(actor, community), _("Only the office processes information requests."))
    fields: dict[str, list[str]] = {}
    if ground not in RefusalGround.values:
        fields["ground"] = [_("Choose one from the list.")]
    explanation = _text(explanation, "explanation", ANSWER_MAX, fields, one_line=False)
    if fields:
        raise ValidationFailed(fields=fields)
    return _close(actor, community, info_request_id, status=InfoRequestStatus.REFUSED, answer=explanation,
                  ground=ground)
