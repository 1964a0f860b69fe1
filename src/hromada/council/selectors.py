"""Every public read of Council: deputies with their figures over a period, factions, commissions, sessions,
vote events with their roll-call, draft decisions, search and comparisons. Always with `community=`.

Figures are SUMs over the stored monthly rows (models_metrics), never over Vote rows; a period is whole months."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.errors import NotFound, ValidationFailed

from .models import (
    PRESENT_OPTIONS,
    DraftDecision,
    DraftStatus,
    Membership,
    Organization,
    OrganizationKind,
    Person,
    Session,
    Vote,
    VoteEvent,
)
from .models_metrics import (
    DeputyAgreement,
    DeputyFactionAgreement,
    DeputyMonth,
    FactionAgreement,
    FactionLine,
)

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
SUMS = ("possible", "attended", "yes", "no", "abstain", "not_voting", "absent", "countable", "rebellions")


def _share(part: int | None, whole: int | None) -> float | None:
    return round((part or 0) / whole, 4) if whole else None


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Whole months from `start` to `end` (both first days, both included; None: open)."""

    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, start: str | None, end: str | None) -> Period:
        """From "YYYY-MM" strings; a bad one is a ValidationFailed naming the field."""
        parsed: dict[str, date | None] = {}
        errors: dict[str, list] = {}
        for field, text in (("from", start), ("to", end)):
            if not text:
                parsed[field] = None
                continue
            match = MONTH.match(text.strip())
            try:
                parsed[field] = date(int(match[1]), int(match[2]), 1) if match else None
            except ValueError:
                parsed[field] = None
            if parsed[field] is None:
                errors[field] = [_("Give a month as YYYY-MM, e.g. 2025-03.")]
        if not errors and parsed["from"] and parsed["to"] and parsed["from"] > parsed["to"]:
            errors["to"] = [_("The end of the period is before its start.")]
        if errors:
            raise ValidationFailed(fields=errors)
        return cls(parsed["from"], parsed["to"])

    def months(self, prefix: str = "") -> Q:
        q = Q()
        if self.start:
            q &= Q(**{f"{prefix}month__gte": self.start})
        if self.end:
            q &= Q(**{f"{prefix}month__lte": self.end})
        return q

    def dates(self, field: str) -> Q:
        q = Q()
        if self.start:
            q &= Q(**{f"{field}__gte": self.start})
        if self.end:
            q &= Q(**{f"{field}__lt": _next_month(self.end)})
        return q

    def query(self) -> str:
        parts = [f"from={self.start:%Y-%m}" if self.start else "", f"to={self.end:%Y-%m}" if self.end else ""]
        return "&".join(p for p in parts if p)


ALL_TIME = Period()


@dataclass(frozen=True)
class Figures:
    """A deputy's (or a group's) roll-call figures over a period, from the summed monthly rows."""

    possible: int = 0
    attended: int = 0
    yes: int = 0
    no: int = 0
    abstain: int = 0
    not_voting: int = 0
    absent: int = 0
    countable: int = 0
    rebellions: int = 0

    @classmethod
    def of(cls, row) -> Figures:
        get = row.get if isinstance(row, dict) else (lambda name: getattr(row, name, 0))
        return cls(**{name: get(name) or 0 for name in SUMS})

    @property
    def attendance(self) -> float | None:
        return _share(self.attended, self.possible)

    @property
    def rebellion_rate(self) -> float | None:
        return _share(self.rebellions, self.countable)

    @property
    def discipline(self) -> float | None:
        rate = self.rebellion_rate
        return None if rate is None else round(1 - rate, 4)


def _words(q: str) -> list[str]:
    return (q or "").split()[:6]


def _contains(field: str, word: str) -> Q:
    """Case-blind enough on SQLite too, whose LIKE folds ASCII only: the word as typed, lower, Capitalised."""
    q = Q()
    for variant in {word, word.lower(), word.capitalize(), word.upper()}:
        q |= Q(**{f"{field}__contains": variant})
    return q


