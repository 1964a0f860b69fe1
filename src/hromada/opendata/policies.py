"""Who may do what in the open-data portal: small pure functions over the kernel's role policies.

Admins manage publishers and themes; officials publish for the publisher their department runs; the platform
(SYSTEM) writes its own publisher's live datasets and runs the background jobs."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.policies import can_administer_community, is_staff_of, works_in_department

PLATFORM_KIND = "platform"


def can_manage_publishers(user, community) -> bool:
    return is_system(user) or can_administer_community(user, community)


def can_create_publisher(user, community, kind: str) -> bool:
    """The platform's own publisher is created only by the platform; the others by the community's admins."""
    if kind == PLATFORM_KIND:
        return is_system(user)
    return can_manage_publishers(user, community)


def can_change_publisher(user, community, publisher) -> bool:
    return publisher.kind != PLATFORM_KIND and can_manage_publishers(user, community)


def can_publish(user, community, publisher) -> bool:
    if publisher.kind == PLATFORM_KIND:
        return is_system(user)  # platform datasets are written only by the platform's own refresh
    if is_system(user) or can_administer_community(user, community):
        return True
    return publisher.department_id is not None and works_in_department(user, community, publisher.department_id)


def can_run_background_jobs(actor) -> bool:
    """Datastore loads, upload checks, followers' notices, overdue flags and live refreshes: the platform's."""
    return is_system(actor)


def can_see_private(user, community) -> bool:
    return is_staff_of(user, community)


def can_see_dataset(user, community, dataset) -> bool:
    return dataset.community_id == community.pk and (not dataset.private or can_see_private(user, community))


def can_follow(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)
