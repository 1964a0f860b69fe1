"""Phases of a capability's process (a budget's proposals, voting, results): steps with their own dates and
settings, declared in the manifest and scheduled per process, as Decidim's component steps.

The capability stores a Schedule as JSON on its own process model (Schedule.to_json); the kernel validates it
against the manifest, says which phase is current and reads each phase's settings typed."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from hromada.core.capabilities import (
    CapabilityManifest,
    CapabilitySetting,
    declared_settings,
    settings_model_of,
    typed_settings,
)
from hromada.core.errors import ValidationFailed


@dataclass(frozen=True)
class PhaseDefinition:
    """One kind of step a capability's process goes through, with the settings that step alone has
    (e.g. budgets' "voting" has votes_per_person); declared in the manifest's `phases`."""

    key: str
    label: Any
    description: Any = ""
    settings: tuple[CapabilitySetting, ...] = ()
    settings_model: type | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.settings_model is not None and not self.settings:
            object.__setattr__(self, "settings", declared_settings(self.settings_model))
        elif self.settings_model is None:
            object.__setattr__(self, "settings_model", settings_model_of(self.key, self.settings))

    def settings_from(self, stored: Mapping[str, Any] | None) -> Any:
        return typed_settings(self.settings, self.settings_model, stored)


@dataclass(frozen=True)
class PhaseWindow:
    """A phase of one process: when it runs and its settings as stored (JSON-ready values)."""

    key: str
    starts_at: datetime
    ends_at: datetime
    settings: Mapping[str, Any] = field(default_factory=dict)

    def is_open(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at


@dataclass(frozen=True)
class Schedule:
    """The phases of one process in time order, without overlaps (gaps are allowed: nothing is current then)."""

    windows: tuple[PhaseWindow, ...] = ()

    def current(self, now: datetime | None = None) -> PhaseWindow | None:
        now = now or timezone.now()
        return next((w for w in self.windows if w.is_open(now)), None)

    def upcoming(self, now: datetime | None = None) -> PhaseWindow | None:
        now = now or timezone.now()
        return next((w for w in self.windows if w.starts_at > now), None)

    def window(self, key: str) -> PhaseWindow:
        for item in self.windows:
            if item.key == key:
                return item
        raise KeyError(key)

    def to_json(self) -> list[dict]:
        return [{"key": w.key, "starts_at": w.starts_at.isoformat(), "ends_at": w.ends_at.isoformat(),
                 "settings": dict(w.settings)} for w in self.windows]

    @classmethod
    def from_json(cls, data: Iterable[Mapping] | None) -> Schedule:
        """A stored schedule back (trusted: it was validated by schedule_clean before it was saved)."""
        return cls(tuple(PhaseWindow(item["key"], parse_datetime(item["starts_at"]), parse_datetime(item["ends_at"]),
                                     dict(item.get("settings") or {})) for item in data or ()))


def schedule_clean(manifest: CapabilityManifest, windows: Iterable[Mapping[str, Any]]) -> Schedule:
    """A Schedule from input (forms, API, a service's arguments): known phases, each at most once, with
    time-zone-aware dates in order and no overlap, and settings valid for their phase. ValidationFailed
    names the offending phase and field as `<phase>.<field>`."""
    errors: dict[str, list[str]] = {}
    result: list[PhaseWindow] = []
    seen: set[str] = set()
    for item in windows:
        key = str(item.get("key", ""))
        try:
            definition = manifest.phase(key)
        except KeyError:
            errors.setdefault(key or "key", []).append(_("Unknown phase."))
            continue
        if key in seen:
            errors.setdefault(key, []).append(_("This phase is scheduled twice."))
            continue
        seen.add(key)
        starts_at, ends_at = _moment(item.get("starts_at")), _moment(item.get("ends_at"))
        if starts_at is None:
            errors.setdefault(f"{key}.starts_at", []).append(_("Give a date and time with its time zone."))
        if ends_at is None:
            errors.setdefault(f"{key}.ends_at", []).append(_("Give a date and time with its time zone."))
        if starts_at is None or ends_at is None:
            continue
        if ends_at <= starts_at:
            errors.setdefault(f"{key}.ends_at", []).append(_("A phase ends after it starts."))
        raw = item.get("settings") or {}
        clean: dict[str, Any] = {}
        for name, value in raw.items():
            try:
                clean[name] = _declared(definition, name).clean(value)
            except KeyError:
                errors.setdefault(f"{key}.{name}", []).append(_("Unknown setting."))
            except ValueError as exc:
                errors.setdefault(f"{key}.{name}", []).append(str(exc))
        result.append(PhaseWindow(key, starts_at, ends_at, clean))
    result.sort(key=lambda w: w.starts_at)
    for before, after in itertools.pairwise(result):
        if after.starts_at < before.ends_at:
            errors.setdefault(f"{after.key}.starts_at", []).append(_("Phases must not overlap."))
    if errors:
        raise ValidationFailed(fields=errors)
    return Schedule(tuple(result))


def phase_settings(manifest: CapabilityManifest, window: PhaseWindow) -> Any:
    """The typed settings of a scheduled phase: `phase_settings(m, schedule.current()).votes_per_person`."""
    return manifest.phase(window.key).settings_from(window.settings)


def _declared(definition: PhaseDefinition, name: str) -> CapabilitySetting:
    for item in definition.settings:
        if item.key == name:
            return item
    raise KeyError(name)


def _moment(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            value = parse_datetime(value)
        except ValueError:
            return None
    if not isinstance(value, datetime) or timezone.is_naive(value):
        return None
    return value