def _current(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))


def organization_choices(*, community, kind: str) -> QuerySet[Organization]:
    """Factions or commissions for a filter's options: names only."""
    return Organization.objects.filter(community=community, kind=kind).only("pk", "name").order_by("name", "pk")


def _current_memberships(kind: str) -> Prefetch:
    return Prefetch("memberships", to_attr=f"current_{kind}s",
                    queryset=Membership.objects.filter(_current(), organization__kind=kind)
                    .select_related("organization"))


def deputy_list(*, community, period: Period = ALL_TIME, q: str = "", faction_id: int | None = None,
                commission_id: int | None = None, sort: str = "name") -> QuerySet[Person]:
    """Deputies with their summed figures over the period (`possible`, `attended`, ... annotated) and their
    current factions and commissions (`current_factions`, `current_commissions`)."""
    qs = Person.objects.filter(community=community)
    for word in _words(q):
        qs = qs.filter(_contains("family_name", word) | _contains("given_name", word)
                       | _contains("additional_name", word))
    for org_id in (faction_id, commission_id):
        if org_id:
            qs = qs.filter(pk__in=Membership.objects.filter(_current(), community=community,
                                                            organization_id=org_id).values("person_id"))
    within = period.months("metric_months__")
    qs = qs.annotate(**{name: Sum(f"metric_months__{name}", filter=within) for name in SUMS})
    qs = qs.prefetch_related(_current_memberships(OrganizationKind.FACTION),
                             _current_memberships(OrganizationKind.COMMISSION))
    if sort == "attendance":
        return qs.order_by(F("attended") * 1.0 / F("possible"), "family_name", "pk")
    if sort == "rebellions":
        return qs.order_by(F("rebellions").desc(nulls_last=True), "family_name", "pk")
    return qs.order_by("family_name", "given_name", "pk")


def deputy_get(*, community, person_id: int) -> Person:
    """One deputy with current factions and commissions; another community's or none are the same NotFound."""
    person = (Person.objects.filter(community=community, pk=person_id)
              .prefetch_related(_current_memberships(OrganizationKind.FACTION),
                                _current_memberships(OrganizationKind.COMMISSION)).first())
    if person is None:
        raise NotFound()
    return person


def deputy_figures(*, community, person_id: int, period: Period = ALL_TIME) -> Figures:
    row = DeputyMonth.objects.filter(period.months(), community=community, person_id=person_id).aggregate(
        **{name: Sum(name) for name in SUMS})
    return Figures.of(row)


def deputy_timeline(*, community, person_id: int, period: Period = ALL_TIME) -> list[dict]:
    """Attendance and rebellions by month, or by year when the period is longer than two years."""
    rows = list(DeputyMonth.objects.filter(period.months(), community=community, person_id=person_id)
                .order_by("month").values("month", "possible", "attended", "countable", "rebellions"))
    if len(rows) > 24:
        years: dict[int, dict] = {}
        for row in rows:
            year = years.setdefault(row["month"].year, {"month": date(row["month"].year, 1, 1), "possible": 0,
                                                        "attended": 0, "countable": 0, "rebellions": 0})
            for key in ("possible", "attended", "countable", "rebellions"):
                year[key] += row[key]
        rows, by_year = list(years.values()), True
    else:
        by_year = False
    for row in rows:
        row["label"] = str(row["month"].year) if by_year else f"{row['month']:%Y-%m}"
        row["attendance"] = _share(row["attended"], row["possible"])
        row["rebellion_rate"] = _share(row["rebellions"], row["countable"])
    return rows


