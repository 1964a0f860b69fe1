"""Web forms of the portal: a dataset's passport and a resource upload (a file or a link).

They only parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DESCRIPTION_MAX, PURPOSE_MAX, TITLE_MAX, DatasetTemplate, ResourceFormat, UpdateFrequency
from .vocabulary import LICENSES


class DatasetForm(forms.Form):
    publisher = forms.ChoiceField(label=_("Publisher"))
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    name = forms.SlugField(label=_("Identifier in the URL (Latin letters)"), max_length=100, required=False,
                           help_text=_("Leave empty to make one from the title."))
    description = forms.CharField(label=_("Description"), max_length=DESCRIPTION_MAX, widget=forms.Textarea,
                                  required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    purpose = forms.CharField(label=_("Purpose of collecting the information"), max_length=PURPOSE_MAX, required=False)
    update_frequency = forms.ChoiceField(label=_("Update frequency"), choices=UpdateFrequency.choices,
                                         initial=UpdateFrequency.MONTHLY)
    maintainer = forms.CharField(label=_("Responsible person"), max_length=200)
    maintainer_email = forms.EmailField(label=_("Responsible person's email"))
    license_id = forms.ChoiceField(label=_("Licence"), choices=[(x["id"], x["title"]) for x in LICENSES],
                                   initial="cc-by-4.0")
    tags = forms.CharField(label=_("Keywords (comma separated)"), required=False)
    template = forms.ModelChoiceField(label=_("Template (Table Schema)"), queryset=DatasetTemplate.objects.all(),
                                      required=False)
    private = forms.BooleanField(label=_("Private (visible to staff only)"), required=False)

    def __init__(self, *args, publishers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].choices = [(str(p.pk), p.title) for p in publishers]


class ResourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=TITLE_MAX, required=False)
    file = forms.FileField(label=_("File (CSV, JSON, XLSX, XML, GeoJSON)"), required=False)
    url = forms.URLField(label=_("…or a link"), required=False, max_length=1000, assume_scheme="https")
    format = forms.ChoiceField(label=_("Format"), choices=[("", _("from the file name")), *ResourceFormat.choices],
                               required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PassportForm(DatasetForm):
    """Editing a dataset's passport: its URL name and template stay as created."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["name"]
        del self.fields["template"]
