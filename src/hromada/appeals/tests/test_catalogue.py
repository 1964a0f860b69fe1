"""Categories and routing rules through their services: admins only, validated, audited, and routing the very
next appeal; a category with appeals is never deleted."""

import pytest

from hromada.appeals import routing, services
from hromada.appeals.models import Category, ResponseTemplate, RoutingRule, TermKind
from hromada.appeals.tests.factories import make_appeal, make_area, make_category
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department

pytestmark = pytest.mark.django_db

QUESTION = {"code": "state", "description": "Що з ліхтарем?", "datatype": "singlevaluelist", "required": True,
            "values": [{"key": "off", "name": "Не світить"}]}


def test_a_category_is_created_changed_and_audited(community, community_admin, department):
    category = services.category_save(actor=community_admin, community=community, code="light",
                                      name="Освітлення", term_kind=TermKind.ONE_MONTH, attributes=[QUESTION],
                                      fallback_department=department)
    assert (category.code, category.name, category.term_kind, category.fallback_department) == (
        "light", "Освітлення", TermKind.ONE_MONTH, department)
    assert category.public_by_default and category.is_active and category.attributes == [QUESTION]
    changed = services.category_save(actor=community_admin, community=community, category=category,
                                     name="Вуличне освітлення", is_active=False, fallback_department=None)
    changed.refresh_from_db()
    assert (changed.name, changed.is_active, changed.code, changed.fallback_department_id) == (
        "Вуличне освітлення", False, "light", None)
    events = list(AuditEvent.objects.filter(action="appeals.category.saved", target_id=str(category.pk))
                  .order_by("pk").values_list("data", flat=True))
    assert events[0]["created"] is True and events[1]["fields"] == ["fallback_department", "is_active", "name"]


def test_category_input_is_validated_with_every_problem_at_once(community, community_admin, other_community):
    make_category(community, "light")
    foreign = Department.objects.create(community=other_community, name="Чужий")
    with pytest.raises(ValidationFailed) as caught:
        services.category_save(actor=community_admin, community=community, code="light", name=" ",
                               term_kind="forever", fallback_department=foreign, order=-1,
                               attributes=[{"code": "a b"}, {"code": "x", "datatype": "singlevaluelist"}])
    assert set(caught.value.fields) == {"code", "name", "term_kind", "fallback_department", "order", "attributes"}
    assert len(caught.value.fields["attributes"]) == 2
    for bad in ({"code": "o k", "name": "x"}, {"code": "", "name": "x"}, {"code": "x" * 61, "name": "x"},
                {"code": "ok", "name": "x", "attributes": "not a list"}, {"code": "ok", "name": "x" * 201}):
        with pytest.raises(ValidationFailed):
            services.category_save(actor=community_admin, community=community, **bad)
    with pytest.raises(TypeError):
        services.category_save(actor=community_admin, community=community, code="ok", name="x", colour="red")
    assert Category.objects.filter(community=community).count() == 1


def test_only_community_admins_and_the_platform_configure(community, other_community, official, moderator,
                                                         resident, department):
    from conftest import make_member

    from hromada.core.identity.models import Role

    foreign_admin = make_member(other_community, Role.ADMIN)
    for actor in (official, moderator, resident, foreign_admin, None):
        with pytest.raises(PermissionDenied):
            services.category_save(actor=actor, community=community, code="x", name="X")
    category = services.category_save(actor=SYSTEM, community=community, code="x", name="X")
    for actor in (official, foreign_admin):
        with pytest.raises(PermissionDenied):
            services.category_delete(actor=actor, community=community, category=category)
        with pytest.raises(PermissionDenied):
            services.routing_rule_save(actor=actor, community=community, category=category, area=None,
                                       department=department)
    assert AuditEvent.objects.get(action="appeals.category.saved").actor_id is None  # the platform


def test_a_category_of_another_community_is_not_found(community, other_community, community_admin):
    foreign = make_category(other_community, "light")
    with pytest.raises(NotFound):
        services.category_save(actor=community_admin, community=community, category=foreign, name="Моя")
    with pytest.raises(NotFound):
        services.category_delete(actor=community_admin, community=community, category=foreign)
    foreign.refresh_from_db()
    assert foreign.name == "Категорія light"


