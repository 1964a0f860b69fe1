"""The import of roll-call data: motions (vote events with their published counts, placed in the session's
sitting of their day) and votings (each deputy's vote, with the deputy's faction on that day). Votes stream into
the database in chunks of CHUNK rows, so a file of millions never sits in memory as objects."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.utils.translation import gettext as _

from ..bulk import insert_rows
from ..factions import faction_on, faction_spans
from ..imports.columns import OPTION_WORDS, RESULT_WORDS, word
from ..imports.reading import parse_day
from ..models import DraftDecision, Person, Session, Sitting, Vote, VoteEvent

CHUNK = 20_000  # votes written at a time
LOOKUP = 500
BATCH = 2000  # vote events per INSERT  # vote events per query for their earlier votes
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
        self.places = {(sitting, number): uid for sitting, number, uid in VoteEvent.objects.filter(
            community=self.community).values_list("sitting_id", "number", "identifier")}
        self.new: list[VoteEvent] = []
        self.drafts: dict = {}
        for pk, convocation_id, number, source_id in DraftDecision.objects.filter(community=self.community).values_list(
                "pk", "convocation_id", "number", "source_id"):
            self.drafts[(convocation_id, number)] = pk
            if source_id:
                self.drafts[source_id] = pk  # Popolo's draft_motion_id (a str key, never a tuple)

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
            draft = self.drafts.get(row.get("draftId")) if row.get("draftId") else None
            if draft is None and row.get("projectNum"):
                draft = self.drafts.get((convocation.pk, row["projectNum"]))
            if w.problems:
                continue
            sitting = self._sitting(session, day)
            holder = self.places.get((sitting.pk, number))
            if holder is not None and holder != uid:
                w.problems.add(label, "num", _("Vote %(n)s of this sitting is already vote event %(uid)s.")
                               % {"n": number, "uid": holder[:40]})
                continue
            values = {"sitting_id": sitting.pk, "number": number, "date": day, "start_time": moment, "question": question,
                      "result": result, "draft_id": draft, **counts}
            event = self.events.get(uid)
            if event is None:
                self.new.append(VoteEvent(community=self.community, identifier=uid, **values))
                w.report.count("vote events", "created")
            else:
                # A vote event that moves leaves its old month to be rebuilt too, and its votes carry its new date
                # and number (Vote.event_date); new ones have no votes yet.
                old_month, old_place = event.date, (event.sitting_id, event.number)
                updated = w.report.updated.get("vote events", 0)
                w._save("vote events", event, values)
                if w.report.updated.get("vote events", 0) != updated:
                    w.touched_events.add(event.pk)
                    w.touched_months.add(old_month)
                    if (old_month, old_place[1]) != (event.date, event.number):
                        Vote.objects.filter(vote_event=event).update(event_date=event.date, event_number=event.number)
                self.places.pop(old_place, None)
            self.places[(sitting.pk, number)] = uid
        if self.new and not w.problems:
            VoteEvent.objects.bulk_create(self.new, batch_size=BATCH)


class VotingRows:
    """Each row is checked as it is read; the good ones are written CHUNK at a time: one query finds the chunk's
    vote events' earlier votes (a re-import changes nothing), the new votes go in through bulk.insert_rows (COPY on
    PostgreSQL) and the changed ones are updated. A deputy's second vote in a vote event is found without keeping
    the rows: each vote event keeps one bit per deputy."""

    def __init__(self, writer):
        self.w = writer
        self.community = writer.community
        self.events = dict(VoteEvent.objects.filter(community=self.community).exclude(identifier="")
                           .values_list("identifier", "pk"))
        self.event_days: dict[int, date] = {}
        self.event_numbers: dict[int, int] = {}
        for pk, day, number in VoteEvent.objects.filter(community=self.community).values_list("pk", "date", "number"):
            self.event_days[pk], self.event_numbers[pk] = day, number
        self.stored_days: dict[date, object] = {}
        people = Person.objects.filter(community=self.community).values_list("pk", "source_id", "voting_identifier")
        self.people: dict[str, int] = {}
        self.bit: dict[int, int] = {}
        for pk, source_id, voting_identifier in people:
            if voting_identifier:
                self.people.setdefault(voting_identifier, pk)
            if source_id:
                self.people[source_id] = pk
            self.bit[pk] = 1 << len(self.bit)
        self.spans = faction_spans(self.community)
        self.faction_of: dict[tuple[int, date], int | None] = {}
        self.seen: dict[int, int] = {}
        self.chunk: list[tuple[int, int, str]] = []
        self.unchanged = 0

    def _faction(self, person: int, day: date) -> int | None:
        key = (person, day)
        if key not in self.faction_of:
            self.faction_of[key] = faction_on(self.spans.get(person, []), day)
        return self.faction_of[key]

    def _stored(self, day: date):
        """The vote event's date in the database's form (bulk.insert_rows writes values as given)."""
        if day not in self.stored_days:
            self.stored_days[day] = connection.ops.adapt_datefield_value(day)
        return self.stored_days[day]

    def _write(self) -> None:
        chunk, self.chunk = self.chunk, []
        if self.w.problems or not chunk:
            return
        events = sorted({event for event, _person, _option in chunk})
        before: dict[tuple[int, int], tuple[int, str]] = {}
        for start in range(0, len(events), LOOKUP):
            before.update(((event, person), (pk, option)) for pk, event, person, option in Vote.objects.filter(
                community=self.community, vote_event_id__in=events[start:start + LOOKUP])
                .values_list("pk", "vote_event_id", "person_id", "option"))
        new, changed, community_id = [], [], self.community.pk
        for event, person, option in chunk:
            earlier = before.get((event, person))
            if earlier is None:
                day = self.event_days[event]
                new.append((community_id, event, person, option, self._faction(person, day), self._stored(day),
                            self.event_numbers[event]))
            elif earlier[1] != option:
                changed.append(Vote(pk=earlier[0], option=option,
                                    faction_id=self._faction(person, self.event_days[event])))
            else:
                self.unchanged += 1
                continue
            self.w.touched_events.add(event)
        if new:
            insert_rows(Vote, ("community_id", "vote_event_id", "person_id", "option", "faction_id", "event_date",
                               "event_number"), new)
            self.w.report.count("votes", "created", len(new))
        if changed:
            Vote.objects.bulk_update(changed, ["option", "faction"], batch_size=1000)
            self.w.report.count("votes", "updated", len(changed))

    def apply(self, rows) -> None:
        w = self.w
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
            mask, bit = self.seen.get(event, 0), self.bit[person]
            if mask & bit:
                w.problems.add(label, "voterId", _("A second vote of this deputy in this motion."))
                continue
            self.seen[event] = mask | bit
            if w.problems:
                continue
            self.chunk.append((event, person, str(option)))
            if len(self.chunk) >= CHUNK:
                self._write()
        self._write()
        if self.unchanged and not w.problems:
            w.report.count("votes", "unchanged", self.unchanged)
