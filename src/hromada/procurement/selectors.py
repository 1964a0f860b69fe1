"""Every read of Procurement: the community's tenders and contracts with their filters, a tender and a supplier,
totals by buyer and supplier and the competition figures (SQL aggregates), and the rows of the open data.

Everything here is public data; an individual entrepreneur's tax number is never read into a page or an export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from hromada.core.errors import NotFound

from .models import Buyer, Contract, RegistryRecord, Supplier, SupplierKind, Tender, tender_search_text

KYIV = ZoneInfo("Europe/Kyiv")
TOP_SUPPLIERS = 100  # the totals page and API list the largest suppliers only (paging would count the groups)
FIGURES_SECONDS = 300
COUNT_CAP = 10_000  # a filtered list counts at most this many (+1) rows: "more than 10,000" is enough to page by
PROZORRO_TENDER_URL = "https://prozorro.gov.ua/tender/{}"

# Prozorro's tender statuses (the public API's vocabulary), with the words residents read.
TENDER_STATUSES = (
    ("active.enquiries", _("Clarifications")),
    ("active.tendering", _("Accepting bids")),
    ("active.pre-qualification", _("Pre-qualification")),
    ("active.pre-qualification.stand-still", _("Pre-qualification: complaints period")),
    ("active.auction", _("Auction")),
    ("active.qualification", _("Qualification")),
    ("active.awarded", _("Proposals considered")),
    ("active", _("Active")),
    ("complete", _("Complete")),
    ("cancelled", _("Cancelled")),
    ("unsuccessful", _("Unsuccessful")),
)
STATUS_LABELS = dict(TENDER_STATUSES)


def _sorts(date_field: str) -> dict[str, tuple]:
    """The orders a list offers (forms.SORTS), by its date column or its amount. An order by amount lists only the
    rows with an amount (AMOUNT_SORTS): then it reads the amount index either way on both databases, where
    "unknown amounts last" would make PostgreSQL sort every row."""
    return {"newest": (f"-{date_field}", "-id"), "oldest": (date_field, "id"),
            "amount_desc": ("-value_amount", "-id"), "amount_asc": ("value_amount", "id")}


AMOUNT_SORTS = ("amount_desc", "amount_asc")


TENDER_SORTS, CONTRACT_SORTS = _sorts("date_published"), _sorts("date_signed")
BID_BUCKETS = (0, 1, 2, 3, 4)  # the distribution's columns; the last one counts "5 or more"


def status_label(status: str):
    return STATUS_LABELS.get(status, status)


class CappedCount(QuerySet):
    """A list whose `count()` stops at COUNT_CAP + 1, so paging a broad filter never counts 100,000 rows; the
    Paginator and the API's PageNumber call this `count()`."""

    def count(self) -> int:
        if self._result_cache is not None:
            return len(self._result_cache)
        return QuerySet.count(self.order_by().select_related(None)[:COUNT_CAP + 1])


def count_is_capped(count: int) -> bool:
    return count > COUNT_CAP


def period_bounds(date_from: date | None, date_to: date | None) -> tuple[datetime | None, datetime | None]:
    """Kyiv days as aware moments: from the first day's start, until (excluding) the day after the last."""
    start = datetime.combine(date_from, time.min, tzinfo=KYIV) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=KYIV) if date_to else None
    return start, end


def _in_period(queryset: QuerySet, field: str, date_from: date | None, date_to: date | None) -> QuerySet:
    start, end = period_bounds(date_from, date_to)
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__lt": end})
    return queryset


def buyer_list(*, community) -> QuerySet[Buyer]:
    return Buyer.objects.for_community(community).order_by("name", "pk")


