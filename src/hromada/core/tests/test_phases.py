"""Phases of a capability's process: declared in the manifest with their own settings, scheduled per process,
validated, stored as JSON and read back typed; the current phase follows the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from hromada.core.capabilities import CapabilityManifest, setting
from hromada.core.errors import ValidationFailed
from hromada.core.phases import PhaseDefinition, Schedule, phase_settings, schedule_clean


@dataclass(frozen=True)
class VotingSettings:
    votes_per_person: int = setting(3, "Votes per person", min_value=1)
    show_counts: bool = setting(False, "Show counts while voting")


BUDGETS = CapabilityManifest(slug="budgetsdemo", name="Budgets", description="", phases=(
    PhaseDefinition("proposals", "Proposals"),
    PhaseDefinition("voting", "Voting", settings_model=VotingSettings),
    PhaseDefinition("results", "Results"),
))
T0 = datetime(2027, 3, 1, tzinfo=UTC)


def plan(**overrides):
    windows = [
        {"key": "proposals", "starts_at": T0, "ends_at": T0 + timedelta(days=30)},
        {"key": "voting", "starts_at": (T0 + timedelta(days=40)).isoformat(), "ends_at": T0 + timedelta(days=50),
         "settings": {"votes_per_person": "5"}},
        {"key": "results", "starts_at": T0 + timedelta(days=50), "ends_at": T0 + timedelta(days=400)},
    ]
    for key, values in overrides.items():
        next(w for w in windows if w["key"] == key).update(values)
    return windows


def test_a_valid_schedule_has_a_current_phase_with_typed_settings():
    schedule = schedule_clean(BUDGETS, plan())
    assert schedule.current(T0 + timedelta(days=1)).key == "proposals"
    assert schedule.current(T0 + timedelta(days=35)) is None  # a gap between phases
    assert schedule.upcoming(T0 + timedelta(days=35)).key == "voting"
    voting = schedule.current(T0 + timedelta(days=45))
    assert voting.key == "voting"
    assert phase_settings(BUDGETS, voting) == VotingSettings(votes_per_person=5, show_counts=False)
    assert phase_settings(BUDGETS, schedule.window("results")).__class__.__name__ == "ResultsSettings"


def test_the_schedule_round_trips_through_json():
    schedule = schedule_clean(BUDGETS, plan())
    assert Schedule.from_json(schedule.to_json()) == schedule


@pytest.mark.parametrize("overrides, field", [
    ({"voting": {"key": "counting"}}, "counting"),
    ({"voting": {"ends_at": T0 + timedelta(days=39)}}, "voting.ends_at"),
    ({"voting": {"starts_at": T0 + timedelta(days=20)}}, "voting.starts_at"),
    ({"voting": {"starts_at": "2027-04-10T00:00:00"}}, "voting.starts_at"),  # no time zone
    ({"voting": {"starts_at": "next week"}}, "voting.starts_at"),
    ({"voting": {"settings": {"votes_per_person": 0}}}, "voting.votes_per_person"),
    ({"voting": {"settings": {"colour": "red"}}}, "voting.colour"),
    ({"results": {"key": "proposals"}}, "proposals"),
])
def test_bad_schedules_are_refused_naming_the_phase_and_field(overrides, field):
    with pytest.raises(ValidationFailed) as exc:
        schedule_clean(BUDGETS, plan(**overrides))
    assert field in exc.value.fields
