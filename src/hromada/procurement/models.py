"""Procurement: the community's buyers (its EDRPOU codes), the Prozorro tenders and contracts and the Prozorro.Sale
auctions of those buyers, their suppliers, and two global tables: the crawler's place in each public feed and the
facts of the state register's open dataset. No workflows here (they are in services and crawler/).

Tenant data inherits CommunityOwned. CrawlState and RegistryRecord are deliberately global (see
docs/decisions/0039-procurement-crawler-one-feed-for-all-communities.md): one public feed serves every community
of the install, and the register is national open data about legal entities; neither holds a community's data."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned

edrpou_validator = RegexValidator(r"^\d{8}$", _("An EDRPOU code is 8 digits."))
OCID_PREFIX = "ocds-be6bcu-"


class BuyerKind(models.TextChoices):
    COUNCIL = "council", _("council")
    ENTERPRISE = "enterprise", _("municipal enterprise")
    INSTITUTION = "institution", _("municipal institution")


class Buyer(CommunityOwned):
    """One EDRPOU code of the community (the council, its enterprises and institutions): the crawler keeps the
    tenders whose procuring entity, and the auctions whose seller, has an active code of some community."""

    edrpou = models.CharField(_("EDRPOU code"), max_length=8, validators=[edrpou_validator])
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=BuyerKind.choices, default=BuyerKind.COUNCIL)
    is_active = models.BooleanField(_("followed by the crawler"), default=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "edrpou"], name="procurement_buyer_unique_edrpou")]
        indexes = [models.Index(fields=["edrpou", "is_active"], name="procurement_buyer_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.edrpou})"


class SupplierKind(models.TextChoices):
    ORGANIZATION = "organization", _("organisation")
    PERSON = "person", _("individual entrepreneur")


class Supplier(CommunityOwned):
    """A supplier of the community's contracts, as Prozorro identifies it. An individual entrepreneur (ФОП) is
    identified by a personal tax number (РНОКПП, 10 digits): kind=person, and `public_identifier` masks it; pages,
    the API and open data must show only that."""

    scheme = models.CharField(_("identifier scheme"), max_length=32, default="UA-EDR")
    identifier = models.CharField(_("identifier"), max_length=64)
    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=SupplierKind.choices, default=SupplierKind.ORGANIZATION)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "scheme", "identifier"],
                                               name="procurement_supplier_unique_id")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_person(self) -> bool:
        return self.kind == SupplierKind.PERSON

    @property
    def public_identifier(self) -> str:
        """The identifier as pages and open data may show it: a person's tax number is masked."""
        return "*" * 10 if self.is_person else self.identifier


def tender_search_text(title: str) -> str:
    """What the title search matches words against: the title casefolded (SQLite's LIKE folds ASCII only, and
    PostgreSQL's UPPER() per row cost the search most of its time)."""
    return " ".join(title.split()).casefold()[:1000]


