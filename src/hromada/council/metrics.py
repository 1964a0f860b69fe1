"""Council metrics as They Vote For You / Public Whip define them: faction lines, rebellions, attendance,
agreement and cohesion, computed when votes are written and stored per month (models_metrics).

council_metrics_refresh rebuilds the months the given vote events fall in from their roll-call rows; the
arithmetic is one pass of array sums per month (numpy), so a month of ~250 vote events costs milliseconds and
a page view never reads a Vote row to compute a figure (ADR 0019)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from hromada.core.identity.guard import require, service
from hromada.core.tenancy.models import Community

from . import policies
from .bulk import insert_rows
from .models import Vote, VoteEvent
from .models_metrics import (
    DeputyAgreement,
    DeputyFactionAgreement,
    DeputyMonth,
    FactionAgreement,
    FactionLine,
    FactionMonth,
)

# The order is the code used in the arrays below; the first four are the options of a present member.
OPTIONS = ("yes", "no", "abstain", "not_voting", "absent")
CODE = {option: code for code, option in enumerate(OPTIONS)}
CODE["paired"] = CODE["absent"]  # Popolo's paired: away by agreement, so absent in every figure
PRESENT = 4  # codes below this are present
STORED = (FactionLine, DeputyMonth, DeputyAgreement, DeputyFactionAgreement, FactionMonth, FactionAgreement)
BATCH = 2000


def month_of(day: date) -> date:
    return day.replace(day=1)


def faction_line(counts: Iterable[int]) -> int:
    """The code of the option with a strict plurality among the four present options, or -1 (tie, nobody)."""
    counts = list(counts)[:PRESENT]
    top = max(counts)
    return counts.index(top) if top and counts.count(top) == 1 else -1


@dataclass
class MonthVotes:
    """One month's roll-call rows as arrays: indexes into events, persons and factions (-1: no faction)."""

    events: np.ndarray
    free: np.ndarray
    persons: np.ndarray
    factions: np.ndarray
    e: np.ndarray
    p: np.ndarray
    f: np.ndarray
    o: np.ndarray

    @classmethod
    def load(cls, community, events: list[tuple[int, bool]]) -> MonthVotes:
        event_ids = np.array(sorted(pk for pk, _free in events), dtype=np.int64)
        free_of = dict(events)
        rows = list(Vote.objects.filter(community=community, vote_event_id__in=event_ids.tolist())
                    .values_list("vote_event_id", "person_id", "faction_id", "option"))
        ev = np.array([r[0] for r in rows], dtype=np.int64)
        pe = np.array([r[1] for r in rows], dtype=np.int64)
        fa = np.array([r[2] or 0 for r in rows], dtype=np.int64)
        persons = np.unique(pe)
        factions = np.unique(fa[fa > 0])
        f = np.searchsorted(factions, fa)
        f[fa == 0] = -1
        return cls(events=event_ids, free=np.array([free_of[int(pk)] for pk in event_ids], dtype=bool),
                   persons=persons, factions=factions, e=np.searchsorted(event_ids, ev),
                   p=np.searchsorted(persons, pe), f=f,
                   o=np.array([CODE[r[3]] for r in rows], dtype=np.int64))


def _pairs(a: np.ndarray, b: np.ndarray, step: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """Over the events (rows) of two code matrices, for every column pair: `both`, the events where both are
    present (code 0-3), and `same`, where they are present with the same code. Boolean broadcasting over `step`
    events at a time, summed: no BLAS (float matrix products were 100x slower on a busy machine, their threads
    contending with every other process's)."""
    both = np.zeros((a.shape[1], b.shape[1]), dtype=np.int64)
    same = np.zeros_like(both)
    for start in range(0, a.shape[0], step):
        rows_a, rows_b = a[start:start + step], b[start:start + step]
        present = (((rows_a >= 0) & (rows_a < PRESENT))[:, :, None] & ((rows_b >= 0) & (rows_b < PRESENT))[:, None, :])
        both += present.sum(axis=0)
        same += (present & (rows_a[:, :, None] == rows_b[:, None, :])).sum(axis=0)
    return both, same


# The columns each stored table is written with (after community_id and month), in the order of the tuples below.
COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    DeputyMonth: ("person_id", "possible", "attended", "yes", "no", "abstain", "not_voting", "absent", "countable",
                  "rebellions"),
    DeputyAgreement: ("person_id", "other_id", "both", "same"),
    FactionLine: ("vote_event_id", "faction_id", "yes", "no", "abstain", "not_voting", "absent", "line"),
    DeputyFactionAgreement: ("person_id", "faction_id", "both", "same"),
    FactionAgreement: ("faction_id", "other_id", "both", "same"),
    FactionMonth: ("faction_id", "events", "lines", "possible", "attended", "rebellions", "rice_sum", "rice_events"),
}


def _pair_rows(ids_a: list[int], ids_b: list[int], both: np.ndarray, same: np.ndarray, *, skip_self: bool) -> list:
    return [(ids_a[i], ids_b[j], int(both[i, j]), int(same[i, j]))
            for i, j in zip(*np.nonzero(both), strict=True) if not (skip_self and i == j)]


