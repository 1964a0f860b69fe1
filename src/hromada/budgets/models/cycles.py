"""A budget cycle (one a year, or a school budget), its phases as a stored core.phases Schedule, who may vote,
and its funds: categories (large, small) and optional districts or schools, each with its own money and ballot rule."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned


class CycleKind(models.TextChoices):
    PUBLIC = "public", _("public budget")
    SCHOOL = "school", _("school budget")


class Eligibility(models.TextChoices):
    """Who may vote: a resident under the community's residency rule (which may be a declaration), a resident
    with a strong identity (BankID, qualified signature, Diia), or a student holding a code the school issued."""

    RESIDENT = "resident", _("resident (by the community's residency rule)")
    STRONG_RESIDENT = "strong_resident", _("resident with a strong identity")
    SCHOOL_CODE = "school_code", _("student with a school's code")


class TallyRule(models.TextChoices):
    GREEDY = "greedy", _("greedy by votes within the fund")
    MES = "mes", _("Method of Equal Shares")


class BallotRule(models.TextChoices):
    """How a ballot in one fund is filled (part 2's booth enforces it; the fields below parameterise it)."""

    APPROVAL = "approval", _("approval: at most N projects")
    KNAPSACK = "knapsack", _("knapsack: projects whose cost fits within the fund")
    THRESHOLD = "threshold", _("threshold: projects costing at least a percentage of the fund")


class Cycle(CommunityOwned):
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=CycleKind.choices, default=CycleKind.PUBLIC)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    # core.phases.Schedule.to_json(), validated by schedule_clean against the manifest's phases.
    schedule = models.JSONField(_("phases"), default=list, blank=True)
    eligibility = models.CharField(_("who may vote"), max_length=20, choices=Eligibility.choices,
                                   default=Eligibility.RESIDENT)
    min_age = models.PositiveSmallIntegerField(_("minimum age to vote"), default=0)
    tally_rule = models.CharField(_("tally rule"), max_length=10, choices=TallyRule.choices,
                                  default=TallyRule.GREEDY)
    supporters_required = models.PositiveIntegerField(_("supporters a proposal needs"), default=0)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    # The published tally: per fund its budget, the rule, the winners and the ballot count (no voter data).
    results = models.JSONField(_("results"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget cycle")
        verbose_name_plural = _("budget cycles")
        ordering = ["-year", "-pk"]
        constraints = [models.UniqueConstraint(fields=["community", "year", "kind", "title"],
                                               name="budgets_cycle_unique")]

    def __str__(self) -> str:
        return self.title


class Fund(CommunityOwned):
    """Money and the ballot rule of one part of a cycle; a ballot is cast per fund (its scope)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    fund = models.BigIntegerField(_("fund, kopiyky"), default=0)
    ballot_rule = models.CharField(_("ballot rule"), max_length=10, choices=BallotRule.choices,
                                   default=BallotRule.APPROVAL)
    min_projects = models.PositiveSmallIntegerField(_("minimum projects on a ballot"), default=1)
    max_projects = models.PositiveSmallIntegerField(_("maximum projects on a ballot (0: no limit)"), default=0)
    threshold_percent = models.PositiveSmallIntegerField(_("threshold, percent of the fund"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Category(Fund):
    """City-wide projects of one size (large, small), with their own fund."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="categories")

    class Meta(Fund.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="budgets_category_unique"),
            models.CheckConstraint(condition=Q(fund__gte=0) & Q(threshold_percent__lte=100),
                                   name="budgets_category_fund_valid"),
        ]


class District(Fund):
    """A district (a core.geo area: its GeoJSON polygon, optional) or, in a school budget, a school."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="districts")
    geometry = models.JSONField(_("area (GeoJSON Polygon or MultiPolygon)"), null=True, blank=True)

    class Meta(Fund.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="budgets_district_unique"),
            models.CheckConstraint(condition=Q(fund__gte=0) & Q(threshold_percent__lte=100),
                                   name="budgets_district_fund_valid"),
        ]
