"""The capability registry: each capability app registers a manifest in its AppConfig.ready().

Home page, navigation, URL roots, the API root, the demo loader and open data discover capabilities here
without importing them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CapabilitySetting:
    """A per-community setting of a capability, editable by the community admin."""

    key: str
    label: Any
    default: Any
    kind: type = str
    help_text: Any = ""
    choices: tuple = ()

    def coerce(self, value: Any) -> Any:
        if value is None or value == "":
            return self.default
        if self.kind is bool:
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        return self.kind(value)


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
    permissions: tuple[tuple[str, Any], ...] = ()  # (code, description)
    settings: tuple[CapabilitySetting, ...] = ()
    opendata_exports: tuple[OpenDataExport, ...] = ()
    profile_links: tuple[tuple[str, Any], ...] = ()  # (url name, label): the person's own items, on the profile
    periodic_tasks: tuple[tuple[str, int], ...] = ()  # (dotted path of a django-tasks Task, every N seconds)
    demo_loader: str = ""  # dotted path to callable(community, *, size: str) run by the demo command
    backup_tables: str = ""  # dotted path to a core.backup.tables.TableSet: tables kept outside the models
    demo_order: int = 100
    enabled_by_default: bool = True
    nav: bool = True

    def setting(self, key: str) -> CapabilitySetting:
        for item in self.settings:
            if item.key == key:
                return item
        raise KeyError(f"{self.slug} has no setting {key!r}")


_registry: dict[str, CapabilityManifest] = {}


def register(manifest: CapabilityManifest) -> None:
    existing = _registry.get(manifest.slug)
    if existing is not None and existing != manifest:
        raise ValueError(f"capability {manifest.slug!r} is registered twice")
    _registry[manifest.slug] = manifest


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
    "OpenDataExport",
    "register",
    "manifests",
    "manifest",
    "manifests_for",
    "resolve",
]
