"""Every read of grant competitions that is more than a one-liner: calls as a person may see them, applications for
their applicant, staff and jury, a juror's assignments, the published results with scores, and the open-data rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from hromada.core.errors import NotFound
from hromada.core.phases import Schedule

from . import eligibility, policies
from .models import Application, Attachment, Call, Juror, Report, ReportStatus, Review, Score, Status


def call_list(*, actor, community) -> QuerySet[Call]:
    calls = Call.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        calls = calls.filter(is_public=True)
    return calls.order_by("-created_at", "-pk")


def call_get(*, actor, community, call_id) -> Call:
    """One call; another community's, a hidden one or none at all are the same NotFound."""
    call = Call.objects.for_community(community).filter(pk=call_id).first() if str(call_id).isdigit() else None
    if call is None or not policies.can_see_call(actor, community, call):
        raise NotFound()
    return call


def call_terms(call: Call) -> dict:
    """A call as call_update's arguments (the staff form's initial data too)."""
    return {"title": call.title, "body": call.body, "fund": call.fund, "schedule": call.schedule,
            "tie_break": call.tie_break, "description_required": call.description_required,
            "attachments_required": call.attachments_required, "checks": list(call.checks),
            "rules": list(call.rules.order_by("pk").values("applicant_type", "cofinancing_percent", "cap")),
            "criteria": list(call.criteria.order_by("pk").values("name", "weight", "max_score")),
            "juror_ids": list(call.jurors.order_by("user_id").values_list("user_id", flat=True))}


def juror_emails(call: Call) -> list[str]:
    return list(Juror.objects.filter(call=call).order_by("user__email").values_list("user__email", flat=True))


def users_by_email(emails: list[str]) -> tuple[list[int], list[str]]:
    """The ids of the active accounts with these addresses (case ignored), and the addresses with none."""
    from django.contrib.auth import get_user_model

    wanted = {e.strip().lower() for e in emails if e.strip()}
    found = dict((email.lower(), pk) for pk, email in get_user_model().objects.filter(
        is_active=True, email__in={*wanted, *emails}).values_list("pk", "email"))
    if len(found) < len(wanted):  # addresses stored with capitals: look them up one by one, ignoring case
        for email in wanted - set(found):
            user = get_user_model().objects.filter(is_active=True, email__iexact=email).first()
            if user is not None:
                found[email] = user.pk
    return sorted(found.values()), sorted(wanted - set(found))


def terms_locked(call: Call) -> bool:
    """Whether the call's terms are frozen: someone has submitted an application (services.calls.TERMS)."""
    return bool(call.awarded_at) or Application.objects.filter(call=call).exclude(status=Status.DRAFT).exists()


def phase_of(call: Call):
    """The current phase window of a call, or None between phases."""
    return Schedule.from_json(call.schedule).current()


def juror_ids(call_id: int) -> set[int]:
    return set(Juror.objects.filter(call_id=call_id).values_list("user_id", flat=True))


def application_get(*, actor, community, application_id) -> Application:
    """One application for its applicant, the call's staff and jury, or anyone after the results (not a draft)."""
    application = Application.objects.select_related("call").filter(community=community, pk=application_id).first() \
        if str(application_id).isdigit() else None
    if application is None or not policies.can_see_application(actor, community, application,
                                                                 juror_ids(application.call_id)):
        raise NotFound()
    return application


def application_budget(application: Application) -> list:
    return list(application.budget_lines.all())


def application_attachments(application: Application) -> list[Attachment]:
    return list(application.attachments.filter(report__isnull=True))


def application_reports(application: Application, *, everything: bool) -> list[Report]:
    """A project's reports: all of them for the grantee and staff (`everything`), the accepted ones for others."""
    rows = application.reports.prefetch_related("attachments")
    return list(rows if everything else rows.filter(status=ReportStatus.ACCEPTED))


def report_application_id(*, community, report_id) -> int | None:
    return Report.objects.filter(community=community, pk=report_id).values_list("application_id", flat=True) \
        .first() if str(report_id).isdigit() else None


def accepted_reports(call: Call) -> dict[int, list[Report]]:
    """The accepted grantees' reports of a call, by application: what the results page shows."""
    grouped: dict[int, list[Report]] = defaultdict(list)
    for report in Report.objects.filter(application__call=call, status=ReportStatus.ACCEPTED).select_related(
            "application").order_by("application__rank", "created_at", "pk"):
        grouped[report.application_id].append(report)
    return grouped


def attachment_get(*, actor, community, attachment_id) -> Attachment:
    """A private file: for the applicant, the call's staff and jury only (published results do not open files)."""
    attachment = Attachment.objects.select_related("application__call").filter(
        community=community, pk=attachment_id).first() if str(attachment_id).isdigit() else None
    if attachment is None:
        raise NotFound()
    application = attachment.application
    if not (policies.is_applicant(actor, application) or policies.can_manage(actor, community)
            or (application.status != Status.DRAFT and policies.is_juror(actor, juror_ids(application.call_id)))):
        raise NotFound()
    return attachment


