"""The jury: each juror declares a conflict of interest (or none) per application, then scores it on every criterion
once, during the scoring phase; a conflicted juror never scores, and nobody's scores change after they are sent."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.phases import Schedule

from .. import policies, ranking
from ..models import Application, Juror, Review, Score, Status

NOTE_MAX = 500
COMMENT_MAX = 5000


def _jury_application(actor, community, application_id) -> tuple[Application, set[int]]:
    """The eligible application a juror of its call asks about; for anyone else, NotFound."""
    application = Application.objects.select_related("call").filter(community=community, pk=application_id).first() \
        if str(application_id).isdigit() else None
    if application is None:
        raise NotFound()
    juror_ids = set(Juror.objects.filter(call_id=application.call_id).values_list("user_id", flat=True))
    if not policies.is_juror(actor, juror_ids) or application.status != Status.ELIGIBLE:
        raise NotFound()
    return application, juror_ids


def _scoring_open(application: Application) -> None:
    window = next((w for w in Schedule.from_json(application.call.schedule).windows if w.key == "scoring"), None)
    if window is None or not window.is_open(timezone.now()) or application.call.awarded_at:
        raise Conflict(_("The jury scores only during the call's scoring phase."), code="scoring_closed")


@service
def review_declare(*, actor, community, application_id: int, conflict: bool, note: str = "") -> Review:
    """A juror's declaration on one application: with a conflict of interest they step aside from it for good."""
    require(policies.can_act_as_applicant(actor), _("Sign in as a juror."))
    application, _ids = _jury_application(actor, community, application_id)
    _scoring_open(application)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed(fields={"note": [_("At most %(max)s characters.") % {"max": NOTE_MAX}]})
    try:
        with transaction.atomic():
            review = Review.objects.create(community=community, application=application, juror=actor,
                                           conflict=bool(conflict), conflict_note=note if conflict else "")
            audit_record(actor=actor, community=community, action="competitions.review.declared", target=review,
                         data={"conflict": bool(conflict)})
    except IntegrityError:
        raise Conflict(_("You have already made your declaration on this application.")) from None
    return review


@service
def review_submit(*, actor, community, application_id: int, scores: Mapping, comment: str = "") -> Review:
    """A juror's scores, one per criterion within its maximum, sent once; nobody else's are shown to them before."""
    require(policies.can_act_as_applicant(actor), _("Sign in as a juror."))
    application, _ids = _jury_application(actor, community, application_id)
    comment = (comment or "").strip()
    criteria = list(application.call.criteria.all())
    values, errors = {}, {}
    given = {str(k): v for k, v in (scores or {}).items()}
    for criterion in criteria:
        value = given.pop(str(criterion.pk), None)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= criterion.max_score:
            errors[f"scores.{criterion.pk}"] = [_("A whole number from 0 to %(max)s.") % {"max": criterion.max_score}]
        else:
            values[criterion.pk] = value
    for key in given:
        errors[f"scores.{key}"] = [_("Not a criterion of this call.")]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("At most %(max)s characters.") % {"max": COMMENT_MAX}]
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(application=application, juror=actor).first()
        if review is None:
            raise Conflict(_("Declare first whether you have a conflict of interest."), code="not_declared")
        if review.conflict:
            raise Conflict(_("You declared a conflict of interest: you do not score this application."),
                           code="conflict_of_interest")
        if review.submitted_at:
            raise Conflict(_("Your scores are sent and no longer change."), code="already_scored")
        _scoring_open(application)
        if errors:
            raise ValidationFailed(fields=errors)
        Score.objects.bulk_create(Score(community=community, review=review, criterion_id=pk, value=value)
                                  for pk, value in values.items())
        review.weighted = ranking.weighted_score(criteria, values)
        review.submitted_at, review.comment = timezone.now(), comment
        review.save(update_fields=["weighted", "submitted_at", "comment"])
        audit_record(actor=actor, community=community, action="competitions.review.submitted", target=review)
    return review
