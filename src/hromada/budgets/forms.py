"""Forms of the budget pages: they only parse text into the services' arguments (the budget table is one line per
item, "item; quantity; unit price in hryvnias"); every rule is checked by the services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImplementationStatus, ReviewDecision


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
