"""Forms of the grant competition pages: the staff's call form with its criteria, the application with its budget
table (amounts typed in hryvnias, kept in kopiyky), files, the eligibility decision, a juror's declaration and
scores, a grantee's report and the staff's decision on it."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .manifest import PHASES
from .models import ApplicantType, TieBreak

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


class ReportReviewForm(forms.Form):
    accept = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                    choices=[("yes", _("Accept and publish")), ("no", _("Return for changes"))])
    note = forms.CharField(label=_("Note to the grantee"), required=False, max_length=2000)


LOCAL_MINUTE = "%Y-%m-%dT%H:%M"
# The phases a call must have (the applications and the jury's scoring); the others may be left out.
NEEDED_PHASES = ("applications", "scoring")
# The call's terms that freeze once people have applied (services.calls.TERMS), as this form's fields.
TERM_FIELDS = ("fund", "tie_break", "description_required", "attachments_required", "checks")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CallForm(forms.Form):
    """A call as staff announce or change it: texts, fund, who may apply on what terms (one row per applicant
    type), the form's parts, the checks, the phases' dates (the site's time zone) and the jury by email."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text of the call"), required=False, max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    fund = forms.DecimalField(label=_("Fund, UAH"), **{**MONEY, "min_value": Decimal("0.01")})
    tie_break = forms.ChoiceField(label=_("On equal scores"), choices=TieBreak.choices)
    is_public = forms.BooleanField(label=_("Shown to everyone"), required=False, initial=True)
    description_required = forms.BooleanField(label=_("Applicants must give a full description"), required=False)
    attachments_required = forms.IntegerField(label=_("Files an application must have"), min_value=0, max_value=50,
                                              initial=0)
    checks = forms.CharField(label=_("Eligibility checks, one per line"), required=False, max_length=6000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("What staff verify on each application, e.g. “Registered in the "
                                         "community for at least a year”."))
    jurors = forms.CharField(label=_("Jurors' email addresses, one per line"), required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Each juror needs an account on the site."))

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for definition in PHASES:
            needed = definition.key in NEEDED_PHASES
            for end, label in (("starts", _("starts")), ("ends", _("ends"))):
                self.fields[f"{definition.key}_{end}"] = forms.DateTimeField(
                    label=f"{definition.label}: {label}", required=needed, input_formats=[LOCAL_MINUTE],
                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE))
        for kind, name in ApplicantType.choices:
            self.fields[f"{kind}_offered"] = forms.BooleanField(label=format_lazy("{} — {}", capfirst(name), _("may apply")),
                                                                required=False)
            self.fields[f"{kind}_percent"] = forms.IntegerField(
                label=_("Own contribution at least, %"), min_value=0, max_value=99, required=False, initial=0)
            self.fields[f"{kind}_cap"] = forms.DecimalField(label=_("Grant at most, UAH"), required=False,
                                                            **{**MONEY, "min_value": Decimal("0.01")})
        if locked:  # disabled fields keep their initial values whatever is posted
            for name in self.term_fields():
                self.fields[name].disabled = True

    def term_fields(self) -> list[str]:
        return [*TERM_FIELDS, *(f"{kind}_{part}" for kind in ApplicantType.values
                                for part in ("offered", "percent", "cap"))]

    def rule_rows(self) -> list[tuple[str, list]]:
        return [(name, [self[f"{kind}_{part}"] for part in ("offered", "percent", "cap")])
                for kind, name in ApplicantType.choices]

    def phase_rows(self) -> list[tuple[str, list]]:
        return [(d.label, [self[f"{d.key}_starts"], self[f"{d.key}_ends"]]) for d in PHASES]

    def clean(self):
        data = super().clean()
        for kind in ApplicantType.values:
            if data.get(f"{kind}_offered") and not data.get(f"{kind}_cap"):
                self.add_error(f"{kind}_cap", _("Give the grant's cap for this applicant type."))
        for definition in PHASES:
            starts, ends = data.get(f"{definition.key}_starts"), data.get(f"{definition.key}_ends")
            if bool(starts) != bool(ends) and f"{definition.key}_ends" not in self.errors:
                self.add_error(f"{definition.key}_ends", _("Give both dates of the phase, or neither."))
        return data

    @staticmethod
    def initial_for(terms: dict, emails: list[str]) -> dict:
        """The form's initial data from selectors.call_terms(call)."""
        from django.utils import timezone
        from django.utils.dateparse import parse_datetime

        initial = {name: terms[name] for name in ("title", "body", "tie_break", "description_required",
                                                  "attachments_required")}
        initial["fund"] = Decimal(terms["fund"]) / 100
        initial["checks"] = "\n".join(terms["checks"])
        initial["jurors"] = "\n".join(emails)
        for window in terms["schedule"]:
            for end in ("starts", "ends"):
                moment = parse_datetime(window[f"{end}_at"])
                initial[f"{window['key']}_{end}"] = timezone.localtime(moment) if moment else None
        for rule in terms["rules"]:
            kind = rule["applicant_type"]
            initial.update({f"{kind}_offered": True, f"{kind}_percent": rule["cofinancing_percent"],
                            f"{kind}_cap": Decimal(rule["cap"]) / 100})
        return initial


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    weight = forms.IntegerField(label=_("Weight, %"), min_value=1, max_value=100, required=False)
    max_score = forms.IntegerField(label=_("Maximum score"), min_value=1, max_value=100, required=False, initial=10)

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("weight"):
            self.add_error("weight", _("Give the criterion's weight."))
        return data


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=30, validate_max=True)


def call_data(form: CallForm, criteria, juror_ids: list[int]) -> dict:
    """The services' arguments (call_create, call_update) from a valid call form and criteria formset."""
    data = form.cleaned_data
    schedule = [{"key": d.key, "starts_at": data[f"{d.key}_starts"].isoformat(),
                 "ends_at": data[f"{d.key}_ends"].isoformat()} for d in PHASES if data.get(f"{d.key}_starts")]
    rules = [{"applicant_type": kind, "cofinancing_percent": data.get(f"{kind}_percent") or 0,
              "cap": kopiyky(data[f"{kind}_cap"])} for kind in ApplicantType.values if data.get(f"{kind}_offered")]
    rows = [f.cleaned_data for f in criteria.forms if f.cleaned_data.get("name")]
    return {"title": data["title"], "body": data["body"], "fund": kopiyky(data["fund"]),
            "tie_break": data["tie_break"], "is_public": data["is_public"],
            "description_required": data["description_required"],
            "attachments_required": data["attachments_required"], "checks": _lines(data["checks"]),
            "schedule": schedule, "rules": rules, "juror_ids": juror_ids,
            "criteria": [{"name": r["name"], "weight": r["weight"], "max_score": r.get("max_score") or 10}
                         for r in rows]}
