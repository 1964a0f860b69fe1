"""Forms of the map editor: a layer, a feature built from its layer's schema, and an import upload.

Forms only collect input; the services validate it, and their field errors are put back on the form."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.errors import DomainError
from hromada.core.web.form_errors import add_domain_error

from .importing import MAX_IMPORT_BYTES
from .models import Feature, Layer
from .schema import field_label

PROPERTY_PREFIX = "p_"
_INPUT_TYPES = {"number": "text", "url": "url", "phone": "tel", "email": "email", "date": "date", "string": "text"}


def add_domain_errors(form: forms.Form, exc: DomainError, aliases: dict[str, str] | None = None) -> None:
    """The kernel's add_domain_error, with each error of a layer's typed property on its p_<key> field."""
    properties = {name[len(PROPERTY_PREFIX):]: name for name in form.fields if name.startswith(PROPERTY_PREFIX)}
    add_domain_error(form, exc, {**properties, **(aliases or {})})


class LayerForm(forms.Form):
    name_uk = forms.CharField(label=_("Name (Ukrainian)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    slug = forms.SlugField(label=_("Slug"), max_length=63, help_text=_("Used in web addresses, e.g. schools."))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=4000)
    icon = forms.CharField(label=_("Icon"), max_length=8, required=False, help_text=_("An emoji, e.g. 🏫"))
    colour = forms.CharField(label=_("Colour"), max_length=7, initial="#2563eb",
                             widget=forms.TextInput(attrs={"type": "color"}))
    is_public = forms.BooleanField(label=_("Public (unticked: staff only)"), required=False, initial=True)
    position = forms.IntegerField(label=_("Position in the list"), min_value=0, max_value=100_000, initial=100)
    schema = forms.CharField(
        label=_("Property schema (JSON)"), required=False, widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_('A list like [{"key": "phone", "label": "Телефон", "type": "phone", "required": false}]; '
                    "types: string, number, boolean, url, phone, email, date."),
    )

    def clean_schema(self):
        raw = self.cleaned_data["schema"].strip()
        if not raw:
            return []
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise forms.ValidationError(_("Not JSON: %(err)s"), params={"err": exc}) from None

    @classmethod
    def initial_for(cls, layer: Layer) -> dict:
        return {f: getattr(layer, f) for f in ("name_uk", "name_en", "slug", "description", "icon", "colour",
                                               "is_public", "position")} | {
            "schema": json.dumps(layer.schema, ensure_ascii=False, indent=1)}


def property_fields(layer: Layer) -> dict[str, forms.Field]:
    """One form field per property of the layer's schema (p_<key>), typed for the browser; the services check
    and coerce the values. Used by the staff editor and the back office alike."""
    fields: dict[str, forms.Field] = {}
    for field in layer.schema:
        name = PROPERTY_PREFIX + field["key"]
        label = field_label(field)
        if field["type"] == "boolean":
            fields[name] = forms.TypedChoiceField(
                label=label, required=False, choices=[("", "—"), ("true", _("yes")), ("false", _("no"))])
        else:
            fields[name] = forms.CharField(
                label=label, required=False, max_length=1000,
                widget=forms.TextInput(attrs={"type": _INPUT_TYPES[field["type"]]}))
        if field["required"]:
            fields[name].widget.attrs["aria-required"] = "true"
            fields[name].label = f"{label} *"
    return fields


def property_initial(properties: dict) -> dict:
    """A feature's stored properties as the initial values of its p_<key> fields."""
    return {PROPERTY_PREFIX + key: ("true" if value else "false") if isinstance(value, bool) else value
            for key, value in properties.items()}


class FeatureForm(forms.Form):
    """Name, address, a point (lat/lon, placed by clicking the map) or any GeoJSON geometry, and properties."""

    name = forms.CharField(label=_("Name"), max_length=300)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    lat = forms.CharField(label=_("Latitude"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    lon = forms.CharField(label=_("Longitude"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    geometry = forms.CharField(
        label=_("Geometry (GeoJSON)"), required=False, widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("For lines and polygons; leave empty to use the point above."),
    )

    def __init__(self, *args, layer: Layer, feature: Feature | None = None, **kwargs):
        if feature is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(feature)
        super().__init__(*args, **kwargs)
        self.layer = layer
        self.fields.update(property_fields(layer))

    @staticmethod
    def initial_for(feature: Feature) -> dict:
        initial = {"name": feature.name, "address": feature.address}
        if feature.geometry_type == "Point":
            initial["lon"], initial["lat"] = feature.geometry["coordinates"][:2]
        else:
            initial["geometry"] = json.dumps(feature.geometry)
        initial.update(property_initial(feature.properties))
        return initial

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        geometry = data["geometry"].strip() or {"lat": data["lat"].strip(), "lon": data["lon"].strip()}
        properties = {f["key"]: data.get(PROPERTY_PREFIX + f["key"]) for f in self.layer.schema}
        return {"name": data["name"], "address": data["address"], "geometry": geometry, "properties": properties}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("GeoJSON or CSV file"), help_text=_("UTF-8; at most 20 MB."))
    replace = forms.BooleanField(label=_("Replace all features of the layer"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        name = upload.name.lower()
        if name.endswith((".geojson", ".json")):
            self.file_format = "geojson"
        elif name.endswith((".csv", ".txt")):
            self.file_format = "csv"
        else:
            raise forms.ValidationError(_("Upload a .geojson, .json or .csv file."))
        return upload
