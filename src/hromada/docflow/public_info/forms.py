"""Forms of public information requests: they only collect the fields; the services check them and their
refusals land on these fields (core.web.form_errors)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RefusalGround, ReplyBy


def _area(rows: int = 6) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RequestForm(forms.Form):
    requester_name = forms.CharField(label=_("Your name (or the organisation's)"), max_length=200,
                                     widget=forms.TextInput(attrs={"autocomplete": "name"}))
    reply_by = forms.ChoiceField(label=_("How to send the answer"), choices=ReplyBy.choices, initial=ReplyBy.EMAIL,
                                 widget=forms.RadioSelect)
    email = forms.CharField(label=_("Email"), required=False, max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                            help_text=_("The answer and the link to follow the request come here."))
    postal_address = forms.CharField(label=_("Postal address"), required=False, max_length=500,
                                     widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    summary = forms.CharField(label=_("Subject"), max_length=300,
                              help_text=_("Published in the public register of requests: no names or addresses."))
    text = forms.CharField(label=_("What information do you request?"), max_length=10_000, widget=_area(8),
                           help_text=_("Describe the information or the document; you need not explain why."))


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Why more time is needed"), max_length=2000, widget=_area(3),
                             help_text=_("The requester receives this reason with the new term."))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=20_000, widget=_area(8))


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground of the refusal"), choices=[("", "—"), *RefusalGround.choices])
    explanation = forms.CharField(label=_("Explanation for the requester"), max_length=20_000, widget=_area(4))


class RetitleForm(forms.Form):
    summary = forms.CharField(label=_("Subject in the public register"), max_length=300,
                              help_text=_("Remove names, addresses and other personal data the requester wrote here."))
