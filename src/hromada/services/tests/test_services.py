"""Services services: staff write, residents are refused, bad input writes nothing, another community's entry
is not found, every write is audited, and every public service is a @service."""

from __future__ import annotations

import inspect

import pytest

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.services import services
from hromada.services.models import Service


def test_staff_create_change_and_delete_with_an_audit_trail(community, community_admin):
    service = services.service_create(actor=community_admin, community=community, title="  First ", body="Text")
    assert (service.title, service.created_by) == ("First", community_admin)
    services.service_update(actor=community_admin, community=community, service_id=service.pk, is_public=False)
    assert Service.objects.get(pk=service.pk).is_public is False
    services.service_delete(actor=community_admin, community=community, service_id=service.pk)
    assert not Service.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="services.").order_by("pk")
                .values_list("action", flat=True)) == ["services.service.created", "services.service.changed",
                                                       "services.service.deleted"]


def test_the_platform_writes_as_system(community):
    service = services.service_create(actor=SYSTEM, community=community, title="Imported")
    assert service.created_by is None


def test_residents_may_not_write(community, community_admin, resident):
    with pytest.raises(PermissionDenied):
        services.service_create(actor=resident, community=community, title="Mine")
    service = services.service_create(actor=community_admin, community=community, title="Theirs")
    with pytest.raises(PermissionDenied):
        services.service_delete(actor=resident, community=community, service_id=service.pk)
    assert Service.objects.count() == 1


@pytest.mark.parametrize("title, body, field", [("", "", "title"), ("   ", "", "title"), ("x" * 201, "", "title"),
                                                 ("Fine", "x" * 10_001, "body")])
def test_bad_input_writes_nothing(community, community_admin, title, body, field):
    with pytest.raises(ValidationFailed) as exc:
        services.service_create(actor=community_admin, community=community, title=title, body=body)
    assert field in exc.value.fields
    assert not Service.objects.exists() and not AuditEvent.objects.filter(action__startswith="services.").exists()


def test_another_communitys_entry_is_not_found(community, other_community, community_admin):
    theirs = services.service_create(actor=SYSTEM, community=other_community, title="Theirs")
    for call in (lambda: services.service_update(actor=community_admin, community=community, service_id=theirs.pk,
                                                   title="Mine now"),
                 lambda: services.service_delete(actor=community_admin, community=community, service_id=theirs.pk)):
        with pytest.raises(NotFound):
            call()
    assert Service.objects.get(pk=theirs.pk).title == "Theirs"


def test_every_public_function_of_the_services_module_is_a_service():
    public = [name for name, value in vars(services).items()
              if inspect.isfunction(value) and value.__module__ == services.__name__ and not name.startswith("_")]
    assert public and all(getattr(getattr(services, name), "is_service", False) for name in public), public
