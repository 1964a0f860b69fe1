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


def preference_rows(*, user, community) -> tuple[list[dict], bool]:
    """The rows of the person's "How to notify me" table (the account, then every capability) and whether the
    chat column is shown: only where an enabled capability offers a chat channel and the person has a chat it
    reaches. Each row: slug, label, in_app, email and chat (the choice, or its default)."""
    from django.utils.translation import gettext as _

    from hromada.core import capabilities

    from .channels import chat_choice, chat_offered_to
    from .models import Delivery, NotificationPreference

    saved = {p.category: p for p in NotificationPreference.objects.filter(user=user)}
    rows = []
    for manifest in [None, *capabilities.manifests()]:
        slug = "core" if manifest is None else manifest.slug
        pref = saved.get(slug)
        rows.append({"slug": slug, "label": _("Account") if manifest is None else manifest.name,
                     "in_app": pref.in_app if pref else True, "email": pref.email if pref else Delivery.IMMEDIATE,
                     "chat": chat_choice(pref)})
    return rows, chat_offered_to(user, community)
