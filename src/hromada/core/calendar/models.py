"""CalendarDay: a community's override of one date (a day off declared, or a working Saturday)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned


class CalendarDay(CommunityOwned):
    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["community", "date"], name="calendar_day_unique")]

    def __str__(self) -> str:
        return f"{self.date}: {'working' if self.is_working_day else 'day off'}"
