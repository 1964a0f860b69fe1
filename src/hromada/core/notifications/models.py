"""Notification (one message to one person) and NotificationPreference (per capability and channel)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import Community


class EmailStatus(models.TextChoices):
    NONE = "none", _("no email")
    PENDING = "pending", _("to be sent")
    DIGEST = "digest", _("waiting for the digest")
    # Claimed by a worker (email_claimed_at says when): a claim older than the task lease is retried.
    SENDING = "sending", _("being sent")
    DIGESTING = "digesting", _("being sent in a digest")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class ChatStatus(models.TextChoices):
    """The chat channel's delivery (Telegram, Viber: the notification_channel of an enabled manifest)."""

    NONE = "none", _("no chat message")
    PENDING = "pending", _("to be sent")
    # Claimed by a worker (chat_claimed_at says when): a claim older than the task lease is retried.
    SENDING = "sending", _("being sent")
    SENT = "sent", _("handed to the chat")
    FAILED = "failed", _("failed")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("at once")
    DAILY = "daily", _("daily digest")
    NEVER = "never", _("never")


class Notification(models.Model):
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(_("event"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    in_app = models.BooleanField(default=True)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    chat_status = models.CharField(max_length=10, choices=ChatStatus.choices, default=ChatStatus.NONE)
    chat_attempts = models.PositiveSmallIntegerField(default=0)
    chat_claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["email_status", "user"]),
            models.Index(fields=["chat_status", "created_at"], name="notification_chat_pending"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """Per user and capability (the first part of the event code, e.g. "petitions"): in the profile, by email
    and, where the community offers a chat channel and the person linked a chat, in the chat."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    category = models.CharField(_("capability"), max_length=50)
    in_app = models.BooleanField(_("in the profile"), default=True)
    email = models.CharField(_("email"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    # Empty: the default (at once, or never for low-priority news); a chat has no digest, so "daily" is refused.
    chat = models.CharField(_("chat"), max_length=10, blank=True,
                            choices=[(Delivery.IMMEDIATE, Delivery.IMMEDIATE.label), (Delivery.NEVER, Delivery.NEVER.label)])

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="notification_pref_unique")]
