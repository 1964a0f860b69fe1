"""Background work of the document workflow: the hourly control sweep (reminders, escalations) and sending a
letter by email. Thin wrappers over services, enqueued by the scheduler (manifest) or after a commit."""

from __future__ import annotations

import logging
import os
from email import encoders
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.models import Community

log = logging.getLogger(__name__)


@task()
def control_sweep() -> int:
    from .services import control_sweep as sweep

    done = 0
    for community in Community.objects.filter(is_active=True):
        if community.capability_enabled("docflow"):
            result = sweep(actor=SYSTEM, community=community)
            done += result["reminders"] + result["escalations"]
    return done


@task()
def send_letter(dispatch_id: int) -> bool:
    """Email a queued dispatch with the letter's current files; its state records the outcome."""
    from .execution_rules import current_versions
    from .models import Dispatch, DispatchState

    dispatch = Dispatch.objects.select_related("document", "community").filter(
        pk=dispatch_id, state=DispatchState.QUEUED).first()
    if dispatch is None:
        return False
    document = dispatch.document
    message = EmailMessage(
        subject=f"{document.reg_index} — {document.summary[:150]}",
        body=f"{dispatch.community.name}\n\n{document.summary}\n\n№ {document.reg_index} "
             f"{document.reg_date:%d.%m.%Y}\n",
        from_email=dispatch.community.email or settings.DEFAULT_FROM_EMAIL, to=[dispatch.address])
    for version in current_versions(document):
        message.attach(_exact_file(version, f"{document.pk}-{version.attachment_id}-v{version.number}"
                                            f"{_extension(version.file.name)}"))
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 — any transport failure is recorded on the dispatch
        log.warning("docflow dispatch %s failed: %s", dispatch.pk, type(exc).__name__)
        with transaction.atomic():
            dispatch.failed()
            dispatch.error = type(exc).__name__
            dispatch.save()
        return False
    with transaction.atomic():
        dispatch.delivered()
        dispatch.sent_at = timezone.now()
        dispatch.save()
    return True


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _exact_file(version, filename: str) -> MIMEBase:
    """The version's bytes in base64 whatever its type (text is not re-encoded): the recipient gets the very bytes
    whose SHA-256 was signed."""
    main, _slash, sub = version.content_type.partition("/")
    part = MIMEBase(main or "application", sub or "octet-stream")
    with version.file.open("rb") as handle:
        part.set_payload(handle.read())
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part
