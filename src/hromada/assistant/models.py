"""Assistant: the data of the capability, owned by a community; no workflows here (they are in services).

Every model of a capability inherits CommunityOwned, so tenancy is structural."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned


class ChatBot(CommunityOwned):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("chat_bot")
        verbose_name_plural = _("chat_bots")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
