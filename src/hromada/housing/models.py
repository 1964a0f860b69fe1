"""Housing data: blocks of flats (building passports), their managers (condominiums with boards, managing companies,
the council), engineering systems, documents, works with attachments, emergency events and links to appeals.

Every model inherits CommunityOwned; workflows live in services.py. Appeals are linked by number only (no FK):
capabilities never share models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Department
from hromada.core.storage import get_private_storage, random_name
from hromada.core.tenancy.models import CommunityOwned


class ManagerKind(models.TextChoices):
    CONDOMINIUM = "condominium", _("condominium (OSBB)")
    COMPANY = "company", _("managing company")
    COUNCIL = "council", _("council (direct management)")
    OTHER = "other", _("other")


class Manager(CommunityOwned):
    """Who runs a building: a condominium (ОСББ), a managing company, the council itself or someone else.
    The officials of `department` (a utility or municipal enterprise) keep the systems, works and emergency
    events of this manager's buildings."""

    kind = models.CharField(_("kind"), max_length=20, choices=ManagerKind.choices)
    name = models.CharField(_("name"), max_length=300)
    edrpou = models.CharField(_("EDRPOU code"), max_length=8, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("department that keeps its buildings"))
    is_public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("building manager")
        verbose_name_plural = _("building managers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "edrpou"], condition=~Q(edrpou=""),
                                    name="housing_manager_edrpou_once"),
        ]
        indexes = [models.Index(fields=["community", "kind", "name"], name="housing_manager_kind")]

    def __str__(self) -> str:
        return self.name


class BoardRole(models.TextChoices):
    CHAIR = "chair", _("chair of the board")
    MEMBER = "member", _("board member")
    AUDITOR = "auditor", _("auditor")


