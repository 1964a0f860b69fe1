"""Transparency self-check services: staff write, residents are refused, bad input writes nothing, another community's entry
is not found, every write is audited, and every public service is a @service."""

from __future__ import annotations

import inspect

import pytest

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.transparency_index import services
from hromada.transparency_index.models import SelfCheck


def test_staff_create_change_and_delete_with_an_audit_trail(community, community_admin):
    self_check = services.self_check_create(actor=community_admin, community=community, title="  First ", body="Text")
    assert (self_check.title, self_check.created_by) == ("First", community_admin)
    services.self_check_update(actor=community_admin, community=community, self_check_id=self_check.pk, is_public=False)
    assert SelfCheck.objects.get(pk=self_check.pk).is_public is False
    services.self_check_delete(actor=community_admin, community=community, self_check_id=self_check.pk)
    assert not SelfCheck.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="transparency_index.").order_by("pk")
                .values_list("action", flat=True)) == ["transparency_index.self_check.created", "transparency_index.self_check.changed",
                                                       "transparency_index.self_check.deleted"]


def test_the_platform_writes_as_system(community):
    self_check = services.self_check_create(actor=SYSTEM, community=community, title="Imported")
    assert self_check.created_by is None


def test_residents_may_not_write(community, community_admin, resident):
    with pytest.raises(PermissionDenied):
        services.self_check_create(actor=resident, community=community, title="Mine")
    self_check = services.self_check_create(actor=community_admin, community=community, title="Theirs")
    with pytest.raises(PermissionDenied):
        services.self_check_delete(actor=resident, community=community, self_check_id=self_check.pk)
    assert SelfCheck.objects.count() == 1


@pytest.mark.parametrize("title, body, field", [("", "", "title"), ("   ", "", "title"), ("x" * 201, "", "title"),
                                                 ("Fine", "x" * 10_001, "body")])
def test_bad_input_writes_nothing(community, community_admin, title, body, field):
    with pytest.raises(ValidationFailed) as exc:
        services.self_check_create(actor=community_admin, community=community, title=title, body=body)
    assert field in exc.value.fields
    assert not SelfCheck.objects.exists() and not AuditEvent.objects.filter(action__startswith="transparency_index.").exists()


def test_another_communitys_entry_is_not_found(community, other_community, community_admin):
    theirs = services.self_check_create(actor=SYSTEM, community=other_community, title="Theirs")
    for call in (lambda: services.self_check_update(actor=community_admin, community=community, self_check_id=theirs.pk,
                                                   title="Mine now"),
                 lambda: services.self_check_delete(actor=community_admin, community=community, self_check_id=theirs.pk)):
        with pytest.raises(NotFound):
            call()
    assert SelfCheck.objects.get(pk=theirs.pk).title == "Theirs"


def test_every_public_function_of_the_services_module_is_a_service():
    public = [name for name, value in vars(services).items()
              if inspect.isfunction(value) and value.__module__ == services.__name__ and not name.startswith("_")]
    assert public and all(getattr(getattr(services, name), "is_service", False) for name in public), public
