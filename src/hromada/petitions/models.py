"""Petitions, their categories, signatures (one per person, enforced by the database), the sharded
signature counter, and answer attachments. Workflows live in services.py, never here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.counters import CounterShard, ShardedCounter
from hromada.core.identity.models import Department
from hromada.core.storage import random_name
from hromada.core.tenancy.models import CommunityOwned

# Signers add one to a random shard, so concurrent signatures rarely wait on the same counter row.
COUNTER_SHARDS = 16


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("awaiting moderation")
    COLLECTING = "collecting", _("collecting signatures")
    REJECTED = "rejected", _("rejected")
    THRESHOLD_REACHED = "threshold_reached", _("under consideration")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed without enough signatures")


# A petition refused publication is seen by its authors (with the reason) and the moderators only: it never
# went public, so neither it nor its author's name is listed, fed, exported or found as "similar".
PUBLIC_STATUSES = (Status.COLLECTING, Status.THRESHOLD_REACHED, Status.ANSWERED, Status.CLOSED)


class Decision(models.TextChoices):
    SUPPORTED = "supported", _("supported")
    PARTLY = "partly", _("partly supported")
    NOT_SUPPORTED = "not_supported", _("not supported")


class Category(CommunityOwned):
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("petition category")
        verbose_name_plural = _("petition categories")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="petition_category_unique")]

    def __str__(self) -> str:
        return self.name


class Petition(CommunityOwned):
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=10_000)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="petitions",
        verbose_name=_("category"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="petitions_authored",
        verbose_name=_("author"),
    )
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="petitions_coauthored", verbose_name=_("co-authors")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Lowercased title and text: SQLite's LIKE folds ASCII only, so Cyrillic search needs a folded copy.
    search_text = models.TextField(editable=False, default="")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    moderation_deadline = models.DateTimeField(_("moderation deadline"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    collection_ends_at = models.DateTimeField(_("collection ends"), null=True, blank=True)
    threshold = models.PositiveIntegerField(_("signatures needed"), default=0)
    required_identity_level = models.PositiveSmallIntegerField(_("identity level to sign"), default=2)
    threshold_reached_at = models.DateTimeField(_("threshold reached"), null=True, blank=True)
    consideration_deadline = models.DateTimeField(_("consideration deadline"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("overdue flagged"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    final_signature_count = models.PositiveIntegerField(_("signatures at closing"), null=True, blank=True)

    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=200, blank=True)
    rejection_comment = models.TextField(_("rejection comment"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        verbose_name=_("duplicate of"),
    )

    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("responsible department"),
    )
    answer_text = models.TextField(_("answer"), blank=True)
    answer_decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "status", "-published_at"], name="petition_status_idx"),
            models.Index(fields=["community", "status", "collection_ends_at"], name="petition_ending_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_class(self) -> str:
        """The CSS badge of the status."""
        return {Status.COLLECTING: "status-ok", Status.THRESHOLD_REACHED: "status-warn", Status.ANSWERED: "status-ok",
                Status.REJECTED: "status-danger"}.get(self.status, "")


class SignatureCounterShard(CounterShard):
    """One of COUNTER_SHARDS partial counts of a petition's signatures; their sum is the public count."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="counter_shards")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "shard"], name="petition_counter_shard_unique")]


# The public count of each petition (core.counters: sharded, summed on read).
SIGNATURES = ShardedCounter(SignatureCounterShard, owner="petition_id", shards=COUNTER_SHARDS)


class Signature(CommunityOwned):
    """A signature. Two database rules make it one per person: (petition, user) and, when the signer has a
    verified identity, (petition, identity_hash), so one person with two accounts still signs once."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="petition_signatures")
    public_name = models.CharField(_("name shown publicly"), max_length=200)
    identity_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["petition", "user"], name="petition_signature_one_per_user"),
            models.UniqueConstraint(
                fields=["petition", "identity_hash"], condition=models.Q(identity_hash__isnull=False),
                name="petition_signature_one_per_person",
            ),
        ]
        indexes = [models.Index(fields=["petition", "created_at"], name="petition_signature_time_idx")]

    def __str__(self) -> str:
        return self.public_name


def attachment_path(instance, filename: str) -> str:
    """A random name under the public MEDIA_ROOT (served at /media/); `Attachment.name` is what people see."""
    return random_name(f"petitions/{instance.community_id}/{instance.petition_id}", filename)


class Attachment(CommunityOwned):
    """A file attached to the council's answer (public, like the answer itself)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer attachment")
        verbose_name_plural = _("answer attachments")

    def __str__(self) -> str:
        return self.name
