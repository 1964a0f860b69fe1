"""Document workflow data: registration journals with their index patterns and per-year sequences, the file plan
(номенклатура справ), registration cards with their links, and attachments with versions. Workflows live in services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Department
from hromada.core.storage import get_private_storage, random_name
from hromada.core.tenancy.models import CommunityOwned


class JournalKind(models.TextChoices):
    INCOMING = "incoming", _("incoming documents")
    OUTGOING = "outgoing", _("outgoing documents")
    INTERNAL = "internal", _("internal documents and orders")
    APPEALS = "appeals", _("citizens' appeals")
    PUBLIC_INFO = "public_info", _("public information requests")


# The `{kind}` placeholder of an index pattern: the letter the office marks a journal's indexes with.
KIND_LETTERS = {
    JournalKind.INCOMING: "В",
    JournalKind.OUTGOING: "Х",
    JournalKind.INTERNAL: "Н",
    JournalKind.APPEALS: "З",
    JournalKind.PUBLIC_INFO: "І",
}


class Status(models.TextChoices):
    """The card's life. Registration (this part) moves draft -> registered; resolutions, routes and sending
    (docflow part 2) drive the rest."""

    DRAFT = "draft", _("draft")
    REGISTERED = "registered", _("registered")
    IN_EXECUTION = "in_execution", _("in execution")
    DONE = "done", _("done")
    SENT = "sent", _("sent")
    CANCELLED = "cancelled", _("cancelled")


class DocumentKind(models.TextChoices):
    LETTER = "letter", _("letter")
    ORDER = "order", _("order")
    DECISION = "decision", _("decision")
    MEMO = "memo", _("memo")
    APPEAL = "appeal", _("citizen's appeal")
    PETITION = "petition", _("electronic petition")
    INFO_REQUEST = "info_request", _("public information request")
    ACT = "act", _("act or protocol")
    OTHER = "other", _("other")


class Access(models.TextChoices):
    PUBLIC = "public", _("no restriction")
    OFFICIAL_USE = "official_use", _("for official use (ДСК)")
    PERSONAL_DATA = "personal_data", _("contains personal data")


class LinkKind(models.TextChoices):
    REPLY_TO = "reply_to", _("reply to")
    INITIATED_BY = "initiated_by", _("initiated by")
    RELATED = "related", _("related")


class Journal(CommunityOwned):
    """A registration journal: its documents are numbered by `index_pattern` with a sequence per year."""

    kind = models.CharField(_("kind"), max_length=20, choices=JournalKind.choices)
    title = models.CharField(_("title"), max_length=200)
    index_pattern = models.CharField(_("index pattern"), max_length=100, default="{seq}",
                                     help_text=_("Placeholders: {seq}, {year}, {yy}, {dept}, {case}, {kind}."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration journal")
        verbose_name_plural = _("registration journals")
        ordering = ["kind", "title", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "title"], name="docflow_journal_title_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def letter(self) -> str:
        return KIND_LETTERS.get(self.kind, "")


class JournalSequence(CommunityOwned):
    """The last number given in a journal in a year: incremented inside the registering transaction, so numbers
    are gapless and a rolled-back registration gives its number back."""

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="sequences")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["journal", "year"], name="docflow_sequence_unique")]


class FilePlanCase(CommunityOwned):
    """A case (справа) of the year's file plan: where registered documents are filed."""

    year = models.PositiveSmallIntegerField(_("year"))
    index = models.CharField(_("case index"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    retention = models.CharField(_("retention period"), max_length=200, blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("department"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("file plan case")
        verbose_name_plural = _("file plan cases")
        ordering = ["-year", "index", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "year", "index"], name="docflow_case_unique")]

    def __str__(self) -> str:
        return f"{self.index} {self.title}"


class NewestFirst(Func):
    """`COALESCE(column, top)`: a draft (no year, no number yet) sorts above every number, so a journal reads drafts
    first, then the newest numbers, in the order of one index on both databases (SQLite's `DESC NULLS FIRST` has no
    index that gives it). `top` is written into the SQL, not bound: SQLite uses an expression index only for the
    very same expression, and a parameter is not the literal the index was built with."""

    function = "COALESCE"
    template = "%(function)s(%(expressions)s, %(top)d)"

    def __init__(self, column: str, top: int, **extra):
        super().__init__(F(column), top=int(top), **extra)


YEAR_TOP = 32767  # above every year a PositiveSmallIntegerField holds
NUMBER_TOP = 2147483647  # above every number a PositiveIntegerField holds


def journal_order() -> list:
    """A journal's cards: drafts first, then the newest numbers (the docflow_doc_journal_newest index's order)."""
    return [NewestFirst("reg_year", YEAR_TOP).desc(), NewestFirst("reg_number", NUMBER_TOP).desc(), F("id").desc()]


class Document(CommunityOwned):
    """The registration card with the requisites of the standard instruction on records (CMU Resolution 55)."""

    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="documents",
                                verbose_name=_("journal"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField(_("document kind"), max_length=20, choices=DocumentKind.choices,
                            default=DocumentKind.LETTER)
    correspondent_org = models.CharField(_("correspondent (organisation)"), max_length=300, blank=True)
    correspondent_name = models.CharField(_("correspondent (person)"), max_length=200, blank=True)
    correspondent_index = models.CharField(_("correspondent's index"), max_length=60, blank=True)
    correspondent_date = models.DateField(_("correspondent's date"), null=True, blank=True)
    received_date = models.DateField(_("received"), null=True, blank=True)
    reg_index = models.CharField(_("registration index"), max_length=100, blank=True)
    reg_date = models.DateField(_("registration date"), null=True, blank=True)
    reg_year = models.PositiveSmallIntegerField(_("registration year"), null=True, blank=True)
    reg_number = models.PositiveIntegerField(_("sequence number"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    summary = models.TextField(_("summary"))
    sheets = models.PositiveIntegerField(_("sheets"), default=1)
    attachment_sheets = models.PositiveIntegerField(_("attachments (sheets)"), default=0)
    access = models.CharField(_("access restriction"), max_length=20, choices=Access.choices,
                              default=Access.PUBLIC)
    case = models.ForeignKey(FilePlanCase, null=True, blank=True, on_delete=models.PROTECT, related_name="documents",
                             verbose_name=_("case"))
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("responsible department"))
    under_control = models.BooleanField(_("under control"), default=False)
    control_deadline = models.DateField(_("control deadline"), null=True, blank=True)
    # The index, correspondent and summary casefolded with single spaces: the journal's word search reads it
    # (SQLite's LIKE folds only ASCII; folding once on write makes Cyrillic search alike on both databases).
    search_text = models.TextField(blank=True, editable=False)
    # A card another capability created (an appeal, a petition): its app label and its own id, as text.
    source_app = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["journal", "reg_year", "reg_number"], condition=Q(reg_number__isnull=False),
                                    name="docflow_document_number_unique"),
            models.UniqueConstraint(fields=["journal", "reg_year", "reg_index"], condition=~Q(reg_index=""),
                                    name="docflow_document_index_unique"),
            models.UniqueConstraint(fields=["community", "source_app", "source_id"], condition=~Q(source_app=""),
                                    name="docflow_document_source_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "cancelled"])
                | Q(reg_number__isnull=False, reg_year__isnull=False, reg_date__isnull=False),
                name="docflow_document_registered_has_number"),
        ]
        indexes = [
            # The journal's order (journal_order): a page of a search walks it and stops at the page's end.
            models.Index(F("community"), F("journal"), *journal_order(), name="docflow_doc_journal_newest"),
            # An index and the indexes beginning with it; on PostgreSQL the pattern operator class lets `LIKE 'q%'`
            # read it under any collation (the default one sorts by language rules, so a prefix is no range).
            models.Index(fields=["community", "journal", "reg_index"], name="docflow_doc_reg_index",
                         opclasses=["int8_ops", "int8_ops", "varchar_pattern_ops"]),
            models.Index(fields=["community", "status", "created_at"]),
            models.Index(fields=["community", "department", "under_control", "control_deadline"]),
        ]

    def __str__(self) -> str:
        return self.reg_index or str(_("draft"))

    @property
    def correspondent(self) -> str:
        return ", ".join(part for part in (self.correspondent_org, self.correspondent_name) if part)

    @property
    def is_registered(self) -> bool:
        return self.reg_number is not None


class DocumentLink(CommunityOwned):
    """`from_document` is a reply to, was initiated by, or is related to `to_document`."""

    from_document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_out")
    to_document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("link"), max_length=20, choices=LinkKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["from_document", "to_document", "kind"], name="docflow_link_unique"),
            models.CheckConstraint(condition=~Q(from_document=models.F("to_document")), name="docflow_link_not_self"),
        ]


class Attachment(CommunityOwned):
    """A file of a card (the scan, an annex, the answer's draft); each upload of it is a new version."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


def _version_path(instance, filename: str) -> str:
    return random_name("docflow", filename)


class AttachmentVersion(CommunityOwned):
    """One version of an attachment in private storage, with its SHA-256 (what a signature will refer to)."""

    attachment = models.ForeignKey(Attachment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to=_version_path, storage=get_private_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    # The file's text (plain text, a PDF's text layer, a DOCX/ODT body) casefolded for the search; "" for scans.
    extracted_text = models.TextField(blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attachment_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["attachment", "number"], name="docflow_version_unique")]


# Resolutions, approval routes, signatures, dispatches and control (docflow part 2) live in their own module.
# Email intake and public information requests (docflow part 3) live in their own packages.
from .intake.models import IntakeMailbox, IntakeMessage  # noqa: E402,F401
from .models_execution import *  # noqa: E402,F403
from .public_info.models import InfoRequest  # noqa: E402,F401
