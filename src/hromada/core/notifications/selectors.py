"""Reads of a person's notifications as one community shows them: its own plus platform-wide ones.

The web profile, the unread badge and the API list the same set, so community A never shows B's news."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Notification


def notification_scope(community) -> Q:
    """This community's notifications and platform-wide ones; with no community, platform-wide ones only."""
    platform = Q(community__isnull=True)
    return platform if community is None else Q(community=community) | platform


def notification_list(*, user, community, unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(notification_scope(community), user=user, in_app=True)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")
