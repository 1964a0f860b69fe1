"""The import of draft decisions read from Popolo motions (imports.popolo._draft_row): number, title, registration
date, convocation, status, authors, responsible commission, text link and the adopted decision. A draft matches
its earlier import on the motion's id, else on its convocation and number; its status history gains an entry
whenever the import sets a new status. Files are not fetched: a Popolo source is a link, kept as the text link
only when its note says "text"."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Decision,
    DraftDecision,
    DraftStatus,
    DraftStatusChange,
    Organization,
    OrganizationKind,
    Person,
)

IMPORTED = "Popolo"  # the note of a status history entry the import wrote


class DraftRows:
    def __init__(self, writer):
        self.w = writer
        self.community = writer.community
        self.convocations = writer._convocations_by_number()
        drafts = list(DraftDecision.objects.filter(community=self.community).prefetch_related("authors"))
        self.by_source = {d.source_id: d for d in drafts if d.source_id}
        self.by_number = {(d.convocation_id, d.number): d for d in drafts}
        self.people = dict(Person.objects.filter(community=self.community).exclude(source_id="")
                           .values_list("source_id", "pk"))
        self.commissions = dict(Organization.objects.filter(community=self.community, kind=OrganizationKind.COMMISSION)
                                .exclude(source_id="").values_list("source_id", "pk"))
        self.decisions = {(d.convocation_id, d.number): d for d in Decision.objects.filter(community=self.community)}

    def _references(self, label, row) -> tuple[list[int], int | None]:
        authors = []
        for author in row.get("authors") or []:
            if author not in self.people:
                self.w.problems.add(label, "creator_ids", _("No deputy with this id: %(v)s.") % {"v": author[:40]})
            else:
                authors.append(self.people[author])
        commission = self.commissions.get(row.get("commission", "")) if row.get("commission") else None
        if row.get("commission") and commission is None:
            self.w.problems.add(label, "responsible_organization_id", _("No commission with this id: %(v)s.")
                                % {"v": row["commission"][:40]})
        return authors, commission

    def _convocation(self, label, row):
        if not row.get("convocation"):
            return None
        number = self.w._int(label, row, "convocation")
        convocation = self.convocations.get(number)
        if number is not None and convocation is None:
            self.w.problems.add(label, "legislative_session_id", _("No convocation number %(n)s.") % {"n": number})
        return convocation

    def apply(self, rows) -> None:
        w = self.w
        seen: dict = {}
        for label, row in rows:
            w.report.rows += 1
            source_id = w._text(label, row, "id", 100, required=True)
            status = row.get("status") or DraftStatus.REGISTERED
            if status not in DraftStatus.values:
                w.problems.add(label, "status", _("One of: %(values)s.") % {"values": ", ".join(DraftStatus.values)})
            text_url = w._text(label, row, "textUrl", 500)
            if text_url and not text_url.startswith(("https://", "http://")):
                w.problems.add(label, "sources", _("A web address starting with https://."))
            values = {"number": w._text(label, row, "number", 50, required=True),
                      "title": w._text(label, row, "title", 1000, required=True),
                      "registered_on": w._date(label, row, "date", required=True),
                      "convocation": self._convocation(label, row), "text_url": text_url}
            authors, commission = self._references(label, row)
            values["commission_id"] = commission
            if not source_id or not w._once(seen, source_id, label, "id"):
                continue
            if not w._once(seen, (values["convocation"], values["number"]), label, "identifier"):
                continue
            if w.problems:
                continue
            draft = self.by_source.get(source_id) or self.by_number.get((getattr(values["convocation"], "pk", None),
                                                                          values["number"]))
            self._write(label, row, draft, source_id, values, status, authors)

    def _write(self, label, row, draft, source_id, values, status, authors) -> None:
        w = self.w
        created = draft is None
        old_status = None if created else draft.status
        draft = w._save("draft decisions", draft, {**values, "source_id": source_id, "status": status},
                        model=DraftDecision)
        if created:
            DraftStatusChange.objects.create(community=self.community, draft=draft, status=DraftStatus.REGISTERED,
                                             date=draft.registered_on, note=IMPORTED)
        decision = self._decision(label, row.get("decision"), draft)
        if status != old_status and status != DraftStatus.REGISTERED:
            day = decision.date if decision else (draft.registered_on if created else timezone.localdate())
            DraftStatusChange.objects.create(community=self.community, draft=draft, status=status,
                                             date=max(day, draft.registered_on), note=IMPORTED)
        if created or {a.pk for a in draft.authors.all()} != set(authors):
            draft.authors.set(authors)
            if not created:
                w.report.count("draft authors", "updated")

    def _decision(self, label, data, draft) -> Decision | None:
        if not data or self.w.problems:
            return None
        row = {"identifier": str(data.get("identifier") or ""), "date": str(data.get("date") or ""),
               "title": str(data.get("title") or draft.title), "url": str(data.get("url") or "")}
        w = self.w
        values = {"number": w._text(label, row, "identifier", 50, required=True),
                  "date": w._date(label, row, "date", required=True), "title": w._text(label, row, "title", 1000),
                  "text_url": w._text(label, row, "url", 500), "convocation": draft.convocation}
        key = (draft.convocation_id, values["number"])
        decision = Decision.objects.filter(community=self.community, draft=draft).first() or self.decisions.get(key)
        if decision is not None and decision.draft_id not in (None, draft.pk):
            w.problems.add(label, "decision", _("Decision %(n)s belongs to another draft.") % {"n": values["number"]})
        if w.problems:
            return None
        decision = w._save("decisions", decision, {**values, "draft": draft}, model=Decision)
        self.decisions[key] = decision
        return decision