def test_a_category_with_appeals_is_refused_one_without_is_deleted(community, community_admin, resident, category):
    make_appeal(community, resident, category)
    with pytest.raises(Conflict) as caught:
        services.category_delete(actor=community_admin, community=community, category=category)
    assert caught.value.code == "category_in_use"
    unused = make_category(community, "unused")
    rule = RoutingRule.objects.create(community=community, category=unused, area=None,
                                      department=Department.objects.create(community=community, name="Д"))
    ResponseTemplate.objects.create(community=community, title="T", text="t", category=unused)
    services.category_delete(actor=community_admin, community=community, category=unused)
    assert not Category.objects.filter(pk=unused.pk).exists() and not RoutingRule.objects.filter(pk=rule.pk).exists()
    assert AuditEvent.objects.get(action="appeals.category.deleted").data == {"code": "unused", "rules": 1}
    assert Category.objects.filter(pk=category.pk).exists()


def test_routing_rules_route_the_next_appeal_and_are_audited(community, community_admin, resident, department):
    north = make_area(community, "Північ", 34.60, 49.60)
    roads = Department.objects.create(community=community, name="Дороги")
    category = make_category(community, "pothole", fallback=department)
    routing.area_index(community)  # a warm index: a rule must not need a rebuild
    rule = services.routing_rule_save(actor=community_admin, community=community, category=category, area=north,
                                      department=roads)
    assert make_appeal(community, resident, category, lat=49.605, lon=34.605).department_id == roads.pk
    parks = Department.objects.create(community=community, name="Парки")
    services.routing_rule_save(actor=community_admin, community=community, rule=rule, category=category.pk,
                               area=north.pk, department=parks.pk)
    assert make_appeal(community, resident, category, lat=49.605, lon=34.605).department_id == parks.pk
    services.routing_rule_delete(actor=community_admin, community=community, rule=rule)
    assert make_appeal(community, resident, category, lat=49.605, lon=34.605).department_id == department.pk
    assert list(AuditEvent.objects.filter(action__startswith="appeals.routing_rule.").order_by("pk")
                .values_list("action", flat=True)) == ["appeals.routing_rule.saved", "appeals.routing_rule.saved",
                                                       "appeals.routing_rule.deleted"]


def test_routing_rule_input_is_validated(community, other_community, community_admin, department):
    category = make_category(community, "light")
    area = make_area(community, "Центр", 34.55, 49.59)
    foreign_area = make_area(other_community, "Чужий", 34.55, 49.59)
    foreign_department = Department.objects.create(community=other_community, name="Чужий")
    with pytest.raises(ValidationFailed) as caught:
        services.routing_rule_save(actor=community_admin, community=community, category=None, area=foreign_area,
                                   department=foreign_department)
    assert set(caught.value.fields) == {"category", "area", "department"}
    services.routing_rule_save(actor=community_admin, community=community, category=category, area=area,
                               department=department)
    services.routing_rule_save(actor=community_admin, community=community, category=category, area=None,
                               department=department)
    for twin_area in (area, None):  # one rule per (category, area), and one for everywhere else
        with pytest.raises(ValidationFailed) as caught:
            services.routing_rule_save(actor=community_admin, community=community, category=category,
                                       area=twin_area, department=department)
        assert "area" in caught.value.fields
    foreign_rule = RoutingRule.objects.create(community=other_community, category=make_category(other_community),
                                              area=None, department=foreign_department)
    with pytest.raises(NotFound):
        services.routing_rule_delete(actor=community_admin, community=community, rule=foreign_rule)
    assert RoutingRule.objects.filter(community=community).count() == 2


def test_response_templates_are_saved_and_deleted_by_admins(community, other_community, community_admin, official):
    category = make_category(community, "light")
    template = services.response_template_save(actor=community_admin, community=community, title="Виконано",
                                               text="Роботи виконано.", category=category.pk)
    assert (template.title, template.category) == ("Виконано", category)
    services.response_template_save(actor=community_admin, community=community, template=template,
                                    title="Виконано", text="Роботи виконано. Дякуємо!")
    template.refresh_from_db()
    assert template.text == "Роботи виконано. Дякуємо!" and template.category is None
    with pytest.raises(ValidationFailed) as caught:
        services.response_template_save(actor=community_admin, community=community, title="", text="x" * 4001,
                                        category=make_category(other_community, "foreign"))
    assert set(caught.value.fields) == {"title", "text", "category"}
    with pytest.raises(PermissionDenied):
        services.response_template_delete(actor=official, community=community, template=template)
    services.response_template_delete(actor=community_admin, community=community, template=template)
    assert not ResponseTemplate.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="appeals.response_template.").order_by("pk")
                .values_list("action", flat=True)) == ["appeals.response_template.saved"] * 2 + [
                    "appeals.response_template.deleted"]
