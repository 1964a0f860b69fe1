"""Forms of the grant competition pages: the application with its budget table (amounts typed in hryvnias, kept in
kopiyky), files, the eligibility decision, a juror's declaration and scores, and a grantee's report."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApplicantType

MONEY = {"max_digits": 13, "decimal_places": 2, "min_value": Decimal("0")}


def kopiyky(value: Decimal | None) -> int:
    return int((value or Decimal("0")) * 100)


class ApplicationForm(forms.Form):
    applicant_type = forms.ChoiceField(label=_("Applicant"), choices=ApplicantType.choices)
    organisation = forms.CharField(label=_("Name as registered"), max_length=200, required=False,
                                   help_text=_("Not needed for an initiative group."))
    tax_id = forms.CharField(label=_("EDRPOU, or RNOKPP of a sole proprietor"), max_length=20, required=False,
                             help_text=_("A sole proprietor's tax number is checked and kept only as a keyed hash."))
    partner_name = forms.CharField(label=_("Partner NGO (for an initiative group)"), max_length=200, required=False)
    partner_tax_id = forms.CharField(label=_("Partner NGO's EDRPOU"), max_length=20, required=False)
    title = forms.CharField(label=_("Project title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label=_("Description"), required=False, max_length=20_000,
                                  widget=forms.Textarea(attrs={"rows": 8}))
    cofinancing = forms.DecimalField(label=_("Own contribution, UAH"), required=False, **MONEY)

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        if call is not None:
            allowed = set(call.rules.values_list("applicant_type", flat=True))
            self.fields["applicant_type"].choices = [c for c in ApplicantType.choices if c[0] in allowed]


class BudgetLineForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)
    unit_cost = forms.DecimalField(label=_("Unit cost, UAH"), **MONEY)


BudgetFormSet = forms.formset_factory(BudgetLineForm, extra=3, max_num=50, validate_max=True)


def service_data(form: ApplicationForm, lines) -> dict:
    data = dict(form.cleaned_data)
    data["cofinancing"] = kopiyky(data.get("cofinancing"))
    data["budget_lines"] = [{"item": f.cleaned_data["item"], "quantity": f.cleaned_data["quantity"],
                             "unit_cost": kopiyky(f.cleaned_data["unit_cost"])}
                            for f in lines.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, image or office document)"))


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                      choices=[("yes", _("Eligible")), ("no", _("Not eligible"))])
    note = forms.CharField(label=_("Reason or note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DeclarationForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("no", _("I have no conflict of interest with this applicant")),
                 ("yes", _("I have a conflict of interest and step aside"))])
    note = forms.CharField(label=_("Explain the conflict (optional)"), required=False, max_length=500)


class ScoresForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0–{criterion.max_score})", min_value=0, max_value=criterion.max_score,
                help_text=_("Weight %(weight)s") % {"weight": criterion.weight})
        self.order_fields([name for name in self.fields if name != "comment"] + ["comment"])

    def scores(self) -> dict[str, int]:
        return {name[1:]: value for name, value in self.cleaned_data.items() if name.startswith("c")
                and name != "comment"}


class ReportForm(forms.Form):
    progress = forms.CharField(label=_("What has been done"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 5}))
    spent = forms.DecimalField(label=_("Spent so far, UAH"), **MONEY)
    file = forms.FileField(label=_("Photo or document (optional)"), required=False)
