"""Publishers, themes, templates, datasets with the Resolution 835 passport, resources and their versions.

Also the datastore table of each tabular version (which doubles as its load job) and subscriptions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Department
from hromada.core.storage import get_private_storage, random_name
from hromada.core.tenancy.models import CommunityOwned

TITLE_MAX = 254
DESCRIPTION_MAX = 4000
PURPOSE_MAX = 512


class UpdateFrequency(models.TextChoices):
    """The codes data.gov.ua stores in `update_frequency`, exactly."""

    MORE_THAN_DAILY = "more than once a day", _("more than once a day")
    DAILY = "once a day", _("once a day")
    WEEKLY = "once a week", _("once a week")
    MONTHLY = "once a month", _("once a month")
    QUARTERLY = "once a quarter", _("once a quarter")
    HALF_YEARLY = "once a half year", _("once a half year")
    YEARLY = "once a year", _("once a year")
    ON_CHANGE = "immediately after making changes", _("immediately after making changes")


class PublisherKind(models.TextChoices):
    COUNCIL = "council", _("council")
    DEPARTMENT = "department", _("department")
    ENTERPRISE = "enterprise", _("municipal enterprise")
    PLATFORM = "platform", _("platform (automatic)")


class Publisher(CommunityOwned):
    """A CKAN organization: the council, a department or a municipal enterprise."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.SlugField(_("short name (URL)"), max_length=100, allow_unicode=False)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PublisherKind.choices, default=PublisherKind.DEPARTMENT)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("department whose officials publish"),
    )
    edrpou = models.CharField(_("EDRPOU code"), max_length=8, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("publisher")
        verbose_name_plural = _("publishers")
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="opendata_publisher_name_unique")]

    def __str__(self) -> str:
        return self.title


class Theme(CommunityOwned):
    """A CKAN group: a theme datasets are filed under (budget, transport, education ...)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.SlugField(_("short name (URL)"), max_length=100)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="opendata_theme_name_unique")]

    def __str__(self) -> str:
        return self.title


class Tag(CommunityOwned):
    name = models.CharField(_("keyword"), max_length=100)

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="opendata_tag_name_unique")]

    def __str__(self) -> str:
        return self.name


class DatasetTemplate(models.Model):
    """A Table Schema for a common local dataset, defined once and reused by every community."""

    slug = models.SlugField(_("code"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    table_schema = models.JSONField(_("Table Schema"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dataset template")
        verbose_name_plural = _("dataset templates")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Dataset(CommunityOwned):
    """A CKAN package carrying the passport of Resolution 835 and data.gov.ua's extra fields."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.SlugField(_("identifier (URL)"), max_length=100)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT, related_name="datasets",
                                  verbose_name=_("publisher"))
    legal_basis = models.TextField(_("legal basis"), max_length=DESCRIPTION_MAX, blank=True)
    purpose = models.CharField(_("purpose of collecting the information"), max_length=PURPOSE_MAX, blank=True)
    language = models.CharField(_("language"), max_length=8, default="ua")
    update_frequency = models.CharField(_("update frequency"), max_length=40, choices=UpdateFrequency.choices,
                                        default=UpdateFrequency.MONTHLY)
    maintainer = models.CharField(_("responsible person"), max_length=200)
    maintainer_email = models.EmailField(_("responsible person's email"))
    license_id = models.CharField(_("licence"), max_length=40, default="cc-by-4.0")
    private = models.BooleanField(_("private"), default=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="datasets", verbose_name=_("keywords"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="datasets", verbose_name=_("themes"))
    template = models.ForeignKey(DatasetTemplate, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="datasets", verbose_name=_("template"))
    live_export = models.CharField(_("live export"), max_length=120, blank=True,
                                   help_text=_("capability.export of a dataset refreshed by the platform"))
    actuality_date = models.DateField(_("date of actuality"), null=True, blank=True)
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    last_published_at = models.DateTimeField(_("last published"), null=True, blank=True)
    next_update_due = models.DateTimeField(_("next update due"), null=True, blank=True, db_index=True)
    overdue_notified_for = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    metadata_created = models.DateTimeField(auto_now_add=True)
    metadata_modified = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["-metadata_modified"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="opendata_dataset_name_unique"),
            # The first publication is never after the last one.
            models.CheckConstraint(condition=models.Q(first_published_at__lte=models.F("last_published_at"))
                                   | models.Q(first_published_at__isnull=True) | models.Q(last_published_at__isnull=True),
                                   name="opendata_dataset_first_not_after_last"),
        ]
        # Searches order by (metadata_modified, id) or by id within a community's visible datasets; these
        # indexes serve both orders without sorting the catalogue.
        indexes = [models.Index(fields=["community", "private", "metadata_modified", "id"],
                                name="opendata_ds_modified_idx"),
                   models.Index(fields=["community", "private", "id"], name="opendata_ds_id_idx"),
                   models.Index(fields=["community", "live_export"], name="opendata_ds_live_idx")]

    def __str__(self) -> str:
        return self.title

    # "Updated" and "overdue" on every page come from the same two columns the services move together on each
    # publication (last_published_at, and next_update_due computed from it): never from metadata_modified,
    # which a passport edit also moves.
    @property
    def data_updated_at(self):
        return self.last_published_at

    @property
    def is_overdue(self) -> bool:
        return self.next_update_due is not None and self.next_update_due < timezone.now()


