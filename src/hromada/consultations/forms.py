"""Forms of the e-consultation pages: the list's filters, a proposal, an answer, hiding, and the report. They parse
only; every rule is the services' (a refusal comes back onto the form through add_domain_error)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Answer, ProposalKind
from .services import ANSWER_MAX, PROPOSAL_MAX, REASON_MAX, REPORT_MAX


class FilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Show"), required=False, choices=(
        ("", _("all")), ("open", _("open for proposals")), ("closed", _("closed"))))
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

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
