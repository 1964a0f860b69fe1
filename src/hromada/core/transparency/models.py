"""The log's rows, per community: pending events (the outbox), leaves, complete subtrees and signed tree heads.

Leaves and subtrees are written only by `services.transparency_append`, in the transaction that deletes the
pending rows they came from; the tree size lives in `TransparencyLog`, locked by that transaction."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import Community, CommunityOwned

# Every table here inherits CommunityOwned but PROTECTs its community: a log is never deleted with a cascade.

# A stored subtree's key: level in the high bits, its index at that level in the low ones (one indexed column).
INDEX_BITS = 40


def node_key(level: int, index: int) -> int:
    return (level << INDEX_BITS) | index


class TransparencyLog(CommunityOwned):
    """How far the tree of one community has grown (the row every append locks)."""

    community = models.OneToOneField(Community, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("community"))
    size = models.BigIntegerField(_("tree size"), default=0)

    class Meta:
        verbose_name = _("transparency log")
        verbose_name_plural = _("transparency logs")

    def __str__(self) -> str:
        return f"{self.community_id}: {self.size}"


class PendingEntry(CommunityOwned):
    """An event recorded by a committed service and not yet in the tree; the id is the order of appending."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    leaf = models.TextField(_("leaf"))  # the canonical JSON, fixed when the event happened

    class Meta:
        verbose_name = _("pending log entry")
        verbose_name_plural = _("pending log entries")
        indexes = [models.Index(fields=["community", "id"])]


class Leaf(CommunityOwned):
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    index = models.BigIntegerField(_("index"))
    leaf_input = models.BinaryField(_("leaf"))
    leaf_hash = models.BinaryField(_("leaf hash"), max_length=32)

    class Meta:
        verbose_name = _("log leaf")
        verbose_name_plural = _("log leaves")
        constraints = [models.UniqueConstraint(fields=["community", "index"], name="transparency_leaf_position")]
        indexes = [models.Index(fields=["community", "leaf_hash"], name="transparency_leaf_hash")]


class Subtree(CommunityOwned):
    """The hash of a complete subtree of two or more leaves (level >= 1), written when its last leaf appends."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    key = models.BigIntegerField(_("level and index"))
    hash = models.BinaryField(_("hash"), max_length=32)

    class Meta:
        verbose_name = _("log subtree")
        verbose_name_plural = _("log subtrees")
        constraints = [models.UniqueConstraint(fields=["community", "key"], name="transparency_subtree_position")]


class TreeHead(CommunityOwned):
    """A signed tree head (RFC 6962 section 3.5), as get-sth serves it."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    tree_size = models.BigIntegerField(_("tree size"))
    timestamp = models.BigIntegerField(_("timestamp (ms)"))
    root_hash = models.BinaryField(_("root hash"), max_length=32)
    signature = models.BinaryField(_("signature"))

    class Meta:
        verbose_name = _("signed tree head")
        verbose_name_plural = _("signed tree heads")
        ordering = ["-timestamp"]
        constraints = [models.UniqueConstraint(fields=["community", "timestamp"], name="transparency_head_time")]
        indexes = [models.Index(fields=["community", "-timestamp"], name="transparency_head_latest")]

    def __str__(self) -> str:
        return f"{self.tree_size} @ {self.timestamp}"
