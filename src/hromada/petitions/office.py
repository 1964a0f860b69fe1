"""The petitions a person wrote (alone or as a co-author) and those they signed, for the resident's office.

Two queries: the petitions they wrote, and their signatures with the petitions signed."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import ResidentItem

from .models import Petition, Signature, Status


def _last_change(petition: Petition):
    return max(moment for moment in (petition.created_at, petition.submitted_at, petition.published_at,
                                     petition.threshold_reached_at, petition.rejected_at, petition.answered_at,
                                     petition.closed_at) if moment is not None)


def _next_step(petition: Petition, *, author: bool):
    if petition.status == Status.DRAFT and author:
        return _("Submit the petition for moderation"), None, True
    if petition.status == Status.COLLECTING:
        return _("Signatures are collected"), petition.collection_ends_at, False
    if petition.status == Status.THRESHOLD_REACHED:
        return _("The council's answer is due"), petition.consideration_deadline, False
    return "", None, False


def _item(petition: Petition, kind, *, author: bool, since=None) -> ResidentItem:
    step, deadline, act = _next_step(petition, author=author)
    changed = _last_change(petition)
    return ResidentItem(capability="petitions", kind=kind, title=petition.title,
                        status=petition.get_status_display(), url=reverse("petitions:detail", args=[petition.pk]),
                        updated_at=max(changed, since) if since else changed, deadline=deadline, next_step=step,
                        needs_action=act)


def resident_items(user, community) -> list[ResidentItem]:
    written = (Petition.objects.filter(community=community).filter(Q(author=user) | Q(co_authors=user))
               .distinct().order_by("-pk"))
    items = [_item(p, _("Petition written"), author=True) for p in written]
    mine = {item.url for item in items}
    signed = (Signature.objects.filter(community=community, user=user).select_related("petition")
              .order_by("-pk"))
    for signature in signed:
        item = _item(signature.petition, _("Petition signed"), author=False, since=signature.created_at)
        if item.url not in mine:
            items.append(item)
    return items
