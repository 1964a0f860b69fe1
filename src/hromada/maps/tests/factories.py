"""Builders for map tests: layers and features made through the real services."""

from __future__ import annotations

from hromada.maps.services import feature_create, layer_create

SCHEMA = [
    {"key": "phone", "label": "Телефон", "type": "phone", "required": False},
    {"key": "places", "label": "Місць", "type": "number", "required": False},
    {"key": "open", "label": "Працює", "type": "boolean", "required": False},
    {"key": "hours", "label": "Години", "type": "string", "required": True},
]


def make_layer(actor, community, slug="schools", *, is_public=True, schema=None, **extra):
    return layer_create(actor=actor, community=community, slug=slug, name_uk=f"Шар {slug}", name_en=slug.title(),
                        is_public=is_public, schema=SCHEMA if schema is None else schema, **extra)


def make_point(actor, community, layer, *, name="Ліцей № 1", lat=49.59, lon=34.55, **properties):
    properties = {"hours": "08:00–17:00", **properties}
    return feature_create(actor=actor, community=community, layer_id=layer.pk, name=name, address="вул. Миру, 1",
                          geometry={"type": "Point", "coordinates": [lon, lat]}, properties=properties)
