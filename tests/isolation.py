"""Two demo communities for isolation tests: A as it is, B with every text and slug marked as B's.

The marker makes a leak visible in any response (JSON, HTML, CSV, GeoJSON) whatever its shape; the B-only
slugs make lookups that forget the community answer for B's objects instead of 404."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models.functions import Concat, Left

from hromada.core import capabilities
from hromada.core.api.tokens import api_token_create
from hromada.core.tenancy.models import Community, CommunityOwned
from hromada.demo.people import create_demo_community, demo_people

MARK = "ZZLEAKOFBZZ"
SLUG_MARK = "zzb-"
TEXT_FIELD_HINTS = ("title", "name", "description", "body", "text", "summary", "address", "note", "question",
                    "answer", "comment", "reason", "content", "label", "subject")


@dataclass
class Pair:
    a: Community
    b: Community
    a_admin: object
    a_token: str
    skipped_loaders: list[str] = field(default_factory=list)


def owned_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if issubclass(m, CommunityOwned) and not m._meta.proxy]


def load_pair(residents: int = 4) -> Pair:
    a, _ = create_demo_community(slug="iso-a", residents=residents)
    b, _ = create_demo_community(slug="iso-b", residents=residents)
    skipped = []
    for manifest in sorted(capabilities.manifests(), key=lambda m: m.demo_order):
        if not manifest.demo_loader:
            continue
        try:
            loader = capabilities.resolve(manifest.demo_loader)
        except ImportError as exc:  # the capability is not finished yet: say so, test the rest
            skipped.append(manifest.slug)
            warnings.warn(f"demo loader of {manifest.slug} skipped: {exc}", stacklevel=1)
            continue
        for community in (a, b):
            loader(community, size="small")
    mark_community(b)
    admin = demo_people(a).admin
    _token, raw = api_token_create(actor=admin, community=a, name="isolation")
    return Pair(a=a, b=b, a_admin=admin, a_token=raw, skipped_loaders=skipped)


def _markable(f) -> bool:
    if not isinstance(f, (models.CharField, models.TextField)) or f.choices or f.primary_key:
        return False
    if isinstance(f, (models.EmailField, models.URLField, models.SlugField)):
        return False
    return any(hint in f.name for hint in TEXT_FIELD_HINTS)


def mark_community(community: Community) -> None:
    """Prefix B's human-readable texts with MARK and its slugs with SLUG_MARK (raw updates: test data only)."""
    for model in owned_models():
        updates = {}
        for f in model._meta.concrete_fields:
            if _markable(f):
                updates[f.name] = _prefixed(f, MARK + " ")
            elif isinstance(f, models.SlugField):
                updates[f.name] = _prefixed(f, SLUG_MARK)
        if updates:
            model._base_manager.filter(community=community).update(**updates)


def _prefixed(f, prefix: str):
    value = Concat(models.Value(prefix), models.F(f.name), output_field=f.__class__())
    return Left(value, f.max_length) if getattr(f, "max_length", None) else value


def values_of(model, community, name: str) -> set[str]:
    return {str(v) for v in model._base_manager.filter(community=community).values_list(name, flat=True)}


def snapshot(community: Community) -> dict[str, list]:
    """Every row B owns, to prove that nothing under A changed it."""
    from hromada.core.audit.models import AuditEvent

    data = {m._meta.label: list(m._base_manager.filter(community=community).order_by("pk").values())
            for m in owned_models()}
    data["audit"] = [AuditEvent.objects.filter(community=community).count()]
    return data


def infer_model(path: str, param: str, app_label: str | None):
    """The CommunityOwned model a path parameter names: `petition_id` -> Petition, `/layers/{slug}` -> Layer,
    `dataset/{name}` -> Dataset; else the one model of the capability with a field of that name."""
    segments = [s for s in path.split("/") if s]
    base = param.split(":")[-1]
    for suffix in ("_id", "_pk", "_slug"):
        base = base.removesuffix(suffix)
    names = [] if base in ("id", "pk", "slug", "name", "code", "number", "key", "ident") else [base]
    position = next((i for i, s in enumerate(segments) if "{" + param in s or ":" + param in s), None)
    if position:
        previous = segments[position - 1]
        names += [previous.removesuffix("s"), previous.removesuffix("es"), previous]
    candidates = owned_models()
    for name in names:
        name = name.replace("-", "").replace("_", "").lower()
        for preferred in (True, False):
            for model in candidates:
                if preferred and app_label and model._meta.app_label != app_label:
                    continue
                if model._meta.model_name == name or model._meta.model_name.endswith(name):
                    return model
    with_field = [m for m in candidates if m._meta.app_label == app_label
                  and base in {f.name for f in m._meta.concrete_fields} and base not in ("id", "pk")]
    return with_field[0] if len(with_field) == 1 else None
