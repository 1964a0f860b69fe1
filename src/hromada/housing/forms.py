"""Web forms of Housing: the public list's filters and the staff's forms on buildings, managers, boards, systems,
documents, works, attachments, emergencies and appeal links. They only parse; the services validate and write,
and a service's field error lands on the field of the same name (add_domain_error)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    AttachmentKind,
    BoardRole,
    DocumentKind,
    EnergyClass,
    FundingSource,
    ManagerKind,
    RoofType,
    Severity,
    SystemKind,
    SystemState,
    WallMaterial,
    WorkKind,
    WorkStatus,
)

_NONE = [("", "—")]
_DATE = {"type": "date"}
_DATETIME = {"type": "datetime-local"}
_ACCEPT_DOCUMENTS = ("application/pdf,image/png,image/jpeg,.docx,.xlsx,.odt,.ods")


def _number(label, *, decimal: bool = False, help_text=""):
    return forms.CharField(label=label, required=False, max_length=20, help_text=help_text,
                           widget=forms.TextInput(attrs={"inputmode": "decimal" if decimal else "numeric"}))


def _date(label, *, required: bool = False):
    return forms.CharField(label=label, required=required, max_length=10, widget=forms.DateInput(attrs=_DATE))


class BuildingFilterForm(forms.Form):
    q = forms.CharField(label=_("Address"), required=False, max_length=200)
    manager = forms.TypedChoiceField(label=_("Manager"), required=False, coerce=int, empty_value=None)
    energy_class = forms.ChoiceField(label=_("Energy class"), required=False,
                                     choices=[("", _("Any class")), *EnergyClass.choices])
    works_this_year = forms.BooleanField(label=_("Only buildings with works this year"), required=False)

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].choices = [("", _("Any manager")), *[(m.pk, m.name) for m in managers]]


class BuildingForm(forms.Form):
    street = forms.CharField(label=_("Street"), max_length=200)
    number = forms.CharField(label=_("House number"), max_length=20)
    block = forms.CharField(label=_("Block (korpus)"), required=False, max_length=20)
    lat = _number(_("Latitude"), decimal=True, help_text=_("e.g. 49.0123; leave both empty if unknown"))
    lon = _number(_("Longitude"), decimal=True, help_text=_("e.g. 33.2456"))
    year_built = _number(_("Year built"))
    floors = _number(_("Floors"))
    entrances = _number(_("Entrances"))
    flats = _number(_("Flats"))
    non_residential_units = _number(_("Non-residential premises"))
    total_area = _number(_("Total area, m²"), decimal=True)
    living_area = _number(_("Living area, m²"), decimal=True)
    non_residential_area = _number(_("Non-residential area, m²"), decimal=True)
    wall_material = forms.ChoiceField(label=_("Wall material"), required=False, choices=_NONE + WallMaterial.choices)
    roof_type = forms.ChoiceField(label=_("Roof type"), required=False, choices=_NONE + RoofType.choices)
    energy_class = forms.ChoiceField(label=_("Energy class"), required=False, choices=_NONE + EnergyClass.choices)
    manager_id = forms.TypedChoiceField(label=_("Manager"), required=False, coerce=int, empty_value=None)
    is_public = forms.BooleanField(label=_("Public: shown on the site, the map and in open data"), required=False,
                                   initial=True)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager_id"].choices = [("", _("No manager")), *[(m.pk, m.name) for m in managers]]


class ManagerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ManagerKind.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    edrpou = forms.CharField(label=_("EDRPOU code"), required=False, max_length=8,
                             widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.CharField(label=_("Email"), required=False, max_length=254)
    website = forms.CharField(label=_("Website"), required=False, max_length=200)
    registered_on = _date(_("Registration date"))
    department_id = forms.TypedChoiceField(label=_("Department that keeps its buildings"), required=False,
                                           coerce=int, empty_value=None,
                                           help_text=_("Its officials record systems, works and emergencies."))
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department_id"].choices = [("", "—"), *[(d.pk, d.name) for d in departments]]


class BoardMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=BoardRole.choices)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.CharField(label=_("Email"), required=False, max_length=254)
    public = forms.BooleanField(label=_("The person agreed to be shown publicly"), required=False)


class SystemForm(forms.Form):
    kind = forms.ChoiceField(label=_("System"), choices=SystemKind.choices)
    state = forms.ChoiceField(label=_("State"), choices=SystemState.choices)
    last_inspected = _date(_("Last inspected"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, image or office document)"),
                           widget=forms.ClearableFileInput(attrs={"accept": _ACCEPT_DOCUMENTS}))
    is_public = forms.BooleanField(label=_("Public"), required=False)


class WorkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of work"), choices=WorkKind.choices)
    system_kind = forms.ChoiceField(label=_("System"), required=False, choices=_NONE + SystemKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    contractor_name = forms.CharField(label=_("Contractor"), required=False, max_length=300)
    contractor_edrpou = forms.CharField(label=_("Contractor's EDRPOU code"), required=False, max_length=10,
                                        widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    cost_planned = _number(_("Planned cost, UAH"), decimal=True)
    cost_actual = _number(_("Actual cost, UAH"), decimal=True)
    planned_start = _date(_("Planned start"))
    planned_end = _date(_("Planned end"))
    actual_start = _date(_("Actual start"))
    actual_end = _date(_("Actual end"))
    funded_by = forms.ChoiceField(label=_("Funded by"), choices=FundingSource.choices)
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)


class NewWorkForm(WorkForm):
    status = forms.ChoiceField(label=_("Status"), choices=WorkStatus.choices, initial=WorkStatus.PLANNED)


class WorkStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=WorkStatus.choices)
    actual_start = _date(_("Actual start"))
    actual_end = _date(_("Actual end"))
    cost_actual = _number(_("Actual cost, UAH"), decimal=True)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File (a photo, or an act as PDF)"),
                           widget=forms.ClearableFileInput(attrs={"accept": _ACCEPT_DOCUMENTS}))
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)


class EmergencyForm(forms.Form):
    system_kind = forms.ChoiceField(label=_("System"), choices=SystemKind.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.MAJOR)
    occurred_at = forms.CharField(label=_("Occurred"), max_length=20, widget=forms.DateTimeInput(attrs=_DATETIME))
    resolved_at = forms.CharField(label=_("Resolved"), required=False, max_length=20,
                                  widget=forms.DateTimeInput(attrs=_DATETIME))
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    work_id = forms.TypedChoiceField(label=_("Work that resolved it"), required=False, coerce=int, empty_value=None)
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    def __init__(self, *args, works=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_id"].choices = [("", "—"), *[(w.pk, w.title) for w in works]]


class AppealLinkForm(forms.Form):
    registration_index = forms.CharField(label=_("Appeal registration number"), max_length=30)
