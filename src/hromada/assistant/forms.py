"""Forms of the assistant's pages: the bot channel settings (back office) and the web chat's message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ChannelConfigForm(forms.Form):
    token = forms.CharField(
        label=_("Bot token"), required=False, max_length=200, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the token already set. It is stored encrypted and never shown again."))
    forget_token = forms.BooleanField(label=_("Delete the stored token"), required=False)
    token_env = forms.CharField(
        label=_("Or: the environment variable that holds the token"), required=False, max_length=100,
        help_text=_("The NAME of the variable, e.g. HROMADA_TELEGRAM_TOKEN; it wins over a stored token."))
    api_base_url = forms.CharField(
        label=_("Bot API base URL"), required=False, max_length=200,
        help_text=_("Empty: the channel's public API. Your own Telegram Bot API server's address otherwise."))
    bot_username = forms.CharField(label=_("Bot name"), required=False, max_length=100,
                                   help_text=_("Telegram: the @username; Viber: the name shown with messages."))
    is_enabled = forms.BooleanField(label=_("Answer residents on this channel"), required=False)


class ChatMessageForm(forms.Form):
    """One message of the web chat: typed text, a pressed button, a location or a photo."""

    text = forms.CharField(label=_("Your message"), required=False, max_length=5000)
    payload = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    photo = forms.FileField(label=_("Photo"), required=False)
