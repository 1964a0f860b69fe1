"""Recounting a survey's running results from its responses: for staff who doubt the figures, after a repair in
the database, and for the migration that introduced the tally (ADR 0036)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.counters import write_gate
from hromada.core.errors import NotFound
from hromada.core.identity.guard import require, service

from .. import policies
from ..models import Survey
from ..tally import tally_rebuild


@service
def survey_tally_rebuild(*, actor, community, survey_id: int) -> int:
    """Replace the survey's tally with counts taken from its answers (responses wait meanwhile); the number of
    tally rows written."""
    require(policies.can_write(actor, community), _("Only the community's staff may recount a survey."))
    try:
        survey = Survey.objects.get(community=community, pk=int(survey_id))
    except (Survey.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    with write_gate(), transaction.atomic():
        written = tally_rebuild(survey.pk)
        audit_record(actor=actor, community=community, action="surveys.tally.rebuilt", target=survey,
                     data={"rows": written})
    return written
