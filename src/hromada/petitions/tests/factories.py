"""Petitions in any state for tests, made through the services (never raw saves), plus small helpers."""

from __future__ import annotations

from conftest import make_member

from hromada.core.identity.models import Role
from hromada.core.tenancy.services import community_update_settings
from hromada.petitions import services
from hromada.petitions.models import Category, Petition

TEXT = ("Просимо облаштувати нову велодоріжку вздовж головної вулиці громади, щоб діти безпечно "
        "їздили до школи.")


def set_settings(community, **values):
    admin = make_member(community, Role.ADMIN)
    community_update_settings(actor=admin, community=community, capability="petitions", values=values)
    community.refresh_from_db()
    return community


def category(community, name="Транспорт") -> Category:
    return Category.objects.get_or_create(community=community, name=name)[0]


def draft(community, author, *, title="Велодоріжка на головній вулиці", text=TEXT, **kwargs) -> Petition:
    return services.petition_create(actor=author, community=community, title=title, text=text, **kwargs)


def submitted(community, author, **kwargs) -> Petition:
    petition = draft(community, author, **kwargs)
    services.petition_submit(actor=author, community=community, petition=petition)
    return petition


def collecting(community, author, moderator=None, **kwargs) -> Petition:
    petition = submitted(community, author, **kwargs)
    moderator = moderator or make_member(community, Role.MODERATOR)
    services.petition_publish(actor=moderator, community=community, petition=petition)
    return petition


def strong_resident(community):
    return make_member(community, Role.RESIDENT, strong=True)


def reach_threshold(community, petition) -> None:
    for _ in range(petition.threshold):
        services.petition_sign(actor=strong_resident(community), community=community, petition=petition)
    petition.refresh_from_db()
