"""What the community's site gives the transparency self-check: news published every week of a period, and officials
listed with their reception hours and work contacts (read from this capability's own data)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import NewsItem, Official


def weeks_with_news(*, community, start, end) -> tuple[int, int]:
    """(weeks of the period with at least one published news item, weeks in the period; a last part-week counts)."""
    since, until = TransparencyIndicator.moments(start, end)
    moments = NewsItem.objects.for_community(community).filter(
        is_draft=False, publish_at__gte=since, publish_at__lt=until).values_list("publish_at", flat=True)
    weeks = {(to_kyiv_date(moment) - start).days // 7 for moment in moments}
    return len(weeks), (end - start).days // 7 + 1


def news_every_week(community, start, end) -> dict:
    with_news, weeks = weeks_with_news(community=community, start=start, end=end)
    return TransparencyIndicator.share(
        with_news, weeks,
        value=_("News was published in %(with_news)d of %(weeks)d weeks of the period")
        % {"with_news": with_news, "weeks": weeks},
        evidence=[(_("News"), community_path(community, "site:news"))],
        advice=_("Publish the council's news every week: decisions taken, works started and finished, meetings."))


def officials_counts(*, community) -> tuple[int, int]:
    """(officials listed with reception hours and a work phone or email, officials listed), as the site stands now."""
    officials = Official.objects.for_community(community)
    complete = officials.exclude(reception_hours="").filter(~Q(work_phone="") | ~Q(work_email=""))
    return complete.count(), officials.count()


def officials_contacts(community, start, end) -> dict:
    complete, listed = officials_counts(community=community)
    value = (_("%(complete)d of %(listed)d officials listed have reception hours and work contacts")
             % {"complete": complete, "listed": listed} if listed else _("No official is listed on the site"))
    return TransparencyIndicator.share(
        complete, listed, value=value,
        evidence=[(_("Contacts"), community_path(community, "site:contacts"))],
        advice=_("List the mayor, the deputy mayors and the heads of departments with their reception hours, work "
                 "phone and email."))