def tender_list(*, community, q: str = "", buyer: int | None = None, status: str = "", cpv: str = "",
                amount_min: Decimal | None = None, amount_max: Decimal | None = None,
                date_from: date | None = None, date_to: date | None = None, sort: str = "newest",
                supplier: int | None = None) -> QuerySet[Tender]:
    """The community's tenders, filtered; each filter is an indexed column of the community's rows (the title
    search alone reads the rows), and the count is capped (CappedCount)."""
    tenders = CappedCount(model=Tender).filter(community=community).select_related("buyer")
    if buyer:
        tenders = tenders.filter(buyer_id=buyer)
    if status:
        tenders = tenders.filter(status=status)
    if cpv:
        tenders = tenders.filter(_cpv_prefix(cpv))
    if amount_min is not None:
        tenders = tenders.filter(value_amount__gte=amount_min)
    if amount_max is not None:
        tenders = tenders.filter(value_amount__lte=amount_max)
    if supplier:
        tenders = tenders.filter(contracts__supplier_id=supplier).distinct()
    tenders = _in_period(tenders, "date_published", date_from, date_to)
    q = (q or "").strip()
    if q:
        if q.upper().startswith("UA-"):  # Prozorro writes "UA-2026-03-01-000001-a": the prefix upper, the rest lower
            tenders = tenders.filter(_tender_id_prefix("UA" + q[2:].lower()))
        else:
            tenders = tenders.filter(_title_has_words(q))
    if sort in AMOUNT_SORTS:
        tenders = tenders.filter(value_amount__isnull=False)
    return tenders.defer("release", "description").order_by(*TENDER_SORTS.get(sort, TENDER_SORTS["newest"]))


def _cpv_prefix(prefix: str) -> Q:
    """Codes that start with these digits, as a range of the indexed column (a LIKE 'x%' would not use the index
    on SQLite, nor on PostgreSQL without a pattern operator class): '4526' is ['4526', '4527')."""
    if not prefix.isdigit():
        return Q(cpv_code__startswith=prefix)
    following = str(int(prefix) + 1).zfill(len(prefix))
    if len(following) > len(prefix):  # all nines: nothing sorts after them that could still match
        return Q(cpv_code__gte=prefix)
    return Q(cpv_code__gte=prefix, cpv_code__lt=following)


def _tender_id_prefix(prefix: str) -> Q:
    """Tender IDs that start so. PostgreSQL answers LIKE 'x%' from the column's pattern index; SQLite's LIKE ignores
    indexes (it folds case), so there it is the range [prefix, prefix with its last character raised)."""
    if connection.vendor == "postgresql":
        return Q(tender_id__startswith=prefix)
    return Q(tender_id__gte=prefix, tender_id__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))


def _title_has_words(q: str) -> Q:
    """Every word of the query somewhere in the title, in any order and case (Tender.search_text)."""
    match = Q()
    for word in tender_search_text(q).split()[:8]:
        match &= Q(search_text__contains=word)
    return match


def tender_get(*, community, tender_id: int | str) -> Tender:
    """One tender of the community, by our id or by Prozorro's tender ID (UA-…); another community's, or an id
    that is neither, is the same NotFound as none."""
    tenders = Tender.objects.for_community(community).select_related("buyer")
    key = str(tender_id).strip()
    if key.isascii() and key.isdigit() and len(key) < 19:
        tender = tenders.filter(pk=int(key)).first()
    else:
        tender = tenders.filter(tender_id=key[:40]).first()
    if tender is None:
        raise NotFound()
    return tender


def contract_list(*, community, tender: Tender | None = None, supplier: int | None = None, buyer: int | None = None,
                  date_from: date | None = None, date_to: date | None = None, sort: str = "newest"
                  ) -> QuerySet[Contract]:
    contracts = CappedCount(model=Contract).filter(community=community).select_related("supplier", "tender__buyer")
    if tender is not None:
        contracts = contracts.filter(tender=tender)
    if supplier:
        contracts = contracts.filter(supplier_id=supplier)
    if buyer:
        contracts = contracts.filter(tender__buyer_id=buyer)
    contracts = _in_period(contracts, "date_signed", date_from, date_to)
    if sort in AMOUNT_SORTS:
        contracts = contracts.filter(value_amount__isnull=False)
    return contracts.defer("tender__release", "tender__description").order_by(
        *CONTRACT_SORTS.get(sort, CONTRACT_SORTS["newest"]))


