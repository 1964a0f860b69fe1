"""Subscriptions: following a dataset or a publisher, and telling followers once per new or updated
resource."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.api.ratelimit import RateKey, check_caller_rate
from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Role
from hromada.core.identity.selectors import members_with_role
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path

from .. import policies
from ..models import Dataset, Follow, Publisher, ResourceVersion


def _check_follow_rate(community, caller: RateKey | None) -> None:
    # Following is a write every surface offers (the portal's pages, CKAN's follow_* actions): counted here,
    # once, whichever surface the caller came through.
    check_caller_rate(caller, f"opendata.follow:{community.pk}",
                      per_user=getattr(settings, "HROMADA_RATE_OPENDATA_FOLLOW_USER", "120/h"),
                      per_ip=getattr(settings, "HROMADA_RATE_OPENDATA_FOLLOW_IP", "600/h"))


@service
def follow_create(*, actor, community, dataset: Dataset | None = None, publisher: Publisher | None = None,
                  caller: RateKey | None = None) -> Follow:
    """Follow a dataset or a publisher; following twice is a conflict (CKAN answers a Validation Error)."""
    require(policies.can_follow(actor), _("Sign in to follow."))
    _check_follow_rate(community, caller)
    if (dataset is None) == (publisher is None):
        raise ValidationFailed(fields={"id": [_("Follow one dataset or one publisher.")]})
    target = dataset if dataset is not None else publisher
    assert target is not None  # exactly one was given (checked above)
    if target.community_id != community.pk or (dataset is not None
                                                and not policies.can_see_dataset(actor, community, dataset)):
        raise NotFound()
    try:
        with transaction.atomic():
            follow = Follow.objects.create(community=community, user=actor, dataset=dataset, publisher=publisher)
            audit_record(actor=actor, community=community, action="opendata.follow.created", target=follow,
                         data={"dataset": str(dataset.pk) if dataset else "",
                               "publisher": str(publisher.pk) if publisher else ""})
    except IntegrityError:
        raise Conflict(_("You are already following this."), fields={"id": [_("You are already following this.")]}) from None
    return follow


@service
def follow_delete(*, actor, community, dataset: Dataset | None = None, publisher: Publisher | None = None,
                  caller: RateKey | None = None) -> None:
    """Stop following a dataset or a publisher; Not Found when the actor does not follow it."""
    require(policies.can_follow(actor))
    _check_follow_rate(community, caller)
    follow = Follow.objects.filter(community=community, user=actor, dataset=dataset, publisher=publisher).first()
    if follow is None:
        raise NotFound(_("You are not following this."))
    with transaction.atomic():
        audit_record(actor=actor, community=community, action="opendata.follow.deleted", target=follow)
        follow.delete()


@service
def followers_notify(*, actor=SYSTEM, version_id: int) -> int:
    """Tell the followers of the dataset and of its publisher that a resource was added or updated (once each);
    a job of the platform (SYSTEM)."""
    require(policies.can_run_background_jobs(actor))
    version = ResourceVersion.objects.select_related("resource__dataset__publisher", "community").filter(
        pk=version_id).first()
    if version is None:
        return 0
    resource, community = version.resource, version.community
    dataset = resource.dataset
    follows = Follow.objects.filter(community=community).filter(
        Q(dataset=dataset) | Q(publisher_id=dataset.publisher_id)).values_list("user_id", flat=True)
    users = get_user_model().objects.filter(pk__in=list(follows), is_active=True)
    if dataset.private:
        staff = members_with_role(community=community, roles=[Role.MODERATOR, Role.OFFICIAL, Role.ADMIN])
        users = users.filter(pk__in=staff.values("pk"))
    event = "opendata.resource.created" if version.number == 1 else "opendata.resource.updated"
    title = (gettext_lazy("New data in “{title}”: {resource}") if version.number == 1
             else gettext_lazy("Updated data in “{title}”: {resource}"))
    with transaction.atomic():
        return notify(community=community, recipients=users, event=event, title=title,
                      url=community_path(community, "opendata:dataset", dataset.name),
                      params={"title": dataset.title, "resource": resource.name}, exclude=version.created_by)