class Tender(CommunityOwned):
    """One Prozorro tender of one of the community's buyers, with the figures the pages filter and sum on, and the
    OCDS release built from it (`release`). Upserts keep the newest `date_modified`."""

    source = models.CharField(_("source"), max_length=16, default="prozorro")
    prozorro_id = models.CharField(_("Prozorro id"), max_length=32)
    tender_id = models.CharField(_("tender number"), max_length=40, db_index=True)
    ocid = models.CharField(_("OCID"), max_length=64)
    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="tenders", verbose_name=_("buyer"))
    buyer_edrpou = models.CharField(_("buyer's EDRPOU code"), max_length=8)
    buyer_name = models.CharField(_("buyer's name in the tender"), max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=1000)
    search_text = models.TextField(editable=False, default="")  # the title casefolded (tender_search_text)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=40)
    procurement_method_type = models.CharField(_("procedure"), max_length=40, blank=True)
    cpv_code = models.CharField(_("CPV code"), max_length=16, blank=True)
    cpv_description = models.CharField(_("CPV description"), max_length=500, blank=True)
    value_amount = models.DecimalField(_("expected value"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="UAH")
    value_added_tax_included = models.BooleanField(_("VAT included"), null=True, blank=True)
    date_published = models.DateTimeField(_("published"), null=True, blank=True)
    date_created = models.DateTimeField(_("created in Prozorro"), null=True, blank=True)
    tender_period_start = models.DateTimeField(_("bids from"), null=True, blank=True)
    tender_period_end = models.DateTimeField(_("bids until"), null=True, blank=True)
    number_of_bids = models.PositiveIntegerField(_("bids"), null=True, blank=True)
    number_of_tenderers = models.PositiveIntegerField(_("tenderers"), null=True, blank=True)
    single_bidder = models.BooleanField(_("single bidder"), null=True, blank=True)
    awarded_amount = models.DecimalField(_("awarded"), max_digits=18, decimal_places=2, null=True, blank=True)
    date_modified = models.DateTimeField(_("modified in Prozorro"))
    release = models.JSONField(_("OCDS release"), default=dict)
    is_synthetic = models.BooleanField(_("synthetic (demo) data"), default=False)
    ingested_at = models.DateTimeField(_("stored"), auto_now=True)

    class Meta:
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        ordering = ["-date_published", "-pk"]
        constraints = [models.UniqueConstraint(fields=["community", "prozorro_id"],
                                               name="procurement_tender_unique_id")]
        indexes = [
            models.Index(fields=["community", "-date_published", "-id"], name="procurement_tender_list"),
            models.Index(fields=["community", "buyer", "-date_published"], name="procurement_tender_buyer"),
            models.Index(fields=["community", "status", "-date_published"], name="procurement_tender_status"),
            models.Index(fields=["community", "cpv_code", "-date_published"], name="procurement_tender_cpv"),
            models.Index(fields=["community", "value_amount"], name="procurement_tender_amount"),
            models.Index(fields=["prozorro_id"], name="procurement_tender_pid"),
            # The title search reads this index alone on SQLite (the rows hold the release: kilobytes apiece).
            models.Index(fields=["community", "search_text"], name="procurement_tender_search"),
        ]

    def __str__(self) -> str:
        return f"{self.tender_id}: {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = tender_search_text(self.title)
        super().save(*args, **kwargs)


class Contract(CommunityOwned):
    """A contract signed in one of the community's tenders, with its supplier (the first one Prozorro lists)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="contracts", verbose_name=_("tender"))
    prozorro_id = models.CharField(_("Prozorro id"), max_length=64)
    award_id = models.CharField(_("award id"), max_length=64, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=200, blank=True)
    supplier = models.ForeignKey(Supplier, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="contracts", verbose_name=_("supplier"))
    value_amount = models.DecimalField(_("value"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="UAH")
    date_signed = models.DateTimeField(_("signed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=40)
    period_start = models.DateTimeField(_("in force from"), null=True, blank=True)
    period_end = models.DateTimeField(_("in force until"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-date_signed", "-pk"]
        constraints = [models.UniqueConstraint(fields=["community", "prozorro_id"],
                                               name="procurement_contract_unique_id")]
        indexes = [
            models.Index(fields=["community", "-date_signed", "-id"], name="procurement_contract_list"),
            models.Index(fields=["community", "supplier", "-date_signed"], name="procurement_contract_supp"),
        ]

    def __str__(self) -> str:
        return self.contract_number or self.prozorro_id


class Auction(CommunityOwned):
    """A Prozorro.Sale auction whose seller is one of the community's buyers (municipal property, leases)."""

    prozorro_id = models.CharField(_("Prozorro.Sale id"), max_length=32)
    auction_id = models.CharField(_("auction number"), max_length=40, db_index=True)
    seller = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="auctions", verbose_name=_("seller"))
    seller_edrpou = models.CharField(_("seller's EDRPOU code"), max_length=8)
    title = models.CharField(_("title"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=60)
    procedure_type = models.CharField(_("procedure"), max_length=60, blank=True)
    value_amount = models.DecimalField(_("starting price"), max_digits=18, decimal_places=2, null=True, blank=True)
    final_amount = models.DecimalField(_("final price"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="UAH")
    number_of_bids = models.PositiveIntegerField(_("bids"), null=True, blank=True)
    date_published = models.DateTimeField(_("published"), null=True, blank=True)
    auction_date = models.DateTimeField(_("auction date"), null=True, blank=True)
    date_modified = models.DateTimeField(_("modified in Prozorro.Sale"))
    release = models.JSONField(_("release"), default=dict)
    is_synthetic = models.BooleanField(_("synthetic (demo) data"), default=False)
    ingested_at = models.DateTimeField(_("stored"), auto_now=True)

    class Meta:
        verbose_name = _("auction")
        verbose_name_plural = _("auctions")
        ordering = ["-date_published", "-pk"]
        constraints = [models.UniqueConstraint(fields=["community", "prozorro_id"],
                                               name="procurement_auction_unique_id")]
        indexes = [models.Index(fields=["community", "-date_published", "-id"], name="procurement_auction_list"),
                   models.Index(fields=["prozorro_id"], name="procurement_auction_pid")]

    def __str__(self) -> str:
        return f"{self.auction_id}: {self.title}"


class FeedSource(models.TextChoices):
    PROZORRO = "prozorro", _("Prozorro (tenders)")
    SALE = "sale", _("Prozorro.Sale (auctions)")


class CrawlState(models.Model):
    """Where the crawler is in one public changes feed. Global on purpose: the feed has no filter by buyer, so one
    walk serves every community; what it stores is written per community (ADR 0039). `offset` is saved in the
    same transaction as the page's upserts."""

    source = models.CharField(_("source"), max_length=16, choices=FeedSource.choices, unique=True)
    offset = models.CharField(_("next offset"), max_length=200, blank=True)
    pages = models.PositiveBigIntegerField(_("pages read"), default=0)
    changes_seen = models.PositiveBigIntegerField(_("changes seen"), default=0)
    stored = models.PositiveBigIntegerField(_("entries stored"), default=0)
    skipped = models.PositiveBigIntegerField(_("entries skipped as malformed"), default=0)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful page"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        verbose_name = _("crawler state")
        verbose_name_plural = _("crawler states")
        ordering = ["source"]

    def __str__(self) -> str:
        return f"{self.source} @ {self.offset or '-'}"


class RegistryRecord(models.Model):
    """Facts about a legal entity from the unified state register's open dataset (imported by the operator;
    hromada.procurement.registry). Global: the dataset is national public data about organisations. No
    founders' or directors' names are kept (personal data), and individual entrepreneurs are not imported."""

    edrpou = models.CharField(_("EDRPOU code"), max_length=8, unique=True, validators=[edrpou_validator])
    name = models.CharField(_("name"), max_length=1000)
    short_name = models.CharField(_("short name"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=1000, blank=True)
    kved_code = models.CharField(_("main activity (KVED) code"), max_length=10, blank=True)
    kved_name = models.CharField(_("main activity"), max_length=500, blank=True)
    registration_date = models.DateField(_("registered"), null=True, blank=True)
    data_as_of = models.DateField(_("data as of"))
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("registry record")
        verbose_name_plural = _("registry records")
        ordering = ["edrpou"]

    def __str__(self) -> str:
        return f"{self.edrpou} {self.short_name or self.name}"
