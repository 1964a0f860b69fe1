"""Where a person lands after signing in: staff on their work queue, everyone else on their profile.

Each capability names its queues in its manifest (`staff_queues=(("moderator", "petitions:moderation"),)`);
the first queue, in the community's order of capabilities, whose role the person holds there wins."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from .models import Membership


def staff_queue_url(user, community) -> str:
    """The path of the person's queue in this community (inside its request, so its prefix is applied), or ""."""
    if community is None or not getattr(user, "is_authenticated", False):
        return ""
    queues = [q for m in community.enabled_manifests for q in m.staff_queues]
    if not queues:
        return ""
    roles = set(Membership.objects.filter(user=user, community=community).values_list("role", flat=True))
    for role, url_name in queues:
        if role in roles:
            try:
                return reverse(url_name)
            except NoReverseMatch:  # a capability whose pages are not mounted on this install
                continue
    return ""
