"""Who may do what in the open-data portal: small pure functions over the kernel's role policies.

Admins manage publishers and themes; officials publish for the publisher their department runs."""

from __future__ import annotations

from hromada.core.identity.policies import can_administer_community, is_staff_of, works_in_department


def can_manage_publishers(user, community) -> bool:
    return can_administer_community(user, community)


def can_publish(user, community, publisher) -> bool:
    if publisher.kind == "platform":
        return False  # platform datasets are written only by the platform's own refresh
    if can_administer_community(user, community):
        return True
    return publisher.department_id is not None and works_in_department(user, community, publisher.department_id)


def can_see_private(user, community) -> bool:
    return is_staff_of(user, community)


def can_see_dataset(user, community, dataset) -> bool:
    return dataset.community_id == community.pk and (not dataset.private or can_see_private(user, community))


def can_follow(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)
