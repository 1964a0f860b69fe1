"""A community whose home page shows every live block: a news item, a petition collecting signatures, a public appeal, a budget
cycle in its vote, an open consultation, a planned council session and a vote, an open quick poll. Shared by the
home page's tests and its browser journey; everything is written through each capability's own services."""

from __future__ import annotations

from datetime import timedelta

from conftest import make_member
from django.utils import timezone

from hromada.appeals.tests.factories import make_appeal, make_category
from hromada.budgets.tests.factories import cycle
from hromada.consultations.tests.factories import consultation
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from hromada.council import services as council
from hromada.petitions.tests.factories import collecting
from hromada.site import services as site
from hromada.surveys.models import Audience, Kind
from hromada.surveys.tests.factories import published


def populate(community, *, tag: str = "") -> dict:
    """Every block's data in `community`; `tag` marks each title, so a page can be searched for another's."""
    resident = make_member(community, Role.RESIDENT)
    n = Department.objects.filter(community=community).count()  # codes and numbers unique per community
    department = Department.objects.create(community=community, name=f"Відділ благоустрою {tag}".strip())
    petition = collecting(community, resident, title=f"Сквер біля школи {tag}".strip())
    category = make_category(community, f"home-{n}", fallback=department)
    appeal = make_appeal(community, resident, category,
                         address=f"вул. Садова, 5 {tag}".strip())
    budget, _fund = cycle(community, phase="voting", title=f"Бюджет участі {tag}".strip())
    open_consultation = consultation(community, title=f"Правила благоустрою {tag}".strip())
    today = timezone.localdate()
    convocation = council.convocation_create(actor=SYSTEM, community=community, number=8 + n,
                                             start_date=today - timedelta(days=400))
    past = council.session_create(actor=SYSTEM, community=community, convocation_id=convocation.pk, number=1,
                                  start_date=today - timedelta(days=7))
    sitting = council.sitting_open(actor=SYSTEM, community=community, session_id=past.pk,
                                   date=today - timedelta(days=7))
    vote = council.vote_event_record(actor=SYSTEM, community=community, sitting_id=sitting.pk, number=1,
                                     question=f"Про ремонт мосту {tag}".strip(), result="pass", votes={},
                                     counts={"yes": 20, "no": 3, "abstain": 1, "not_voting": 0})
    upcoming = council.session_create(actor=SYSTEM, community=community, convocation_id=convocation.pk, number=2,
                                      start_date=today + timedelta(days=7), name=f"Друга сесія {tag}".strip())
    poll, (question,) = published(community, kinds=(Kind.SINGLE,), quick=True, audience=Audience.ANYONE,
                                  title=f"Швидке опитування {tag}".strip())
    news = site.news_create(actor=SYSTEM, community=community, title=f"Відкрили новий сквер {tag}".strip(),
                            summary="Приходьте на відкриття.")
    return {"news": news, "resident": resident, "petition": petition, "appeal": appeal, "cycle": budget,
            "consultation": open_consultation, "vote": vote, "session": upcoming, "poll": poll, "question": question}
