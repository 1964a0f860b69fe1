"""Web forms of Services: the catalogue search, a service's online form built from its definition, and the
staff's forms on an application. They only parse; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .application_forms import TEXT_MAX


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; the services check each (type from content, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [item for item in data if item]
        return [data] if data else []


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    online = forms.BooleanField(label=_("Only those I can apply for online"), required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *[(c.pk, c.title) for c in categories]]


def application_form(definition: list[dict], data=None, files=None) -> forms.Form:
    """A Django form with one field per field of the service's form (required marks shown; the service checks)."""
    form = forms.Form(data, files)
    for field in definition:
        key, label, kind = field["key"], field["label"], field["type"]
        required = field["required"]
        if kind == "text":
            made: forms.Field = forms.CharField(label=label, required=required, max_length=TEXT_MAX,
                                                widget=forms.Textarea(attrs={"rows": 3}))
        elif kind == "number":
            made = forms.CharField(label=label, required=required, max_length=30,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        elif kind == "date":
            made = forms.CharField(label=label, required=required, max_length=10,
                                   widget=forms.DateInput(attrs={"type": "date"}))
        elif kind == "choice":
            made = forms.ChoiceField(label=label, required=required,
                                     choices=[("", "—"), *[(c, c) for c in field["choices"]]])
        elif kind == "checkbox":
            made = forms.BooleanField(label=label, required=required)
        else:
            made = MultipleFileField(label=label, required=required,
                                     help_text=_("PDF or an image (PNG, JPEG), up to 10 MB each."))
        form.fields[key] = made
    return form


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Message to the applicant"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class SupplementForm(forms.Form):
    note = forms.CharField(label=_("Your answer"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    documents = MultipleFileField(label=_("Documents"), required=False,
                                  help_text=_("PDF or an image (PNG, JPEG), up to 10 MB each."))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("Approve")), ("no", _("Refuse"))],
                                     widget=forms.RadioSelect)
    decision = forms.CharField(label=_("Text of the decision (a refusal must give the reasons)"), required=False,
                               max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    documents = MultipleFileField(label=_("Documents for the applicant"), required=False,
                                  help_text=_("PDF or an image (PNG, JPEG), up to 10 MB each."))


class PaymentRequestForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount, UAH (empty: the service's fixed fee)"), required=False,
                                max_digits=11, decimal_places=2, min_value=0)


class MarkReceivedForm(forms.Form):
    note = forms.CharField(label=_("What you saw (statement, date)"), required=False, max_length=150)


class StatementForm(forms.Form):
    statement = forms.FileField(label=_("Bank statement (CSV)"),
                                help_text=_("Columns date, amount, purpose; UTF-8; comma or semicolon."))
