"""Layers of the city map and their features (point/line/polygon GeoJSON with typed properties).

A feature keeps its bounding box in plain columns for index-friendly bbox filters, and its rendered
GeoJSON text so a layer of thousands of features is served by joining strings, not by re-serialising."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned

PROPERTY_TYPES = (
    ("string", _("text")),
    ("number", _("number")),
    ("boolean", _("yes/no")),
    ("url", _("web address")),
    ("phone", _("phone")),
    ("email", _("email")),
    ("date", _("date")),
)


class Layer(CommunityOwned):
    """A themed set of facilities (schools, pharmacies ...) with its own property schema.

    `schema` is a list of {"key", "label", "type", "required"} with type one of PROPERTY_TYPES."""

    slug = models.SlugField(_("slug"), max_length=63)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    icon = models.CharField(_("icon"), max_length=8, blank=True, help_text=_("An emoji or a short symbol."))
    colour = models.CharField(_("colour"), max_length=7, default="#2563eb")
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Unticked: only staff see the layer."))
    schema = models.JSONField(_("property schema"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=100)
    # Bumped by every feature write, so GeoJSON answers get an ETag and a cache key without a query.
    features_version = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("map layer")
        verbose_name_plural = _("map layers")
        ordering = ["position", "name_uk"]
        constraints = [models.UniqueConstraint(fields=["community", "slug"], name="maps_layer_slug_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "uk").startswith("en") and self.name_en:
            return self.name_en
        return self.name_uk


class GeometryType(models.TextChoices):
    POINT = "Point", _("point")
    MULTIPOINT = "MultiPoint", _("points")
    LINESTRING = "LineString", _("line")
    MULTILINESTRING = "MultiLineString", _("lines")
    POLYGON = "Polygon", _("polygon")
    MULTIPOLYGON = "MultiPolygon", _("polygons")


class Feature(CommunityOwned):
    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="features", verbose_name=_("layer"))
    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=300, blank=True)
    geometry = models.JSONField(_("geometry (GeoJSON)"))
    geometry_type = models.CharField(_("geometry type"), max_length=20, choices=GeometryType.choices)
    # A representative point (the centroid, or the point itself) for list views and tabular open data.
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    min_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lat = models.FloatField()
    max_lon = models.FloatField()
    properties = models.JSONField(_("properties"), default=dict, blank=True)
    # Lower-cased name, address and property values: one icontains-free LIKE for search.
    search_text = models.TextField(blank=True, default="")
    # The feature as GeoJSON text, rendered by the services on every write.
    geojson = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("map feature")
        verbose_name_plural = _("map features")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["layer", "min_lon", "max_lon"], name="maps_feature_bbox_lon"),
            models.Index(fields=["layer", "name"], name="maps_feature_layer_name"),
            models.Index(fields=["community", "layer"], name="maps_feature_community_layer"),
        ]

    def __str__(self) -> str:
        return self.name
