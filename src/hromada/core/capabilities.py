"""The capability registry: every installed app with a `<app>/manifest.py` defining MANIFEST is a capability.

Home page, navigation, URL roots, the API root, the demo loader and open data discover capabilities here
without importing them; `hromada.core.capability_checks` proves every dotted path of every manifest at start-up."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, make_dataclass
from typing import Any, cast, get_type_hints

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CapabilitySetting:
    """A per-community setting of a capability, editable by the community admin."""

    key: str
    label: Any
    default: Any
    kind: type = str
    help_text: Any = ""
    choices: tuple = ()
    min_value: int | None = None  # for int settings; None means 0 (no setting of ours is negative)
    max_value: int | None = None

    def coerce(self, value: Any) -> Any:
        if value is None or value == "":
            return self.default
        if self.kind is bool:
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        return self.kind(value)

    def clean(self, value: Any) -> Any:
        """Admin input made a value of this setting, or SettingInvalid with a message for the form."""
        try:
            value = self.coerce(value)
        except (TypeError, ValueError):
            raise SettingInvalid(_("Not a valid value.")) from None
        if self.choices and value not in {choice for choice, _label in self.choices}:
            raise SettingInvalid(_("Choose one of the offered values."))
        if self.kind is int:
            minimum = 0 if self.min_value is None else self.min_value
            if value < minimum:
                raise SettingInvalid(_("Must not be negative.") if minimum == 0
                                     else _("Must be at least %(min)s.") % {"min": minimum})
            if self.max_value is not None and value > self.max_value:
                raise SettingInvalid(_("Must be at most %(max)s.") % {"max": self.max_value})
        return value


class SettingInvalid(ValueError):
    """A setting's value refused by its declaration (type, choices, bounds); the message is for the form."""


def setting(default: Any, label: Any, help_text: Any = "", *, choices: tuple = (), min_value: int | None = None,
            max_value: int | None = None) -> Any:
    """One field of a capability's settings model: a frozen dataclass whose annotations give each type.

        @dataclass(frozen=True)
        class PetitionsSettings:
            threshold: int = setting(250, _("Signatures needed"), min_value=1)
    """
    meta = {"label": label, "help_text": help_text, "choices": choices, "min_value": min_value,
            "max_value": max_value}
    return field(default=default, metadata={"hromada_setting": meta})


def declared_settings(model: type) -> tuple[CapabilitySetting, ...]:
    """The CapabilitySetting of each field of a settings model, in declaration order."""
    hints = get_type_hints(model)
    declared = []
    for item in fields(model):
        meta = item.metadata.get("hromada_setting") or {"label": item.name}
        declared.append(CapabilitySetting(item.name, meta["label"], item.default, hints[item.name],
                                          meta.get("help_text", ""), meta.get("choices", ()),
                                          meta.get("min_value"), meta.get("max_value")))
    return tuple(declared)


def settings_model_of(slug: str, declared: Iterable[CapabilitySetting]) -> type:
    """A frozen dataclass for settings declared as a tuple of CapabilitySetting (older manifests, tests)."""
    declared = tuple(declared)
    keys = [s.key for s in declared]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{slug}: a setting is declared twice in {keys}")
    return make_dataclass(
        f"{slug.title().replace('_', '')}Settings",
        [(s.key, s.kind, field(default=s.default)) for s in declared],
        frozen=True,
    )


def typed_settings(declared: Iterable[CapabilitySetting], model: type, stored: Mapping[str, Any] | None) -> Any:
    """An instance of `model` from stored JSON (as the admin saved it); a missing or unreadable value is its default."""
    stored = stored or {}
    values = {}
    for item in declared:
        try:
            values[item.key] = item.coerce(stored.get(item.key))
        except (TypeError, ValueError):
            values[item.key] = item.default
    return model(**values)


@dataclass(frozen=True)
class OpenDataExport:
    """A live dataset a capability publishes: `rows(community)` yields dicts with `fields` as keys.

    Rows must contain no personal data; the open-data portal refreshes them on a schedule."""

    slug: str
    title: Any
    description: Any
    fields: tuple[tuple[str, str], ...]  # (name, Table Schema type)
    rows: str  # dotted path to a callable(community) -> Iterable[dict]
    update_frequency: str = "once a day"
    geojson: str = ""  # optional dotted path to callable(community) -> GeoJSON FeatureCollection dict


@dataclass(frozen=True)
class ResidentItem:
    """One of a person's own items, as a capability lists it in the resident's office (`resident_items`).

    Labels are translatable strings; `url` is the item's page; `needs_action` says the resident must act next."""

    capability: str  # the manifest's slug
    kind: Any  # e.g. _("Petition signed")
    title: str
    status: Any  # the item's state as the resident reads it
    url: str
    updated_at: Any  # an aware datetime: the office lists items newest first by it
    deadline: Any = None  # a date or datetime the next step is due by, if any
    next_step: Any = ""  # what happens next, or what the resident must do
    needs_action: bool = False


