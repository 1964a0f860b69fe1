"""Forms of the staff pages of Commitments: plans, commitments and milestones kept by the admins, a body's report,
the monitoring body's assessment and evidence.

They only parse; the services validate again and refuse (their errors land on these forms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Department

from .models import CommitmentStatus, MilestoneStatus, PlanKind, Rating
from .services import BODY_MAX, COMMITMENT_TITLE_MAX, OFFICIALS_MAX, TITLE_MAX, URL_MAX


def _day(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"},
                                                                                   format="%Y-%m-%d"))


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


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    body = forms.CharField(label=_("Description"), required=False, max_length=BODY_MAX,
                           widget=forms.Textarea(attrs={"rows": 5}))
    period_start = _day(_("Period start"))
    period_end = _day(_("Period end"))
    monitoring_months = forms.IntegerField(label=_("Monitoring interval, months"), min_value=1, max_value=24,
                                           help_text=_("A round every so many months from the start; fixed once "
                                                       "monitoring begins."))
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    @classmethod
    def initial_for(cls, plan) -> dict:
        return {name: getattr(plan, name) for name in cls.base_fields}


class CommitmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=COMMITMENT_TITLE_MAX)
    body = forms.CharField(label=_("Description"), required=False, max_length=BODY_MAX,
                           widget=forms.Textarea(attrs={"rows": 5}))
    department_ids = forms.TypedMultipleChoiceField(label=_("Responsible bodies"), coerce=int,
                                                    widget=forms.CheckboxSelectMultiple,
                                                    help_text=_("Their officials file the commitment's reports."))
    officials = forms.CharField(label=_("Responsible officials"), required=False, max_length=OFFICIALS_MAX,
                                help_text=_("Public roles as the plan names them, not accounts."))

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(community=community, is_active=True).order_by("name")
        self.fields["department_ids"].choices = list(departments.values_list("pk", "name"))


class CommitmentChangeForm(CommitmentForm):
    """Staff corrections between rounds: the reports move status and progress in the normal course."""

    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    progress = forms.IntegerField(label=_("Progress, %"), min_value=0, max_value=100)

    @classmethod
    def initial_for(cls, commitment, department_ids) -> dict:
        return {"title": commitment.title, "body": commitment.body, "officials": commitment.officials,
                "department_ids": department_ids, "status": commitment.status, "progress": commitment.progress}


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=COMMITMENT_TITLE_MAX)
    due_on = _day(_("Due date"))
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    done_on = _day(_("Done on"), required=False)

    @classmethod
    def initial_for(cls, milestone) -> dict:
        return {name: getattr(milestone, name) for name in cls.base_fields}
