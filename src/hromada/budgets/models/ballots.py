"""Ballots: one per voter per scope (a category's or a district's fund) of a cycle, enforced by the database;
paper ballots entered by staff and confirmed by a second person; and the one-use codes schools issue to students."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Range
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned

from .cycles import Category, Cycle, District


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper or a voting point")


# The most projects one ballot may hold (the services refuse more with a field error; the database refuses them too).
MAX_CHOICES = 200


class JSONArrayLength(models.Func):
    """The number of elements of a JSON array column, -1 for any other JSON value (a scalar or an object), so that a
    check constraint on the length also says "an array"."""

    arity = 1
    output_field = models.IntegerField()
    # SQLite's json_array_length answers 0 for a scalar; PostgreSQL's jsonb_array_length raises on one.
    template = "(CASE WHEN json_type(%(expressions)s) = 'array' THEN json_array_length(%(expressions)s) ELSE -1 END)"
    template_postgresql = ("(CASE WHEN jsonb_typeof(%(expressions)s) = 'array' THEN jsonb_array_length(%(expressions)s) "
                           "ELSE -1 END)")

    def _twice(self, compiler, connection, template: str):
        sql, params = compiler.compile(self.source_expressions[0])
        return template % {"expressions": sql}, tuple(params) * template.count("%(expressions)s")

    def as_sql(self, compiler, connection, **extra_context):
        return self._twice(compiler, connection, self.template)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self._twice(compiler, connection, self.template_postgresql)


class Ballot(CommunityOwned):
    """`voter_key` is a keyed hash that names the voter within the cycle (their strong identity, account or school
    code), never the person; exactly one of category and district is the scope. `project_ids` are the projects
    chosen, ascending, each once, in the ballot row itself (ADR 0025): a ballot is one row, written once and never
    changed, and its choices are read only with it (the tally, the public list, the receipt)."""

    # The foreign keys' own indexes are left out: the indexes below start with the same columns and serve every
    # query of ballots (by cycle, by cycle and voter, by fund for a fund's deletion), so a ballot's INSERT
    # maintains four indexes, not seven (ADR 0025).
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="ballots", db_index=False)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="ballots",
                                 db_index=False)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, related_name="ballots",
                                 db_index=False)
    voter_key = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    receipt = models.CharField(max_length=32, unique=True)
    project_ids = models.JSONField(default=list)
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["cycle", "voter_key"], name="budgets_ballot_cycle_voter")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(category__isnull=False) & Q(district__isnull=True))
                | (Q(category__isnull=True) & Q(district__isnull=False)),
                name="budgets_ballot_one_scope"),
            models.CheckConstraint(condition=Range(JSONArrayLength("project_ids"), (0, MAX_CHOICES)),
                                   name="budgets_ballot_projects_array"),
            models.UniqueConstraint(fields=["category", "voter_key"], condition=Q(category__isnull=False),
                                    name="budgets_ballot_once_per_category"),
            models.UniqueConstraint(fields=["district", "voter_key"], condition=Q(district__isnull=False),
                                    name="budgets_ballot_once_per_district"),
        ]


class PaperStatus(models.TextChoices):
    ENTERED = "entered", _("entered, awaiting a check")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class PaperBallot(CommunityOwned):
    """A paper ballot or a vote at a voting point (ЦНАП) as one staff member entered it; it counts once a second
    person checked it (the database refuses the same person), which creates its Ballot."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="paper_ballots")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    voting_point = models.CharField(_("voting point"), max_length=200, blank=True)
    voter_key = models.CharField(max_length=64)
    projects = models.JSONField(_("projects chosen"), default=list)  # project ids as entered
    status = models.CharField(max_length=10, choices=PaperStatus.choices, default=PaperStatus.ENTERED)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    ballot = models.OneToOneField(Ballot, null=True, blank=True, on_delete=models.SET_NULL, related_name="paper")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-entered_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(checked_by__isnull=True) | ~Q(checked_by=F("entered_by")),
                                   name="budgets_paper_second_person"),
            models.CheckConstraint(
                condition=(Q(category__isnull=False) & Q(district__isnull=True))
                | (Q(category__isnull=True) & Q(district__isnull=False)),
                name="budgets_paper_one_scope"),
        ]


class SchoolCodeBatch(CommunityOwned):
    """Codes a school's staff issued at once, printed as a list and handed out one per student."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="code_batches")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="code_batches",
                                 verbose_name=_("school"))
    label = models.CharField(_("label (e.g. a class)"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("codes"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]


class SchoolCode(CommunityOwned):
    """One student's code, kept only as a keyed hash (the printed list is the only plain copy); used once."""

    batch = models.ForeignKey(SchoolCodeBatch, on_delete=models.CASCADE, related_name="codes")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "code_hash"], name="budgets_school_code_unique")]
