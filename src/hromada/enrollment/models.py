"""Enrolment's data: institutions and their groups, service areas, priority categories, applications with their
preferred groups and category claims, allocation rounds and offers, and each application's history.

No row holds a queue position: the order is computed from these facts by rules.py. The database enforces what it
can: one active application per child, kind and start year; a group's places never below its taken count."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Department
from hromada.core.storage import get_private_storage, random_name
from hromada.core.tenancy.models import CommunityOwned


class InstitutionKind(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("kindergarten")
    SCHOOL = "school", _("school")
    CLUB = "club", _("club")
    SECTION = "section", _("sports section")


class Institution(CommunityOwned):
    """A kindergarten, school, club or section; `map_feature_id` names its feature on the city map (read through
    the map's selectors: capabilities never share models), from which name, address and point were taken."""

    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=300, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    map_feature_id = models.PositiveBigIntegerField(_("city map feature"), null=True, blank=True)
    # Officials of this department verify documents and run rounds for the institution (admins always may).
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("department"))
    is_active = models.BooleanField(_("accepts applications"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "map_feature_id"], condition=Q(map_feature_id__isnull=False),
                                    name="enrollment_institution_feature_once"),
        ]
        indexes = [models.Index(fields=["community", "kind", "name"], name="enrollment_institution_kind")]

    def __str__(self) -> str:
        return self.name


