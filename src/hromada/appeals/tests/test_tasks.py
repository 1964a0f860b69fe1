"""The daily reminder: owners hear about overdue and soon-due appeals; unassigned ones go to the department."""

from datetime import timedelta

import pytest
from conftest import make_member
from django.utils import timezone

from hromada.appeals import services
from hromada.appeals.models import Appeal
from hromada.appeals.tasks import send_due_reminders
from hromada.appeals.tests.factories import make_appeal
from hromada.core.errors import PermissionDenied
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.core.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_reminders_reach_owners_and_departments(community, resident, category, official, department):
    colleague = make_member(community, Role.OFFICIAL, department=department)
    owned = make_appeal(community, resident, category)
    services.appeal_assign(actor=official, community=community, appeal_id=owned.pk, owner_id=official.pk)
    unowned = make_appeal(community, resident, category)
    later = make_appeal(community, resident, category)
    done = make_appeal(community, resident, category)
    services.appeal_reject(actor=official, community=community, appeal_id=done.pk, reason="x")
    now = timezone.now()
    Appeal.objects.filter(pk=owned.pk).update(due_at=now - timedelta(days=1))
    Appeal.objects.filter(pk__in=[unowned.pk, done.pk]).update(due_at=now + timedelta(days=1))
    Appeal.objects.filter(pk=later.pk).update(due_at=now + timedelta(days=30))
    Notification.objects.all().delete()
    with pytest.raises(PermissionDenied):  # the platform's job, never a person's
        services.appeal_reminders_send(actor=official, community=community)
    assert services.appeal_reminders_send(actor=SYSTEM, community=community) == 2
    official_note = Notification.objects.get(user=official, event="appeals.appeal.due_reminder")
    assert "1" in official_note.title and "/appeals/office/" in official_note.url
    assert Notification.objects.filter(user=colleague, event="appeals.appeal.due_reminder").count() == 1
    assert not Notification.objects.filter(user=resident, event="appeals.appeal.due_reminder").exists()


def test_the_periodic_task_runs_for_every_community(community, other_community, resident, category, official):
    make_appeal(community, resident, category)
    Appeal.objects.update(due_at=timezone.now() - timedelta(hours=1))
    assert send_due_reminders.call() >= 1