def _agreements(model, key: str, related, *, community, person_id: int, period: Period) -> list[dict]:
    rows = (model.objects.filter(period.months(), community=community, person_id=person_id)
            .values(key).annotate(both_n=Sum("both"), same_n=Sum("same")))
    found = related.objects.filter(community=community).in_bulk([r[key] for r in rows])
    result = [{"object": found[r[key]], "both": r["both_n"], "same": r["same_n"],
               "share": _share(r["same_n"], r["both_n"])} for r in rows if r[key] in found]
    return sorted(result, key=lambda r: (-(r["share"] or 0), str(r["object"])))


def deputy_agreements(*, community, person_id: int, period: Period = ALL_TIME) -> list[dict]:
    """Every other deputy (`deputy`) with `both` (votes where both were present), `same` and the share, highest
    first."""
    rows = _agreements(DeputyAgreement, "other_id", Person, community=community, person_id=person_id, period=period)
    return [dict(row, deputy=row["object"]) for row in rows]


def deputy_faction_agreements(*, community, person_id: int, period: Period = ALL_TIME) -> list[dict]:
    """Every faction: votes where the deputy was present and the faction had a line, and how often they met it."""
    rows = _agreements(DeputyFactionAgreement, "faction_id", Organization, community=community, person_id=person_id,
                       period=period)
    return [dict(row, faction=row["object"]) for row in rows]


def pair_agreement(*, community, person_id: int, other_id: int, period: Period = ALL_TIME) -> dict:
    row = DeputyAgreement.objects.filter(period.months(), community=community, person_id=person_id,
                                         other_id=other_id).aggregate(both=Sum("both"), same=Sum("same"))
    return {"both": row["both"] or 0, "same": row["same"] or 0, "share": _share(row["same"], row["both"])}


def _line_of_vote() -> Subquery:
    return Subquery(FactionLine.objects.filter(vote_event_id=OuterRef("vote_event_id"),
                                               faction_id=OuterRef("faction_id")).values("line")[:1])


class KeysFirst:
    """Rows that a paginator counts and slices: a page's keys are found in order over the narrow rows, then only
    those rows are read in full. A deputy has thousands of votes; sorting them with their vote events' text and the
    faction line of each (SQLite computes a row's columns before it sorts) cost 80 ms at 30,000 votes, against
    11 ms for the keys (bench/council_scale.py). `key` names the column the keys come from (unique among `rows`);
    `total`, when given, is the count without a query over the rows."""

    def __init__(self, keys: QuerySet, rows: QuerySet, *, key: str = "pk", total: int | None = None):
        self.keys, self.rows, self.key, self.total = keys, rows, key, total

    def count(self) -> int:
        return self.keys.count() if self.total is None else self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, items: slice) -> list:
        page = list(self.keys.values_list(self.key, flat=True)[items])
        found = {getattr(row, self.key): row for row in self.rows.filter(**{f"{self.key}__in": page})}
        return [found[key] for key in page if key in found]


# The stored monthly column that counts a deputy's votes with each option; "absent" and "paired" share a column
# (metrics.CODE), so they are counted from the votes themselves.
STORED_COUNT = {"": "possible", "yes": "yes", "no": "no", "abstain": "abstain", "not_voting": "not_voting"}


def deputy_votes(*, community, person_id: int, period: Period = ALL_TIME, option: str = "") -> KeysFirst:
    """The deputy's votes, newest first, each with its vote event, faction and `line` (the faction's line).

    A page is a backward range of the index (person, community, event_date, event_number, vote_event) with a
    LIMIT: the vote event's date and number are on the vote row, and the keys are vote event ids (a vote is one
    per deputy and vote event), which the index holds, so no table row is read for them (ADR 0026). The count
    is the sum of the stored monthly figures of the period, whose months are those of the votes' dates."""
    qs = Vote.objects.filter(period.dates("event_date"), community=community, person_id=person_id)
    if option:
        qs = qs.filter(option=option)
    newest_first = qs.order_by("-event_date", "-event_number", "-vote_event_id")
    rows = Vote.objects.filter(community=community, person_id=person_id).select_related(
        "vote_event", "faction").annotate(line=_line_of_vote())
    total = None
    if option in STORED_COUNT:
        column = STORED_COUNT[option]
        total = DeputyMonth.objects.filter(period.months(), community=community, person_id=person_id).aggregate(
            n=Sum(column))["n"] or 0
    return KeysFirst(newest_first, rows, key="vote_event_id", total=total)


