"""After an import that bulk-writes many votes, the planner's statistics of the vote tables are refreshed once the
import's transaction commits (ANALYZE); a small import leaves them as they were. Checked in the database's own
statistics (SQLite: sqlite_stat1; PostgreSQL: pg_class.reltuples and the manual-ANALYZE counter), not a mock."""

from __future__ import annotations

import pytest
from django.db import connection

from hromada.core.identity.actors import SYSTEM

from ..models import Vote, VoteEvent
from ..services import council_import
from ..services.importing import ANALYZE_AFTER

# A real commit, as in production: the statistics are refreshed by transaction.on_commit.
pytestmark = pytest.mark.django_db(transaction=True)

DEPUTIES_N, MOTIONS_N = 20, 500  # 10,000 votes
OPTIONS = ("За", "Проти", "Утримався", "Не голосував", "Відсутній")


def load_people(community) -> None:
    for kind, content in (
        ("convocations", "id,number,name,startDate,endDate\nconv-8,8,VIII скликання,2020-12-01,\n"),
        ("deputies", "id;familyName;name;fraction\n" + "".join(f"d{i};Прізвище{i};Ім'я;Фракція {i % 3}\n"
                                                                for i in range(DEPUTIES_N))),
        ("sessions", "id,convocation,sessionNum,name,startDate,endDate\ns1,8,1,Перша сесія,2021-01-15,2021-01-16\n"),
    ):
        council_import(actor=SYSTEM, community=community, kind=kind, content=content)


def motions(n: int) -> str:
    return ("uid,date,convocation,num,title,votingResult\n"
            + "".join(f"m{k},2021-01-15T10:00:00,8,{k + 1},Питання {k},Прийнято\n" for k in range(n)))


def votings(n_motions: int) -> str:
    return "motionUid,voterId,result\n" + "".join(f"m{k},d{i},{OPTIONS[(i + k) % 5]}\n"
                                                  for k in range(n_motions) for i in range(DEPUTIES_N))


def planner_rows(model) -> float | None:
    """How many rows the planner believes the table holds, from the statistics ANALYZE writes."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        stats = [row[0] for row in cursor.fetchall()]
    return float(stats[0].split()[0]) if stats else None  # "rows [rows per key ...]" for each index


def manual_analyses(model) -> int | None:
    """PostgreSQL's count of explicit ANALYZE runs of the table (autovacuum's are counted apart)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = %s",
                       [model._meta.db_table])
        return cursor.fetchone()[0]


def test_a_large_import_refreshes_the_statistics_of_what_it_wrote(community):
    assert DEPUTIES_N * MOTIONS_N >= ANALYZE_AFTER
    load_people(community)
    council_import(actor=SYSTEM, community=community, kind="motions", content=motions(MOTIONS_N))
    analyses = manual_analyses(Vote)
    report = council_import(actor=SYSTEM, community=community, kind="votings", content=votings(MOTIONS_N))
    assert report.created == {"votes": DEPUTIES_N * MOTIONS_N}
    assert planner_rows(Vote) == Vote.objects.count() == DEPUTIES_N * MOTIONS_N
    assert planner_rows(VoteEvent) == MOTIONS_N
    if analyses is not None:
        assert manual_analyses(Vote) == analyses + 1  # once per import, not once per chunk


def test_a_small_import_leaves_the_statistics_alone(community):
    load_people(community)
    council_import(actor=SYSTEM, community=community, kind="motions", content=motions(10))
    rows, analyses = planner_rows(Vote), manual_analyses(Vote)
    report = council_import(actor=SYSTEM, community=community, kind="votings", content=votings(10))
    assert report.created == {"votes": DEPUTIES_N * 10}
    if analyses is not None:  # PostgreSQL: autovacuum may analyse 200 new rows on its own, but not count as manual
        assert manual_analyses(Vote) == analyses
    else:
        assert planner_rows(Vote) == rows
        assert Vote.objects.count() != rows  # had ANALYZE run, the planner's count would now be this
