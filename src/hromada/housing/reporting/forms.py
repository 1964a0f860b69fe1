"""The forms of the report and import pages: the report's filters (read from the querystring) and the upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.housing.models import WorkKind, WorkStatus

from .reports import GROUPS, PERIODS


class ReportFilterForm(forms.Form):
    """Shown on the report page; the report itself reads the querystring through ReportFilter.from_query."""

    group = forms.ChoiceField(label=_("Group by"), choices=list(GROUPS.items()), required=False)
    period = forms.ChoiceField(label=_("Period length"), choices=list(PERIODS.items()), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind of work"), required=False,
                             choices=[("", _("All kinds"))] + list(WorkKind.choices))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + list(WorkStatus.choices))
    manager = forms.ChoiceField(label=_("Manager"), required=False)

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].choices = [("", _("All managers"))] + [(str(pk), name) for pk, name in managers]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Building list (CSV or XLSX)"),
        help_text=_("The first row names the columns. Up to 10,000 rows and 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
                                                         "officedocument.spreadsheetml.sheet"}))