def deputy_drafts(*, community, person_id: int, period: Period = ALL_TIME) -> QuerySet[DraftDecision]:
    return DraftDecision.objects.filter(period.dates("registered_on"), community=community,
                                        authors=person_id).order_by("-registered_on", "-pk")


def draft_counts(*, community, person_id: int, period: Period = ALL_TIME) -> dict:
    row = deputy_drafts(community=community, person_id=person_id, period=period).aggregate(
        authored=Count("pk"), adopted=Count("pk", filter=Q(status=DraftStatus.ADOPTED)))
    return {"authored": row["authored"], "adopted": row["adopted"]}


def deputy_memberships(*, community, person_id: int) -> QuerySet[Membership]:
    return (Membership.objects.filter(community=community, person_id=person_id)
            .select_related("organization").order_by("-start_date", "pk"))


def organization_list(*, community, kind: str, period: Period = ALL_TIME) -> QuerySet[Organization]:
    """Factions or commissions with the number of current members; factions also with their summed figures
    (`events`, `lines`, `possible`, `attended`, `rebellions`, `rice_sum`, `rice_events`)."""
    # The member count is a subquery: a second join beside metric_months would multiply the sums.
    members = (Membership.objects.filter(_current(), organization_id=OuterRef("pk")).order_by()
               .values("organization_id").annotate(n=Count("pk")).values("n"))
    qs = (Organization.objects.filter(community=community, kind=kind)
          .annotate(members=Coalesce(Subquery(members), 0)))
    if kind == OrganizationKind.FACTION:
        within = period.months("metric_months__")
        qs = qs.annotate(**{name: Sum(f"metric_months__{name}", filter=within) for name in (
            "events", "lines", "possible", "attended", "rebellions", "rice_sum", "rice_events")})
    return qs.select_related("convocation").order_by("name", "pk")


def faction_figures(org) -> dict:
    """Cohesion (mean Rice index), attendance and rebellion figures of an annotated faction."""
    return {"cohesion": round(org.rice_sum / org.rice_events, 4) if getattr(org, "rice_events", 0) else None,
            "attendance": _share(getattr(org, "attended", 0), getattr(org, "possible", 0)),
            "rebellions": getattr(org, "rebellions", 0) or 0, "lines": getattr(org, "lines", 0) or 0,
            "events": getattr(org, "events", 0) or 0}


def organization_get(*, community, org_id: int, kind: str, period: Period = ALL_TIME) -> Organization:
    org = organization_list(community=community, kind=kind, period=period).filter(pk=org_id).first()
    if org is None:
        raise NotFound()
    return org


def organization_members(*, community, org_id: int, current_only: bool = True) -> QuerySet[Membership]:
    qs = Membership.objects.filter(community=community, organization_id=org_id)
    if current_only:
        qs = qs.filter(_current())
    return qs.select_related("person").order_by("person__family_name", "person__given_name", "pk")


def faction_agreements(*, community, period: Period = ALL_TIME) -> list[dict]:
    """Pairs of factions: votes where both had a line and how often the lines were the same."""
    rows = (FactionAgreement.objects.filter(period.months(), community=community)
            .values("faction_id", "other_id").annotate(both_n=Sum("both"), same_n=Sum("same")))
    return [{"faction_id": r["faction_id"], "other_id": r["other_id"], "both": r["both_n"], "same": r["same_n"],
             "share": _share(r["same_n"], r["both_n"])} for r in rows]


