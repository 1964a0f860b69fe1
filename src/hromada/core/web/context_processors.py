"""Template context every page needs: the community, its navigation and the unread count."""

from __future__ import annotations

from django.conf import settings

from .look import community_look


def hromada(request):
    community = getattr(request, "community", None)
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        from hromada.core.notifications.selectors import notification_list

        unread = notification_list(user=user, community=community, unread=True).count()
    return {
        "community": community,
        "nav_capabilities": [m for m in community.enabled_manifests if m.nav and m.url_name] if community else [],
        "unread_notifications": unread,
        "look": community_look(community),
        "map_tiles": settings.HROMADA_MAP_TILES,
        "map_attribution": settings.HROMADA_MAP_ATTRIBUTION,
    }
