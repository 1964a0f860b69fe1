"""The demo community: labelled, complete, repeatable for any slug, found again by `demo_people`."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from hromada.core.identity.models import IdentityLevel, Membership, Role
from hromada.core.identity.policies import identity_level, works_in_department
from hromada.core.tenancy.models import Community
from hromada.demo.people import DEPARTMENTS, create_demo_community, demo_people

pytestmark = pytest.mark.django_db


def test_demo_community_for_any_slug():
    community, people = create_demo_community(slug="demo-x", residents=6)
    assert community.is_demo and community.boundary["type"] == "Polygon"
    assert len(people.departments) == len(DEPARTMENTS) == len(people.officials)
    assert len(people.residents) == 6
    assert sum(identity_level(r) == IdentityLevel.STRONG for r in people.residents) == 4  # two in three
    for official, department in zip(people.officials, people.departments, strict=True):
        assert works_in_department(official, community, department.pk)
        assert official.is_staff
    again = demo_people(community)
    assert (again.admin, again.moderator) == (people.admin, people.moderator)
    assert [u.pk for u in again.residents] == [u.pk for u in people.residents]


def test_two_demo_communities_do_not_collide():
    first, _ = create_demo_community(slug="one", residents=3)
    second, _ = create_demo_community(slug="two", residents=3)
    assert Membership.objects.filter(community=first).count() == Membership.objects.filter(community=second).count()
    assert not Membership.objects.filter(community=first, user__email__endswith="@two.hromada.local").exists()
    assert Membership.objects.filter(community=second, role=Role.ADMIN).get().user.email == "admin@two.hromada.local"


def test_load_demo_command_small_and_refuses_an_existing_slug(capsys):
    call_command("load_demo", "--slug", "demo-small", "--size", "small")
    assert "ready" in capsys.readouterr().out
    assert len(demo_people(Community.objects.get(slug="demo-small")).residents) == 12
    with pytest.raises(CommandError):
        call_command("load_demo", "--slug", "demo-small", "--size", "small")
