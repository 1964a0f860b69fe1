"""django-allauth glue: a new account joins the community it signed up in, in the user's language."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = (get_language() or "uk")[:2]
        if commit:
            user.save()
            community = getattr(request, "community", None)
            if community is not None:
                from .services import resident_join

                resident_join(actor=user, community=community)
        return user
