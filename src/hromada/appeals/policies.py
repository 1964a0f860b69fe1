"""Who may see and do what with appeals: small pure functions over core identity policies.

Authorised staff for an appeal are the community's admins and moderators and the officials of its department."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import IdentityLevel, Role
from hromada.core.identity.policies import has_identity_level, has_role, is_staff_of, works_in_department


def is_signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_author(user, appeal) -> bool:
    return is_signed_in(user) and appeal.author_id == user.pk


def can_file(user, community) -> bool:
    """The law does not consider anonymous appeals: a signed-in person with at least a confirmed email."""
    return is_signed_in(user) and has_identity_level(user, IdentityLevel.EMAIL)


def can_manage_all(user, community) -> bool:
    """Admins and moderators work every department's queue."""
    return has_role(user, community, Role.ADMIN, Role.MODERATOR)


def can_handle(user, appeal) -> bool:
    """May act on the appeal as staff: manage-all roles, or an official of its department."""
    if not is_signed_in(user):
        return False
    if can_manage_all(user, appeal.community):
        return True
    return works_in_department(user, appeal.community, appeal.department_id)


def can_see_private(user, appeal) -> bool:
    """Confidential content and the author's personal data: the author and authorised staff only."""
    return is_author(user, appeal) or can_handle(user, appeal)


def can_view(user, appeal) -> bool:
    return appeal.is_public or can_see_private(user, appeal)


def can_add_photos(user, appeal) -> bool:
    """Only the author adds photos to an appeal (clients that file first and upload after)."""
    return is_author(user, appeal)


def can_follow(user, appeal) -> bool:
    return is_signed_in(user) and can_view(user, appeal)


def can_use_staff_queue(user, community) -> bool:
    return is_staff_of(user, community)


def can_configure(user, community) -> bool:
    """Categories, areas, routing rules and templates: the community's admins, and the platform itself
    (area imports from the command line, the demo loader)."""
    return is_system(user) or has_role(user, community, Role.ADMIN)


def can_send_reminders(actor, community) -> bool:
    """The daily reminder about terms is the platform's own job (the scheduler), never a person's."""
    return is_system(actor)


REOPEN_DAYS = 30  # an answer may be disputed within a month of it


def can_reply(user, appeal) -> bool:
    """The author adds a word to their appeal (more details, or about the answer) in any state."""
    return is_author(user, appeal)


def can_reopen(user, appeal, now=None) -> bool:
    """The author reopens an answered appeal the answer did not settle, within REOPEN_DAYS of the answer."""
    from datetime import timedelta

    from django.utils import timezone

    if not is_author(user, appeal) or appeal.status not in ("answered", "closed") or appeal.answered_at is None:
        return False
    return (now or timezone.now()) - appeal.answered_at <= timedelta(days=REOPEN_DAYS)


def can_rate(user, appeal) -> bool:
    """The author rates the answer once it is given (and may change the rating)."""
    return is_author(user, appeal) and appeal.status in ("answered", "closed") and bool(appeal.response_text)


def can_register_for_residents(user, community) -> bool:
    """Staff of the community (the hotline, the administrative services centre, officials) write down an
    appeal for a resident who called or came in person."""
    return is_staff_of(user, community)
