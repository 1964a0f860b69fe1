"""Forms of the staff pages of Commitments: a body's report, the monitoring body's assessment and evidence.

They only parse; the services validate again and refuse (their errors land on these forms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CommitmentStatus, Rating
from .services import BODY_MAX, TITLE_MAX, URL_MAX


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What was done in the period"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=BODY_MAX)
    progress = forms.IntegerField(label=_("Progress, %"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)


class AssessmentForm(forms.Form):
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    text = forms.CharField(label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 6}), max_length=BODY_MAX)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("What it shows"), max_length=TITLE_MAX)
    url = forms.CharField(label=_("Link"), max_length=URL_MAX, required=False,
                          help_text=_("A public web page, or attach a file instead."))
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("PDF, an image or an office document."))