class ResourceFormat(models.TextChoices):
    CSV = "CSV", "CSV"
    JSON = "JSON", "JSON"
    XLSX = "XLSX", "XLSX"
    XML = "XML", "XML"
    GEOJSON = "GeoJSON", "GeoJSON"


TABULAR_FORMATS = {ResourceFormat.CSV, ResourceFormat.XLSX}


class StoredPackage(models.Model):
    """The package dict that package_search returns for a dataset, rendered after each write that changes
    it (as CKAN keeps it in its search index) and emptied by the write itself; links are filled in per
    request. A table of its own, so that scans of the catalogue do not read these large texts."""

    dataset = models.OneToOneField(Dataset, primary_key=True, on_delete=models.CASCADE, related_name="stored_package")
    json = models.TextField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # bumped by every write; a render stores only its own

    class Meta:
        verbose_name = _("stored package")
        verbose_name_plural = _("stored packages")

    def __str__(self) -> str:
        return str(self.dataset_id)


class Resource(CommunityOwned):
    """A file or link of a dataset; its history is kept as versions, the current one is served."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("name"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(_("format"), max_length=10, choices=ResourceFormat.choices)
    compression = models.CharField(_("compression"), max_length=20, blank=True)
    position = models.PositiveIntegerField(default=0)
    live_kind = models.CharField(max_length=10, blank=True)  # "rows" / "geojson" for live datasets
    current_version = models.ForeignKey("ResourceVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.name


def version_file_path(instance, filename: str) -> str:
    """A random name in the private storage: a dataset can be private (or become so), so every open-data file
    is served by the download view after its visibility check; people get a name made of the dataset's."""
    return random_name(f"opendata/{instance.community_id}", filename)


def incoming_file_path(instance, filename: str) -> str:
    return random_name(f"opendata/incoming/{instance.community_id}", extension=".bin")


class ResourceVersion(CommunityOwned):
    """One published state of a resource: an uploaded file or a URL, with its date and check report."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=version_file_path, storage=get_private_storage, blank=True)
    source_url = models.URLField(_("link"), max_length=1000, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    mimetype = models.CharField(max_length=100, blank=True)
    table_schema = models.JSONField(null=True, blank=True)
    row_count = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["resource", "number"], name="opendata_version_unique")]

    def __str__(self) -> str:
        return f"{self.resource} v{self.number}"


class LoadStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    LOADING = "loading", _("loading")
    INDEXING = "indexing", _("indexing")
    ACTIVE = "active", _("ready")
    FAILED = "failed", _("failed")
    SUPERSEDED = "superseded", _("superseded")  # a newer version's table is ready; this one was dropped


class DatastoreTable(CommunityOwned):
    """The typed table holding one version's rows; its status and counters are the load job's progress."""

    version = models.OneToOneField(ResourceVersion, on_delete=models.CASCADE, related_name="datastore")
    table_name = models.CharField(max_length=63, unique=True)
    fields = models.JSONField(default=list)  # [{"id": header, "type": CKAN type, "column": "cN"}]
    status = models.CharField(max_length=10, choices=LoadStatus.choices, default=LoadStatus.PENDING)
    rows_total = models.BigIntegerField(null=True, blank=True)
    rows_loaded = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("datastore table")
        verbose_name_plural = _("datastore tables")

    def __str__(self) -> str:
        return self.table_name

    @property
    def percent(self) -> int:
        if self.status == LoadStatus.ACTIVE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_loaded / self.rows_total))


class Follow(CommunityOwned):
    """A subscription of a user to a dataset or to a publisher."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dataset = models.ForeignKey(Dataset, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    publisher = models.ForeignKey(Publisher, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "dataset"], condition=models.Q(dataset__isnull=False),
                                    name="opendata_follow_dataset_unique"),
            models.UniqueConstraint(fields=["user", "publisher"], condition=models.Q(publisher__isnull=False),
                                    name="opendata_follow_publisher_unique"),
            models.CheckConstraint(
                condition=models.Q(dataset__isnull=False, publisher__isnull=True)
                | models.Q(dataset__isnull=True, publisher__isnull=False),
                name="opendata_follow_one_target",
            ),
        ]


class CheckStatus(models.TextChoices):
    CHECKING = "checking", _("being checked")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")


class PendingUpload(CommunityOwned):
    """A large file accepted for checking in the background (frictionless reads about a megabyte a second,
    too slow to wait for in a request). When the check passes it is published through the same services
    as a small upload; when it fails, `problems` is the readable report and nothing is published."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="pending_uploads")
    resource = models.ForeignKey(Resource, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 help_text=_("the resource that gets a new version; empty for a new resource"))
    name = models.CharField(_("name"), max_length=TITLE_MAX, blank=True)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(_("format"), max_length=10, blank=True)
    filename = models.CharField(max_length=255)  # as uploaded: shown to its submitter only, never a stored name
    file = models.FileField(upload_to=incoming_file_path, storage=get_private_storage)
    size = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=CheckStatus.choices, default=CheckStatus.CHECKING)
    problems = models.JSONField(default=list, blank=True)
    published = models.ForeignKey(Resource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    @property
    def seconds_checking(self) -> int:

        return max(0, int(((self.finished_at or timezone.now()) - self.created_at).total_seconds()))

    class Meta:
        verbose_name = _("upload being checked")
        verbose_name_plural = _("uploads being checked")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
