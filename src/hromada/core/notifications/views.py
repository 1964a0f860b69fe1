"""The notification list a person opens from the header's bell, and opening one (which marks it read).

Mounted in the kernel's web URLs (web:notifications, web:notification_open, web:notifications_read_all):
a community's page lists its own and platform-wide notifications, as the badge counts them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .selectors import notification_list
from .services import notification_mark_read

PER_PAGE = 30


def _scope(request) -> dict:
    return {"community": request.community, "platform_only": request.community is None}


@login_required
@require_GET
def inbox(request):
    rows = notification_list(user=request.user, community=request.community)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    unread = sum(1 for n in page.object_list if n.read_at is None)
    return render(request, "notifications/inbox.html", {"page": page, "unread_on_page": unread})


@login_required
@require_GET
def open_one(request, notification_id: int):
    """Mark the notification read and go where it points; someone else's (or another community's) is a 404."""
    notification = notification_list(user=request.user, community=request.community).filter(
        pk=notification_id).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification_mark_read(actor=request.user, notification_ids=[notification.pk], **_scope(request))
    target = notification.url or ""
    # notify() accepts only paths and web URLs written by code; a protocol-relative "//host" is not followed.
    if (target.startswith("/") and not target.startswith("//")) or target.startswith(("https://", "http://")):
        return redirect(target)
    return redirect("web:notifications")


@login_required
@require_POST
def read_all(request):
    notification_mark_read(actor=request.user, **_scope(request))
    return redirect("web:notifications")
