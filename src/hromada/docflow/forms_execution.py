"""Forms of the execution pages: they render the fields and carry the services' field errors; the services check
the values (the forms only coerce what the browser sends)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Role, User

from .models import DispatchMethod

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STAGES = 5


def official_choices(community) -> list[tuple[int, str]]:
    """The community's active officials and admins, by name (one query)."""
    users = (User.objects.filter(is_active=True, memberships__community=community,
                                 memberships__role__in=[Role.OFFICIAL, Role.ADMIN]).distinct()
             .order_by("full_name", "pk").values_list("pk", "full_name", "email"))
    return [(pk, name or email) for pk, name, email in users]


class _WithOfficials(forms.Form):
    people_fields: tuple[str, ...] = ()

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.people_fields:
            field = self.fields[name]
            blank = [] if isinstance(field, forms.MultipleChoiceField) else [("", "—")]
            field.choices = blank + list(people)


class _Deadline(forms.Form):
    deadline_days = forms.CharField(label=_("Deadline in working days"), required=False,
                                    widget=forms.NumberInput(attrs={"min": 1, "max": 365}),
                                    help_text=_("Counted from today by the community's calendar; or give a date."))
    deadline = forms.CharField(label=_("or the deadline date"), required=False, widget=_DATE)

    def deadline_values(self) -> dict:
        return {"deadline_days": self.cleaned_data["deadline_days"] or None,
                "deadline": self.cleaned_data["deadline"] or None}


class ResolutionForm(_WithOfficials, _Deadline):
    people_fields = ("main_executor_id", "co_executor_ids")
    main_executor_id = forms.ChoiceField(label=_("Main executor"))
    co_executor_ids = forms.MultipleChoiceField(label=_("Co-executors"), required=False,
                                                widget=forms.SelectMultiple(attrs={"size": 6}))
    text = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    field_order = ["main_executor_id", "co_executor_ids", "text", "deadline_days", "deadline"]

    def values(self) -> dict:
        return {"main_executor_id": self.cleaned_data["main_executor_id"],
                "co_executor_ids": self.cleaned_data["co_executor_ids"], "text": self.cleaned_data["text"],
                **self.deadline_values()}


class ExtendForm(_Deadline):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Completion note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RouteForm(_WithOfficials):
    people_fields = ("signer_id", *(f"stage_{n}" for n in range(1, STAGES + 1)))
    signer_id = forms.ChoiceField(label=_("Signer"))

    def __init__(self, *args, **kwargs):
        for n in range(1, STAGES + 1):
            self.base_fields[f"stage_{n}"] = forms.MultipleChoiceField(
                label=_("Approvers of stage %(n)s") % {"n": n}, required=False,
                widget=forms.SelectMultiple(attrs={"size": 4}),
                help_text=_("Approvers of one stage decide in parallel; the next stage opens when they all have "
                            "approved.") if n == 1 else "")
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        stages = [self.cleaned_data[f"stage_{n}"] for n in range(1, STAGES + 1)]
        return {"signer_id": self.cleaned_data["signer_id"], "stages": [s for s in stages if s]}


class DecisionForm(_WithOfficials):
    people_fields = ("delegate_to_id",)
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("approve", _("Approve")), ("return", _("Return to the author with a comment")),
        ("delegate", _("Delegate to another official"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required when returning. Staff only: residents never see it."))
    delegate_to_id = forms.ChoiceField(label=_("Delegate to"), required=False)


class SendForm(forms.Form):
    method = forms.ChoiceField(label=_("How"), widget=forms.RadioSelect, choices=DispatchMethod.choices,
                               initial=DispatchMethod.EMAIL)
    address = forms.CharField(label=_("Correspondent's email"), required=False, max_length=254,
                              widget=forms.EmailInput, help_text=_("For email; leave empty for post."))
    outcome = forms.ChoiceField(label=_("Result of consideration"), widget=forms.RadioSelect,
                                help_text=_("The letter answers a petition: its answer records this decision."))

    def __init__(self, *args, outcome: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if outcome:  # only an answer to a petition states one (flows.needs_outcome)
            from .services.dispatch import Outcome

            self.fields["outcome"].choices = Outcome.choices
        else:
            del self.fields["outcome"]


class SignForm(forms.Form):
    """One optional detached signature file (CAdES, .p7s) per current file version; none = a simple signature."""

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for version in versions:
            self.fields[f"sig_{version.pk}"] = forms.FileField(
                label=_("Qualified signature of %(name)s (v%(n)s)") % {"name": version.name, "n": version.number},
                required=False)

    def signatures(self) -> dict[int, bytes] | None:
        given = {int(name[4:]): f.read() for name, f in self.cleaned_data.items() if f}
        return given or None
