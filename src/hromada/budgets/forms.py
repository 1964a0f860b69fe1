"""Forms of the budget pages: they only parse text into the services' arguments (the budget table is one line per
item, "item; quantity; unit price in hryvnias"; a cycle's phases as a start and an end each; a fund in hryvnias);
every rule is checked by the services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hromada.core.phases import Schedule

from .manifest import MANIFEST
from .models import BallotRule, CycleKind, Eligibility, ImplementationStatus, ReviewDecision, TallyRule


def parse_cost_lines(text: str) -> list[dict]:
    """Lines "item; quantity; unit price (UAH)" into cost lines in kopiyky; an unreadable number is kept as text so
    the service names the field."""
    lines = []
    for raw in (text or "").splitlines():
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split(";")]
        item, quantity, price = (parts + ["", "", ""])[:3]
        try:
            kopiyky: object = int((Decimal(price.replace(",", ".").replace(" ", "")) * 100).to_integral_value())
        except (InvalidOperation, ValueError):
            kopiyky = price
        lines.append({"item": item, "quantity": quantity, "unit_price": kopiyky})
    return lines


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}))
    category_id = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    district_id = forms.TypedChoiceField(label=_("District or school"), required=False, coerce=int, empty_value=None)
    cost_lines = forms.CharField(
        label=_("Budget table"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item a line: item; quantity; unit price in hryvnias. For example: Bench; 4; 3500"))
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False)

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_id"].choices = [("", "—"), *((c.pk, c.name) for c in cycle.categories.all())]
        self.fields["district_id"].choices = [("", "—"), *((d.pk, d.name) for d in cycle.districts.all())]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["cost_lines"] = parse_cost_lines(data["cost_lines"])
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=ReviewDecision.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    corrected_cost = forms.DecimalField(label=_("Corrected cost, UAH"), required=False, min_value=0,
                                        decimal_places=2)


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ImplementationForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    status = forms.ChoiceField(label=_("Status"), choices=ImplementationStatus.choices)
    progress = forms.IntegerField(label=_("Progress, %"), min_value=0, max_value=100)
    spent = forms.DecimalField(label=_("Spent, UAH"), min_value=0, decimal_places=2)
    photo = forms.ImageField(label=_("Photo of the works"), required=False)


class SchoolCodesForm(forms.Form):
    district_id = forms.TypedChoiceField(label=_("School"), coerce=int)
    size = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=500)
    label = forms.CharField(label=_("Class or group"), max_length=100, required=False)

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district_id"].choices = [(d.pk, d.name) for d in cycle.districts.all()]


def _hryvnias(kopiyky: int) -> Decimal:
    return (Decimal(kopiyky) / 100).quantize(Decimal("0.01"))


class CycleForm(forms.Form):
    """A cycle's fields and its phases: a start and an end for each phase, in the community's time (Kyiv); a phase
    left empty is not scheduled. `values()` gives cycle_create's and cycle_update's arguments."""

    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CycleKind.choices)
    description = forms.CharField(label=_("Description"), required=False, max_length=10_000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    eligibility = forms.ChoiceField(label=_("Who may vote"), choices=Eligibility.choices,
                                    help_text=_("A school budget's students vote with their school's code."))
    min_age = forms.IntegerField(label=_("Minimum age to vote"), min_value=0, max_value=120, initial=0)
    tally_rule = forms.ChoiceField(label=_("Tally rule"), choices=TallyRule.choices)
    supporters_required = forms.IntegerField(label=_("Supporters a proposal needs"), min_value=0,
                                             max_value=1_000_000, initial=0)

    def __init__(self, *args, cycle=None, **kwargs):
        if cycle is not None:
            kwargs.setdefault("initial", {**{name: getattr(cycle, name) for name in (
                "title", "year", "kind", "description", "eligibility", "min_age", "tally_rule",
                "supporters_required")}, **_phase_initial(cycle.schedule)})
        super().__init__(*args, **kwargs)
        for phase in MANIFEST.phases:
            for end, label in (("starts_at", _("starts")), ("ends_at", _("ends"))):
                self.fields[f"{phase.key}_{end}"] = forms.DateTimeField(
                    label=format_lazy("{}: {}", phase.label, label), required=False,
                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"])

    def phase_fields(self):
        """The phases' pairs of fields, for the template's fieldset per phase."""
        return [(phase, self[f"{phase.key}_starts_at"], self[f"{phase.key}_ends_at"]) for phase in MANIFEST.phases]

    def main_fields(self):
        return [self[name] for name in self.fields if not name.endswith(("_starts_at", "_ends_at"))]

    def values(self) -> dict:
        data = self.cleaned_data
        schedule = []
        for phase in MANIFEST.phases:
            starts, ends = data.get(f"{phase.key}_starts_at"), data.get(f"{phase.key}_ends_at")
            if starts or ends:
                # One half given: passed on as empty so the service names the missing date.
                schedule.append({"key": phase.key, "starts_at": starts or "", "ends_at": ends or ""})
        return {**{name: data[name] for name in ("title", "year", "kind", "description", "eligibility", "min_age",
                                                 "tally_rule", "supporters_required")}, "schedule": schedule}

    @staticmethod
    def aliases() -> dict[str, str]:
        """The service's field names (schedule.voting.ends_at) onto this form's (voting_ends_at)."""
        return {f"schedule.{phase.key}.{end}": f"{phase.key}_{end}" for phase in MANIFEST.phases
                for end in ("starts_at", "ends_at")}


def _phase_initial(schedule) -> dict:
    return {f"{window.key}_{end}": timezone.localtime(getattr(window, end))
            for window in Schedule.from_json(schedule).windows for end in ("starts_at", "ends_at")}


class FundForm(forms.Form):
    """A category, or a district or school, of a cycle: the money in hryvnias (kept in kopiyky) and the ballot rule
    with its numbers; a district's area as GeoJSON (optional)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    fund = forms.DecimalField(label=_("Fund, UAH"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    ballot_rule = forms.ChoiceField(label=_("Ballot rule"), choices=BallotRule.choices)
    min_projects = forms.IntegerField(label=_("Minimum projects on a ballot"), min_value=0, max_value=1000,
                                      initial=1)
    max_projects = forms.IntegerField(label=_("Maximum projects on a ballot"), min_value=0, max_value=1000,
                                      initial=0, help_text=_("0: no limit."))
    threshold_percent = forms.IntegerField(label=_("Threshold, percent of the fund"), min_value=0, max_value=100,
                                           initial=0, help_text=_("Only for the threshold rule."))
    order = forms.IntegerField(label=_("Order on the page"), min_value=0, max_value=1000, initial=0)
    geometry = forms.JSONField(label=_("Area (GeoJSON Polygon or MultiPolygon)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, kind: str, fund=None, **kwargs):
        if fund is not None:
            kwargs.setdefault("initial", {"name": fund.name, "fund": _hryvnias(fund.fund), "order": fund.order,
                                          "ballot_rule": fund.ballot_rule, "min_projects": fund.min_projects,
                                          "max_projects": fund.max_projects,
                                          "threshold_percent": fund.threshold_percent,
                                          "geometry": getattr(fund, "geometry", None)})
        super().__init__(*args, **kwargs)
        if kind != "district":
            del self.fields["geometry"]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["fund"] = int(data["fund"] * 100)
        if "geometry" in data and not data["geometry"]:
            data.pop("geometry")
        return data
