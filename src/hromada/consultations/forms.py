"""Forms of the e-consultation pages: the list's filters, a proposal, an answer, hiding, the report, and the staff's
consultation and council-draft forms. They parse only; every rule is the services' (a refusal comes back onto the form through add_domain_error)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Department

from .models import Answer, IdentityRule, Kind, ProposalKind
from .services import ANSWER_MAX, PROPOSAL_MAX, REASON_MAX, REPORT_MAX, SUMMARY_MAX, TEXT_MAX, TITLE_MAX

MINUTE = "%Y-%m-%dT%H:%M"


class FilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Show"), required=False, choices=(
        ("", _("all")), ("open", _("open for proposals")), ("closed", _("closed"))))
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, drafts: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if drafts:  # staff who open consultations also find their drafts here
            self.fields["state"].choices = [*self.fields["state"].choices, ("draft", _("drafts"))]

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class ProposalForm(forms.Form):
    """`target` is "p:N" (paragraph N) or "a:N" (a new paragraph after paragraph N)."""

    target = forms.ChoiceField(label=_("Where"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ProposalKind.choices, widget=forms.RadioSelect,
                             initial=ProposalKind.COMMENT)
    text = forms.CharField(label=_("Your proposal"), max_length=PROPOSAL_MAX, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"p:{n}", _("Paragraph %(n)s") % {"n": n}) for n in numbers]
        choices += [(f"a:{n}", _("A new paragraph after paragraph %(n)s") % {"n": n}) for n in [0, *numbers]]
        self.fields["target"].choices = choices

    def place(self) -> dict:
        where, _sep, number = self.cleaned_data["target"].partition(":")
        return {"paragraph_number": int(number)} if where == "p" else {"after_number": int(number)}


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=Answer.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=ANSWER_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=REASON_MAX)


class ReportForm(forms.Form):
    summary = forms.CharField(label=_("Summary of the results"), required=False, max_length=REPORT_MAX,
                              widget=forms.Textarea(attrs={"rows": 5}))


def _moment(label) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, input_formats=[MINUTE, "%Y-%m-%d %H:%M"],
                               help_text=_("Kyiv time."),
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MINUTE))


class CouncilDraftForm(forms.Form):
    """What staff confirm when a council draft decision opens a consultation: its title and text come from the
    draft; the department, the period and who may take part are theirs to choose."""

    department_id = forms.TypedChoiceField(label=_("Responsible department"), required=False, coerce=int,
                                           empty_value=None)
    opens_at = _moment(_("Opens"))
    closes_at = _moment(_("Closes"))
    required_identity_level = forms.TypedChoiceField(label=_("Who may take part"), coerce=int,
                                                     choices=IdentityRule.choices, initial=IdentityRule.EMAIL)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(community=community, is_active=True).order_by("name")
        self.fields["department_id"].choices = [("", "—"), *departments.values_list("pk", "name")]


class ConsultationForm(CouncilDraftForm):
    """A consultation written by staff: the draft's text in paragraphs separated by blank lines."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.DECISION)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=SUMMARY_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))
    text = forms.CharField(label=_("Text of the draft"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 16}),
                           help_text=_("Paragraphs are separated by blank lines; each becomes a numbered paragraph."))

    field_order = ("title", "kind", "summary", "text", "department_id", "opens_at", "closes_at",
                   "required_identity_level")

    @classmethod
    def initial_for(cls, consultation) -> dict:
        return {"title": consultation.title, "kind": consultation.kind, "summary": consultation.summary,
                "text": "\n\n".join(consultation.paragraphs.values_list("text", flat=True)),
                "department_id": consultation.department_id, "opens_at": consultation.opens_at,
                "closes_at": consultation.closes_at, "required_identity_level": consultation.required_identity_level}