def supplier_list(*, community, q: str = "") -> QuerySet[Supplier]:
    """The community's suppliers with what their contracts add up to (all time), largest first."""
    suppliers = Supplier.objects.for_community(community)
    if q:
        suppliers = suppliers.filter(name__icontains=q.strip())
    return suppliers.annotate(contracts_total=Sum("contracts__value_amount"),
                              contracts_count=Count("contracts")).order_by(
        F("contracts_total").desc(nulls_last=True), "name", "pk")


def supplier_get(*, community, supplier_id: int) -> Supplier:
    supplier = Supplier.objects.for_community(community).filter(pk=supplier_id).first()
    if supplier is None:
        raise NotFound()
    return supplier


def supplier_totals(*, community, supplier: Supplier) -> dict:
    return Contract.objects.for_community(community).filter(supplier=supplier).aggregate(
        total=Sum("value_amount"), count=Count("id"))


def is_public_code(kind: str, scheme: str, identifier: str) -> bool:
    """An organisation's EDRPOU code (eight digits) is public; anything else may be a person's tax or passport
    number, so pages and exports leave it out."""
    return (kind == SupplierKind.ORGANIZATION and scheme == "UA-EDR" and len(identifier or "") == 8
            and identifier.isascii() and identifier.isdigit())


def registry_facts(supplier: Supplier) -> RegistryRecord | None:
    """The register's facts about an organisation supplier; none for a person (individual entrepreneurs are not
    imported: their records are about a person) or an identifier that is not an EDRPOU code."""
    if not is_public_code(supplier.kind, supplier.scheme, supplier.identifier):
        return None
    return RegistryRecord.objects.filter(edrpou=supplier.identifier).first()


def registry_summary() -> dict:
    """How many records the register import holds, and the newest date its data are as of."""
    return RegistryRecord.objects.aggregate(count=Count("id"), as_of=Max("data_as_of"))


# Totals and competition ------------------------------------------------------------------------------------------


def totals_by_buyer(*, community, date_from: date | None = None, date_to: date | None = None) -> list[dict]:
    """Per buyer: the contracts signed in the period, their number and sum (one GROUP BY)."""
    contracts = _in_period(Contract.objects.for_community(community), "date_signed", date_from, date_to)
    return list(contracts.values("tender__buyer_id", "tender__buyer__name", "tender__buyer__edrpou").annotate(
        total=Sum("value_amount"), count=Count("id")).order_by(F("total").desc(nulls_last=True), "tender__buyer_id"))


def totals_by_supplier(*, community, date_from: date | None = None, date_to: date | None = None) -> QuerySet:
    """Per supplier: the contracts signed in the period, their number and sum, largest first (to be paged)."""
    contracts = _in_period(Contract.objects.for_community(community).filter(supplier__isnull=False), "date_signed",
                           date_from, date_to)
    return contracts.values("supplier_id", "supplier__name", "supplier__kind").annotate(
        total=Sum("value_amount"), count=Count("id")).order_by(F("total").desc(nulls_last=True), "supplier_id")


def top_suppliers(*, community, date_from: date | None = None, date_to: date | None = None) -> list[dict]:
    return list(totals_by_supplier(community=community, date_from=date_from, date_to=date_to)[:TOP_SUPPLIERS])


def cached_figures(compute, *, community, date_from: date | None = None, date_to: date | None = None):
    """A figure over all the community's rows (totals, competition), kept FIGURES_SECONDS: the data change only when
    the crawler runs (every 5 minutes at most), and summing 100,000 rows on every visit would not be."""
    key = f"procurement:{compute.__name__}:{community.pk}:{date_from}:{date_to}"
    return cache.get_or_set(key, lambda: compute(community=community, date_from=date_from, date_to=date_to),
                            FIGURES_SECONDS)


@dataclass(frozen=True)
class Competition:
    tenders: int  # tenders in the period with a known number of bids
    average_bids: float | None
    single_bidder: int
    distribution: list[dict]  # [{"bids": "0".."5+", "count": n, "share": 0..1}]
    by_buyer: list[dict]
    by_division: list[dict]

    @property
    def single_bidder_share(self) -> float | None:
        return self.single_bidder / self.tenders if self.tenders else None


