"""Forms of Procurement's pages: the filters of the tenders and contracts lists, the period of the totals and
competition pages, and the staff's upload of a registry file (the import itself is registry.registry_import)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

SORTS = (
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("amount_desc", _("Largest amount first")),
    ("amount_asc", _("Smallest amount first")),
)
CPV_PREFIX = RegexValidator(r"^\d{2,8}$", _("Give the first two to eight digits of a CPV code, e.g. 45 or 4523."))
AMOUNT_MAX = 10**13  # above the largest tender Prozorro has seen; keeps the number inside the database's decimal


class PeriodForm(forms.Form):
    """A period (both ends optional, inclusive); used alone on the totals and competition pages."""

    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


class TenderFilterForm(PeriodForm):
    """The filters of the tenders list; the choices of buyers and statuses come from the view (the community's)."""

    q = forms.CharField(label=_("Title or tender ID"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    buyer = forms.TypedChoiceField(label=_("Buyer"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    cpv = forms.CharField(label=_("CPV code starts with"), required=False, max_length=8, validators=[CPV_PREFIX],
                          widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    amount_min = forms.DecimalField(label=_("Amount from, UAH"), required=False, min_value=0, max_value=AMOUNT_MAX,
                                    decimal_places=2)
    amount_max = forms.DecimalField(label=_("Amount to, UAH"), required=False, min_value=0, max_value=AMOUNT_MAX,
                                    decimal_places=2)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORTS)

    def __init__(self, *args, buyers=(), statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].choices = [("", _("All buyers")), *((b.pk, b.name) for b in buyers)]
        self.fields["status"].choices = [("", _("Any status")), *statuses]

    def clean(self):
        data = super().clean()
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("The upper amount is below the lower one."))
        return data

    def filters(self) -> dict:
        """The valid filters as keyword arguments of selectors.tender_list (empty ones left out)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class RegistryUploadForm(forms.Form):
    """A file of the unified state register (XML or CSV) and the date its data are as of."""

    file = forms.FileField(label=_("Registry file (XML or CSV)"))
    as_of = forms.DateField(label=_("Data as of"), widget=forms.DateInput(attrs={"type": "date"}))
    only_suppliers = forms.BooleanField(label=_("Keep only the community's suppliers"), required=False,
                                        initial=True)
