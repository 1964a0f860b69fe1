"""Answering a survey: one response, checked question by question and written whole in one transaction.

One response per person is the database's: a unique (survey, keyed hash of the person) on the response, or, for an
anonymous survey, on a Participation row that points at no response; the response limit is a conditional UPDATE."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.api.ratelimit import RateKey, check_caller_rate
from hromada.core.audit.services import audit_record
from hromada.core.counters import write_gate
from hromada.core.errors import Conflict, NotFound, RateLimited, ValidationFailed
from hromada.core.geo.geojson import validate_point
from hromada.core.identity.actors import is_system
from hromada.core.identity.guard import require, service

from .. import policies
from ..answers import clean_answers
from ..models import Answer, Audience, Choice, Participation, Response, Status, Survey
from ..respondents import respondent_key
from ..tally import response_aggregates, tally_add

RATE_PER_USER = "30/h"
RATE_PER_IP = "300/h"


def _refusal(actor, survey: Survey) -> str:
    if not getattr(actor, "is_authenticated", False):
        return _("Sign in to answer this survey.")
    reasons: dict[str, str] = {
        Audience.EMAIL: _("This survey is for people with a verified email address."),
        Audience.STRONG: _("This survey is for people who verified their identity (BankID, ID.GOV.UA)."),
        Audience.RESIDENTS: _("This survey is for the community's residents.")}
    return reasons.get(str(survey.audience), _("You may not answer this survey."))


def _check_area(survey: Survey, location) -> None:
    """A residents' survey with an area asks where the person lives (a point they give): it must be inside."""
    if survey.audience != Audience.RESIDENTS or not survey.area:
        return
    from shapely.geometry import Point, shape

    if not location:
        raise ValidationFailed(fields={"location": [_("Show where you live: this survey is for one area.")]})
    try:
        lat, lon = location
    except (TypeError, ValueError):
        raise ValidationFailed(fields={"location": [_("Give a latitude and a longitude.")]}) from None
    lat, lon = validate_point(lat, lon, field_lat="location_lat", field_lon="location_lon")
    if not shape(survey.area).covers(Point(lon, lat)):
        raise Conflict(_("This survey is for the residents of another area."), code="outside_area",
                       fields={"location": [_("Outside the survey's area.")]})


@service
def response_submit(*, actor, community, survey_id: int, answers: dict[str, Any], location=None,
                    caller: RateKey | None = None) -> Response:
    """Check every visible question (type, required, limits, conditions) and write the response with all its
    answers at once, or nothing. 409 `already_responded`, `limit_reached`, `not_open`."""
    try:
        survey = Survey.objects.filter(community=community, pk=int(survey_id)).first()
    except (TypeError, ValueError):
        survey = None
    if survey is None or not policies.can_see(actor, community, survey):
        raise NotFound()
    try:
        check_caller_rate(caller, f"surveys.respond:{community.pk}",
                          per_user=getattr(settings, "HROMADA_RATE_SURVEYS_RESPOND_USER", RATE_PER_USER),
                          per_ip=getattr(settings, "HROMADA_RATE_SURVEYS_RESPOND_IP", RATE_PER_IP))
    except RateLimited as refusal:
        raise RateLimited(_("Too many responses in a short time. Wait a little and try again."),
                          retry_after=refusal.retry_after) from None
    now = timezone.now()
    if survey.status != Status.OPEN or (survey.opens_at and now < survey.opens_at) or (
            survey.closes_at and now >= survey.closes_at):
        require(True)
        raise Conflict(_("This survey is not taking responses."), code="not_open")
    require(policies.can_respond(actor, community, survey), _refusal(actor, survey), code="audience")
    if is_system(actor):
        raise ValidationFailed(fields={"actor": [_("Responses come from people.")]})
    if not isinstance(answers, dict):
        raise ValidationFailed(fields={"answers": [_("An object of answers by question.")]})
    _check_area(survey, location)
    questions = list(survey.questions.order_by("order", "pk"))
    choices_of: dict[int, list[Choice]] = {}
    for choice in Choice.objects.filter(question__survey=survey).order_by("order", "pk"):
        choices_of.setdefault(choice.question_id, []).append(choice)
    cleaned, errors = clean_answers(questions, choices_of, answers)
    if errors:
        raise ValidationFailed(fields=errors)
    if not cleaned:
        raise ValidationFailed(fields={"answers": [_("Answer at least one question.")]})
    signed_in = bool(getattr(actor, "is_authenticated", False))
    key = respondent_key(survey, actor) if survey.one_per_person and signed_in else None
    stored: list = []
    try:
        with write_gate(), transaction.atomic():
            if key and survey.anonymous:
                Participation.objects.create(community=community, survey=survey, respondent_key=key)
            won = Survey.objects.filter(pk=survey.pk, status=Status.OPEN).filter(
                Q(response_limit__isnull=True) | Q(response_count__lt=F("response_limit"))
            ).update(response_count=F("response_count") + 1)
            if not won:
                raise Conflict(_("This survey has received all the responses it takes."), code="limit_reached")
            response = Response.objects.create(
                community=community, survey=survey,
                user=actor if signed_in and not survey.anonymous else None,
                respondent_key=None if survey.anonymous else key,
                # An anonymous response keeps the day only.
                submitted_at=now.replace(hour=0, minute=0, second=0, microsecond=0) if survey.anonymous else now)
            rows = []
            for question_id, result in cleaned.items():
                for choice_id, row_id, number, text, day in result.values:
                    answer = Answer(community=community, survey=survey, response=response, question_id=question_id,
                                    choice_id=choice_id, row_id=row_id, number=number, text=text, date=day)
                    if result.file is not None:
                        answer.file.save(f"answer{result.file.extension}", result.file.content, save=False)
                        answer.file_type = result.file.content_type
                        stored.append(answer.file.name)
                    rows.append(answer)
            Answer.objects.bulk_create(rows)
            # The running results, in the same transaction: this response counts in them exactly when it exists.
            tally_add(survey, response_aggregates({q.pk: q for q in questions}, cleaned))
            audit_record(actor=None if survey.anonymous else actor, community=community,
                         action="surveys.response.submitted", target=survey,
                         data={} if survey.anonymous else {"response": response.pk})
    except IntegrityError:
        _forget_files(stored)
        raise Conflict(_("You have already answered this survey."), code="already_responded") from None
    except BaseException:
        _forget_files(stored)
        raise
    return response


def _forget_files(names: list[str]) -> None:
    from hromada.core.storage import private_storage

    for name in names:
        private_storage.delete(name)
