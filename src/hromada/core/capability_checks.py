"""Start-up checks of every capability manifest: each dotted path imports and is of the kind the kernel expects.

A typo in a manifest fails `manage.py check` (and every start) with a hromada.E0xx error naming the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import checks

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest

# E001 a path does not import · E002 it imports but is not what the field needs · E003 url_name or a profile
# link does not reverse · E004 a setting's default breaks its own declaration · E005 a phase is malformed ·
# E006 two capabilities, or a capability and a kernel page, mount their pages at the same URL prefix.


def _resolved(manifest: CapabilityManifest, field: str, dotted: str, errors: list) -> Any:
    try:
        return capabilities.resolve(dotted)
    except (ImportError, AttributeError, ValueError) as exc:
        errors.append(checks.Error(
            f"{manifest.slug}.{field} = {dotted!r} does not import: {exc}",
            hint="Give the dotted path as package.module:attribute (or package.module.attribute).",
            obj=f"capability {manifest.slug}", id="hromada.E001"))
        return None


def _module(manifest: CapabilityManifest, field: str, dotted: str, errors: list):
    from importlib import import_module

    try:
        module = import_module(dotted)
    except ImportError as exc:
        errors.append(checks.Error(f"{manifest.slug}.{field} = {dotted!r} does not import: {exc}",
                                   obj=f"capability {manifest.slug}", id="hromada.E001"))
        return None
    if not hasattr(module, "urlpatterns"):
        errors.append(checks.Error(f"{manifest.slug}.{field} = {dotted!r} has no urlpatterns",
                                   obj=f"capability {manifest.slug}", id="hromada.E002"))
    return module


def _kind(manifest, field: str, dotted: str, errors: list, test: Callable[[Any], bool], needs: str) -> None:
    value = _resolved(manifest, field, dotted, errors)
    if value is not None and not test(value):
        errors.append(checks.Error(f"{manifest.slug}.{field} = {dotted!r} is not {needs}",
                                   obj=f"capability {manifest.slug}", id="hromada.E002"))


def _reverses(manifest, field: str, url_name: str, errors: list) -> None:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(url_name)
    except NoReverseMatch as exc:
        errors.append(checks.Error(f"{manifest.slug}.{field} = {url_name!r} does not reverse: {exc}",
                                   hint="Name a page of the capability's urls (app_name:name) that takes no arguments.",
                                   obj=f"capability {manifest.slug}", id="hromada.E003"))


def _template(manifest, field: str, name: str, errors: list) -> None:
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template

    try:
        get_template(name)
    except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
        errors.append(checks.Error(f"{manifest.slug}.{field} needs the template {name!r}: {exc!r}",
                                   obj=f"capability {manifest.slug}", id="hromada.E002"))


def check_manifest(manifest: CapabilityManifest, *, urls: bool = True) -> list[checks.CheckMessage]:
    """Every problem of one manifest; `urls=False` skips reversing (the URLconf may not be loadable yet)."""
    from ninja import Router

    errors: list[checks.CheckMessage] = []
    if manifest.urls:
        _module(manifest, "urls", manifest.urls, errors)
    for prefix, module in manifest.extra_urls:
        _module(manifest, f"extra_urls[{prefix!r}]", module, errors)
    if manifest.api_router:
        _kind(manifest, "api_router", manifest.api_router, errors, lambda v: isinstance(v, Router), "a ninja Router")
    if manifest.resident_items:
        _kind(manifest, "resident_items", manifest.resident_items, errors, callable, "callable(user, community)")
    if manifest.demo_loader:
        _kind(manifest, "demo_loader", manifest.demo_loader, errors, callable, "callable(community, *, size)")
    if manifest.backup_tables:
        _kind(manifest, "backup_tables", manifest.backup_tables, errors,
              lambda v: all(hasattr(v, name) for name in ("names", "schema", "rows", "restore", "drop_all")),
              "a TableSet (names, schema, rows, restore, drop_all)")
    if manifest.record_source:
        _kind(manifest, "record_source", manifest.record_source, errors,
              lambda v: callable(getattr(v, "read", None)) and callable(getattr(v, "ids", None)),
              "a RecordSource (read, ids)")
    if manifest.home_block:
        _kind(manifest, "home_block", manifest.home_block, errors, callable, "callable(community, *, user)")
        _template(manifest, "home_block", capabilities.home_block_template(manifest), errors)
    for prefix, handler in manifest.record_handlers:
        _kind(manifest, f"record_handlers[{prefix!r}]", handler, errors, callable, "callable(community, event)")
    for path, seconds in manifest.periodic_tasks:
        _kind(manifest, "periodic_tasks", path, errors, lambda v: hasattr(v, "enqueue"), "a task (it has no enqueue)")
        if not isinstance(seconds, int) or seconds <= 0:
            errors.append(checks.Error(f"{manifest.slug}.periodic_tasks: {path} runs every {seconds!r} seconds",
                                       obj=f"capability {manifest.slug}", id="hromada.E002"))
    for export in manifest.opendata_exports:
        _kind(manifest, f"opendata_exports[{export.slug}].rows", export.rows, errors, callable, "callable(community)")
        if export.geojson:
            _kind(manifest, f"opendata_exports[{export.slug}].geojson", export.geojson, errors, callable,
                  "callable(community)")
    for command in manifest.chat_commands:
        _kind(manifest, f"chat_commands[{command.name}].dialog", command.dialog, errors, callable,
              "a Dialog class (callable)")
        if command.search:
            _kind(manifest, f"chat_commands[{command.name}].search", command.search, errors, callable,
                  "callable(community, query, *, language, limit)")
    if manifest.notification_channel:
        _kind(manifest, "notification_channel", manifest.notification_channel, errors,
              lambda v: callable(getattr(v, "deliver", None)), "a notification channel (it has no deliver)")
    for indicator in manifest.transparency_indicators:
        _kind(manifest, f"transparency_indicators[{indicator.code}].evaluate", indicator.evaluate, errors, callable,
              "callable(community, start, end)")
    if urls:
        if manifest.url_name:
            _reverses(manifest, "url_name", manifest.url_name, errors)
        for url_name, _label in manifest.profile_links:
            _reverses(manifest, "profile_links", url_name, errors)
    errors += _setting_errors(manifest.slug, manifest.settings)
    errors += _phase_errors(manifest)
    return errors


def _setting_errors(owner: str, declared) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for item in declared:  # (a key declared twice fails already when the manifest is built)
        try:
            item.clean(item.default)
        except ValueError as exc:
            errors.append(checks.Error(f"{owner}: the default of setting {item.key!r} ({item.default!r}) is refused by "
                                       f"its own declaration: {exc}", obj=f"capability {owner}", id="hromada.E004"))
    return errors


def _phase_errors(manifest: CapabilityManifest) -> list[checks.CheckMessage]:
    from hromada.core.phases import PhaseDefinition

    errors: list[checks.CheckMessage] = []
    keys = [getattr(phase, "key", None) for phase in manifest.phases]
    if len(set(keys)) != len(keys):
        errors.append(checks.Error(f"{manifest.slug}: two phases share a key ({keys})",
                                   obj=f"capability {manifest.slug}", id="hromada.E005"))
    for phase in manifest.phases:
        if not isinstance(phase, PhaseDefinition):
            errors.append(checks.Error(f"{manifest.slug}: phases hold PhaseDefinition, not {phase!r}",
                                       obj=f"capability {manifest.slug}", id="hromada.E005"))
            continue
        errors += _setting_errors(f"{manifest.slug}.phases[{phase.key}]", phase.settings)
    return errors


def _kernel_first_segments() -> set[str]:
    """The first path segment of every kernel page inside a community ("profile", "transparency" ...)."""
    from hromada.core.web.urls import urlpatterns

    return {str(pattern.pattern).split("/")[0] for pattern in urlpatterns} - {""}


@checks.register()
def check_capabilities(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    prefixes: dict[str, str] = {}
    kernel_segments = _kernel_first_segments()
    for manifest in capabilities.manifests():
        errors += check_manifest(manifest)
        if manifest.url_prefix.split("/")[0] in kernel_segments:
            errors.append(checks.Error(f"{manifest.slug} mounts its pages at /{manifest.url_prefix}/, where a kernel "
                                       "page lives (hromada.core.web.urls): one of them would be unreachable",
                                       obj=f"capability {manifest.slug}", id="hromada.E006"))
        if manifest.url_prefix:
            other = prefixes.setdefault(manifest.url_prefix, manifest.slug)
            if other != manifest.slug:
                errors.append(checks.Error(f"{manifest.slug} and {other} both mount their pages at "
                                           f"/{manifest.url_prefix}/", obj=f"capability {manifest.slug}",
                                           id="hromada.E006"))
    return errors
