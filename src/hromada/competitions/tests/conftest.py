"""Fixtures of the grant competition tests: jurors, an applicant from anywhere, and the clock moved between phases."""

from __future__ import annotations

import pytest
from conftest import make_user

from .factories import DAY


@pytest.fixture
def jurors(db):
    return [make_user(name=f"Журі {i}") for i in range(3)]


@pytest.fixture
def applicant(db):
    return make_user(name="Заявниця")


@pytest.fixture
def to_phase(time_machine):
    """Move the clock to a phase of a call made by factories.schedule() (applications = day 0)."""
    from django.utils import timezone

    start = timezone.now()
    offsets = {"applications": 0, "review": 10, "scoring": 20, "results": 30}

    def move(phase: str):
        time_machine.move_to(start + offsets[phase] * DAY, tick=True)
    return move
