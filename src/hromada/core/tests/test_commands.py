"""The `hromada` management commands of the kernel: create a community, make an admin, schedule tasks."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from hromada.core.identity.models import Membership, Role, User
from hromada.core.identity.policies import can_administer_community
from hromada.core.tenancy.models import Community

pytestmark = pytest.mark.django_db


def test_create_community_command():
    call_command("create_community", "kyiv", "Київська громада", "--name-en", "Kyiv", "--katottg",
                 "UA80000000000093317", "--edrpou", "00022527", "--domain", "Petition.Kyiv.Example")
    community = Community.objects.get(slug="kyiv")
    assert (community.name_en, community.domain) == ("Kyiv", "petition.kyiv.example")
    with pytest.raises(CommandError):
        call_command("create_community", "kyiv", "Ще раз")
    with pytest.raises(CommandError):
        call_command("create_community", "lviv", "Львів", "--edrpou", "12")


def test_create_admin_command(community, monkeypatch):
    monkeypatch.setenv("HROMADA_ADMIN_PASSWORD", "a-long-admin-password")
    call_command("create_admin", "alpha", "IT@Example.org")
    user = User.objects.get(email="it@example.org")
    assert user.is_staff and user.check_password("a-long-admin-password")
    assert can_administer_community(user, community)
    call_command("create_admin", "alpha", "it@example.org")  # idempotent
    assert Membership.objects.filter(user=user, role=Role.ADMIN).count() == 1
    with pytest.raises(CommandError):
        call_command("create_admin", "nosuch", "it@example.org")


def test_scheduler_lists_core_and_capability_tasks():
    from hromada.core.web.management.commands.run_scheduler import periodic_tasks

    paths = [path for path, _seconds in periodic_tasks()]
    assert "hromada.core.notifications.tasks.send_daily_digests" in paths


def test_scheduler_once_enqueues_and_exits(caplog):
    call_command("run_scheduler", once=True)  # the immediate backend runs every task at once
    # The command logs and goes on when a task cannot be enqueued: none may have failed.
    assert "could not enqueue" not in caplog.text


def test_scheduler_survives_a_broken_periodic_task(monkeypatch, caplog):
    from hromada.core import capabilities
    from hromada.core.web.management.commands import run_scheduler

    monkeypatch.setattr(run_scheduler, "periodic_tasks",
                        lambda: [("hromada.nosuch.tasks.job", 60), *run_scheduler.CORE_PERIODIC])
    real_resolve = capabilities.resolve
    resolved = []
    monkeypatch.setattr(capabilities, "resolve", lambda path: resolved.append(path) or real_resolve(path))
    call_command("run_scheduler", once=True)
    assert resolved == ["hromada.nosuch.tasks.job", *(path for path, _seconds in run_scheduler.CORE_PERIODIC)]
    assert "hromada.nosuch.tasks.job" in caplog.text
