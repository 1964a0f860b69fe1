"""Who may do what in Surveys and polls: small pure functions over the kernel's roles, asked by every service
through require() (and by selectors and templates to hide what a person may not do)."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import IdentityLevel
from hromada.core.identity.policies import has_identity_level, is_resident, is_staff_of

from .models import Audience, Status


def can_write(actor, community) -> bool:
    """Build, publish and close surveys: the community's staff, and the platform itself (demo data, imports)."""
    return is_system(actor) or is_staff_of(actor, community)


def can_see_hidden(user, community) -> bool:
    """Drafts: staff only."""
    return is_staff_of(user, community)


def can_see(user, community, survey) -> bool:
    return survey.status != Status.DRAFT or can_see_hidden(user, community)


def can_see_results(user, community, survey) -> bool:
    """Staff always; everyone else once the survey is published, when its results are public."""
    return can_see_hidden(user, community) or (survey.status != Status.DRAFT and survey.results_public)


def can_export(user, community) -> bool:
    """Response-level exports (no names, but free texts and files): staff only."""
    return is_system(user) or is_staff_of(user, community)


def can_read_answer_file(user, community) -> bool:
    return is_staff_of(user, community)


def is_in_audience(user, community, survey) -> bool:
    """Whether the person's identity admits them; the area check of a residents' survey is the service's
    (it needs the point the person gave)."""
    if is_system(user):
        return True
    signed_in = bool(getattr(user, "is_authenticated", False))
    if survey.audience == Audience.ANYONE:
        # Counting one response per person needs a person: anyone signed in, then.
        return signed_in or not survey.one_per_person
    if not signed_in:
        return False
    if survey.audience == Audience.EMAIL:
        return has_identity_level(user, IdentityLevel.EMAIL)
    if survey.audience == Audience.STRONG:
        return has_identity_level(user, IdentityLevel.STRONG)
    return is_resident(user, community)


def can_respond(user, community, survey) -> bool:
    return survey.status == Status.OPEN and is_in_audience(user, community, survey)
