"""Site and news services: staff write, residents are refused, bad input writes nothing, another community's entry
is not found, every write is audited, and every public service is a @service."""

from __future__ import annotations

import inspect

import pytest

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.site import services
from hromada.site.models import Page


def test_staff_create_change_and_delete_with_an_audit_trail(community, community_admin):
    page = services.page_create(actor=community_admin, community=community, title="  First ", body="Text")
    assert (page.title, page.created_by) == ("First", community_admin)
    services.page_update(actor=community_admin, community=community, page_id=page.pk, is_public=False)
    assert Page.objects.get(pk=page.pk).is_public is False
    services.page_delete(actor=community_admin, community=community, page_id=page.pk)
    assert not Page.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="site.").order_by("pk")
                .values_list("action", flat=True)) == ["site.page.created", "site.page.changed",
                                                       "site.page.deleted"]


def test_the_platform_writes_as_system(community):
    page = services.page_create(actor=SYSTEM, community=community, title="Imported")
    assert page.created_by is None


def test_residents_may_not_write(community, community_admin, resident):
    with pytest.raises(PermissionDenied):
        services.page_create(actor=resident, community=community, title="Mine")
    page = services.page_create(actor=community_admin, community=community, title="Theirs")
    with pytest.raises(PermissionDenied):
        services.page_delete(actor=resident, community=community, page_id=page.pk)
    assert Page.objects.count() == 1


@pytest.mark.parametrize("title, body, field", [("", "", "title"), ("   ", "", "title"), ("x" * 201, "", "title"),
                                                 ("Fine", "x" * 10_001, "body")])
def test_bad_input_writes_nothing(community, community_admin, title, body, field):
    with pytest.raises(ValidationFailed) as exc:
        services.page_create(actor=community_admin, community=community, title=title, body=body)
    assert field in exc.value.fields
    assert not Page.objects.exists() and not AuditEvent.objects.filter(action__startswith="site.").exists()


def test_another_communitys_entry_is_not_found(community, other_community, community_admin):
    theirs = services.page_create(actor=SYSTEM, community=other_community, title="Theirs")
    for call in (lambda: services.page_update(actor=community_admin, community=community, page_id=theirs.pk,
                                                   title="Mine now"),
                 lambda: services.page_delete(actor=community_admin, community=community, page_id=theirs.pk)):
        with pytest.raises(NotFound):
            call()
    assert Page.objects.get(pk=theirs.pk).title == "Theirs"


def test_every_public_function_of_the_services_module_is_a_service():
    public = [name for name, value in vars(services).items()
              if inspect.isfunction(value) and value.__module__ == services.__name__ and not name.startswith("_")]
    assert public and all(getattr(getattr(services, name), "is_service", False) for name in public), public
