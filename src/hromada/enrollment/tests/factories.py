"""Builders for the enrolment tests: institutions with groups, parents with a strong identity, applications filed
through the service (unique certificate numbers), and a tiny valid PDF for proof documents."""

from __future__ import annotations

import itertools
from datetime import date

from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.enrollment import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_certificates = itertools.count(100_001)
# A square around (49.59, 34.55), the test community's centre.
AREA = {"type": "Polygon", "coordinates": [[[34.5, 49.55], [34.6, 49.55], [34.6, 49.65], [34.5, 49.65], [34.5, 49.55]]]}
INSIDE, OUTSIDE = (49.6, 34.55), (49.9, 34.9)


def start_year() -> int:
    """Next school year's groups (so the wanted start date is always in the future)."""
    return timezone.now().year + 1


def pdf(name: str = "proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def parent(community):
    return make_member(community, Role.RESIDENT, strong=True)


def institution(community, *, kind: str = "kindergarten", name: str = "Садок «Сонечко»", department=None,
                area: dict | None = None, groups: int = 1, capacity: int = 2):
    """An institution with `groups` groups for next year (ages 2 to 6 for a kindergarten, grade 1 for a school)."""
    made = services.institution_save(actor=SYSTEM, community=community, kind=kind, name=name, address="вул. Миру, 1",
                                     lat=49.59, lon=34.55, department_id=department.pk if department else None)
    if area is not None:
        services.service_area_set(actor=SYSTEM, community=community, institution_id=made.pk, geometry=area)
    ages = {"age_from_months": 24, "age_to_months": 72} if kind != "school" else {"grade": 1,
                                                                                 "age_from_months": 66}
    made_groups = [services.group_save(actor=SYSTEM, community=community, institution_id=made.pk,
                                       name=f"Група {n}", start_year=start_year(), capacity=capacity, **ages)
                   for n in range(1, groups + 1)]
    return made, made_groups


def birth_for(kind: str = "kindergarten") -> date:
    return date(start_year() - (7 if kind == "school" else 3), 3, 15)


def certificate() -> str:
    return f"І-ЖС {next(_certificates):06d}"


def file(community, who, groups, *, kind: str = "kindergarten", point=None, claims=None, name: str = "Марко Петренко",
         cert: str | None = None, wanted: date | None = None, actor=None):
    lat, lon = point if point else (None, None)
    return services.application_file(
        actor=actor or who, community=community, parent=who if actor is SYSTEM else None, child_name=name,
        child_birth_date=birth_for(kind), birth_certificate=cert or certificate(), address="вул. Шевченка, 5",
        lat=lat, lon=lon, group_ids=[g.pk for g in groups], wanted_start=wanted or date(start_year(), 9, 1),
        claims=claims)


def page_url(community, path: str = "") -> str:
    return f"/c/{community.slug}/enrollment/{path}"


def web_client(user=None) -> Client:
    """The test client, signed in as `user` when given."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
