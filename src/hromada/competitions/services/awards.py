"""Awards: the ranking by the jury's weighted mean with the call's published tie-break, the grants greedy by rank
within the fund (under the call's row lock, once), and the publication of the results with the applicants told."""

from __future__ import annotations

from collections import defaultdict
from typing import cast

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict
from hromada.core.identity.guard import require, service
from hromada.core.notifications.services import notify
from hromada.core.phases import Schedule
from hromada.core.tenancy.urls import community_path

from .. import policies, ranking
from ..manifest import competitions_settings
from ..models import Application, Call, Review, Status
from .calls import _locked_call


def _candidates(call: Call, *, min_reviews: int) -> tuple[list[ranking.Candidate], list[int]]:
    """The eligible applications with enough jury scores to be ranked, and the ids of those without."""
    caps = dict(call.rules.values_list("applicant_type", "cap"))
    weighted: dict[int, list[float]] = defaultdict(list)
    for application_id, value in Review.objects.filter(
            application__call=call, submitted_at__isnull=False).values_list("application_id", "weighted"):
        weighted[application_id].append(value)
    ranked, unranked = [], []
    for application in Application.objects.filter(call=call, status=Status.ELIGIBLE).order_by("pk"):
        scores = weighted.get(application.pk, [])
        if len(scores) < min_reviews:
            unranked.append(application.pk)
            continue
        ranked.append(ranking.Candidate(application.pk, ranking.mean(scores), application.requested,
                                        caps[application.applicant_type], application.submitted_at))
    return ranked, unranked


def _write_outcomes(rows: list[tuple]) -> None:
    """Write (rank, score, grant, status, application id) rows with one UPDATE statement run for every row.
    Django's bulk_update builds a CASE expression per row and field in Python: for a call of 2,000 applications
    that took seconds, against a fraction of one for this (bench/competitions_award.py, docs/performance.md)."""
    meta, quote = Application._meta, connection.ops.quote_name
    columns = [cast(Field, meta.get_field(name)).column or name
               for name in ("rank", "score", "grant", "status", "updated_at")]
    assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
    # Only the model's own table and column names go into the text; every value is a parameter.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row[:4], now, row[4]) for row in rows])


@service
def call_award(*, actor, community, call_id: int) -> Call:
    """Rank and award once the scoring phase is over; the call's row lock makes a second, simultaneous run see
    the first one's result and refuse, so the fund is never shared out twice."""
    require(policies.can_manage(actor, community), _("Only the community's staff award grants."))
    with transaction.atomic():
        call = _locked_call(community, call_id)
        if call.awarded_at:
            raise Conflict(_("The grants of this call are already awarded."), code="already_awarded")
        scoring = next((w for w in Schedule.from_json(call.schedule).windows if w.key == "scoring"), None)
        if scoring is None or timezone.now() < scoring.ends_at:
            raise Conflict(_("Grants are awarded after the jury's scoring phase ends."), code="scoring_not_over")
        ranked, unranked = _candidates(call, min_reviews=competitions_settings(community).min_reviews)
        outcomes = ranking.awards(ranked, fund=call.fund, tie_break=call.tie_break)
        _write_outcomes([(o.rank, o.score, o.grant, Status.AWARDED if o.grant is not None else Status.NOT_AWARDED,
                         o.application_id) for o in outcomes])
        Application.objects.filter(pk__in=unranked).update(status=Status.NOT_AWARDED, updated_at=timezone.now())
        call.awarded_at = timezone.now()
        call.save(update_fields=["awarded_at", "updated_at"])
        awarded = sum(o.grant for o in outcomes if o.grant is not None)
        audit_record(actor=actor, community=community, action="competitions.call.awarded", target=call,
                     data={"awarded": awarded, "ranked": len(outcomes), "unranked": len(unranked)})
    return call


@service
def call_publish_results(*, actor, community, call_id: int) -> Call:
    """Publish the ranking with every juror's scores, and tell each applicant."""
    require(policies.can_manage(actor, community), _("Only the community's staff publish results."))
    with transaction.atomic():
        call = _locked_call(community, call_id)
        if not call.awarded_at:
            raise Conflict(_("Award the grants before publishing the results."), code="not_awarded")
        if call.results_published_at:
            raise Conflict(_("The results are already published."), code="already_published")
        call.results_published_at = timezone.now()
        call.save(update_fields=["results_published_at", "updated_at"])
        applicants = Application.objects.filter(call=call).exclude(status=Status.DRAFT) \
            .values_list("applicant", flat=True).distinct()
        notify(community=community, recipients=get_user_model().objects.filter(pk__in=list(applicants)),
               event="competitions.results.published", title=gettext_lazy("Results of “{call}” are published"),
               url=community_path(community, "competitions:results", call.pk), params={"call": call.title})
        audit_record(actor=actor, community=community, action="competitions.call.published", target=call)
    return call
