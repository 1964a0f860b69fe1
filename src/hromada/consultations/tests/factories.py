"""Consultations for the tests, written through the services: a draft, an open one, one with proposals."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hromada.consultations import services
from hromada.consultations.models import Consultation
from hromada.core.identity.actors import SYSTEM

TEXT = ("1. Загальні положення. Ці правила визначають порядок благоустрою.\n\n"
        "2. Власники територій утримують їх у чистоті.\n\n"
        "3. Контроль здійснює відділ благоустрою.")


def consultation(community, *, department=None, publish: bool = True, level: int = 1, text: str = TEXT,
                 title: str = "Правила благоустрою", opens_in: timedelta = timedelta(hours=-1),
                 closes_in: timedelta = timedelta(days=30)) -> Consultation:
    now = timezone.now()
    made = services.consultation_create(actor=SYSTEM, community=community, title=title, text=text,
                                        opens_at=now + opens_in, closes_at=now + closes_in,
                                        department_id=department.pk if department else None,
                                        required_identity_level=level)
    if publish:
        made = services.consultation_publish(actor=SYSTEM, community=community, consultation_id=made.pk)
    return made


def proposal(community, consultation, author, *, paragraph: int = 1, kind: str = "comment",
             text: str = "Пропоную уточнити цей пункт, бо він нечіткий."):
    return services.proposal_submit(actor=author, community=community, consultation_id=consultation.pk, kind=kind,
                                    text=text, paragraph_number=paragraph)