class ServiceArea(CommunityOwned):
    """A school's service area (закріплена територія обслуговування): a child living inside has priority by law."""

    institution = models.OneToOneField(Institution, on_delete=models.CASCADE, related_name="service_area",
                                       verbose_name=_("institution"))
    geometry = models.JSONField(_("area (GeoJSON Polygon or MultiPolygon)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return str(self.institution)


class Group(CommunityOwned):
    """A group (or a grade's class) that starts in `start_year`, for an age range in months or a grade.

    `taken` counts accepted and enrolled places; it only moves by conditional UPDATEs in the services, and the
    database refuses it above `capacity`, so two parents accepting the last place at once cannot both get it."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="groups",
                                    verbose_name=_("institution"))
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    age_from_months = models.PositiveSmallIntegerField(_("age from (months)"), null=True, blank=True)
    age_to_months = models.PositiveSmallIntegerField(_("age up to (months)"), null=True, blank=True)
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    taken = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    is_open = models.BooleanField(_("accepts applications"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["institution_id", "start_year", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(taken__lte=F("capacity")), name="enrollment_group_not_overbooked"),
            models.CheckConstraint(condition=Q(age_from_months__isnull=True) | Q(age_to_months__isnull=True)
                                   | Q(age_from_months__lte=F("age_to_months")), name="enrollment_group_age_range"),
            models.UniqueConstraint(fields=["institution", "start_year", "name"], name="enrollment_group_name_once"),
        ]

    def __str__(self) -> str:
        return f"{self.institution} — {self.name} ({self.start_year})"

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


class PriorityCategory(CommunityOwned):
    """A priority the community publishes (children of service members, of displaced persons, siblings already
    enrolled …): a lower `rank` comes first; `proof` says which documents prove it."""

    name = models.CharField(_("name"), max_length=200)
    rank = models.PositiveSmallIntegerField(_("rank (1 comes first)"))
    proof = models.TextField(_("documents that prove it"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("priority category")
        verbose_name_plural = _("priority categories")
        ordering = ["rank", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="enrollment_category_name_once")]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    WAITING = "waiting", _("waiting in the queue")
    OFFERED = "offered", _("place offered")
    ACCEPTED = "accepted", _("place accepted")
    ENROLLED = "enrolled", _("enrolled")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CLOSED = "closed", _("closed")


# A child holds one of these per kind of institution and start year (the database enforces it).
ACTIVE_STATUSES = (Status.WAITING, Status.OFFERED, Status.ACCEPTED, Status.ENROLLED)
# In the queue: may still receive an offer in one of its groups.
QUEUED_STATUSES = (Status.WAITING, Status.OFFERED)


class Application(CommunityOwned):
    """A parent's application for a child. The birth certificate number is kept only as a keyed hash
    (`child_key`); `code` is random and public (queues show it instead of names); `tie_break` is the published
    hash of the code (rules.tie_break), stored so that SQL can sort by it."""

    code = models.CharField(_("code"), max_length=12, editable=False)
    tie_break = models.CharField(_("tie-break"), max_length=64, editable=False)
    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("parent"))
    kind = models.CharField(_("kind of institution"), max_length=20, choices=InstitutionKind.choices)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    child_name = models.CharField(_("child's name"), max_length=200)
    child_birth_date = models.DateField(_("child's birth date"))
    child_key = models.CharField(_("keyed hash of the birth certificate number"), max_length=64, editable=False)
    address = models.CharField(_("address"), max_length=300)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    wanted_start = models.DateField(_("wanted start date"))
    filed_at = models.DateTimeField(_("filed"), editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-filed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "code"], name="enrollment_application_code"),
            models.UniqueConstraint(fields=["community", "child_key", "kind", "start_year"],
                                    condition=Q(status__in=[s.value for s in ACTIVE_STATUSES]),
                                    name="enrollment_one_active_application_per_child"),
        ]
        indexes = [models.Index(fields=["community", "parent", "filed_at"], name="enrollment_application_parent")]

    def __str__(self) -> str:
        return self.code


class ChoiceState(models.TextChoices):
    QUEUED = "queued", _("in the queue")
    DECLINED = "declined", _("offer declined")
    EXPIRED = "expired", _("offer expired")
    PLACED = "placed", _("place taken")
    LEFT = "left", _("left the queue")


class Choice(CommunityOwned):
    """One of up to three preferred groups of an application, in the parent's order (1 is the first wish).
    `in_service_area` is fixed when filed: the child's address lies inside the school's service area."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="choices")
    preference = models.PositiveSmallIntegerField(_("preference"))
    in_service_area = models.BooleanField(_("lives in the service area"), default=False, editable=False)
    state = models.CharField(_("state"), max_length=20, choices=ChoiceState.choices, default=ChoiceState.QUEUED)

    class Meta:
        verbose_name = _("preferred group")
        verbose_name_plural = _("preferred groups")
        ordering = ["application_id", "preference"]
        constraints = [
            models.UniqueConstraint(fields=["application", "group"], name="enrollment_choice_group_once"),
            models.UniqueConstraint(fields=["application", "preference"], name="enrollment_choice_preference_once"),
            models.CheckConstraint(condition=Q(preference__gte=1, preference__lte=3), name="enrollment_choice_max_3"),
        ]
        indexes = [models.Index(fields=["group", "state"], name="enrollment_choice_queue")]


class ClaimState(models.TextChoices):
    CLAIMED = "claimed", _("documents under review")
    VERIFIED = "verified", _("granted")
    REFUSED = "refused", _("refused")


class Claim(CommunityOwned):
    """A priority category claimed for an application (with proof documents) or granted by staff; only a
    verified claim counts in the queue order."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="claims")
    category = models.ForeignKey(PriorityCategory, on_delete=models.PROTECT, related_name="claims")
    state = models.CharField(_("state"), max_length=20, choices=ClaimState.choices, default=ClaimState.CLAIMED)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("priority claim")
        verbose_name_plural = _("priority claims")
        ordering = ["application_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "category"], name="enrollment_claim_once")]
        indexes = [models.Index(fields=["community", "state", "created_at"], name="enrollment_claim_review")]


def _proof_path(instance, filename: str) -> str:
    return random_name(f"enrollment/{instance.community_id}/proofs", extension=instance.extension)


class ProofDocument(CommunityOwned):
    """A document proving a claim (PDF or image), private; served only through a permission-checked view."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_proof_path, storage=get_private_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    @property
    def extension(self) -> str:
        return ".pdf" if self.content_type == "application/pdf" else ".jpg"


class RoundState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class AllocationRound(CommunityOwned):
    """Places of one group offered at once: offers go down the queue until the places are taken or it closes."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"))
    accept_days = models.PositiveSmallIntegerField(_("working days to accept"))
    state = models.CharField(_("state"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="enrollment_round_number"),
            models.UniqueConstraint(fields=["group"], condition=Q(state="open"), name="enrollment_one_open_round"),
        ]


class OfferState(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    EXPIRED = "expired", _("expired")
    ENROLLED = "enrolled", _("enrolled")


class Offer(CommunityOwned):
    """A place in a group offered to an application in a round, with a deadline to accept."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="offers")
    round = models.ForeignKey(AllocationRound, on_delete=models.PROTECT, related_name="offers")
    deadline = models.DateTimeField(_("accept by"))
    state = models.CharField(_("state"), max_length=20, choices=OfferState.choices, default=OfferState.PENDING)
    created_at = models.DateTimeField(_("offered"))
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(state="pending"),
                                    name="enrollment_one_pending_offer"),
            models.UniqueConstraint(fields=["round", "application"], name="enrollment_offer_once_per_round"),
        ]
        indexes = [models.Index(fields=["state", "deadline"], name="enrollment_offer_due")]


class Event(CommunityOwned):
    """One line of an application's history, with the hash of the transparency-log leaf that records it (the
    parent's proof of inclusion is looked up by it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    at = models.DateTimeField()
    leaf_hash = models.CharField(max_length=64)  # hex SHA-256(0x00 || leaf)
    detail = models.CharField(max_length=300, blank=True)  # a group or category name: public, never personal

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["application", "at"], name="enrollment_event_history")]
