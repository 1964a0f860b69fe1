"""Projects of a cycle: the proposal with its budget table, place, photos and files, authors and supporters; the
public feasibility review with the author's reply thread; and the implementation of winners (milestones, updates)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Department
from hromada.core.storage import get_private_storage, random_name
from hromada.core.tenancy.models import CommunityOwned

from .cycles import Category, Cycle, District


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("under review")
    FEASIBLE = "feasible", _("feasible")
    NOT_FEASIBLE = "not_feasible", _("not feasible")
    WITHDRAWN = "withdrawn", _("withdrawn")
    SELECTED = "selected", _("selected")
    NOT_SELECTED = "not_selected", _("not selected")


# What anyone may see: a submitted proposal is public (its review is public too); drafts and withdrawn ones are not.
PUBLIC_STATUSES = (Status.SUBMITTED, Status.FEASIBLE, Status.NOT_FEASIBLE, Status.SELECTED, Status.NOT_SELECTED)
# What a ballot may hold.
ON_BALLOT_STATUSES = (Status.FEASIBLE, Status.SELECTED, Status.NOT_SELECTED)


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("being built")
    SUSPENDED = "suspended", _("suspended")
    COMPLETED = "completed", _("completed")


class Project(CommunityOwned):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="projects")
    # The ballot scope is the district (or school) when there is one, else the category.
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="projects",
                                 verbose_name=_("category"))
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, related_name="projects",
                                 verbose_name=_("district"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), max_length=20_000)  # plain text, rendered with line breaks
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The sum of the budget table, kopiyky; corrected_cost when the review corrected it (that one goes on the ballot).
    cost = models.BigIntegerField(_("cost, kopiyky"), default=0)
    corrected_cost = models.BigIntegerField(_("corrected cost, kopiyky"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address or place"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="budget_projects", verbose_name=_("author"))
    co_authors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="budget_projects_coauthored",
                                        verbose_name=_("co-authors"))
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("responsible department"))
    supporters_count = models.PositiveIntegerField(_("supporters"), default=0)
    # Lowercased title and summary: SQLite's LIKE folds ASCII only, so Cyrillic search needs a folded copy.
    search_text = models.TextField(editable=False, default="")
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    implementation_status = models.CharField(_("implementation"), max_length=20, blank=True,
                                             choices=ImplementationStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    spent = models.BigIntegerField(_("spent, kopiyky"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "cycle", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(category__isnull=False) | Q(district__isnull=False),
                                   name="budgets_project_has_scope"),
            models.CheckConstraint(condition=Q(cost__gte=0) & Q(spent__gte=0) & Q(progress__lte=100),
                                   name="budgets_project_amounts_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ballot_cost(self) -> int:
        return self.cost if self.corrected_cost is None else self.corrected_cost

    @property
    def scope_key(self) -> str:
        """The fund this project competes in: "d<id>" for a district or school, "c<id>" for a category."""
        return f"d{self.district_id}" if self.district_id else f"c{self.category_id}"


class ProjectCostLine(CommunityOwned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cost_lines")
    item = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.BigIntegerField(_("unit price, kopiyky"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(unit_price__gte=0), name="budgets_costline_price_valid")]

    @property
    def total(self) -> int:
        return self.quantity * self.unit_price


def _upload_path(instance, filename: str) -> str:
    return random_name(f"budgets/{instance.community_id}", filename)


class ImplementationUpdate(CommunityOwned):
    """A public note on a winner's progress; followers are notified of each."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField(_("text"), max_length=5000)
    status = models.CharField(_("status"), max_length=20, choices=ImplementationStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress, %"))
    spent = models.BigIntegerField(_("spent, kopiyky"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class ProjectPhoto(CommunityOwned):
    """A photo re-encoded without EXIF (core.uploads.clean_photo), stored privately, served by a checked view;
    `update` is set for photos of the works."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos")
    update = models.ForeignKey(ImplementationUpdate, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="photos")
    file = models.FileField(upload_to=_upload_path, storage=get_private_storage, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class ProjectFile(CommunityOwned):
    """A document of a proposal (a drawing, an estimate): PDF or image, served by a checked view."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_upload_path, storage=get_private_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class ProjectSupport(CommunityOwned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="budgets_support_unique")]


class ProjectFollower(CommunityOwned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="budgets_follower_unique")]


class ReviewDecision(models.TextChoices):
    FEASIBLE = "feasible", _("feasible")
    COST_CORRECTED = "cost_corrected", _("feasible with the cost corrected")
    NOT_FEASIBLE = "not_feasible", _("not feasible")


class Review(CommunityOwned):
    """A feasibility conclusion of the responsible department, public; a later one replaces it on the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices)
    reason = models.TextField(_("reason"), max_length=5000, blank=True)
    corrected_cost = models.BigIntegerField(_("corrected cost, kopiyky"), null=True, blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class ReviewMessage(CommunityOwned):
    """The public thread under a review: the author's reply and the department's answers."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    by_staff = models.BooleanField(default=False)
    text = models.TextField(_("text"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Milestone(CommunityOwned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "due_on", "pk"]
