"""Participatory budget services: staff write, residents are refused, bad input writes nothing, another community's entry
is not found, every write is audited, and every public service is a @service."""

from __future__ import annotations

import inspect

import pytest

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.budgets import services
from hromada.budgets.models import Project


def test_staff_create_change_and_delete_with_an_audit_trail(community, community_admin):
    project = services.project_create(actor=community_admin, community=community, title="  First ", body="Text")
    assert (project.title, project.created_by) == ("First", community_admin)
    services.project_update(actor=community_admin, community=community, project_id=project.pk, is_public=False)
    assert Project.objects.get(pk=project.pk).is_public is False
    services.project_delete(actor=community_admin, community=community, project_id=project.pk)
    assert not Project.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="budgets.").order_by("pk")
                .values_list("action", flat=True)) == ["budgets.project.created", "budgets.project.changed",
                                                       "budgets.project.deleted"]


def test_the_platform_writes_as_system(community):
    project = services.project_create(actor=SYSTEM, community=community, title="Imported")
    assert project.created_by is None


def test_residents_may_not_write(community, community_admin, resident):
    with pytest.raises(PermissionDenied):
        services.project_create(actor=resident, community=community, title="Mine")
    project = services.project_create(actor=community_admin, community=community, title="Theirs")
    with pytest.raises(PermissionDenied):
        services.project_delete(actor=resident, community=community, project_id=project.pk)
    assert Project.objects.count() == 1


@pytest.mark.parametrize("title, body, field", [("", "", "title"), ("   ", "", "title"), ("x" * 201, "", "title"),
                                                 ("Fine", "x" * 10_001, "body")])
def test_bad_input_writes_nothing(community, community_admin, title, body, field):
    with pytest.raises(ValidationFailed) as exc:
        services.project_create(actor=community_admin, community=community, title=title, body=body)
    assert field in exc.value.fields
    assert not Project.objects.exists() and not AuditEvent.objects.filter(action__startswith="budgets.").exists()


def test_another_communitys_entry_is_not_found(community, other_community, community_admin):
    theirs = services.project_create(actor=SYSTEM, community=other_community, title="Theirs")
    for call in (lambda: services.project_update(actor=community_admin, community=community, project_id=theirs.pk,
                                                   title="Mine now"),
                 lambda: services.project_delete(actor=community_admin, community=community, project_id=theirs.pk)):
        with pytest.raises(NotFound):
            call()
    assert Project.objects.get(pk=theirs.pk).title == "Theirs"


def test_every_public_function_of_the_services_module_is_a_service():
    public = [name for name, value in vars(services).items()
              if inspect.isfunction(value) and value.__module__ == services.__name__ and not name.startswith("_")]
    assert public and all(getattr(getattr(services, name), "is_service", False) for name in public), public
