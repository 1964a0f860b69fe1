"""The consultations block of the community home page: the consultations taking proposals now, newest first
(one query)."""

from __future__ import annotations

from .selectors import consultation_list

SHOWN = 3


def consultations_block(community, *, user) -> dict:
    return {"consultations": list(consultation_list(actor=user, community=community, state="open")[:SHOWN])}