def compute_month(votes: MonthVotes) -> dict[type[models.Model], list[tuple]]:
    """Every stored row of one month as tuples in COLUMNS order (the community and the month are added on write)."""
    n_e, n_p, n_f = len(votes.events), len(votes.persons), len(votes.factions)
    e, p, f, o = votes.e, votes.p, votes.f, votes.o
    in_faction = f >= 0
    counts = np.bincount((e[in_faction] * n_f + f[in_faction]) * 5 + o[in_faction],
                         minlength=n_e * n_f * 5).reshape(n_e, n_f, 5)
    present_counts = counts[:, :, :PRESENT]
    top = present_counts.max(axis=2) if n_f else np.zeros((n_e, 0), dtype=np.int64)
    ties = (present_counts == top[:, :, None]).sum(axis=2)
    line = np.where((top > 0) & (ties == 1), present_counts.argmax(axis=2) if n_f else top, -1)

    vote_line = np.where(in_faction, line[e, np.maximum(f, 0)] if n_f else -1, -1)
    present = o < PRESENT
    countable = present & (vote_line >= 0) & ~votes.free[e]
    rebel = countable & (o != vote_line)

    roll = np.full((n_e, n_p), -1, dtype=np.int64)
    roll[e, p] = o
    persons = votes.persons.tolist()
    by_option = np.bincount(p * 5 + o, minlength=n_p * 5).reshape(n_p, 5)
    attended = by_option[:, :PRESENT].sum(axis=1)
    countable_n = np.bincount(p[countable], minlength=n_p)
    rebels_n = np.bincount(p[rebel], minlength=n_p)
    rows: dict[type[models.Model], list] = {model: [] for model in STORED}
    rows[DeputyMonth] = [(person, int(by_option[i].sum()), int(attended[i]), *map(int, by_option[i]),
                          int(countable_n[i]), int(rebels_n[i])) for i, person in enumerate(persons)]
    rows[DeputyAgreement] = _pair_rows(persons, persons, *_pairs(roll, roll), skip_self=True)
    if not n_f:
        return rows

    event_ids, faction_ids = votes.events.tolist(), votes.factions.tolist()
    rows[FactionLine] = [(event_ids[i], faction_ids[j], *map(int, counts[i, j]),
                          OPTIONS[line[i, j]] if line[i, j] >= 0 else "")
                         for i, j in zip(*np.nonzero(counts.sum(axis=2)), strict=True)]
    # A deputy against a faction's line: the deputy present and the faction with a line.
    rows[DeputyFactionAgreement] = _pair_rows(persons, faction_ids, *_pairs(roll, line), skip_self=False)
    rows[FactionAgreement] = _pair_rows(faction_ids, faction_ids, *_pairs(line, line), skip_self=True)
    yes, no = counts[:, :, 0], counts[:, :, 1]
    decided = yes + no
    rice = np.divide(np.abs(yes - no), decided, out=np.zeros(decided.shape), where=decided > 0)
    faction_rebels = np.bincount(f[rebel], minlength=n_f)
    rows[FactionMonth] = [(faction, int((counts[:, j].sum(axis=1) > 0).sum()), int((line[:, j] >= 0).sum()),
                           int(counts[:, j].sum()), int(present_counts[:, j].sum()), int(faction_rebels[j]),
                           float(rice[:, j].sum()), int((decided[:, j] > 0).sum()))
                          for j, faction in enumerate(faction_ids)]
    return rows


def _write(community, month: date, rows: dict[type[models.Model], list[tuple]]) -> None:
    """The tuples as rows (COPY on PostgreSQL): a month is ~5,000 agreement rows, and model instances cost ten
    times more."""
    day = connection.ops.adapt_datefield_value(month)
    for model, tuples in rows.items():
        if tuples:
            insert_rows(model, ("community_id", "month", *COLUMNS[model]),
                        ((community.pk, day, *t) for t in tuples))


def _months(community, vote_events, months) -> set[date] | None:
    if vote_events is None and months is None:
        return None
    wanted = {month_of(m) for m in months or ()}
    ids = [getattr(v, "pk", v) for v in vote_events or ()]
    for start in range(0, len(ids), BATCH):
        wanted.update(month_of(d) for d in VoteEvent.objects.filter(
            community=community, pk__in=ids[start:start + BATCH]).values_list("date", flat=True).distinct())
    return wanted


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _rebuild(community, months: set[date] | None) -> int:
    events = VoteEvent.objects.filter(community=community)
    stored = {model: model.objects.filter(community=community) for model in STORED}
    if months is not None:
        if not months:
            return 0
        first, last = min(months), _next_month(max(months))
        events = events.filter(date__gte=first, date__lt=last)
        stored = {model: qs.filter(month__in=sorted(months)) for model, qs in stored.items()}
    for qs in stored.values():
        qs.delete()
    by_month: dict[date, list[tuple[int, bool]]] = {}
    for pk, day, free in events.values_list("pk", "date", "free_vote").iterator(chunk_size=5000):
        month = month_of(day)
        if months is None or month in months:
            by_month.setdefault(month, []).append((pk, free))
    for month, month_events in sorted(by_month.items()):
        _write(community, month, compute_month(MonthVotes.load(community, month_events)))
    return len(by_month)


@service
def council_metrics_refresh(*, actor, community, vote_events: Iterable | None = None,
                            months: Iterable[date] | None = None) -> int:
    """Rebuild the stored metrics of the months the vote events (instances or ids) and `months` fall in; both
    None: every month. Call it inside the transaction that wrote the votes. Returns the months rebuilt."""
    require(policies.can_write(actor, community), _("Only the community's staff may change council data."))
    wanted = _months(community, vote_events, months)
    with transaction.atomic():
        # Two imports at once would both delete a month and insert it twice: one rebuild per community at a time.
        list(Community.objects.select_for_update().filter(pk=community.pk).values_list("pk", flat=True))
        return _rebuild(community, wanted)
