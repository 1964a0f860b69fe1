"""Surveys and quick polls: the survey, its sections, questions and choices, the responses and their typed answers.

No workflows here (services own them). Anonymity is structural: an anonymous survey's responses carry no user and
no respondent key; the one-per-person key of such a survey lives in Participation, which points at no response."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.core.storage import get_private_storage, random_name
from hromada.core.tenancy.models import CommunityOwned


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Audience(models.TextChoices):
    ANYONE = "anyone", _("anyone")
    EMAIL = "email", _("people with a verified email")
    STRONG = "strong", _("people with a strong identity")
    RESIDENTS = "residents", _("residents (of the community or an area)")


class Kind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    SHORT_TEXT = "short_text", _("short text")
    LONG_TEXT = "long_text", _("long text")
    NUMBER = "number", _("number")
    SCALE = "scale", _("scale")
    MATRIX = "matrix", _("matrix")
    RANKING = "ranking", _("ranking")
    DATE = "date", _("date")
    FILE = "file", _("file")


CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.MATRIX, Kind.RANKING})
TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})


class Survey(CommunityOwned):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    audience = models.CharField(_("who may answer"), max_length=10, choices=Audience.choices, default=Audience.ANYONE)
    # GeoJSON Polygon/MultiPolygon; empty = the whole community (only with the "residents" audience).
    area = models.JSONField(_("area"), null=True, blank=True)
    one_per_person = models.BooleanField(_("one response per person"), default=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    response_limit = models.PositiveIntegerField(_("response limit"), null=True, blank=True)
    results_public = models.BooleanField(_("results public"), default=True)
    quick = models.BooleanField(_("quick poll"), default=False)
    # Kept by response_submit in the same transaction (its conditional UPDATE also enforces the limit).
    response_count = models.PositiveIntegerField(_("responses"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "status", "-created_at"], name="surveys_list_idx")]

    def __str__(self) -> str:
        return self.title


class Section(CommunityOwned):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(CommunityOwned):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("hint"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # number: bounds of the value; scale: 1..max_value; multiple: at most max_value choices; text: at most max_value chars
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    # Shown only when the earlier question's answer includes this choice.
    condition_question = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="dependants")
    condition_choice = models.ForeignKey("Choice", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class Choice(CommunityOwned):
    class Role(models.TextChoices):
        OPTION = "option", _("option")
        ROW = "row", _("row")  # a matrix row; the matrix's columns are its options

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.OPTION)
    order = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class Response(CommunityOwned):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Both empty on an anonymous survey: nothing here leads to a person.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    respondent_key = models.CharField(max_length=64, null=True, blank=True)
    # An anonymous survey's responses keep the day only (a time would let one match them to sign-in logs).
    submitted_at = models.DateTimeField(_("submitted"), db_index=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent_key"], condition=Q(respondent_key__isnull=False),
                                    name="surveys_one_response_per_person"),
        ]
        indexes = [models.Index(fields=["survey", "submitted_at"], name="surveys_response_date_idx")]


class Participation(CommunityOwned):
    """That a person answered an anonymous one-per-person survey: the survey's keyed hash of the person, unique in
    the database, with no timestamp and no link to the response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    respondent_key = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "respondent_key"],
                                               name="surveys_one_participation_per_person")]


def _answer_file_path(instance, filename):
    return random_name(f"surveys/{instance.community_id}", filename)


class Answer(CommunityOwned):
    """One typed value: a chosen option (single, multiple: one row per option), a matrix cell (row + column), a
    ranked option (choice + position in `number`), a number or scale value, a text, a date or a private file.
    Typed columns make every aggregate a GROUP BY in SQL."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    row = models.ForeignKey(Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    file = models.FileField(upload_to=_answer_file_path, storage=get_private_storage, max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["survey", "question", "choice", "row"], name="surveys_answer_choice_idx"),
            models.Index(fields=["question", "number"], name="surveys_answer_number_idx"),
            # Filtered results (ADR 0036): the matching responses from the first, their answers from the second,
            # both read from the index alone.
            models.Index(fields=["survey", "question", "choice", "response"], name="surveys_answer_match_idx"),
            models.Index(fields=["response", "question", "choice", "row", "number", "date"],
                         name="surveys_answer_response_idx"),
        ]


class Tally(CommunityOwned):
    """The running results of a survey, kept by response_submit in the response's own transaction (one upsert
    that adds), so that the unfiltered results read a few dozen rows instead of every answer (ADR 0036).

    One row per question and slot: "" the question itself (how many responses answered it; the sum, lowest and
    highest of its numbers; its first and last date), "c<option>" an option (ranking: the sum of its positions),
    "c<column>r<row>" a matrix cell, "s<value>" a scale value, "b<n>" a histogram bucket of a number question with
    both bounds. Rebuilt from the answers by survey_tally_rebuild."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    slot = models.CharField(max_length=40, blank=True)
    count = models.BigIntegerField(default=0)
    total = models.FloatField(default=0.0)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    first_day = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "slot"], name="surveys_one_tally_per_slot")]
        indexes = [models.Index(fields=["survey", "question"], name="surveys_tally_survey_idx")]


def _export_file_path(instance, filename):
    return random_name(f"surveys/{instance.community_id}/exports", filename)


class Export(CommunityOwned):
    """An XLSX of a survey's responses built by a background job (minutes at 100,000 responses): who asked, how far
    it got (responses written of the total), and the finished file in private storage, served only to staff."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being written")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=_export_file_path, storage=get_private_storage, max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["survey", "-created_at"], name="surveys_export_survey_idx")]

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, 100 * self.done // self.total) if self.total else 0

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
