"""Email intake data: the office addresses a community takes mail at, and one row per message taken in (the key
that makes a re-delivered message a no-op, the sender, and the attachments that were refused)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned


class IntakeMailbox(CommunityOwned):
    """An address of the community's office: mail to it becomes a draft in `journal` (an incoming journal)."""

    address = models.EmailField(_("address"), max_length=254, unique=True)
    journal = models.ForeignKey("docflow.Journal", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("journal"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("office mailbox")
        verbose_name_plural = _("office mailboxes")
        ordering = ["address"]

    def __str__(self) -> str:
        return self.address


class IntakeMessage(CommunityOwned):
    """A message the gateway took in and the draft card made of it. `message_key` is the SHA-256 of the
    Message-ID (of the whole message when it has none): the same letter delivered twice is one card."""

    mailbox = models.ForeignKey(IntakeMailbox, on_delete=models.PROTECT, related_name="messages")
    message_key = models.CharField(max_length=64)
    message_id = models.CharField(max_length=255, blank=True)
    document = models.OneToOneField("docflow.Document", on_delete=models.CASCADE, related_name="intake")
    sender_address = models.EmailField(_("sender's address"), max_length=254, blank=True)
    # [{"name": file name, "reason": why it was not attached}], shown on the card for the clerk.
    refused = models.JSONField(default=list, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["community", "message_key"], name="docflow_intake_once")]
