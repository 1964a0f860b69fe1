"""Requests for public information: who asked (kept private), what the public register shows, the terms (5
working days, 20 with an extension) and the answer or the refusal with its ground in law."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned


class InfoRequestStatus(models.TextChoices):
    PENDING = "pending", _("in processing")
    EXTENDED = "extended", _("term extended")
    ANSWERED = "answered", _("answered")
    REFUSED = "refused", _("refused")


OPEN_STATUSES = (InfoRequestStatus.PENDING, InfoRequestStatus.EXTENDED)


class RefusalGround(models.TextChoices):
    """The grounds of article 22 part 1 of the Law "On Access to Public Information"."""

    NOT_HOLDER = "not_holder", _("the office does not hold the information and is not obliged to (art. 22, p. 1, cl. 1)")
    RESTRICTED = "restricted", _("the information is of restricted access (art. 22, p. 1, cl. 2)")
    COSTS_UNPAID = "costs_unpaid", _("the costs of copying or printing are not paid (art. 22, p. 1, cl. 3)")
    REQUEST_INVALID = "request_invalid", _("the request lacks what art. 19, p. 5 requires (art. 22, p. 1, cl. 4)")


class ReplyBy(models.TextChoices):
    EMAIL = "email", _("by email")
    POST = "post", _("by post")


class InfoRequest(CommunityOwned):
    """One request. The requester's name, contacts and text are personal data: only the requester (signed in or
    through the link of the confirmation email) and the office see them; the register shows `summary` only."""

    document = models.OneToOneField("docflow.Document", on_delete=models.PROTECT, related_name="info_request")
    summary = models.CharField(_("subject"), max_length=300)
    # The subject casefolded: the public register's word search (never the requester's name or text).
    summary_folded = models.CharField(max_length=300, editable=False)
    text = models.TextField(_("request"))
    requester_name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=500, blank=True)
    reply_by = models.CharField(_("reply"), max_length=10, choices=ReplyBy.choices, default=ReplyBy.EMAIL)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    # With SECRET_KEY this makes the link of the confirmation email (hromada.docflow.public_info.links).
    link_nonce = models.CharField(max_length=32)
    status = models.CharField(_("status"), max_length=20, choices=InfoRequestStatus.choices,
                              default=InfoRequestStatus.PENDING)
    received_at = models.DateTimeField(_("received"))
    deadline = models.DateField(_("answer due"))
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_at = models.DateTimeField(_("extended"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    refusal_ground = models.CharField(_("refusal ground"), max_length=20, choices=RefusalGround.choices, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("public information request")
        verbose_name_plural = _("public information requests")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["community", "status", "deadline"]),
                   models.Index(fields=["community", "received_at"]),
                   models.Index(fields=["community", "requester"])]
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(postal_address=""), name="docflow_info_contact"),
            models.CheckConstraint(condition=Q(status="refused", refusal_ground__gt="") | ~Q(status="refused"),
                                   name="docflow_info_refusal_ground"),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
