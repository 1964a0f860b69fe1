"""Web forms of petitions: they only parse input; validation that matters lives in the services.

Choices (categories, departments, rejection reasons) always come from the request's community."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Department

from .models import PUBLIC_STATUSES, Category, Decision, Status
from .selectors import SORTS


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("newest", _("newest")), ("signatures", _("most signatures")), ("ending", _("ending soon"))])

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        public = [c for c in Status.choices if c[0] in PUBLIC_STATUSES]
        self.fields["status"].choices = [("", _("any status")), *public]
        self.fields["category"].choices = [("", _("any category")), *Category.objects.filter(
            community=community, is_active=True).values_list("pk", "name")]

    def value(self, name, default=""):
        if not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default

    @property
    def ordering(self) -> str:
        sort = self.value("sort", "newest")
        return sort if sort in SORTS else "newest"


class PetitionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("What should the council do? 10 to 200 characters."))
    text = forms.CharField(label=_("Text of the petition"), max_length=10_000, widget=forms.Textarea,
                           help_text=_("The substance of the request and why it matters; at least 50 characters."))
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    co_authors = forms.CharField(label=_("Co-authors (optional)"), required=False, max_length=1000,
                                 help_text=_("Emails of registered residents, separated by commas; at most 5."))

    def __init__(self, *args, community, ask_name: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("choose a category")), *Category.objects.filter(
            community=community, is_active=True).values_list("pk", "name")]
        if ask_name:  # an author who signed up before sign-up asked for a name chooses it here, once
            self.fields["public_name"] = forms.CharField(
                label=_("Your name"), max_length=200,
                help_text=_("Shown as the author of the petition, for example “Olena Kovalenko”. Not your email."),
                widget=forms.TextInput(attrs={"autocomplete": "name"}))

    def clean_public_name(self) -> str:
        from hromada.core.identity.names import clean_public_name

        try:
            return clean_public_name(self.cleaned_data.get("public_name", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def co_author_emails(self) -> list[str]:
        return [e.strip() for e in self.cleaned_data.get("co_authors", "").replace(";", ",").split(",") if e.strip()]


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"))
    comment = forms.CharField(label=_("Explanation for the author"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, reasons: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [(r, r) for r in reasons]


class DuplicateForm(forms.Form):
    original_id = forms.IntegerField(label=_("Number of the published petition it repeats"), min_value=1)
    comment = forms.CharField(label=_("Explanation for the author"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(forms.Form):
    department_id = forms.TypedChoiceField(label=_("Responsible department"), coerce=int)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department_id"].choices = list(
            Department.objects.filter(community=community, is_active=True).values_list("pk", "name"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    text = forms.CharField(label=_("Answer of the council"), max_length=20_000, widget=forms.Textarea)
    attachments = MultipleFileField(label=_("Attachments (PDF, images, office documents; up to 10 MB each)"),
                                    required=False)
