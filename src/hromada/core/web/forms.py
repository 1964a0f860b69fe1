"""Forms of the shell pages; they only parse, the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[("uk", "Українська"), ("en", "English")])


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)


class DemoIdentityForm(forms.Form):
    full_name = forms.CharField(label=_("Name as in the document"), max_length=200)
    tax_number = forms.RegexField(label=_("Test tax number (10 digits)"), regex=r"^\d{10}$")

    def __init__(self, *args, **kwargs):
        # On the profile beside ProfileForm, which has a full_name too: ids of its own, the same field names.
        kwargs.setdefault("auto_id", "id_identity_%s")
        super().__init__(*args, **kwargs)
