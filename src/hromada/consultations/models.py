"""E-consultations: the consultation, its numbered paragraphs and documents, residents' proposals with their
answers, supports (one per person, enforced by the database) and followers. Workflows live in services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hromada.core.identity.models import Department
from hromada.core.storage import random_name
from hromada.core.tenancy.models import CommunityOwned


class Kind(models.TextChoices):
    DECISION = "decision", _("draft decision")
    PROGRAMME = "programme", _("programme")
    RULE = "rule", _("rule")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for proposals")
    CLOSED = "closed", _("closed, answers being prepared")
    REPORTED = "reported", _("report published")


PUBLIC_STATUSES = (Status.OPEN, Status.CLOSED, Status.REPORTED)


class IdentityRule(models.IntegerChoices):
    """Who may propose and support: the level of core.identity.models.IdentityLevel the consultation asks."""

    SIGNED_IN = 0, _("any signed-in person")
    EMAIL = 1, _("verified email")
    STRONG = 2, _("strong identity")


class ProposalKind(models.TextChoices):
    COMMENT = "comment", _("comment")
    WORDING = "wording", _("new wording")


class Answer(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("consultation answer", "accepted")
    PARTLY = "partly", pgettext_lazy("consultation answer", "partly accepted")
    REJECTED = "rejected", pgettext_lazy("consultation answer", "rejected")


class Consultation(CommunityOwned):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    summary = models.TextField(_("summary"), blank=True, max_length=2000)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("responsible department"))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    required_identity_level = models.PositiveSmallIntegerField(_("who may take part"), choices=IdentityRule.choices,
                                                               default=IdentityRule.EMAIL)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Where the draft came from when another capability opened it ("council:motion:12"); empty otherwise.
    source = models.CharField(_("source"), max_length=100, blank=True)
    # Lowercased title and summary: SQLite's LIKE folds ASCII only, so Cyrillic search needs a folded copy.
    search_text = models.TextField(editable=False, default="")
    proposal_count = models.PositiveIntegerField(_("proposals"), default=0)
    report_summary = models.TextField(_("report summary"), blank=True, max_length=10_000)
    report_published_at = models.DateTimeField(_("report published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["community", "status", "-opens_at"], name="consultation_status_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                              name="consultation_period_in_order")]

    def __str__(self) -> str:
        return self.title


class Paragraph(CommunityOwned):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField(pgettext_lazy("paragraph", "number"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="consultation_paragraph_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


def document_path(instance, filename: str) -> str:
    """A random name under the public MEDIA_ROOT (served at /media/); `Document.name` is what people see."""
    return random_name(f"consultations/{instance.community_id}/{instance.consultation_id}", filename)


class Document(CommunityOwned):
    """A public document of the consultation (the draft as adopted, an explanatory note, a map): a validated
    upload (core.uploads) or a link to a public page."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    size = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url


class Proposal(CommunityOwned):
    """A comment on a paragraph, a new wording for it, or a new paragraph after paragraph N (paragraph empty,
    after_number set; 0 = before the first). Hidden proposals stay listed as hidden, with the reason."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="proposals")
    paragraph = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals")
    after_number = models.PositiveIntegerField(_("new paragraph after"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProposalKind.choices)
    text = models.TextField(_("text"), max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    answer_reason = models.TextField(_("reason"), blank=True, max_length=5000)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("answered by"))

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["pk"]
        indexes = [models.Index(fields=["consultation", "answer", "is_hidden"], name="consultation_proposal_idx")]
        constraints = [models.CheckConstraint(
            condition=models.Q(paragraph__isnull=False, after_number__isnull=True)
            | models.Q(paragraph__isnull=True, after_number__isnull=False, kind="wording"),
            name="consultation_proposal_place")]

    def __str__(self) -> str:
        return self.text[:60]


class Support(CommunityOwned):
    """One person's support for a proposal; the database keeps it one per person and proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="consultation_support_one_per_person")]


class Follower(CommunityOwned):
    """A person told about the consultation's report (besides those who proposed or supported)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "user"], name="consultation_follower_unique")]
