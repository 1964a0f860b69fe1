"""Transparency self-check: the stored snapshots (one per community and period, with every indicator's result) and
the scores staff enter by hand for what the platform cannot evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hromada.core.tenancy.models import CommunityOwned

from .areas import SCORE_CHOICES


class SelfCheck(CommunityOwned):
    """A computed snapshot: the results JSON is a list of evaluation.result_for() dicts, `areas` the totals by area."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    computed_at = models.DateTimeField(_("computed"))
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("computed by"))
    methodology = models.CharField(_("methodology"), max_length=200)
    points = models.FloatField(pgettext_lazy("transparency", "points"), default=0)
    max_points = models.FloatField(_("maximum points"), default=0)
    areas = models.JSONField(_("totals by area"), default=dict)
    results = models.JSONField(_("indicator results"), default=list)

    class Meta:
        verbose_name = _("self-check")
        verbose_name_plural = _("self-checks")
        ordering = ["-period_end", "-period_start", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "period_start", "period_end"],
                                    name="transparency_selfcheck_period_unique"),
            models.CheckConstraint(condition=models.Q(period_start__lte=models.F("period_end")),
                                   name="transparency_selfcheck_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.period_start} – {self.period_end}"

    @property
    def percent(self) -> float | None:
        return round(100 * self.points / self.max_points, 1) if self.max_points else None


class ManualAssessment(CommunityOwned):
    """Staff's score for an indicator the platform cannot evidence, for a period, with the link that proves it."""

    code = models.CharField(_("indicator"), max_length=100)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    score_percent = models.PositiveSmallIntegerField(pgettext_lazy("transparency", "score"), choices=SCORE_CHOICES)
    evidence_url = models.URLField(_("evidence"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    class Meta:
        verbose_name = _("manual assessment")
        verbose_name_plural = _("manual assessments")
        ordering = ["code", "-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "code", "period_start", "period_end"],
                                    name="transparency_manual_period_unique"),
            models.CheckConstraint(condition=models.Q(period_start__lte=models.F("period_end")),
                                   name="transparency_manual_period_order"),
        ]
        indexes = [models.Index(fields=["community", "code", "period_end"], name="transparency_manual_lookup")]

    def __str__(self) -> str:
        return f"{self.code} {self.period_start} – {self.period_end}"