class BoardMember(CommunityOwned):
    """A person on a condominium's board. The name and contacts are personal data: shown publicly only when
    `public` is set (the person agreed), never in open data or the transparency log."""

    manager = models.ForeignKey(Manager, on_delete=models.CASCADE, related_name="board",
                                verbose_name=_("condominium"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=BoardRole.choices, default=BoardRole.MEMBER)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    public = models.BooleanField(_("agreed to be shown publicly"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["manager", "role", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class WallMaterial(models.TextChoices):
    PANEL = "panel", _("large panels")
    BRICK = "brick", _("brick")
    MONOLITH = "monolith", _("monolithic concrete")
    BLOCK = "block", _("blocks")
    WOOD = "wood", _("wood")
    OTHER = "other", _("other")


class RoofType(models.TextChoices):
    FLAT = "flat", _("flat")
    PITCHED = "pitched", _("pitched")
    OTHER = "other", _("other")


class EnergyClass(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    F = "F", "F"
    G = "G", "G"


def address_search_text(street: str, number: str, block: str) -> str:
    """The lower-cased address the building list searches (one column, no icontains)."""
    return " ".join(part for part in (street, number, block) if part).casefold()


AREA = {"max_digits": 10, "decimal_places": 2, "null": True, "blank": True}
MONEY = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}


class Building(CommunityOwned):
    """A block of flats: its electronic passport. `search_text` is the lower-cased address, rendered by the
    services on every write, so the list searches one column."""

    street = models.CharField(_("street"), max_length=200)
    number = models.CharField(_("house number"), max_length=20)
    block = models.CharField(_("block (korpus)"), max_length=20, blank=True)
    search_text = models.CharField(max_length=300, blank=True, default="")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    year_built = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    entrances = models.PositiveSmallIntegerField(_("entrances"), null=True, blank=True)
    flats = models.PositiveIntegerField(_("flats"), null=True, blank=True)
    non_residential_units = models.PositiveIntegerField(_("non-residential premises"), null=True, blank=True)
    total_area = models.DecimalField(_("total area, m²"), **AREA)
    living_area = models.DecimalField(_("living area, m²"), **AREA)
    non_residential_area = models.DecimalField(_("non-residential area, m²"), **AREA)
    wall_material = models.CharField(_("wall material"), max_length=20, choices=WallMaterial.choices, blank=True)
    roof_type = models.CharField(_("roof type"), max_length=20, choices=RoofType.choices, blank=True)
    energy_class = models.CharField(_("energy class"), max_length=1, choices=EnergyClass.choices, blank=True)
    manager = models.ForeignKey(Manager, null=True, blank=True, on_delete=models.SET_NULL, related_name="buildings",
                                verbose_name=_("manager"))
    is_public = models.BooleanField(_("public"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["street", "number", "block", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "street", "number", "block"], name="housing_building_address"),
        ]
        indexes = [
            models.Index(fields=["community", "manager"], name="housing_building_manager"),
            models.Index(fields=["community", "energy_class"], name="housing_building_energy"),
            models.Index(fields=["community", "is_public", "street", "number"], name="housing_building_public"),
        ]

    def __str__(self) -> str:
        return self.address

    @property
    def address(self) -> str:
        # Community data, like the street's "вул.": the same in every interface language (search, open data).
        text = f"{self.street}, {self.number}"
        return f"{text}, корп. {self.block}" if self.block else text


class SystemKind(models.TextChoices):
    HEATING = "heating", _("heating")
    HOT_WATER = "hot_water", _("hot water")
    COLD_WATER = "cold_water", _("cold water")
    SEWERAGE = "sewerage", _("sewerage")
    ELECTRICITY = "electricity", _("electricity")
    GAS = "gas", _("gas")
    LIFTS = "lifts", _("lifts")
    ROOF = "roof", _("roof")
    FACADE = "facade", _("facade")
    BASEMENT = "basement", _("basement")
    FIRE_SAFETY = "fire_safety", _("fire safety")
    VENTILATION = "ventilation", _("ventilation")
    OTHER = "other", _("other")


class SystemState(models.TextChoices):
    GOOD = "good", _("good")
    SATISFACTORY = "satisfactory", _("satisfactory")
    POOR = "poor", _("poor")
    EMERGENCY = "emergency", _("emergency")


class BuildingSystem(CommunityOwned):
    """The state of one engineering system of a building (one row per kind)."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="systems",
                                 verbose_name=_("building"))
    kind = models.CharField(_("system"), max_length=20, choices=SystemKind.choices)
    state = models.CharField(_("state"), max_length=20, choices=SystemState.choices)
    last_inspected = models.DateField(_("last inspected"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("engineering system")
        verbose_name_plural = _("engineering systems")
        ordering = ["building", "kind"]
        constraints = [models.UniqueConstraint(fields=["building", "kind"], name="housing_system_once")]
        indexes = [models.Index(fields=["community", "kind", "state"], name="housing_system_state")]

    def __str__(self) -> str:
        return self.get_kind_display()


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("technical passport")
    ACT = "act", _("act")
    PROJECT = "project", _("project documentation")
    CERTIFICATE = "certificate", _("certificate")
    OTHER = "other", _("other")


def _document_path(instance, filename: str) -> str:
    return random_name(f"housing/{instance.community_id}/documents", filename)


def _attachment_path(instance, filename: str) -> str:
    return random_name(f"housing/{instance.community_id}/works", filename)


class BuildingDocument(CommunityOwned):
    """A building's document (PDF, image or office file) in private storage, served by a permission-checked view;
    `name` is the uploader's file name for display, never the stored one."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="documents",
                                 verbose_name=_("building"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    file = models.FileField(upload_to=_document_path, storage=get_private_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("building document")
        verbose_name_plural = _("building documents")
        ordering = ["building", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class WorkKind(models.TextChoices):
    REPAIR = "repair", _("current repair")
    CAPITAL_REPAIR = "capital_repair", _("capital repair")
    MAINTENANCE = "maintenance", _("maintenance")
    INSPECTION = "inspection", _("inspection")
    EMERGENCY = "emergency", _("emergency works")


class WorkStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class FundingSource(models.TextChoices):
    BUDGET = "budget", _("community budget")
    RESIDENTS = "residents", _("residents / condominium")
    GRANT = "grant", _("grant")
    OTHER = "other", _("other")


class Work(CommunityOwned):
    """A planned or done repair, maintenance or inspection of a building (optionally of one system), with its
    contractor, money (UAH) and dates."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="works", verbose_name=_("building"))
    system_kind = models.CharField(_("system"), max_length=20, choices=SystemKind.choices, blank=True)
    kind = models.CharField(_("kind of work"), max_length=20, choices=WorkKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.PLANNED)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    contractor_name = models.CharField(_("contractor"), max_length=300, blank=True)
    contractor_edrpou = models.CharField(_("contractor's EDRPOU code"), max_length=10, blank=True)
    cost_planned = models.DecimalField(_("planned cost, UAH"), **MONEY)
    cost_actual = models.DecimalField(_("actual cost, UAH"), **MONEY)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    funded_by = models.CharField(_("funded by"), max_length=20, choices=FundingSource.choices,
                                 default=FundingSource.BUDGET)
    is_public = models.BooleanField(_("public"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        ordering = ["-planned_start", "-pk"]
        indexes = [
            models.Index(fields=["community", "kind", "status", "actual_end"], name="housing_work_done"),
            models.Index(fields=["community", "kind", "status", "planned_start"], name="housing_work_planned"),
            models.Index(fields=["community", "status", "actual_end"], name="housing_work_status"),
            models.Index(fields=["building", "planned_start"], name="housing_work_building"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int | None:
        """The year the money belongs to: when the work ended, else when it started or is planned to."""
        day = self.actual_end or self.actual_start or self.planned_start or self.planned_end
        return day.year if day else None


class AttachmentKind(models.TextChoices):
    ACT = "act", _("act of completed works")
    PHOTO = "photo", _("photo")
    OTHER = "other", _("other")


class WorkAttachment(CommunityOwned):
    """An act, a photo (re-encoded without EXIF) or another file of a work, in private storage."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("work"))
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.OTHER)
    file = models.FileField(upload_to=_attachment_path, storage=get_private_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(_("public"), default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("work attachment")
        verbose_name_plural = _("work attachments")
        ordering = ["work", "pk"]

    def __str__(self) -> str:
        return self.name


class Severity(models.TextChoices):
    MINOR = "minor", _("minor")
    MAJOR = "major", _("major")
    CRITICAL = "critical", _("critical")


class EmergencyEvent(CommunityOwned):
    """An accident in a building (a burst pipe, a power cut, a stuck lift), open until resolved; the work that
    fixed it may be linked."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="emergencies",
                                 verbose_name=_("building"))
    system_kind = models.CharField(_("system"), max_length=20, choices=SystemKind.choices)
    occurred_at = models.DateTimeField(_("occurred"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    description = models.TextField(_("description"))
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices, default=Severity.MAJOR)
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="emergencies",
                             verbose_name=_("work that resolved it"))
    is_public = models.BooleanField(_("public"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("emergency event")
        verbose_name_plural = _("emergency events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "occurred_at"], name="housing_emergency_time"),
            models.Index(fields=["building", "occurred_at"], name="housing_emergency_building"),
        ]

    def __str__(self) -> str:
        return f"{self.get_system_kind_display()} {self.occurred_at:%Y-%m-%d}"


class AppealLink(CommunityOwned):
    """A resident's appeal linked to a building, by the appeal's id (read through the appeals capability's public
    selectors; no foreign key across capabilities)."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="appeal_links",
                                 verbose_name=_("building"))
    appeal_id = models.PositiveBigIntegerField(_("appeal"))
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("linked by"))
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("linked appeal")
        verbose_name_plural = _("linked appeals")
        ordering = ["-linked_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["building", "appeal_id"], name="housing_appeal_link_once")]
        indexes = [models.Index(fields=["community", "appeal_id"], name="housing_appeal_link_appeal")]

    def __str__(self) -> str:
        return f"{self.building_id} ↔ {self.appeal_id}"
