"""Appeals data: categories (service types), areas and routing rules, appeals with photos, history,
followers, internal notes, response documents and templates. Workflows live in the services package."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Department
from hromada.core.storage import get_private_storage, random_name
from hromada.core.tenancy.models import CommunityOwned

# The name the first migration refers to; photos and documents live in the kernel's private storage.
_private_storage = get_private_storage


class TermKind(models.TextChoices):
    DAYS_15 = "days15", _("15 days (no extra study needed)")
    ONE_MONTH = "month", _("one month")
    PUBLIC_INFO = "public_info", _("public information request: 5 working days")


class Status(models.TextChoices):
    REGISTERED = "registered", _("registered")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    ANSWERED = "answered", _("answered")
    REJECTED = "rejected", _("rejected")
    REDIRECTED = "redirected", _("redirected")
    CLOSED = "closed", _("closed")


OPEN_STATUSES = (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS)
DONE_STATUSES = (Status.ANSWERED, Status.REJECTED, Status.REDIRECTED, Status.CLOSED)


class Kind(models.TextChoices):
    """The kinds of appeal the law names (art. 3): a registration card records which one it is."""

    STATEMENT = "statement", _("statement (a problem to solve)")
    PROPOSAL = "proposal", _("proposal")
    COMPLAINT = "complaint", _("complaint")


class Source(models.TextChoices):
    WEB = "web", _("web form")
    API = "api", _("JSON API")
    OPEN311 = "open311", _("Open311")
    STAFF = "staff", _("registered by staff")
    CHATBOT = "chatbot", _("chatbot")  # the assistant's chat: Telegram, Viber or the web chat


class Channel(models.TextChoices):
    """How the appeal reached the council (the registration card records it)."""

    WEB = "web", _("website or app")
    PHONE = "phone", _("phone (hotline)")
    IN_PERSON = "in_person", _("in person (administrative services centre)")
    EMAIL = "email", _("email")
    LETTER = "letter", _("letter")


class ReplyBy(models.TextChoices):
    """How the resident wants to hear back."""

    ONLINE = "online", _("on the website and by email")
    EMAIL = "email", _("by email")
    PHONE = "phone", _("by phone")
    LETTER = "letter", _("by letter to the postal address")
    PRINTED = "printed", _("a printed answer, collected in person")


class Category(CommunityOwned):
    """A kind of problem residents report (the Open311 service), with its statutory term."""

    code = models.SlugField(_("code"), max_length=60, help_text=_("Open311 service_code"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True, help_text=_("comma-separated"))
    term_kind = models.CharField(_("statutory term"), max_length=20, choices=TermKind.choices,
                                 default=TermKind.DAYS_15)
    public_by_default = models.BooleanField(_("public by default"), default=True)
    attributes = models.JSONField(
        _("extra questions (Open311 attributes)"), default=list, blank=True,
        help_text=_('A list of {"code", "description", "datatype", "required", "values": [{"key", "name"}]}'),
    )
    fallback_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("department when no area rule matches"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("appeal category")
        verbose_name_plural = _("appeal categories")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "code"], name="appeals_category_code_unique")]

    def __str__(self) -> str:
        return self.name


class Area(CommunityOwned):
    """A district or service zone: a GeoJSON (Multi)Polygon that routing rules refer to."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, default="district",
                            help_text=_("e.g. district, service zone"))
    geometry = models.JSONField(_("geometry (GeoJSON Polygon or MultiPolygon)"))
    priority = models.IntegerField(_("priority"), default=0,
                                   help_text=_("when areas overlap, the higher priority wins"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["-priority", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="appeals_area_name_unique")]

    def __str__(self) -> str:
        return self.name


class AreaSetVersion(CommunityOwned):
    """Replaced by every area write, so every process rebuilds its in-memory routing index. A random
    token rather than a counter: a recreated community (or a test database reusing ids) never matches."""

    version = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community"], name="appeals_area_version_unique")]


class RoutingRule(CommunityOwned):
    """(category, area) -> department. A rule without an area is the category's rule for the rest."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rules",
                                 verbose_name=_("category"))
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE, related_name="rules",
                             verbose_name=_("area"))
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("responsible department"))

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "area"], name="appeals_rule_unique"),
            models.UniqueConstraint(fields=["category"], condition=models.Q(area__isnull=True),
                                    name="appeals_rule_category_default_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category} / {self.area or '*'} → {self.department}"


class RegistrationCounter(CommunityOwned):
    """The last registration number issued in a community in a year (row-locked while issuing)."""

    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "year"], name="appeals_counter_unique")]


class Appeal(CommunityOwned):
    """One citizen's appeal (звернення): where, what, who answers by when, and what happened."""

    registration_index = models.CharField(_("registration index"), max_length=30)
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="appeals",
                                 verbose_name=_("category"))
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("area"))
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("responsible department"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("process owner"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    # Contact details as given with this appeal (Open311 clients file for someone else).
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    is_public = models.BooleanField(_("public"), default=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.WEB)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STATEMENT)
    is_repeated = models.BooleanField(
        _("repeated"), default=False,
        help_text=_("the same author, category and place as an earlier appeal that was already answered"))
    description = models.TextField(_("description"), max_length=4000)
    address = models.CharField(_("address"), max_length=300, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    attributes = models.JSONField(_("answers to extra questions"), default=dict, blank=True)
    created_at = models.DateTimeField(_("registered at"))
    updated_at = models.DateTimeField(_("updated at"))
    due_at = models.DateTimeField(_("due"))
    extended = models.BooleanField(_("term extended"), default=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    response_text = models.TextField(_("response"), blank=True)
    reason = models.TextField(_("reason"), blank=True, help_text=_("why it was rejected or redirected"))
    redirected_to = models.CharField(_("redirected to"), max_length=300, blank=True)
    # Filed for a resident by staff (the hotline, the administrative services centre): how it came, who wrote
    # it down, that the resident agreed to the processing of their data, and how they want the answer.
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("registered by"))
    consent_noted = models.BooleanField(_("consent to data processing noted"), default=False)
    reply_by = models.CharField(_("answer by"), max_length=20, choices=ReplyBy.choices, default=ReplyBy.ONLINE)
    postal_address = models.CharField(_("postal address"), max_length=300, blank=True)
    # The resident's word on the answer.
    rating = models.PositiveSmallIntegerField(_("rating of the answer"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the answer"), blank=True, max_length=1000)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["community", "registration_index"], name="appeals_index_unique"),
        ]
        indexes = [
            models.Index(fields=["community", "is_public", "status", "created_at"]),
            models.Index(fields=["community", "department", "status", "due_at"]),
            models.Index(fields=["community", "category", "status"]),
            models.Index(fields=["community", "lat", "lon"]),
            models.Index(fields=["community", "updated_at"]),
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.registration_index

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def _photo_path(instance, filename: str) -> str:
    return random_name(f"appeals/{instance.community_id}/photos", extension=".jpg")


def _document_path(instance, filename: str) -> str:
    return random_name(f"appeals/{instance.community_id}/documents", extension=instance.extension)


def _draft_path(instance, filename: str) -> str:
    return random_name(f"appeals/{instance.community_id}/drafts", extension=".jpg")


class AppealPhoto(CommunityOwned):
    """A photo re-encoded as JPEG without EXIF/GPS, stored privately under a random name; served only
    through a permission-checked view. `thumbnail` is a small rendition for lists and the appeal page."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=_photo_path, storage=get_private_storage, max_length=200)
    thumbnail = models.FileField(upload_to=_photo_path, storage=get_private_storage, max_length=200, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class DraftPhoto(CommunityOwned):
    """A photo attached to a form that was not accepted yet: kept privately for a day, so a resident whose
    form came back with an error does not attach it again. Only its owner sees it or files it, by token."""

    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=_draft_path, storage=get_private_storage, max_length=200)
    thumbnail = models.FileField(upload_to=_draft_path, storage=get_private_storage, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["community", "owner", "created_at"])]


class AppealDocument(CommunityOwned):
    """A document attached to an answer (PDF or image), served through a permission-checked view."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_document_path, storage=get_private_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    @property
    def extension(self) -> str:
        return ".pdf" if self.content_type == "application/pdf" else ".jpg"


class AppealEvent(CommunityOwned):
    """One line of an appeal's public history (the audit log keeps the full record)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    kind = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]


class AppealFollower(CommunityOwned):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["appeal", "user"], name="appeals_follower_unique")]


class InternalNote(CommunityOwned):
    """A note staff leave for each other; never shown to residents."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ResponseTemplate(CommunityOwned):
    """Reusable answer text, optionally for one category."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=4000)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("category"))

    class Meta:
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
