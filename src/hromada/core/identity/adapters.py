"""django-allauth glue: a new account joins the community it signed up in, in the user's language, under the
name the person chose; account emails come from the community (its name in the subject and the sender) and
use the branded layout of the notification emails."""

from __future__ import annotations

from email.headerregistry import Address
from email.utils import parseaddr

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = (get_language() or "uk")[:2]
        name = " ".join(str(getattr(form, "cleaned_data", {}).get("full_name") or "").split())
        if name:
            user.full_name = name[:200]
        if commit:
            user.save()
            community = getattr(request, "community", None)
            if community is not None:
                from .services import resident_join

                resident_join(actor=user, community=community)
        return user

    def get_login_redirect_url(self, request) -> str:
        """Staff land on their queue (moderators on petitions to publish, officials on their appeals); an
        explicit ?next= still wins, as allauth applies it before asking here."""
        from .landing import staff_queue_url

        return staff_queue_url(request.user, getattr(request, "community", None)) or super().get_login_redirect_url(
            request)

    def _request(self):
        from allauth.core import context

        return self.request or getattr(context, "request", None)

    def _community(self):
        return getattr(self._request(), "community", None)

    def _sender_name(self) -> str:
        community = self._community()
        return community.name if community is not None else _("Hromada")

    def format_email_subject(self, subject: str) -> str:
        """"<community>: <subject>", never the "[host:port]" allauth would take from the request."""
        return f"{self._sender_name()}: {force_str(subject)}"

    def get_from_email(self) -> str:
        _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        return str(Address(display_name=str(self._sender_name()), addr_spec=address or "noreply@hromada.local"))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from hromada.core.notifications.tasks import branding

        super().send_mail(template_prefix, email, {**branding(self._community(), request=self._request()), **context})