def my_applications(*, actor, community) -> QuerySet[Application]:
    if not getattr(actor, "is_authenticated", False):
        return Application.objects.none()
    return Application.objects.filter(community=community, applicant=actor).select_related("call") \
        .order_by("-created_at", "-pk")


def call_applications(*, actor, community, call: Call, status: str = "") -> QuerySet[Application]:
    """The staff's queue of a call: every submitted application (drafts are the applicant's own)."""
    if not policies.can_manage(actor, community):
        raise NotFound()
    rows = Application.objects.filter(call=call).exclude(status=Status.DRAFT)
    if status in Status.values:
        rows = rows.filter(status=status)
    return rows.annotate(scored=Count("reviews", filter=Q(reviews__submitted_at__isnull=False))) \
        .order_by("rank", "submitted_at", "pk")


def call_rules(call: Call) -> dict:
    """The call's rules by applicant type, read once for a page of applications."""
    return {rule.applicant_type: rule for rule in call.rules.all()}


def eligibility_findings(application: Application, rules: dict | None = None) -> list[eligibility.Finding]:
    rules = call_rules(application.call) if rules is None else rules
    rule = rules.get(application.applicant_type)
    if rule is None:
        return [eligibility.Finding("applicant_type", False, "")]
    return eligibility.terms_findings(rule, total_cost=application.total_cost, cofinancing=application.cofinancing)


def jury_assignments(*, actor, community) -> list[Application]:
    """The eligible applications of the calls where the person sits on the jury, each with their own review
    (`mine`: None until they declare)."""
    if not getattr(actor, "is_authenticated", False):
        return []
    rows = list(Application.objects.filter(
        community=community, status__in=(Status.ELIGIBLE, Status.AWARDED, Status.NOT_AWARDED),
        call__jurors__user=actor).select_related("call").prefetch_related(
        Prefetch("reviews", queryset=Review.objects.filter(juror=actor), to_attr="my_reviews"))
        .order_by("call_id", "submitted_at", "pk"))
    for row in rows:
        row.mine = row.my_reviews[0] if row.my_reviews else None
    return rows


def reviews_visible(*, actor, community, application: Application) -> list[Review]:
    """The jury's scores on an application as this person may see them: none for a juror before they send their
    own (or when they stepped aside), all for staff and, once published, for everyone."""
    call = application.call
    sitting = policies.is_juror(actor, juror_ids(call.pk)) and call.results_published_at is None
    if sitting or not policies.can_see_all_scores(actor, community, call):
        # A juror (staff or not) sees the others' scores only after sending their own.
        mine = Review.objects.filter(application=application, juror_id=getattr(actor, "pk", None)).first()
        if mine is None or mine.conflict or mine.submitted_at is None:
            return []
    return list(Review.objects.filter(application=application, submitted_at__isnull=False)
                .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion").order_by("criterion_id")))
                .order_by("pk"))


def results(*, actor, community, call: Call) -> QuerySet[Application]:
    """The ranking of a call: public once published, staff see it after awarding."""
    if not policies.can_see_all_scores(actor, community, call) or not call.awarded_at:
        raise NotFound()
    return Application.objects.filter(call=call, status__in=(Status.AWARDED, Status.NOT_AWARDED)).order_by("rank", "pk")


def with_criterion_means(rows) -> list[Application]:
    """The rows (a page of the ranking) each with `criterion_means`: the jurors' mean score per criterion id."""
    rows = list(rows)
    means: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for application_id, criterion_id, value in Score.objects.filter(
            review__application__in=[row.pk for row in rows], review__submitted_at__isnull=False).values_list(
            "review__application_id", "criterion_id", "value"):
        means[application_id][criterion_id].append(value)
    for row in rows:
        row.criterion_means = {c: round(sum(v) / len(v), 2) for c, v in means[row.pk].items()}
    return rows


def call_totals(call: Call) -> dict:
    """How much of the fund is awarded and how many applied."""
    agg = Application.objects.filter(call=call).exclude(status=Status.DRAFT).aggregate(
        applied=Count("pk"), awarded=Sum("grant", filter=Q(status=Status.AWARDED)))
    return {"applied": agg["applied"], "awarded": agg["awarded"] or 0, "left": call.fund - (agg["awarded"] or 0)}


def result_open_data_rows(community) -> Iterator[dict]:
    """Published results only; a sole proprietor's or an initiative group's members' names never appear."""
    rows = Application.objects.filter(community=community, call__results_published_at__isnull=False,
                                      call__is_public=True, status__in=(Status.AWARDED, Status.NOT_AWARDED)) \
        .select_related("call").order_by("call_id", "rank", "pk")
    for row in rows.iterator(chunk_size=500):
        yield {"call_id": row.call_id, "call_title": row.call.title, "application_id": row.pk,
               "project_title": row.title, "applicant_type": row.applicant_type, "organisation": row.public_name,
               "score": row.score, "rank": row.rank, "status": row.status, "requested_uah": row.requested / 100,
               "grant_uah": (row.grant or 0) / 100, "results_published_at": row.call.results_published_at.isoformat()}
