"""Showing a service's refusal on a Django form: the one DomainError-to-form function of every page and of the
back office, so a field error lands on its field and the rest at the top of the form, the same everywhere."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms

from hromada.core.errors import DomainError


def add_domain_error(form: forms.BaseForm, exc: DomainError, aliases: Mapping[str, str] | None = None) -> None:
    """Put `exc` on `form`: each field error on the form field of that name (or of its alias, when the service
    names it differently), errors of fields the form lacks at the top prefixed by their name, and the message
    at the top when the service named no field."""
    aliases = aliases or {}
    placed = False
    for name, problems in exc.fields.items():
        target = aliases.get(name, name)
        on_field = target in form.fields
        for problem in problems:
            if on_field:
                form.add_error(target, problem)
            else:
                form.add_error(None, problem if name in ("__all__", "") else f"{name}: {problem}")
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))