def _competition_figures() -> dict:
    return {"tenders": Count("id"), "average_bids": Avg("number_of_bids"),
            "single_bidder": Count("id", filter=Q(number_of_bids=1))}


def competition(*, community, date_from: date | None = None, date_to: date | None = None) -> Competition:
    """Bids per tender (average and distribution) and the single-bidder share, overall, by buyer and by CPV
    division (the first two digits), over the tenders published in the period whose bids are known."""
    tenders = _in_period(Tender.objects.for_community(community).filter(number_of_bids__isnull=False),
                         "date_published", date_from, date_to)
    buckets = {f"b{n}": Count("id", filter=Q(number_of_bids=n)) for n in BID_BUCKETS}
    overall = tenders.aggregate(**_competition_figures(), five_or_more=Count("id", filter=Q(number_of_bids__gte=5)),
                                **buckets)
    total = overall["tenders"]
    distribution = [{"bids": str(n), "count": overall[f"b{n}"]} for n in BID_BUCKETS]
    distribution.append({"bids": "5+", "count": overall["five_or_more"]})
    for row in distribution:
        row["share"] = row["count"] / total if total else None
    by_buyer = list(tenders.values("buyer_id", "buyer__name").annotate(**_competition_figures())
                    .order_by("-tenders", "buyer_id"))
    by_division = list(tenders.annotate(division=Substr("cpv_code", 1, 2)).values("division")
                       .annotate(**_competition_figures()).order_by("-tenders", "division"))
    for row in (*by_buyer, *by_division):
        row["single_bidder_share"] = row["single_bidder"] / row["tenders"] if row["tenders"] else None
    return Competition(tenders=total, average_bids=overall["average_bids"], single_bidder=overall["single_bidder"],
                       distribution=distribution, by_buyer=by_buyer, by_division=by_division)


# Open data -------------------------------------------------------------------------------------------------------


def tender_open_data_rows(community) -> Iterator[dict]:
    tenders = (Tender.objects.for_community(community).order_by("pk")
               .values_list("pk", "tender_id", "ocid", "buyer_edrpou", "buyer__name", "title", "status",
                            "procurement_method_type", "cpv_code", "value_amount", "currency", "date_published",
                            "tender_period_end", "number_of_bids", "awarded_amount", "is_synthetic"))
    for (pk, tender_id, ocid, edrpou, buyer, title, status, method, cpv, amount, currency, published, period_end,
         bids, awarded, synthetic) in tenders.iterator(chunk_size=2000):
        yield {"id": pk, "tender_id": tender_id, "ocid": ocid, "buyer_edrpou": edrpou, "buyer_name": buyer,
               "title": title, "status": status, "procurement_method_type": method, "cpv": cpv,
               "value_amount": amount, "currency": currency, "date_published": published,
               "tender_period_end": period_end, "number_of_bids": bids, "awarded_amount": awarded,
               "synthetic": synthetic,
               "url": PROZORRO_TENDER_URL.format(tender_id)}


def contract_open_data_rows(community) -> Iterator[dict]:
    """Contracts with their supplier's name; the supplier's identifier only when it is an organisation's code
    (an individual entrepreneur's tax number is personal data and is left empty)."""
    contracts = (Contract.objects.for_community(community).order_by("pk")
                 .values_list("pk", "prozorro_id", "contract_number", "tender__tender_id", "tender__buyer_edrpou",
                              "supplier__name", "supplier__kind", "supplier__scheme", "supplier__identifier",
                              "value_amount", "currency", "date_signed", "status"))
    for (pk, prozorro_id, number, tender_id, buyer, supplier, kind, scheme, identifier, amount, currency, signed,
         status) in contracts.iterator(chunk_size=2000):
        public_id = identifier if is_public_code(kind, scheme, identifier) else ""
        yield {"id": pk, "contract_id": prozorro_id, "contract_number": number, "tender_id": tender_id,
               "buyer_edrpou": buyer, "supplier_name": supplier or "", "supplier_scheme": scheme or "",
               "supplier_identifier": public_id, "value_amount": amount, "currency": currency,
               "date_signed": signed, "status": status}


