"""Fixtures of the appeals tests: a routed category, appeals public and confidential, web clients."""

import pytest
from django.test import Client

from hromada.appeals.tests.factories import make_appeal, make_area, make_category


@pytest.fixture
def category(community, department):
    make_area(community, "Центр", 34.55, 49.59)
    category = make_category(community, "light", fallback=department)
    return category


@pytest.fixture
def public_appeal(community, resident, category):
    return make_appeal(community, resident, category, address="вул. Садова, 5",
                       contact_phone="+380 50 000 00 01")


@pytest.fixture
def confidential_appeal(community, resident, category):
    return make_appeal(community, resident, category, public=False, description="Сусід палить сміття (таємно)")


@pytest.fixture
def web():
    """A browser for a community: web(community, user=None).get('appeals/')."""

    class Web:
        def __init__(self, community, user=None):
            self.community = community
            self.client = Client()
            if user is not None:
                self.client.force_login(user)

        def url(self, path):
            return f"/c/{self.community.slug}/{path.lstrip('/')}"

        def get(self, path, data=None, **extra):
            return self.client.get(self.url(path), data, **extra)

        def post(self, path, data=None, **extra):
            return self.client.post(self.url(path), data or {}, **extra)

    return Web


