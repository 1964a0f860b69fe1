"""The council's imports: one service for every kind of file (the national structures convocations, deputies,
sessions, motions and votings, as CSV or JSON, and Popolo JSON). All or nothing in one transaction; rows match
their earlier import on the source's identifiers, so importing a file again changes nothing; every rejected row
is reported with its row, field and reason. Votes are inserted in chunks (millions import in minutes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import ValidationFailed
from hromada.core.identity.guard import require, service

from .. import policies
from ..imports import popolo, reading
from ..imports.reading import Problems, parse_day
from ..metrics import COLUMNS, council_metrics_refresh
from ..models import (
    Convocation,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Person,
    Session,
    Vote,
    VoteEvent,
)
from .importing_drafts import DraftRows
from .importing_votes import MotionRows, VotingRows
from .people import REFUSED

KINDS = ("convocations", "deputies", "sessions", "motions", "votings", "popolo")
# Vote events and votes one import must write before the planner's statistics are refreshed after it commits.
# A large COPY leaves them stale until autovacuum gets round to it: the planner then expected 35 votes for a
# deputy among 1.92M and read the table instead of the covering index (docs/performance.md, Council).
ANALYZE_AFTER = 10_000
# The tables an import writes in bulk (COLUMNS: the stored metrics, rebuilt for the months a file touches).
BULK_WRITTEN: tuple[type[models.Model], ...] = (Vote, VoteEvent, *COLUMNS)


def _refresh_statistics() -> None:
    """ANALYZE the tables the import writes in bulk, so the planner sees their new size and spread (SQLite:
    sqlite_stat1). On PostgreSQL outside a transaction, VACUUM (ANALYZE): fresh statistics alone did not make the
    deputy page faster, because the visibility map of the COPYed pages stays empty until a VACUUM sets it, and
    without it there is no index-only scan (docs/performance.md, Council). VACUUM cannot run in a transaction
    block, so inside a caller's enclosing transaction (a test's) this is the ANALYZE only."""
    quote = connection.ops.quote_name
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        for model in BULK_WRITTEN:
            table = quote(model._meta.db_table)
            cursor.execute(f"VACUUM (ANALYZE) {table}" if vacuum else f"ANALYZE {table}")


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, outcome: str, n: int = 1) -> None:
        bucket = getattr(self, outcome)
        bucket[what] = bucket.get(what, 0) + n

    def as_dict(self) -> dict:
        return {"kind": self.kind, "rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged}


class ImportRejected(ValidationFailed):
    """Some rows are bad: nothing was written. `problems` lists each with its row, field and reason."""

    code = "import_rejected"

    def __init__(self, problems: Problems):
        self.problems = problems
        message = _("%(n)d problems found; nothing was imported.") % {"n": problems.total}
        fields: dict[str, list[str]] = {}
        for item in problems.items:
            fields.setdefault(item["row"], []).append(f"{item['field']}: {item['reason']}" if item["field"]
                                                      else item["reason"])
        super().__init__(message, fields=fields)


@service
def council_import(*, actor, community, kind: str, content: bytes | str) -> ImportReport:
    require(policies.can_write(actor, community), REFUSED)
    if kind not in KINDS:
        raise ValidationFailed(fields={"kind": [_("One of: %(kinds)s.") % {"kinds": ", ".join(KINDS)}]})
    if len(content) > reading.MAX_BYTES:
        raise ValidationFailed(fields={"file": [_("The file is larger than 512 MB.")]})
    problems = Problems()
    report = ImportReport(kind=kind)
    batches: Sequence[tuple[str, Iterable]]
    if kind == "popolo":
        batches = popolo.batches(content, problems)
    else:
        batches = [(kind, reading.rows(kind, content, problems))]
    with transaction.atomic():
        writer = Writer(community, problems, report)
        for batch_kind, rows in batches:
            getattr(writer, batch_kind)(rows)
        if problems:
            raise ImportRejected(problems)
        if writer.touched_events or writer.touched_months:
            council_metrics_refresh(actor=actor, community=community, vote_events=writer.touched_events,
                                    months=writer.touched_months)
        audit_record(actor=actor, community=community, action="council.import.done", target=None,
                     data=report.as_dict())
        written = sum(report.created.get(what, 0) + report.updated.get(what, 0) for what in ("votes", "vote events"))
        if written >= ANALYZE_AFTER:  # once, after the outermost transaction commits; small imports skip it
            transaction.on_commit(_refresh_statistics)
    return report


class Writer:
    """Applies rows of each kind in turn, inside the caller's transaction; writes only while no row has been
    rejected (after the first problem it only validates, to report every bad row)."""

    def __init__(self, community, problems: Problems, report: ImportReport):
        self.community, self.problems, self.report = community, problems, report
        self.touched_events: set[int] = set()
        self.touched_months: set[date] = set()

    # -- cells -------------------------------------------------------------------------------------------------

    def _date(self, label, row, column, *, required=False):
        text = row.get(column, "")
        if not text:
            if required:
                self.problems.add(label, column, _("This field is required."))
            return None
        try:
            return parse_day(text)[0]
        except (ValueError, TypeError):
            self.problems.add(label, column, _("Not a date: %(value)s (use YYYY-MM-DD or DD.MM.YYYY).")
                              % {"value": text[:40]})
            return None

    def _int(self, label, row, column, *, required=False, default=None):
        text = row.get(column, "")
        if not text:
            if required:
                self.problems.add(label, column, _("This field is required."))
            return default
        try:
            value = int(text)
            if value < 0:
                raise ValueError
            return value
        except ValueError:
            self.problems.add(label, column, _("Not a whole number: %(value)s.") % {"value": text[:40]})
            return default

    def _text(self, label, row, column, max_length, *, required=False):
        text = row.get(column, "")
        if required and not text:
            self.problems.add(label, column, _("This field is required."))
        if len(text) > max_length:
            self.problems.add(label, column, _("At most %(max)s characters.") % {"max": max_length})
            text = text[:max_length]
        return text

    def _once(self, seen: dict, key, label, column) -> bool:
        if key in seen:
            self.problems.add(label, column, _("The same entry as %(row)s.") % {"row": seen[key]})
            return False
        seen[key] = label
        return True

    def _save(self, what: str, obj, values: dict, **create):
        """Create, or update what differs; counted as created, updated or unchanged."""
        if self.problems:
            return obj
        if obj is None:
            obj = create.pop("model").objects.create(community=self.community, **create, **values)
            self.report.count(what, "created")
            return obj
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            for key in changed:
                setattr(obj, key, values[key])
            obj.save(update_fields=changed)
        self.report.count(what, "updated" if changed else "unchanged")
        return obj

    def _convocations_by_number(self):
        return {c.number: c for c in Convocation.objects.filter(community=self.community)}

    # -- kinds -------------------------------------------------------------------------------------------------

    def convocations(self, rows) -> None:
        by_number = self._convocations_by_number()
        by_source = {c.source_id: c for c in by_number.values() if c.source_id}
        seen: dict = {}
        for label, row in rows:
            self.report.rows += 1
            number = self._int(label, row, "number", required=True)
            start, end = self._date(label, row, "startDate", required=True), self._date(label, row, "endDate")
            if start and end and end < start:
                self.problems.add(label, "endDate", _("The end is before the start."))
            if number is None or not self._once(seen, number, label, "number"):
                continue
            source_id = self._text(label, row, "id", 100)
            obj = by_source.get(source_id) if source_id else None
            obj = obj or by_number.get(number)
            self._save("convocations", obj, {"number": number, "name": self._text(label, row, "name", 200),
                                             "start_date": start, "end_date": end, "source_id": source_id},
                       model=Convocation)

    def deputies(self, rows) -> None:
        existing = {p.source_id: p for p in Person.objects.filter(community=self.community).exclude(source_id="")}
        convocations = self._convocations_by_number()
        factions = {(o.name, o.convocation_id): o for o in
                    Organization.objects.filter(community=self.community, kind=OrganizationKind.FACTION)}
        seen: dict = {}
        for label, row in rows:
            self.report.rows += 1
            source_id = self._text(label, row, "id", 100, required=True)
            values = {"family_name": self._text(label, row, "familyName", 100, required=True),
                      "given_name": self._text(label, row, "name", 100, required=True),
                      "additional_name": self._text(label, row, "additionalName", 100),
                      "gender": self._text(label, row, "gender", 10),
                      "birth_date": self._date(label, row, "birthDate"),
                      "party": self._text(label, row, "party", 300),
                      "electoral_district": self._text(label, row, "electoralDistrict", 200),
                      "email": self._text(label, row, "email", 254),
                      "phone": self._text(label, row, "phone", 50),
                      "website": self._text(label, row, "url", 200),
                      "start_date": self._date(label, row, "startDate"),
                      "end_date": self._date(label, row, "endDate"),
                      "voting_identifier": self._text(label, row, "votingIdentifier", 100) or source_id}
            if values["email"] and "@" not in values["email"]:
                self.problems.add(label, "email", _("Not an email address."))
            convocation = None
            if row.get("convocation"):
                number = self._int(label, row, "convocation")
                convocation = convocations.get(number)
                if number is not None and convocation is None:
                    self.problems.add(label, "convocation", _("No convocation number %(n)s: import convocations "
                                                              "first.") % {"n": number})
            if not source_id or not self._once(seen, source_id, label, "id"):
                continue
            person = self._save("deputies", existing.get(source_id), values, model=Person, source_id=source_id)
            faction_name = self._text(label, row, "faction", 300)
            # Without a convocation column the faction belongs to the latest convocation, from its start.
            convocation = convocation or (convocations[max(convocations)] if convocations else None)
            if faction_name and not self.problems:
                self._faction_membership(person, faction_name, convocation, factions,
                                         values["start_date"] or (convocation and convocation.start_date))

    def _faction_membership(self, person, name, convocation, factions, start) -> None:
        key = (name, convocation.pk if convocation else None)
        org = factions.get(key)
        if org is None:
            org = factions[key] = Organization.objects.create(community=self.community, kind=OrganizationKind.FACTION,
                                                              name=name, convocation=convocation)
            self.report.count("factions", "created")
        if not Membership.objects.filter(person=person, organization=org).exists():
            Membership.objects.create(community=self.community, person=person, organization=org,
                                      start_date=start or date.today())
            self.report.count("memberships", "created")

    def organizations(self, rows) -> None:
        existing = {o.source_id: o for o in Organization.objects.filter(community=self.community).exclude(source_id="")}
        seen: dict = {}
        for label, row in rows:
            self.report.rows += 1
            source_id = self._text(label, row, "id", 100, required=True)
            kind = row.get("kind", "")
            if kind not in OrganizationKind.values:
                self.problems.add(label, "classification", _("Not a council, faction or commission: %(v)s.")
                                  % {"v": kind[:40]})
            values = {"kind": kind, "name": self._text(label, row, "name", 300, required=True),
                      "party": self._text(label, row, "party", 300),
                      "founding_date": self._date(label, row, "founding_date"),
                      "dissolution_date": self._date(label, row, "dissolution_date")}
            if source_id and self._once(seen, source_id, label, "id"):
                self._save("organizations", existing.get(source_id), values, model=Organization, source_id=source_id)

    def memberships(self, rows) -> None:
        people = dict(Person.objects.filter(community=self.community).exclude(source_id="")
                      .values_list("source_id", "pk"))
        orgs = dict(Organization.objects.filter(community=self.community).exclude(source_id="")
                    .values_list("source_id", "pk"))
        existing = {m.source_id: m for m in Membership.objects.filter(community=self.community).exclude(source_id="")}
        seen: dict = {}
        for label, row in rows:
            self.report.rows += 1
            source_id = self._text(label, row, "id", 100, required=True)
            person, org = people.get(row.get("person_id", "")), orgs.get(row.get("organization_id", ""))
            if person is None:
                self.problems.add(label, "person_id", _("No deputy with this id."))
            if org is None:
                self.problems.add(label, "organization_id", _("No organization with this id."))
            role = row.get("role", "") or MembershipRole.MEMBER
            if role not in MembershipRole.values:
                self.problems.add(label, "role", _("One of: %(v)s.") % {"v": ", ".join(MembershipRole.values)})
            start = self._date(label, row, "start_date", required=True)
            end = self._date(label, row, "end_date")
            if start and end and end < start:
                self.problems.add(label, "end_date", _("The end is before the start."))
            if source_id and self._once(seen, source_id, label, "id"):
                self._save("memberships", existing.get(source_id),
                           {"person_id": person, "organization_id": org, "role": role, "start_date": start,
                            "end_date": end}, model=Membership, source_id=source_id)

    def sessions(self, rows) -> None:
        convocations = self._convocations_by_number()
        existing = {(s.convocation_id, s.number): s for s in Session.objects.filter(community=self.community)}
        seen: dict = {}
        for label, row in rows:
            self.report.rows += 1
            number = self._int(label, row, "number", required=True)
            conv_number = self._int(label, row, "convocation", required=True)
            convocation = convocations.get(conv_number)
            if conv_number is not None and convocation is None:
                self.problems.add(label, "convocation", _("No convocation number %(n)s: import convocations first.")
                                  % {"n": conv_number})
            start, end = self._date(label, row, "startDate", required=True), self._date(label, row, "endDate")
            if start and end and end < start:
                self.problems.add(label, "endDate", _("The end is before the start."))
            if convocation is None or number is None or not self._once(seen, (conv_number, number), label, "number"):
                continue
            self._save("sessions", existing.get((convocation.pk, number)),
                       {"name": self._text(label, row, "name", 300), "start_date": start, "end_date": end,
                        "source_id": self._text(label, row, "id", 100)},
                       model=Session, convocation=convocation, number=number)

    def drafts(self, rows) -> None:
        DraftRows(self).apply(rows)

    def motions(self, rows) -> None:
        MotionRows(self).apply(rows)

    def votings(self, rows) -> None:
        VotingRows(self).apply(rows)
