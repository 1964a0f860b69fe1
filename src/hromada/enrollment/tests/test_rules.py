"""The published queue rules, one by one (pure functions), and the SQL order of a real queue equal to them:
service area first, then category rank, then filing time, then the published tie-break of the code."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta

from hromada.core.identity.actors import SYSTEM
from hromada.enrollment import rules, selectors, services
from hromada.enrollment.models import Application

from .factories import AREA, INSIDE, OUTSIDE, file, institution, parent

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def facts(code="AAAA-AAAA", area=False, rank=None, at=T0, tie=None):
    return rules.QueueFacts(code=code, in_service_area=area, best_rank=rank, filed_at=at,
                            tie_break=tie if tie is not None else rules.tie_break("alpha", code))


def test_service_area_comes_before_every_category():
    inside, ranked = facts("IN", area=True, at=T0 + timedelta(days=30)), facts("RANK", rank=1)
    assert rules.queue_order([ranked, inside]) == [inside, ranked]


def test_a_lower_category_rank_comes_first_and_no_category_comes_last():
    none, second, first = facts("N"), facts("S", rank=2), facts("F", rank=1, at=T0 + timedelta(days=9))
    assert rules.queue_order([none, second, first]) == [first, second, none]


def test_within_a_rank_the_earlier_filing_comes_first():
    late, early = facts("L", rank=3, at=T0 + timedelta(seconds=1)), facts("E", rank=3)
    assert rules.queue_order([late, early]) == [early, late]


def test_equal_filing_times_are_ordered_by_the_published_tie_break():
    a, b = facts("AAAA-2222"), facts("BBBB-3333")
    expected = sorted([a, b], key=lambda f: hashlib.sha256(f"hromada-enrollment-v1:alpha:{f.code}".encode()).hexdigest())
    assert rules.queue_order([b, a]) == expected == rules.queue_order([a, b])


def test_the_tie_break_is_recomputable_from_the_code_and_the_published_seed():
    assert rules.tie_break_seed("alpha") == f"hromada-enrollment-v{rules.RULES_VERSION}:alpha"
    assert rules.tie_break("alpha", "K3M9-QX7A") == hashlib.sha256(b"hromada-enrollment-v1:alpha:K3M9-QX7A").hexdigest()
    assert rules.tie_break("alpha", "K3M9-QX7A") != rules.tie_break("beta", "K3M9-QX7A")


def test_the_order_is_a_function_of_the_facts_only():
    pool = [facts(f"C{n}", area=n % 5 == 0, rank=random.choice([None, 1, 2]), at=T0 + timedelta(minutes=n % 3))
            for n in range(40)]
    shuffled = pool[:]
    random.shuffle(shuffled)
    assert rules.queue_order(shuffled) == rules.queue_order(pool)


def test_age_in_months_counts_whole_months():
    assert rules.age_in_months(date(2023, 3, 15), date(2026, 9, 1)) == 41
    assert rules.age_in_months(date(2023, 9, 1), date(2026, 9, 1)) == 36
    assert rules.age_in_months(date(2023, 9, 2), date(2026, 9, 1)) == 35


def test_a_group_fits_by_the_age_on_its_first_day():
    birth = date(2023, 3, 15)  # 41 months on 1 September 2026
    assert rules.fits_group(birth=birth, start_year=2026, age_from_months=24, age_to_months=72)
    assert not rules.fits_group(birth=birth, start_year=2026, age_from_months=42, age_to_months=None)
    assert not rules.fits_group(birth=birth, start_year=2026, age_from_months=None, age_to_months=40)
    assert rules.fits_group(birth=birth, start_year=2026, age_from_months=None, age_to_months=None)


def test_a_child_wanted_later_than_the_group_starts_is_not_offered_its_place():
    assert rules.wants_to_start_by(wanted_start=date(2026, 9, 1), start_year=2026, today=date(2026, 5, 1))
    assert not rules.wants_to_start_by(wanted_start=date(2027, 1, 10), start_year=2026, today=date(2026, 5, 1))
    assert rules.wants_to_start_by(wanted_start=date(2027, 1, 10), start_year=2026, today=date(2027, 1, 10))


def test_a_point_is_in_the_area_inside_or_on_its_edge_only():
    assert rules.in_area(AREA, *INSIDE)
    assert rules.in_area(AREA, 49.55, 34.55)  # on the edge
    assert not rules.in_area(AREA, *OUTSIDE)
    assert not rules.in_area(None, *INSIDE) and not rules.in_area(AREA, None, None)
    assert not rules.in_area({"type": "Polygon", "coordinates": "nonsense"}, *INSIDE)


def test_the_sql_queue_is_the_rule_order(community):
    """A real queue with every rule in play: selectors sort in SQL exactly as rules.queue_order does."""
    school, (group,) = institution(community, kind="school", name="Ліцей № 1", area=AREA, capacity=30)
    first = services.category_save(actor=SYSTEM, community=community, name="Діти військовослужбовців", rank=1)
    second = services.category_save(actor=SYSTEM, community=community, name="Діти ВПО", rank=2)
    made = []
    for n in range(12):
        category = (first, second, None)[n % 3]
        application = file(community, parent(community), [group], kind="school",
                           point=INSIDE if n % 4 == 0 else OUTSIDE, claims={category.pk: []} if category else None)
        made.append(application)
    # Equal filing times for a pair, so the tie-break decides between them.
    Application.objects.filter(pk__in=[made[2].pk, made[5].pk]).update(filed_at=T0)  # no category, outside
    for claim in [c for a in made for c in a.claims.order_by("pk")][::3]:
        services.claim_verify(actor=SYSTEM, community=community, claim_id=claim.pk)
    rows = list(selectors.queue_page(community=community, group=group))
    assert [row["position"] for row in rows] == list(range(1, 13))
    expected = []
    for application in Application.objects.filter(pk__in=[a.pk for a in made]):
        ranks = [c.category.rank for c in application.claims.filter(state="verified")]
        expected.append(rules.QueueFacts(code=application.code,
                                         in_service_area=application.choices.get().in_service_area,
                                         best_rank=min(ranks) if ranks else None, filed_at=application.filed_at,
                                         tie_break=application.tie_break))
    assert [row["application__code"] for row in rows] == [f.code for f in rules.queue_order(expected)]
    assert {f.in_service_area for f in expected} == {True, False}
    assert {f.best_rank for f in expected} == {1, 2, None}
