"""Enrolment services: staff write, residents are refused, bad input writes nothing, another community's entry
is not found, every write is audited, and every public service is a @service."""

from __future__ import annotations

import inspect

import pytest

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.enrollment import services
from hromada.enrollment.models import Application


def test_staff_create_change_and_delete_with_an_audit_trail(community, community_admin):
    application = services.application_create(actor=community_admin, community=community, title="  First ", body="Text")
    assert (application.title, application.created_by) == ("First", community_admin)
    services.application_update(actor=community_admin, community=community, application_id=application.pk, is_public=False)
    assert Application.objects.get(pk=application.pk).is_public is False
    services.application_delete(actor=community_admin, community=community, application_id=application.pk)
    assert not Application.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="enrollment.").order_by("pk")
                .values_list("action", flat=True)) == ["enrollment.application.created", "enrollment.application.changed",
                                                       "enrollment.application.deleted"]


def test_the_platform_writes_as_system(community):
    application = services.application_create(actor=SYSTEM, community=community, title="Imported")
    assert application.created_by is None


def test_residents_may_not_write(community, community_admin, resident):
    with pytest.raises(PermissionDenied):
        services.application_create(actor=resident, community=community, title="Mine")
    application = services.application_create(actor=community_admin, community=community, title="Theirs")
    with pytest.raises(PermissionDenied):
        services.application_delete(actor=resident, community=community, application_id=application.pk)
    assert Application.objects.count() == 1


@pytest.mark.parametrize("title, body, field", [("", "", "title"), ("   ", "", "title"), ("x" * 201, "", "title"),
                                                 ("Fine", "x" * 10_001, "body")])
def test_bad_input_writes_nothing(community, community_admin, title, body, field):
    with pytest.raises(ValidationFailed) as exc:
        services.application_create(actor=community_admin, community=community, title=title, body=body)
    assert field in exc.value.fields
    assert not Application.objects.exists() and not AuditEvent.objects.filter(action__startswith="enrollment.").exists()


def test_another_communitys_entry_is_not_found(community, other_community, community_admin):
    theirs = services.application_create(actor=SYSTEM, community=other_community, title="Theirs")
    for call in (lambda: services.application_update(actor=community_admin, community=community, application_id=theirs.pk,
                                                   title="Mine now"),
                 lambda: services.application_delete(actor=community_admin, community=community, application_id=theirs.pk)):
        with pytest.raises(NotFound):
            call()
    assert Application.objects.get(pk=theirs.pk).title == "Theirs"


def test_every_public_function_of_the_services_module_is_a_service():
    public = [name for name, value in vars(services).items()
              if inspect.isfunction(value) and value.__module__ == services.__name__ and not name.startswith("_")]
    assert public and all(getattr(getattr(services, name), "is_service", False) for name in public), public
