"""The assistant's data: bot configuration per channel, chats and their dialog state, the queue of verified
inbound updates, the outbox of replies, account-link codes, and the staff-edited FAQ.

No workflows here (they are in services.py and engine/); every model inherits CommunityOwned, so tenancy is
structural (InboundUpdate too: the webhook knows the community from the address)."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned
from hromada.core.versioned_cache import CacheVersion


class Channel(models.TextChoices):
    TELEGRAM = "telegram", _("Telegram")
    VIBER = "viber", _("Viber")
    WEB = "web", _("web chat")


# The channels a bot token is configured for (the web chat needs none).
BOT_CHANNELS = (Channel.TELEGRAM, Channel.VIBER)

DEFAULT_API_BASE_URL = {
    Channel.TELEGRAM: "https://api.telegram.org",
    Channel.VIBER: "https://chatapi.viber.com/pa",
}


# The webhooks keep each channel's secret and token in process memory under this version (assistant.webhooks):
# every save or delete of a ChannelConfig bumps it, at once and again after the commit, in every process.
CHANNEL_GATES = CacheVersion("assistant_channel_gate")


class ChannelConfig(CommunityOwned):
    """A community's bot on one channel. The token is kept encrypted (hromada.assistant.tokens, Fernet) or named
    by an environment variable; it is never shown back in full nor logged."""

    channel = models.CharField(_("channel"), max_length=16, choices=[(c.value, c.label) for c in BOT_CHANNELS])
    is_enabled = models.BooleanField(_("enabled"), default=False)
    token_encrypted = models.TextField(_("token (encrypted)"), blank=True, editable=False)
    token_env = models.CharField(
        _("environment variable of the token"), max_length=100, blank=True,
        help_text=_("The NAME of the variable that holds the token, instead of storing the token here."),
    )
    token_last4 = models.CharField(max_length=4, blank=True, editable=False)
    api_base_url = models.URLField(
        _("Bot API base URL"), blank=True,
        help_text=_("Empty: the channel's public API. For a self-hosted Telegram Bot API server, its address."),
    )
    webhook_secret = models.CharField(max_length=64, blank=True, editable=False)
    bot_username = models.CharField(_("bot name"), max_length=100, blank=True)
    webhook_registered_at = models.DateTimeField(_("webhook registered"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("chat channel")
        verbose_name_plural = _("chat channels")
        ordering = ["channel"]
        constraints = [
            models.UniqueConstraint(fields=["community", "channel"], name="assistant_channelconfig_unique"),
        ]

    def __str__(self) -> str:
        return self.get_channel_display()

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._gates_changed()

    def delete(self, *args, **kwargs):
        community_id = self.community_id
        result = super().delete(*args, **kwargs)
        self.community_id = community_id
        self._gates_changed()
        return result

    def _gates_changed(self) -> None:
        community_id = self.community_id
        CHANNEL_GATES.bump(community_id)  # now: this transaction's own later reads
        transaction.on_commit(lambda: CHANNEL_GATES.bump(community_id))  # and after the commit, for everyone

    @property
    def base_url(self) -> str:
        return (self.api_base_url or DEFAULT_API_BASE_URL[Channel(self.channel)]).rstrip("/")


class Chat(CommunityOwned):
    """One conversation with the assistant on one channel: its linked account, language and dialog state."""

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    chat_id = models.CharField(_("chat id"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("linked account"),
    )
    language = models.CharField(_("language"), max_length=8, default="uk")
    active_command = models.CharField(_("active command"), max_length=64, blank=True)
    state = models.JSONField(_("dialog state"), default=dict, blank=True)
    blocked_at = models.DateTimeField(_("blocked the bot"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last message"), null=True, blank=True)

    class Meta:
        verbose_name = _("chat")
        verbose_name_plural = _("chats")
        ordering = ["-last_seen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "channel", "chat_id"], name="assistant_chat_unique"),
        ]
        indexes = [models.Index(fields=["community", "user"], name="assistant_chat_user")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.pk}"


class InboundUpdate(CommunityOwned):
    """A verified update as the channel sent it, queued by the webhook for the engine. A redelivered update (the
    same update id) is dropped by the unique constraint."""

    channel = models.CharField(max_length=16, choices=Channel.choices)
    update_id = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("inbound update")
        verbose_name_plural = _("inbound updates")
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "channel", "update_id"], name="assistant_update_unique"),
        ]
        indexes = [models.Index(fields=["processed_at", "received_at"], name="assistant_update_pending")]


class OutboundStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    DROPPED = "dropped", _("dropped")


class OutboundMessage(CommunityOwned):
    """One reply to send: a serialised engine Reply, delivered by hromada.assistant.tasks with retries."""

    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="outbox")
    reply = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["status", "not_before", "id"], name="assistant_outbox_claim"),
            models.Index(fields=["chat", "status"], name="assistant_outbox_chat"),
        ]


class LinkCode(CommunityOwned):
    """A one-time code that links a chat to a Hromada account; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by_chat = models.ForeignKey(Chat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("link code")
        verbose_name_plural = _("link codes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "code_hash"], name="assistant_linkcode_unique"),
        ]
        indexes = [models.Index(fields=["community", "user"], name="assistant_linkcode_user")]


class FaqTopic(CommunityOwned):
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("FAQ topic")
        verbose_name_plural = _("FAQ topics")
        ordering = ["order", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class FaqEntry(CommunityOwned):
    """A question and its answer (Markdown, rendered with hromada.core.richtext)."""

    topic = models.ForeignKey(FaqTopic, on_delete=models.CASCADE, related_name="entries", verbose_name=_("topic"))
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), max_length=4000,
                              help_text=_("Markdown: paragraphs, lists, links. Kept short: it is sent to chats."))
    keywords = models.CharField(_("keywords"), max_length=500, blank=True,
                                help_text=_("Other words residents use for this, separated by commas."))
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveIntegerField(_("order"), default=100)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["order", "question", "pk"]
        indexes = [models.Index(fields=["community", "is_published", "topic"], name="assistant_faq_published")]

    def __str__(self) -> str:
        return self.question
