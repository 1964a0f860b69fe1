"""The import of roll-call data: motions (vote events with their published counts, placed in the session's
sitting of their day) and votings (each deputy's vote, with the deputy's faction on that day). Votes stream into
the database in chunks of CHUNK rows, so a file of millions never sits in memory as objects."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..factions import faction_on, faction_spans
from ..imports.columns import OPTION_WORDS, RESULT_WORDS, word
from ..imports.reading import parse_day
from ..models import DraftDecision, Person, Session, Sitting, Vote, VoteEvent

CHUNK = 5000
COUNTS = {"votingFor": "yes_count", "votingAgainst": "no_count", "votingAbstain": "abstain_count",
          "notVoting": "not_voting_count", "absent": "absent_count"}


class MotionRows:
    def __init__(self, writer):
        self.w = writer
        self.community = writer.community
        self.convocations = writer._convocations_by_number()
        self.sessions = list(Session.objects.filter(community=self.community).order_by("start_date"))
        self.sittings = {(s.session_id, s.date): s for s in Sitting.objects.filter(community=self.community)}
        self.events = {e.identifier: e for e in VoteEvent.objects.filter(community=self.community)
                       .exclude(identifier="")}
        self.drafts = {(d.convocation_id, d.number): d.pk for d in
                       DraftDecision.objects.filter(community=self.community).only("pk", "convocation_id", "number")}

    def _convocation(self, label, row, day):
        if row.get("convocation"):
            number = self.w._int(label, row, "convocation")
            convocation = self.convocations.get(number)
            if number is not None and convocation is None:
                self.w.problems.add(label, "convocation", _("No convocation number %(n)s.") % {"n": number})
            return convocation
        covering = [c for c in self.convocations.values()
                    if c.start_date <= day and (c.end_date is None or day <= c.end_date)]
        if len(covering) != 1:
            self.w.problems.add(label, "convocation", _("Give the convocation: no single convocation covers %(d)s.")
                                % {"d": day.isoformat()})
            return None
        return covering[0]

    def _session(self, label, row, day, convocation):
        if row.get("session"):
            number = self.w._int(label, row, "session")
            found = [s for s in self.sessions if s.convocation_id == convocation.pk and s.number == number]
        else:
            found = [s for s in self.sessions if s.convocation_id == convocation.pk
                     and s.start_date <= day <= (s.end_date or s.start_date)]
        if len(found) != 1:
            self.w.problems.add(label, "session", _("No session of convocation %(c)s for %(d)s: import sessions first "
                                                    "or give the session number.")
                                % {"c": convocation.number, "d": day.isoformat()})
            return None
        return found[0]

    def _sitting(self, session, day):
        sitting = self.sittings.get((session.pk, day))
        if sitting is None:
            number = max((s.number for (sid, _d), s in self.sittings.items() if sid == session.pk), default=0) + 1
            sitting = Sitting.objects.create(community=self.community, session=session, number=number, date=day)
            self.sittings[(session.pk, day)] = sitting
            self.w.report.count("sittings", "created")
        return sitting

    def apply(self, rows) -> None:
        w = self.w
        seen: dict = {}
        places: dict = {}
        for label, row in rows:
            w.report.rows += 1
            uid = w._text(label, row, "uid", 100, required=True)
            number = w._int(label, row, "num", required=True)
            question = w._text(label, row, "title", 1000, required=True)
            result = RESULT_WORDS.get(word(row.get("votingResult", "")))
            if result is None:
                w.problems.add(label, "votingResult", _("Not a result word: %(v)s (Прийнято, Не прийнято).")
                               % {"v": row.get("votingResult", "")[:40]})
            counts = {field: w._int(label, row, column, default=0) for column, field in COUNTS.items()}
            try:
                day, moment = parse_day(row.get("date", ""))
            except (ValueError, TypeError):
                w.problems.add(label, "date", _("Not a date: %(value)s (use YYYY-MM-DD or DD.MM.YYYY).")
                               % {"value": row.get("date", "")[:40]})
                continue
            convocation = self._convocation(label, row, day)
            session = self._session(label, row, day, convocation) if convocation else None
            if not uid or session is None or number is None or not w._once(seen, uid, label, "uid"):
                continue
            if not w._once(places, (session.pk, day, number), label, "num"):
                continue
            draft = self.drafts.get((convocation.pk, row.get("projectNum", ""))) if row.get("projectNum") else None
            if w.problems:
                continue
            sitting = self._sitting(session, day)
            event = self.events.get(uid)
            values = {"sitting_id": sitting.pk, "number": number, "date": day, "start_time": moment, "question": question,
                      "result": result, "draft_id": draft, **counts}
            before = w.report.created.get("vote events", 0) + w.report.updated.get("vote events", 0)
            event = w._save("vote events", event, values, model=VoteEvent, identifier=uid)
            self.events[uid] = event
            if w.report.created.get("vote events", 0) + w.report.updated.get("vote events", 0) != before:
                w.touched_events.add(event.pk)


class VotingRows:
    def __init__(self, writer):
        self.w = writer
        self.community = writer.community
        self.events = dict(VoteEvent.objects.filter(community=self.community).exclude(identifier="")
                           .values_list("identifier", "pk"))
        self.event_days = dict(VoteEvent.objects.filter(community=self.community).values_list("pk", "date"))
        people = Person.objects.filter(community=self.community).values_list("pk", "source_id", "voting_identifier")
        self.people: dict[str, int] = {}
        for pk, source_id, voting_identifier in people:
            if voting_identifier:
                self.people.setdefault(voting_identifier, pk)
            if source_id:
                self.people[source_id] = pk
        self.spans = faction_spans(self.community)
        self.with_votes = set(Vote.objects.filter(community=self.community).values_list("vote_event_id", flat=True)
                              .distinct())
        self.existing: dict[int, dict[int, tuple[int, str]]] = {}
        self.pending: list[Vote] = []
        self.changed: list[Vote] = []

    def _existing(self, event_pk):
        if event_pk not in self.existing:
            self.existing[event_pk] = {} if event_pk not in self.with_votes else {
                person: (pk, option) for pk, person, option in
                Vote.objects.filter(vote_event_id=event_pk).values_list("pk", "person_id", "option")}
        return self.existing[event_pk]

    def _flush(self, force=False):
        if self.w.problems:
            self.pending.clear()
            self.changed.clear()
            return
        if self.pending and (force or len(self.pending) >= CHUNK):
            Vote.objects.bulk_create(self.pending, batch_size=CHUNK)
            self.w.report.count("votes", "created", len(self.pending))
            self.pending = []
        if self.changed and (force or len(self.changed) >= CHUNK):
            Vote.objects.bulk_update(self.changed, ["option", "faction"], batch_size=CHUNK)
            self.w.report.count("votes", "updated", len(self.changed))
            self.changed = []

    def apply(self, rows) -> None:
        w, community_id = self.w, self.community.pk
        seen: set[tuple[int, int]] = set()
        unchanged = 0
        for label, row in rows:
            w.report.rows += 1
            event = self.events.get(row.get("motionUid", ""))
            if event is None:
                w.problems.add(label, "motionUid", _("No motion with this uid: import the motions first (%(v)s).")
                               % {"v": row.get("motionUid", "")[:40]})
            person = self.people.get(row.get("voterId", ""))
            if person is None:
                w.problems.add(label, "voterId", _("No deputy with this id: %(v)s.") % {"v": row.get("voterId", "")[:40]})
            option = OPTION_WORDS.get(word(row.get("result", "")))
            if option is None:
                w.problems.add(label, "result", _("Not a vote word: %(v)s (За, Проти, Утримався, Не голосував, "
                                                  "Відсутній).") % {"v": row.get("result", "")[:40]})
            if event is None or person is None or option is None:
                continue
            if (event, person) in seen:
                w.problems.add(label, "voterId", _("A second vote of this deputy in this motion."))
                continue
            seen.add((event, person))
            if w.problems:
                continue
            faction = faction_on(self.spans.get(person, []), self.event_days[event])
            before = self._existing(event).get(person)
            if before is None:
                self.pending.append(Vote(community_id=community_id, vote_event_id=event, person_id=person,
                                         option=option, faction_id=faction))
                w.touched_events.add(event)
            elif before[1] != option:
                self.changed.append(Vote(pk=before[0], option=option, faction_id=faction))
                w.touched_events.add(event)
            else:
                unchanged += 1
            self._flush()
        self._flush(force=True)
        if unchanged and not w.problems:
            w.report.count("votes", "unchanged", unchanged)
