"""The card's form on the staff pages: it only renders the fields and carries the service's field errors; the
service (document_draft_create, document_update) checks the values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Access, DocumentKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CardForm(forms.Form):
    journal_id = forms.TypedChoiceField(label=_("Journal"), coerce=int)
    kind = forms.ChoiceField(label=_("Document kind"), choices=DocumentKind.choices)
    correspondent_org = forms.CharField(label=_("Correspondent (organisation)"), required=False, max_length=300)
    correspondent_name = forms.CharField(label=_("Correspondent (person)"), required=False, max_length=200,
                                         help_text=_("Personal data: shown to the office and the responsible "
                                                     "department only when access is restricted."))
    correspondent_index = forms.CharField(label=_("Correspondent's index"), required=False, max_length=60)
    correspondent_date = forms.CharField(label=_("Correspondent's date"), required=False, widget=_DATE)
    received_date = forms.CharField(label=_("Received"), required=False, widget=_DATE)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    sheets = forms.CharField(label=_("Sheets"), initial=1, widget=forms.NumberInput(attrs={"min": 1}))
    attachment_sheets = forms.CharField(label=_("Attachments (sheets)"), initial=0,
                                        widget=forms.NumberInput(attrs={"min": 0}))
    access = forms.ChoiceField(label=_("Access restriction"), choices=Access.choices)
    case_id = forms.ChoiceField(label=_("Case of the file plan"), required=False)
    department_id = forms.ChoiceField(label=_("Responsible department"), required=False)

    def __init__(self, *args, choices: dict, locked: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journal_id"].choices = [(j.pk, j.title) for j in choices["journals"]]
        self.fields["case_id"].choices = [("", "—")] + [(c.pk, f"{c.index} {c.title} ({c.year})")
                                                        for c in choices["cases"]]
        self.fields["department_id"].choices = [("", "—")] + [(d.pk, d.name) for d in choices["departments"]]
        for name in locked:  # fixed by registration: shown, not sent
            self.fields[name].disabled = True

    def values(self) -> dict:
        """The submitted values for the service (disabled fields are not sent)."""
        return {name: self.cleaned_data.get(name) for name, field in self.fields.items() if not field.disabled}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, an image, DOCX, XLSX, ODT, ODS or plain text, up to "
                                                        "10 MB. Images are stored without their metadata."))
    title = forms.CharField(label=_("Title"), required=False, max_length=200,
                            help_text=_("For a new attachment; the file's name when empty."))
    attachment_id = forms.TypedChoiceField(label=_("New version of"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment_id"].choices = [("", _("— a new attachment —"))] + [(a.pk, a.title)
                                                                                   for a in attachments]