def session_list(*, community, convocation_id: int | None = None) -> QuerySet[Session]:
    qs = Session.objects.filter(community=community)
    if convocation_id:
        qs = qs.filter(convocation_id=convocation_id)
    return (qs.select_related("convocation").annotate(votes=Count("sittings__vote_events"))
            .order_by("-start_date", "-number", "-pk"))


def session_get(*, community, session_id: int) -> Session:
    session = (Session.objects.filter(community=community, pk=session_id).select_related("convocation")
               .prefetch_related("sittings").first())
    if session is None:
        raise NotFound()
    return session


def vote_event_list(*, community, period: Period = ALL_TIME, q: str = "", result: str = "",
                    session_id: int | None = None, draft_id: int | None = None) -> QuerySet[VoteEvent]:
    qs = VoteEvent.objects.filter(period.dates("date"), community=community)
    for word in _words(q):
        qs = qs.filter(_contains("question", word))
    if result:
        qs = qs.filter(result=result)
    if session_id:
        qs = qs.filter(sitting__session_id=session_id)
    if draft_id:
        qs = qs.filter(draft_id=draft_id)
    return qs.select_related("sitting__session").order_by("-date", "-number", "-pk")


def vote_event_get(*, community, vote_event_id: int) -> VoteEvent:
    event = (VoteEvent.objects.filter(community=community, pk=vote_event_id)
             .select_related("sitting__session__convocation", "draft").first())
    if event is None:
        raise NotFound()
    return event


def roll_call(*, community, vote_event_id: int) -> list[dict]:
    """The roll-call grouped by faction (deputies without a faction last): each group with its counts, its line
    and its votes, each vote marked `rebel` when a present member voted other than a line on a non-free vote."""
    event = VoteEvent.objects.filter(community=community, pk=vote_event_id).only("free_vote").first()
    if event is None:
        raise NotFound()
    lines = {line.faction_id: line for line in FactionLine.objects.filter(community=community,
                                                                          vote_event_id=vote_event_id)}
    groups: dict[int | None, dict] = {}
    votes = (Vote.objects.filter(community=community, vote_event_id=vote_event_id).select_related("person", "faction")
             .order_by("faction__name", "person__family_name", "person__given_name", "pk"))
    for vote in votes:
        group = groups.setdefault(vote.faction_id, {"faction": vote.faction, "line": lines.get(vote.faction_id),
                                                    "votes": []})
        line = group["line"].line if group["line"] else ""
        vote.rebel = bool(line and not event.free_vote and vote.option in PRESENT_OPTIONS and vote.option != line)
        group["votes"].append(vote)
    return sorted(groups.values(), key=lambda g: (g["faction"] is None, g["faction"].name if g["faction"] else ""))


def draft_list(*, community, q: str = "", status: str = "", author_id: int | None = None,
               commission_id: int | None = None) -> QuerySet[DraftDecision]:
    qs = DraftDecision.objects.filter(community=community)
    for word in _words(q):
        qs = qs.filter(_contains("title", word) | Q(number=word))
    if status:
        qs = qs.filter(status=status)
    if author_id:
        qs = qs.filter(authors=author_id)
    if commission_id:
        qs = qs.filter(commission_id=commission_id)
    return (qs.select_related("commission").prefetch_related("authors")
            .order_by("-registered_on", "-pk"))


def draft_get(*, community, draft_id: int) -> DraftDecision:
    draft = (DraftDecision.objects.filter(community=community, pk=draft_id)
             .select_related("commission", "convocation").prefetch_related("authors", "history", "files").first())
    if draft is None:
        raise NotFound()
    return draft


def search(*, community, q: str, limit: int = 10) -> dict:
    """Deputies, draft decisions and vote events matching every word, a few of each."""
    if not _words(q):
        return {"deputies": [], "drafts": [], "vote_events": []}
    return {"deputies": list(deputy_list(community=community, q=q)[:limit]),
            "drafts": list(draft_list(community=community, q=q)[:limit]),
            "vote_events": list(vote_event_list(community=community, q=q)[:limit])}
