"""Shared fixtures of the portal's tests: a small portal with public, private and tabular datasets."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from .factories import add_csv, make_dataset, make_publisher


@dataclass
class Portal:
    community: object
    admin: object
    publisher: object
    public: object
    private: object
    table_resource: object
    foreign: object


@pytest.fixture
def portal(community, community_admin, department, other_community) -> Portal:
    from conftest import make_member

    from hromada.core.identity.models import Role

    publisher = make_publisher(community, community_admin, department=department, name="finance")
    public = make_dataset(community, community_admin, publisher, name="budget", title="Бюджет громади",
                          tags=["бюджет", "фінанси"])
    resource = add_csv(community, community_admin, public)
    private = make_dataset(community, community_admin, publisher, name="secret-draft", title="Чернетка",
                           private=True)
    other_admin = make_member(other_community, Role.ADMIN)
    other_pub = make_publisher(other_community, other_admin, name="finance")
    foreign = make_dataset(other_community, other_admin, other_pub, name="foreign-budget", title="Чужий бюджет")
    return Portal(community, community_admin, publisher, public, private, resource, foreign)
