"""Who may do what in grant competitions: the community's staff run calls; any signed-in person applies; a call's
jurors score; only the applicant, the call's staff and its jury see an application before results are published."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.policies import is_staff_of


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can_manage(actor, community) -> bool:
    """Create calls, review eligibility, award and publish: the community's staff, and the platform (demo data)."""
    return is_system(actor) or is_staff_of(actor, community)


def can_see_hidden(user, community) -> bool:
    return is_staff_of(user, community)


def can_see_call(user, community, call) -> bool:
    return call.is_public or can_see_hidden(user, community)


def can_apply(actor, community, call) -> bool:
    """Anyone signed in may apply (NGOs from other communities too)."""
    return _signed_in(actor) and can_see_call(actor, community, call)


def can_act_as_applicant(actor) -> bool:
    """Applicants are people: the services then find only the actor's own applications."""
    return _signed_in(actor)


def is_applicant(actor, application) -> bool:
    return _signed_in(actor) and application.applicant_id == actor.pk


def is_juror(actor, juror_ids: set[int]) -> bool:
    """`juror_ids`: the user ids of the call's jury (selectors.juror_ids), read once per request."""
    return _signed_in(actor) and actor.pk in juror_ids


def can_score(actor, juror_ids: set[int]) -> bool:
    return is_system(actor) or is_juror(actor, juror_ids)


def can_see_application(actor, community, application, juror_ids: set[int]) -> bool:
    """The applicant, the call's staff and jury; everyone once the call's results are published (except drafts)."""
    if is_applicant(actor, application) or can_manage(actor, community):
        return True
    if application.status == "draft":
        return False
    return is_juror(actor, juror_ids) or application.call.results_published_at is not None


def can_see_all_scores(actor, community, call) -> bool:
    """Every juror's scores: the call's staff at any time, everyone once the results are published."""
    return can_manage(actor, community) or call.results_published_at is not None
