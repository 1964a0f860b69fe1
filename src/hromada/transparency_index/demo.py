"""Demo data of the transparency self-check: the last full quarter and the one before it (a trend), computed after
every other capability has loaded its demo data (demo_order), plus a few hand assessments, as SYSTEM."""

from __future__ import annotations

from hromada.core.identity.actors import SYSTEM

from .periods import last_full_quarter, previous_quarter
from .services import manual_assessment_set, selfcheck_compute

# Community data, not interface text: in the community's language; the links are the demo's own placeholders.
_ASSESSMENTS = (
    ("manual.property_register", 50, "https://example.org/demo/mayno", "Демонстраційні дані: перелік неповний."),
    ("manual.declarations", 100, "https://example.org/demo/deklaratsii", "Демонстраційні дані."),
    ("manual.vacancies", 0, "", "Демонстраційні дані: результати конкурсів не публікуються."),
)


def load(community, *, size: str = "small") -> None:
    start, end = last_full_quarter()
    earlier = previous_quarter(start)
    for code, score, url, note in _ASSESSMENTS:
        manual_assessment_set(actor=SYSTEM, community=community, code=code, period_start=earlier[0], period_end=end,
                              score_percent=score, evidence_url=url, note=note)
    selfcheck_compute(actor=SYSTEM, community=community, start=earlier[0], end=earlier[1])
    selfcheck_compute(actor=SYSTEM, community=community, start=start, end=end)