@dataclass(frozen=True)
class ChatCommand:
    """A command a capability offers in the community's chat assistant (Telegram, Viber, the web chat).

    The assistant lists enabled capabilities' commands in its main menu and hands a chat to `dialog` when the
    resident picks it (or types /<name>); the dialog calls the capability's own services, as the web does."""

    name: str  # latin, lower case, unique on the platform: "petitions" answers /petitions and the menu button
    title: Any  # the menu button's label, e.g. _("Petitions")
    dialog: str  # dotted path to the capability's hromada.assistant.engine Dialog subclass
    description: Any = ""  # one line shown in /help
    needs_link: bool = False  # True: only a chat linked to a Hromada account may use it (browsing is free)
    order: int = 100
    # Free text typed outside any dialog is searched in every enabled command that offers this: dotted path to
    # callable(community, query: str, *, language: str, limit: int) -> list[(title, button payload)]
    search: str = ""


@dataclass(frozen=True)
class TransparencyIndicator:
    """A Transparent Cities indicator a capability can evidence from its own data (the transparency self-check).

    `evaluate(community, start, end)` returns hromada.transparency_index's IndicatorResult-compatible dict:
    {"score": 0..1 or None (cannot tell for the period), "value": text, "evidence": [(label, url)], "advice": text}."""

    code: str  # stable: "<capability>.<name>", e.g. "petitions.answered_on_time"
    title: Any
    area: str  # the Transparent Cities area code the indicator belongs to (hromada.transparency_index.areas)
    max_points: float
    evaluate: str  # dotted path to callable(community, start: date, end: date) -> dict
    order: int = 100

    @staticmethod
    def moments(start, end) -> tuple[Any, Any]:
        """The period's dates as aware datetimes, Kyiv time: [first moment of `start`, first moment after `end`)."""
        from datetime import datetime, time, timedelta
        from zoneinfo import ZoneInfo

        kyiv = ZoneInfo("Europe/Kyiv")
        return (datetime.combine(start, time.min, tzinfo=kyiv),
                datetime.combine(end + timedelta(days=1), time.min, tzinfo=kyiv))

    @staticmethod
    def share(done: int, total: int, *, value: Any, evidence: Iterable = (), advice: Any = "",
              minimum: int = 1) -> dict:
        """The result of a "share of X done right" indicator: score done/total, or None (cannot tell) when fewer
        than `minimum` items were due in the period."""
        score = None if total < max(minimum, 1) else max(0.0, min(1.0, done / total))
        return {"score": score, "value": str(value), "evidence": [(str(label), url) for label, url in evidence],
                "advice": str(advice)}


@dataclass(frozen=True)
class CapabilityManifest:
    slug: str
    name: Any
    description: Any
    icon: str = "•"
    url_name: str = ""  # the capability's landing page, reversed inside the community
    url_prefix: str = ""  # web pages mounted at /<url_prefix>/ (community-relative)
    urls: str = ""  # dotted path of the web urls module
    extra_urls: tuple[tuple[str, str], ...] = ()  # (prefix, urls module) mounted at the root, e.g. open311
    api_router: str = ""  # dotted path "module:router" mounted at /api/v1/<slug>/
    # Per-community settings: a frozen dataclass built with setting() (typed reads) or, older, a tuple of
    # CapabilitySetting; either way `settings` holds the declarations and `settings_model` the dataclass.
    settings: tuple[CapabilitySetting, ...] = ()
    settings_model: type | None = field(default=None, compare=False)
    phases: tuple = ()  # hromada.core.phases.PhaseDefinition: steps with their own settings and dates
    opendata_exports: tuple[OpenDataExport, ...] = ()
    profile_links: tuple[tuple[str, Any], ...] = ()  # (url name, label): the person's own items, on the profile
    resident_items: str = ""  # dotted path to callable(user, community) -> list[ResidentItem] (the resident's office)
    # (role, url name): the staff queue a person with that role in the community lands on after signing in
    staff_queues: tuple[tuple[str, str], ...] = ()
    periodic_tasks: tuple[tuple[str, int], ...] = ()  # (dotted path of a django-tasks Task, every N seconds)
    demo_loader: str = ""  # dotted path to callable(community, *, size: str) run by the demo command
    backup_tables: str = ""  # dotted path to a core.backup.tables.TableSet: tables kept outside the models
    # Records shared with other capabilities (core.records): the dotted path of a RecordSource this capability
    # offers, and the events it follows as (event name prefix, dotted path of handler(community, event)).
    record_source: str = ""
    record_handlers: tuple[tuple[str, str], ...] = ()
    demo_order: int = 100
    # The community home page's live block: dotted path to callable(community, *, user) -> dict | None (None hides
    # it), rendered with the template "<slug>/home_block.html" as `home`; blocks go in home_order, then manifest order.
    home_block: str = ""
    home_order: int = 100
    # The assistant (issue 21): the chat commands this capability offers; and, for the assistant itself, the dotted
    # path of the chat notification channel the kernel's notifications deliver through after commit.
    chat_commands: tuple[ChatCommand, ...] = ()
    notification_channel: str = ""
    # The transparency self-check (issue 20): the indicators this capability evidences from its own data.
    transparency_indicators: tuple[TransparencyIndicator, ...] = ()
    enabled_by_default: bool = True
    nav: bool = True

    def __post_init__(self):
        if self.settings_model is not None and not self.settings:
            object.__setattr__(self, "settings", declared_settings(self.settings_model))
        elif self.settings_model is None:
            object.__setattr__(self, "settings_model", settings_model_of(self.slug, self.settings))

    def setting(self, key: str) -> CapabilitySetting:
        for item in self.settings:
            if item.key == key:
                return item
        raise KeyError(f"{self.slug} has no setting {key!r}")

    def settings_from(self, stored: Mapping[str, Any] | None) -> Any:
        """The typed settings model for a community's stored JSON; a missing or unreadable value is its default."""
        assert self.settings_model is not None  # __post_init__ always sets it
        return typed_settings(self.settings, self.settings_model, stored)

    def phase(self, key: str):
        for item in self.phases:
            if item.key == key:
                return item
        raise KeyError(f"{self.slug} has no phase {key!r}")


