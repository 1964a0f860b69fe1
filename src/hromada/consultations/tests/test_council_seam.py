"""A council draft decision opens a consultation through council's public selectors, once; without the council
capability for the community the same call is NotFound and consultations work as before."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hromada.consultations import services
from hromada.consultations.models import Consultation
from hromada.core.errors import Conflict, NotFound, PermissionDenied
from hromada.core.identity.actors import SYSTEM

council = pytest.importorskip("hromada.council.services")


def _draft(community, text="Пункт перший.\n\nПункт другий."):
    return council.draft_decision_register(actor=SYSTEM, community=community, number="123", title="Про бюджет",
                                           registered_on=date(2026, 11, 1), text=text)


def _times():
    now = timezone.now()
    return {"opens_at": now, "closes_at": now + timedelta(days=20)}


def test_a_council_draft_opens_one_consultation(community, community_admin, resident):
    draft = _draft(community)
    with pytest.raises(PermissionDenied):
        services.consultation_open_from_council_draft(actor=resident, community=community, draft_id=draft.pk,
                                                      **_times())
    made = services.consultation_open_from_council_draft(actor=community_admin, community=community,
                                                         draft_id=draft.pk, **_times())
    assert made.source == f"council:draft:{draft.pk}" and "123" in made.title and made.kind == "decision"
    assert list(made.paragraphs.values_list("text", flat=True)) == ["Пункт перший.", "Пункт другий."]
    with pytest.raises(Conflict):
        services.consultation_open_from_council_draft(actor=community_admin, community=community, draft_id=draft.pk,
                                                      **_times())
    assert Consultation.objects.count() == 1


def test_without_the_council_capability_the_seam_is_not_found(community, other_community, community_admin):
    theirs = _draft(other_community)
    with pytest.raises(NotFound):  # another community's draft
        services.consultation_open_from_council_draft(actor=community_admin, community=community, draft_id=theirs.pk,
                                                      **_times())
    draft = _draft(community)
    community.enabled_capabilities = [slug for slug in community.enabled_capabilities if slug != "council"]
    community.save(update_fields=["enabled_capabilities"])
    with pytest.raises(NotFound):
        services.consultation_open_from_council_draft(actor=community_admin, community=community, draft_id=draft.pk,
                                                      **_times())
    assert not Consultation.objects.exists()
    now = timezone.now()
    assert services.consultation_create(actor=community_admin, community=community, title="Без ради", text="Текст",
                                        opens_at=now, closes_at=now + timedelta(days=1)).pk
