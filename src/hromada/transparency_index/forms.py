"""Web forms of the transparency self-check (staff): the period to compute and a hand assessment. They only parse;
the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .areas import SCORE_CHOICES
from .services import NOTE_MAX


class DateInput(forms.DateInput):
    """The browser's date picker: its value is always ISO (YYYY-MM-DD), whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=DateInput)
    end = forms.DateField(label=_("Last day"), widget=DateInput)


class AssessmentForm(forms.Form):
    code = forms.ChoiceField(label=_("Indicator"))
    period_start = forms.DateField(label=_("First day of the period"), widget=DateInput)
    period_end = forms.DateField(label=_("Last day of the period"), widget=DateInput)
    score_percent = forms.TypedChoiceField(label=pgettext_lazy("transparency", "Score"), choices=SCORE_CHOICES, coerce=int,
                                           widget=forms.RadioSelect)
    evidence_url = forms.CharField(label=_("Evidence (a web address)"), required=False, max_length=500,
                                   help_text=_("The page or document that proves it; needed unless the score is "
                                               "\"not met\"."),
                                   widget=forms.URLInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = list(indicators)
