"""Every change of an application is a transparency-log entry with no personal data in its leaf, whose hash the
application's history keeps; once appended and signed, the parent's proof of inclusion verifies against the root.

Also: nothing anywhere (model, service, API, back office) can write a queue position."""

from __future__ import annotations

import base64
import hashlib
import inspect
import json

import pytest
from django.contrib import admin as django_admin

from hromada.core.errors import NotFound
from hromada.core.identity.actors import SYSTEM
from hromada.core.transparency import merkle
from hromada.core.transparency.models import Leaf, PendingEntry
from hromada.core.transparency.services import transparency_publish
from hromada.enrollment import api, models, policies, services
from hromada.enrollment import selectors as enrollment_selectors
from hromada.enrollment.models import Event, Offer

from .factories import birth_for, file, institution, parent, pdf


def _full_story(community):
    """An application through filed, claimed, verified, refused, granted, offered, declined, then another's
    offered, accepted, enrolled and a third one withdrawn."""
    _kindergarten, (group, other) = institution(community, capacity=1, groups=2)
    first = services.category_save(actor=SYSTEM, community=community, name="Діти ВПО", rank=1)
    second = services.category_save(actor=SYSTEM, community=community, name="Брати і сестри", rank=2)
    child = file(community, parent(community), [group, other], name="Соломія Коваленко", cert="І-ЖС 654321",
                 claims={first.pk: [pdf()], second.pk: [pdf()]})
    claim_first, claim_second = child.claims.order_by("category__rank")
    services.claim_verify(actor=SYSTEM, community=community, claim_id=claim_first.pk)
    services.claim_refuse(actor=SYSTEM, community=community, claim_id=claim_second.pk, reason="Нечітка копія")
    services.category_grant(actor=SYSTEM, community=community, application_id=child.pk, category_id=second.pk,
                            reason="Брат у цьому садку")
    another = file(community, parent(community), [group])
    third = file(community, parent(community), [group])
    services.round_open(actor=SYSTEM, community=community, group_id=group.pk)
    services.offer_decline(actor=child.parent, community=community, offer_id=Offer.objects.get(application=child).pk)
    offer = Offer.objects.get(application=another)
    services.offer_accept(actor=another.parent, community=community, offer_id=offer.pk)
    services.enrolment_confirm(actor=SYSTEM, community=community, offer_id=offer.pk)
    services.application_withdraw(actor=third.parent, community=community, application_id=third.pk)
    return child


def test_no_personal_data_in_any_leaf(community):
    child = _full_story(community)
    leaves = list(PendingEntry.objects.filter(community=community).values_list("leaf", flat=True))
    kinds = {json.loads(leaf)["type"].rsplit(".", 1)[1] for leaf in leaves}
    assert kinds == {"filed", "claimed", "verified", "refused", "granted", "offered", "declined", "accepted",
                     "enrolled", "withdrawn"}
    forbidden = ["Соломія", "Коваленко", "654321", "ІЖС654321", birth_for().isoformat(), child.code,
                 child.child_key, child.parent.email, child.parent.full_name, "Нечітка", "Брат у", "Миру",
                 "Шевченка", str(birth_for().year)]
    for leaf in leaves:
        event = json.loads(leaf)
        assert set(event) == {"type", "object_id", "data", "timestamp"}
        assert set(event["data"]) == {"child"} and len(event["data"]["child"]) == 64
        assert len(event["object_id"]) == 64 and int(event["object_id"], 16) >= 0
        for word in forbidden:
            assert word not in leaf, (word, leaf)


def test_the_log_names_the_application_by_the_hash_of_its_code(community):
    _kindergarten, (group,) = institution(community)
    application = file(community, parent(community), [group])
    leaf = json.loads(PendingEntry.objects.get(community=community).leaf)
    assert leaf["object_id"] == hashlib.sha256(f"hromada-enrollment-code:{application.code}".encode()).hexdigest()
    assert leaf["type"] == "enrollment.application.filed"


