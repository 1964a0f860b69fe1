"""The sign-up form's extra field: the name the person chooses to be shown under their petitions and appeals."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .names import clean_public_name


class SignupForm(forms.Form):
    """allauth's ACCOUNT_SIGNUP_FORM_CLASS: the name comes first, then the email and the passwords."""

    field_order = ["full_name", "email", "password1", "password2"]

    full_name = forms.CharField(
        label=_("Your name"), max_length=200,
        help_text=_("Shown with your petitions and appeals, for example “Olena Kovalenko”. Not your email."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_full_name(self) -> str:
        try:
            return clean_public_name(self.cleaned_data.get("full_name", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def signup(self, request, user) -> None:
        """allauth calls this after saving the user; the adapter already stored the name (kept for direct use)."""
        if user.full_name != self.cleaned_data["full_name"]:
            user.full_name = self.cleaned_data["full_name"]
            user.save(update_fields=["full_name"])