def home_block_template(manifest: CapabilityManifest) -> str:
    """The template of a capability's home-page block; it extends "web/home_block.html" (a section with a heading)."""
    return f"{manifest.slug}/home_block.html"


_registry: dict[str, CapabilityManifest] = {}
_apps: dict[str, str] = {}  # slug -> the app (a Python package) whose manifest.py declared it


def register(manifest: CapabilityManifest, *, app: str = "") -> None:
    existing = _registry.get(manifest.slug)
    if existing is not None and existing != manifest:
        raise ValueError(f"capability {manifest.slug!r} is registered twice")
    _registry[manifest.slug] = manifest
    if app:
        _apps[manifest.slug] = app


def discover() -> None:
    """Register MANIFEST of every installed app that has a manifest module (run once, from the kernel's ready())."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for config in apps.get_app_configs():
        module_name = f"{config.name}.manifest"
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        if not isinstance(getattr(module, "MANIFEST", None), CapabilityManifest):
            raise ImportError(f"{module_name} must define MANIFEST = CapabilityManifest(...)")
        register(module.MANIFEST, app=config.name)


# Kernel apps are always on, so they are no capabilities (nothing to enable, no page or router from the registry);
# what one offers through a manifest's fields (open-data exports, a demo step) is a manifest listed here by path.
KERNEL_MANIFESTS = ("hromada.core.transparency.kernel_manifest:KERNEL_MANIFEST",)


def kernel_manifests() -> list[CapabilityManifest]:
    return [cast(CapabilityManifest, resolve(path)) for path in KERNEL_MANIFESTS]


def opendata_providers(community) -> list[CapabilityManifest]:
    """Whose `opendata_exports` the community's portal publishes: its enabled capabilities and the kernel."""
    return [*community.enabled_manifests, *kernel_manifests()]


def app_of(slug: str) -> str:
    """The package of a discovered capability, e.g. "hromada.petitions"."""
    return _apps[slug]


def settings_for(community, slug: str) -> Any:
    """A community's settings of one capability as its typed model: `settings_for(c, "petitions").threshold`."""
    return _registry[slug].settings_from((community.capability_settings or {}).get(slug))


def manifests() -> list[CapabilityManifest]:
    return list(_registry.values())


def manifest(slug: str) -> CapabilityManifest:
    return _registry[slug]


def manifests_for(slugs: Iterable[str]) -> list[CapabilityManifest]:
    wanted = set(slugs)
    return [m for m in _registry.values() if m.slug in wanted]


def resolve(dotted: str) -> Callable:
    """Import "package.module:attr" or "package.module.attr" lazily."""
    from importlib import import_module

    module_path, _, attr = dotted.replace(":", ".").rpartition(".")
    return getattr(import_module(module_path), attr)


__all__ = [
    "CapabilityManifest",
    "CapabilitySetting",
    "ChatCommand",
    "OpenDataExport",
    "ResidentItem",
    "SettingInvalid",
    "TransparencyIndicator",
    "app_of",
    "declared_settings",
    "discover",
    "home_block_template",
    "kernel_manifests",
    "opendata_providers",
    "register",
    "setting",
    "settings_for",
    "manifests",
    "manifest",
    "manifests_for",
    "resolve",
]
