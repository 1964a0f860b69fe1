"""The platform's daily reminder to process owners (or, while an appeal has none, its department's officials)
about open appeals that are overdue or due soon: one notification per person per run."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Membership, Role
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path

from .. import policies
from ..models import OPEN_STATUSES, Appeal


@service
def appeal_reminders_send(*, actor, community, now: datetime | None = None) -> int:
    """Tell each process owner (or, while an appeal has none, its department's officials) how many of
    their open appeals are overdue or due within `due_soon_days`: one notification per person per run."""
    require(policies.can_send_reminders(actor, community))
    now = now or timezone.now()
    horizon = now + timedelta(days=community.setting("appeals", "due_soon_days"))
    rows = Appeal.objects.filter(community=community, status__in=OPEN_STATUSES, due_at__lte=horizon).values_list(
        "owner_id", "department_id", "due_at")
    officials: dict[int, list[int]] = {}
    for user_id, department_id in Membership.objects.filter(
            community=community, role=Role.OFFICIAL, department__isnull=False).values_list("user_id", "department_id"):
        officials.setdefault(department_id, []).append(user_id)
    soon: Counter = Counter()
    late: Counter = Counter()
    for owner_id, department_id, due_at in rows:
        for user_id in [owner_id] if owner_id else officials.get(department_id, []):
            (late if due_at < now else soon)[user_id] += 1
    people = get_user_model().objects.filter(pk__in=set(soon) | set(late), is_active=True)
    url = community_path(community, "appeals:queue")
    with transaction.atomic():
        sent = 0
        for person in people:
            sent += notify(community=community, recipients=[person], event="appeals.appeal.due_reminder",
                           title=gettext_lazy("Appeals: {late} overdue, {soon} due soon"), url=url,
                           params={"late": late[person.pk], "soon": soon[person.pk]})
        if sent:
            audit_record(actor=actor, community=community, action="appeals.reminders.sent", data={"people": sent})
    return sent