# OCDS ------------------------------------------------------------------------------------------------------------

OCDS_VERSION = "1.1"
OCDS_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
OCDS_PAGE_SIZE = 100
_REQUIRED_RELEASE = ("ocid", "id", "date", "tag", "initiationType")
_PERSON_KEYS = ("address", "contactPoint", "additionalIdentifiers")


def _personal_codes(value, found: set[str]) -> set[str]:
    """Identifiers in a release that are not an organisation's EDRPOU code: a person's tax or passport number."""
    if isinstance(value, dict):
        identifier = value.get("identifier")
        if isinstance(identifier, dict):
            code = str(identifier.get("id") or "")
            if code and not (identifier.get("scheme", "UA-EDR") == "UA-EDR" and len(code) == 8 and code.isdigit()):
                found.add(code)
        for item in value.values():
            _personal_codes(item, found)
    elif isinstance(value, list):
        for item in value:
            _personal_codes(item, found)
    return found


def _scrub(value, codes: set[str]):
    """A copy with every contact point dropped (names, phones and e-mails of people), and with a person's number
    removed wherever it appears (identifiers, party ids, references) together with their address."""
    if isinstance(value, dict):
        identifier = value.get("identifier")
        person = isinstance(identifier, dict) and str(identifier.get("id") or "") in codes
        cleaned = {}
        for key, item in value.items():
            if key == "contactPoint" or (person and key in _PERSON_KEYS):
                continue
            if person and key == "identifier":
                cleaned[key] = {k: v for k, v in item.items() if k not in ("id", "uri")}
                continue
            cleaned[key] = _scrub(item, codes)
        return cleaned
    if isinstance(value, list):
        return [_scrub(item, codes) for item in value]
    if isinstance(value, str) and codes:
        for code in codes:
            if code in value:
                value = value.replace(code, "person")
        return value
    return value


def _public(tender: Tender, person_codes: set[str]) -> dict:
    codes = _personal_codes(tender.release or {}, set()) | person_codes
    release = _scrub(dict(tender.release or {}), {code for code in codes if code})
    defaults = {"ocid": tender.ocid, "id": f"{tender.prozorro_id}-{tender.date_modified:%Y%m%dT%H%M%S}",
                "date": tender.date_modified.isoformat(), "tag": ["compiled"], "initiationType": "tender",
                "language": "uk"}
    for key, value in defaults.items():
        release.setdefault(key, value)
    return release


def public_release(tender: Tender) -> dict:
    """The tender's OCDS release as open data: stored by the crawler, with personal data scrubbed, and the fields
    OCDS requires filled from the tender's columns when the stored release lacks them."""
    return _public(tender, _person_codes_by_tender(tender.community_id, [tender.pk]).get(tender.pk, set()))


def ocds_releases(*, community, page: int, page_size: int = OCDS_PAGE_SIZE) -> tuple[list[dict], bool]:
    """One page of the community's releases (oldest tender first, a stable order for harvesters), and whether
    another page follows."""
    start = (page - 1) * page_size
    tenders = list(Tender.objects.for_community(community).order_by("pk")[start:start + page_size + 1])
    shown = tenders[:page_size]
    persons = _person_codes_by_tender(community, [t.pk for t in shown])
    return [_public(t, persons.get(t.pk, set())) for t in shown], len(tenders) > page_size


def _person_codes_by_tender(community, tender_ids: list[int]) -> dict[int, set[str]]:
    """The tax numbers of the individual entrepreneurs who signed contracts in these tenders (to scrub them even
    where the release names them in a way the identifier walk does not catch)."""
    found: dict[int, set[str]] = {}
    rows = Contract.objects.filter(community=community, tender_id__in=tender_ids,
                                   supplier__kind=SupplierKind.PERSON).values_list("tender_id", "supplier__identifier")
    for tender_id, code in rows:
        found.setdefault(tender_id, set()).add(code)
    return found
