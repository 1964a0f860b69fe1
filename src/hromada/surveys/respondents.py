"""Who a respondent is, in the only form a survey keeps: a keyed hash per survey (HMAC with the install's identity
key), so one person is one respondent and two surveys' respondents cannot be matched."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from hromada.core.identity.policies import strong_identity


def respondent_key(survey, actor) -> str:
    """The survey's keyed hash of the person: their strong identity when they have one (two accounts of one
    person are one respondent), else their account. Keyed per survey, so two surveys' keys cannot be joined."""
    identity = strong_identity(actor)
    person = f"id:{identity[0]}" if identity is not None else f"user:{actor.pk}"
    message = f"surveys:{survey.community_id}:{survey.pk}:{person}".encode()
    return hmac.new(settings.IDENTITY_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()
