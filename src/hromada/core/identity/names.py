"""The rule for a public name: what a person may choose to be shown as (used by sign-up and by the services)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

MAX_LENGTH = 200
_LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)


def clean_public_name(value: str) -> str:
    """The name with its spaces tidied, or ValueError saying what to fix."""
    name = " ".join(str(value or "").split())
    if len(name) < 2:
        raise ValueError(_("Write your name: at least 2 characters."))
    if len(name) > MAX_LENGTH:
        raise ValueError(_("At most 200 characters."))
    if "@" in name or _LINK.search(name):
        raise ValueError(_("Write a name, not an email address or a link: it is shown publicly."))
    if not any(ch.isalpha() for ch in name):
        raise ValueError(_("A name has letters."))
    return name
