"""Web forms of Enrolment: they only parse input (the services validate what matters: identity, ages, groups,
proofs, deadlines). Choices (groups, categories) always come from the request's community."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors_web

# Dates as people write them here (15.03.2024), typed in a plain field: a browser's date picker orders its parts by
# the browser's language, which is often not the page's. ISO dates (the API's) are accepted too.
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label, help_text, **attrs) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_FORMATS, help_text=help_text, widget=forms.DateInput(
        format="%d.%m.%Y", attrs={"inputmode": "numeric", "placeholder": _("dd.mm.yyyy"), **attrs}))


class InstitutionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("all kinds")), *selectors_web.institution_kinds()]

    def value(self, name: str) -> str:
        if not self.is_valid():
            return ""
        return self.cleaned_data.get(name) or ""


class ApplicationForm(forms.Form):
    """The application of a parent: the child, the address, up to three groups in order, the start date, and for
    each priority category the community defines a box to claim it with the document that proves it."""

    child_name = forms.CharField(label=_("Child's full name"), max_length=200,
                                 help_text=_("As in the birth certificate, for example “Коваленко Марія Андріївна”."))
    child_birth_date = _date_field(_("Child's date of birth"), _("Day, month and year, for example 15.03.2024."),
                                   autocomplete="off")
    birth_certificate = forms.CharField(
        label=_("Birth certificate number"), max_length=40,
        help_text=_("Series and number, for example “I-АБ 123456”. It is stored only as a keyed hash, to find a "
                    "second application for the same child; nobody can read it back."))
    address = forms.CharField(label=_("Address where the child lives"), max_length=300,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
                              help_text=_("A school gives priority to children living in its service area."))
    # The home's point, for a school's service area: set with the map's pin, found by address, or typed. Passed to
    # the service as typed (it validates the pair and decides the service area, as for the API).
    lat = forms.CharField(label=_("Latitude"), required=False, max_length=40,
                          widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    lon = forms.CharField(label=_("Longitude"), required=False, max_length=40,
                          widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    group_1 = forms.TypedChoiceField(label=_("First choice"), coerce=int)
    group_2 = forms.TypedChoiceField(label=_("Second choice"), coerce=int, required=False, empty_value=None)
    group_3 = forms.TypedChoiceField(label=_("Third choice"), coerce=int, required=False, empty_value=None)
    start_date = _date_field(_("Wanted start date"), _("Day, month and year; groups and classes start on 1 September."))

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        groups = selectors_web.group_choices(community=community)
        self.fields["group_1"].choices = [("", _("choose a group")), *groups]
        for name in ("group_2", "group_3"):
            self.fields[name].choices = [("", _("no other choice")), *groups]
        self.categories = selectors_web.category_choices(community=community)
        for category in self.categories:
            box = forms.BooleanField(label=category.name, required=False)
            box.widget.attrs["data-proof-for"] = f"id_proof_{category.pk}"
            self.fields[f"category_{category.pk}"] = box
            self.fields[f"proof_{category.pk}"] = forms.FileField(
                label=_("Document proving “%(category)s”") % {"category": category.name}, required=False,
                help_text=category.proof or _("A PDF or a photo of the document."))

    def category_rows(self):
        """(category, its box, its proof field) for the template: one fieldset per category."""
        return [(c, self[f"category_{c.pk}"], self[f"proof_{c.pk}"]) for c in self.categories]

    def point(self) -> dict:
        """{"lat", "lon"} as typed, None when both are blank (a point is optional: only schools' areas use it)."""
        lat, lon = (self.cleaned_data.get(name, "").strip() for name in ("lat", "lon"))
        return {"lat": lat or None, "lon": lon or None}

    def preferred_group_ids(self) -> list[int]:
        """The chosen groups in order, blanks dropped (a repeated group is the service's to refuse)."""
        return [g for g in (self.cleaned_data.get(f"group_{n}") for n in (1, 2, 3)) if g]

    def clean(self):
        data = super().clean()
        for category in self.categories:
            if data.get(f"category_{category.pk}") and not data.get(f"proof_{category.pk}"):
                self.add_error(f"proof_{category.pk}", _("Attach the document that proves this category, or untick "
                                                         "it."))
        return data

    def claims(self) -> dict[int, list]:
        """{category id: [its proof]} for every ticked category, as the service takes it."""
        return {c.pk: [self.cleaned_data[f"proof_{c.pk}"]] for c in self.categories
                if self.cleaned_data.get(f"category_{c.pk}") and self.cleaned_data.get(f"proof_{c.pk}")}


PROOF_TYPES = "application/pdf,image/jpeg,image/png"


class _FilesInput(forms.FileInput):
    allow_multiple_selected = True


class ClaimForm(forms.Form):
    """A priority category claimed after filing, with the documents that prove it (the service re-checks each file:
    type, size, content)."""

    category = forms.TypedChoiceField(label=_("Priority category"), coerce=int)
    # A plain field over a multi-file input: it keeps the list of uploads as sent; the service checks every file.
    documents = forms.Field(label=_("Documents that prove it"), widget=_FilesInput(attrs={"accept": PROOF_TYPES}),
                            help_text=_("A PDF or photos of the documents, up to five files."),
                            error_messages={"required": _("Attach the document that proves this category.")})

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("choose a category")), *((c.pk, c.name) for c in categories)]


class ReasonForm(forms.Form):
    """Why staff refuse a category's document, or why a parent withdraws: shown to the parent, never in the log."""

    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("I withdraw this application and lose its place in every queue"))


class RoundForm(forms.Form):
    """Open an allocation round in a group: its free places are offered to the first eligible applications in
    queue order; there is no field to choose who (the order decides)."""

    group = forms.TypedChoiceField(label=_("Group"), coerce=int)
    accept_days = forms.IntegerField(label=_("Working days to accept an offer"), min_value=1, max_value=30,
                                     initial=5)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("choose a group")), *selectors_web.group_choices(community=community)]