def test_a_rolled_back_change_leaves_no_entry(community):
    _kindergarten, (group,) = institution(community)
    application = file(community, parent(community), [group])
    before = PendingEntry.objects.count()
    with pytest.raises(NotFound):  # another parent: refused after the lock, before any write
        services.application_withdraw(actor=parent(community), community=community, application_id=application.pk)
    assert PendingEntry.objects.count() == before


def test_the_parents_proof_of_inclusion_verifies_against_the_signed_root(community):
    child = _full_story(community)
    event = Event.objects.filter(application=child).order_by("pk").first()
    assert enrollment_selectors.event_proof(community=community, event=event)["included"] is False
    transparency_publish(actor=SYSTEM, community=community)
    proof = enrollment_selectors.event_proof(community=community, event=event)
    assert proof["included"] is True and proof["tree_size"] == Leaf.objects.filter(community=community).count()
    leaf_hash = base64.b64decode(proof["leaf_hash"])
    path = [base64.b64decode(h) for h in proof["audit_path"]]
    root = _root_from_path(proof["leaf_index"], proof["tree_size"], leaf_hash, path)
    assert root == base64.b64decode(proof["sha256_root_hash"])
    assert leaf_hash == merkle.leaf_hash(bytes(Leaf.objects.get(community=community, index=proof["leaf_index"]).leaf_input))


def _root_from_path(index: int, size: int, leaf_hash: bytes, path: list[bytes]) -> bytes:
    """RFC 9162 section 2.1.3.2, written out here so the test does not trust the code it checks."""
    fn, sn, node = index, size - 1, leaf_hash
    for sibling in path:
        if fn % 2 == 1 or fn == sn:
            node = hashlib.sha256(b"\x01" + sibling + node).digest()
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            node = hashlib.sha256(b"\x01" + node + sibling).digest()
        fn, sn = fn >> 1, sn >> 1
    assert sn == 0
    return node


# --- no manual reorder path anywhere --------------------------------------------------------------------------

ORDER_WORDS = ("position", "order", "rank_override", "priority_override", "queue_number", "place_in_queue")


def test_no_model_stores_a_queue_position():
    for model in (models.Application, models.Choice, models.Claim, models.Offer, models.Group):
        names = {field.name for field in model._meta.get_fields()}
        assert not {n for n in names if any(word in n for word in ORDER_WORDS)}, model
    # What the rules read is not editable in any form: fixed when filed, or derived from verified claims.
    for name in ("filed_at", "tie_break", "code", "child_key"):
        assert models.Application._meta.get_field(name).editable is False
    assert models.Choice._meta.get_field("in_service_area").editable is False


def test_no_service_takes_a_position_filed_at_or_tie_break():
    for name in services.__all__:
        value = getattr(services, name)
        if callable(value):
            parameters = set(inspect.signature(value).parameters)
            assert not parameters & {"position", "order", "filed_at", "tie_break", "in_service_area", "rank_override",
                                     "best_rank", "queue_position"}, name
    assert policies.can_reorder(SYSTEM, None) is False


def test_no_api_operation_writes_a_position():
    for path_view in api.router.path_operations.values():
        for operation in path_view.operations:
            if "GET" in operation.methods:
                continue
            body = getattr(operation, "models", None) or []
            fields = set()
            for model in body:
                fields |= set(getattr(model, "model_fields", {}))
            assert not {f for f in fields if any(word in f for word in ("position", "filed_at", "tie_break"))}, \
                operation.view_func.__name__
            assert "reorder" not in operation.view_func.__name__ and "move" not in operation.view_func.__name__


def test_no_back_office_page_edits_what_orders_a_queue():
    for model in (models.Application, models.Choice, models.Claim, models.Offer, models.AllocationRound):
        model_admin = django_admin.site._registry.get(model)
        if model_admin is None:
            continue
        assert model_admin.update is None and model_admin.create is None, model
        assert not model_admin.actions or all("order" not in str(a) for a in model_admin.actions)
