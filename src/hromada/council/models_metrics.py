"""Stored council metrics: faction lines per vote event and monthly sums per deputy, faction and pair, written by
council.metrics.council_metrics_refresh when votes change and summed in SQL by the selectors for any period.

Months are calendar months of VoteEvent.date (the first day stands for the month). Pages and the API never read
Vote rows to compute a figure: a period's figure is a SUM over at most 12 rows a year (see ADR 0019)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned

from .models import Organization, Person, VoteEvent, VoteOption


class FactionLine(CommunityOwned):
    """How one faction's present members voted in one vote event, and its line: the option with a strict
    plurality among for / against / abstained / did not vote (blank on a tie or when nobody was present)."""

    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="faction_lines")
    faction = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    yes = models.PositiveSmallIntegerField(default=0)
    no = models.PositiveSmallIntegerField(default=0)
    abstain = models.PositiveSmallIntegerField(default=0)
    not_voting = models.PositiveSmallIntegerField(default=0)
    absent = models.PositiveSmallIntegerField(default=0)
    line = models.CharField(_("faction line"), max_length=10, choices=VoteOption.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote_event", "faction"], name="council_line_unique")]
        indexes = [models.Index(fields=["community", "month"], name="council_line_month")]


class DeputyMonth(CommunityOwned):
    """One deputy's roll-call figures in one month. `possible` counts the vote events whose roll-call lists them
    (absent included), `countable` the present votes in a faction with a line on a vote that was not free."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="metric_months")
    month = models.DateField()
    possible = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    not_voting = models.PositiveIntegerField(default=0)
    absent = models.PositiveIntegerField(default=0)
    countable = models.PositiveIntegerField(default=0)
    rebellions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="council_deputy_month_unique")]
        indexes = [models.Index(fields=["community", "month"], name="council_deputy_month")]


class DeputyAgreement(CommunityOwned):
    """In one month: vote events where both deputies were present (`both`) and where they chose the same option
    (`same`). Stored both ways round (a row for (a, b) and one for (b, a)) so one deputy's pairs are one range."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    both = models.PositiveIntegerField(default=0)
    same = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "month", "other"], name="council_agree_unique")]
        indexes = [models.Index(fields=["community", "month"], name="council_agree_month")]


class DeputyFactionAgreement(CommunityOwned):
    """In one month: vote events where the deputy was present and the faction had a line (`both`), and where the
    deputy's option was that line (`same`)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    faction = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    both = models.PositiveIntegerField(default=0)
    same = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "month", "faction"],
                                               name="council_deputy_faction_unique")]
        indexes = [models.Index(fields=["community", "month"], name="council_deputy_faction_month")]


class FactionMonth(CommunityOwned):
    """One faction's figures in one month: its members' possible and attended votes, the vote events where it
    had a line, and the sum and number of its Rice indexes (|for − against| / (for + against))."""

    faction = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="metric_months")
    month = models.DateField()
    events = models.PositiveIntegerField(default=0)
    lines = models.PositiveIntegerField(default=0)
    possible = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    rebellions = models.PositiveIntegerField(default=0)
    rice_sum = models.FloatField(default=0)
    rice_events = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["faction", "month"], name="council_faction_month_unique")]
        indexes = [models.Index(fields=["community", "month"], name="council_faction_month")]


class FactionAgreement(CommunityOwned):
    """In one month: vote events where both factions had a line (`both`) and where the lines were the same."""

    faction = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    both = models.PositiveIntegerField(default=0)
    same = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["faction", "month", "other"],
                                               name="council_faction_agree_unique")]
        indexes = [models.Index(fields=["community", "month"], name="council_faction_agree_month")]


__all__ = ["DeputyAgreement", "DeputyFactionAgreement", "DeputyMonth", "FactionAgreement", "FactionLine",
           "FactionMonth"]
