"""Services back office: the catalogue is kept through the services (audited, refused input on the form), and staff
see only their own community's entries."""

from __future__ import annotations

from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Membership, Role
from hromada.services import services
from hromada.services.models import Service

from .factories import make_service

ADMIN = "/admin/services/service/"


def test_back_office_writes_through_the_services(community, other_community, community_admin):
    client = Client()
    client.force_login(community_admin)
    form = {"community": community.pk, "title": "Довідка з back office", "fee_kind": "free", "term_days": 5,
            "identity_level": 2, "form": "[]", "in_person": "on", "is_public": "on"}
    added = client.post(f"{ADMIN}add/", form)
    assert added.status_code == 302, added.content.decode()[:3000]
    item = Service.objects.get(title="Довідка з back office")
    refused = client.post(f"{ADMIN}{item.pk}/change/", {**form, "fee_kind": "fixed", "fee_amount": ""})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    theirs = make_service(other_community, title="Їхня послуга")
    assert "Їхня послуга" not in client.get(ADMIN).content.decode()
    deleted = client.post(ADMIN, {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"})
    assert deleted.status_code == 302
    assert list(Service.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert list(AuditEvent.objects.filter(action__startswith="services.", community=community).order_by("pk")
                .values_list("action", flat=True)) == ["services.service.created", "services.service.deleted"]


def test_the_category_drop_down_lists_only_the_services_community(community, other_community, community_admin):
    """A staff member who keeps two communities' catalogues sees, on a service's form, only its community's
    categories; the other community's category is not offered (and the service refuses it if posted anyway)."""
    Membership.objects.create(community=other_community, user=community_admin, role=Role.ADMIN)
    ours = services.category_create(actor=SYSTEM, community=community, title="Реєстрація", position=1)
    theirs = services.category_create(actor=SYSTEM, community=other_community, title="Їхня категорія", position=1)
    item = make_service(community)
    client = Client()
    client.force_login(community_admin)
    page = client.get(f"{ADMIN}{item.pk}/change/")
    assert page.status_code == 200
    choices = [value for value, _label in page.context["adminform"].form.fields["category"].choices if value]
    assert [str(value) for value in choices] == [str(ours.pk)]
    assert "Їхня категорія" not in page.content.decode()
    posted = client.post(f"{ADMIN}{item.pk}/change/", {"title": item.title, "category": theirs.pk, "fee_kind": "free",
                                                       "term_days": 5, "identity_level": 2, "form": "[]"})
    assert posted.status_code == 200 and "errorlist" in posted.content.decode()
    item.refresh_from_db()
    assert item.category_id is None
