"""Grant competitions: calls, their rules and criteria, the jury, applications with budget lines and private files,
juror reviews with conflict declarations and scores, and grantees' reports. Money is in kopiyky (integers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.storage import get_private_storage, random_name
from hromada.core.tenancy.models import CommunityOwned


class ApplicantType(models.TextChoices):
    NGO = "ngo", _("NGO")
    INITIATIVE_GROUP = "initiative_group", _("initiative group with a partner NGO")
    SOLE_PROPRIETOR = "sole_proprietor", _("sole proprietor")
    LEGAL_ENTITY = "legal_entity", _("legal entity")


class TieBreak(models.TextChoices):
    EARLIER_SUBMISSION = "earlier_submission", _("the earlier submitted application ranks higher")
    SMALLER_GRANT = "smaller_grant", _("the smaller requested grant ranks higher")


class Call(CommunityOwned):
    """A competition (конкурс): a fund shared out by a jury's ranking; phases in `schedule` (core.phases JSON)."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    fund = models.BigIntegerField(_("fund, kopiyky"))
    schedule = models.JSONField(_("phases"), default=list)
    tie_break = models.CharField(_("tie-break"), max_length=30, choices=TieBreak.choices,
                                 default=TieBreak.EARLIER_SUBMISSION)
    is_public = models.BooleanField(_("public"), default=True)
    # The application form's parts and the checks staff make before the jury: set with the call, frozen once
    # people have applied (an applicant must not find the rules changed under a submitted application).
    description_required = models.BooleanField(_("full description required"), default=False)
    attachments_required = models.PositiveSmallIntegerField(_("files required"), default=0)
    checks = models.JSONField(_("eligibility checks"), default=list, blank=True)
    awarded_at = models.DateTimeField(_("awarded"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(fund__gt=0), name="competitions_call_fund_positive")]

    def __str__(self) -> str:
        return self.title


class Rule(CommunityOwned):
    """Who may apply to a call and on what terms: the applicant's minimum own share and the grant's cap."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rules")
    applicant_type = models.CharField(_("applicant type"), max_length=20, choices=ApplicantType.choices)
    cofinancing_percent = models.PositiveSmallIntegerField(_("minimum co-financing, %"), default=0)
    cap = models.BigIntegerField(_("grant cap, kopiyky"))

    class Meta:
        verbose_name = _("eligibility rule")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["call", "applicant_type"], name="competitions_rule_once")]


class Criterion(CommunityOwned):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10)

    class Meta:
        verbose_name = _("scoring criterion")
        ordering = ["pk"]


class Juror(CommunityOwned):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("juror")
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="competitions_juror_once")]


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ELIGIBLE = "eligible", _("eligible")
    INELIGIBLE = "ineligible", _("not eligible")
    AWARDED = "awarded", _("awarded")
    NOT_AWARDED = "not_awarded", _("not awarded")


class Application(CommunityOwned):
    """A project an applicant asks a grant for. `tax_id` holds an EDRPOU (a public register's code); a sole
    proprietor's RNOKPP is personal data and lives only as its keyed hash in `tax_id_hash`."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    applicant_type = models.CharField(_("applicant type"), max_length=20, choices=ApplicantType.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    tax_id = models.CharField(_("EDRPOU"), max_length=8, blank=True)
    tax_id_hash = models.CharField(max_length=64)
    partner_name = models.CharField(_("partner NGO"), max_length=200, blank=True)
    partner_tax_id = models.CharField(_("partner NGO's EDRPOU"), max_length=8, blank=True)
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    cofinancing = models.BigIntegerField(_("own contribution, kopiyky"), default=0)
    total_cost = models.BigIntegerField(_("total cost, kopiyky"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    eligibility_note = models.TextField(_("eligibility decision"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    grant = models.BigIntegerField(_("grant, kopiyky"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One application per organisation or person per call, whatever account files it.
            models.UniqueConstraint(fields=["call", "tax_id_hash"], name="competitions_application_once"),
            models.CheckConstraint(condition=models.Q(cofinancing__gte=0), name="competitions_cofinancing_positive"),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def public_name(self) -> str:
        """The name results and open data show: an organisation's, or an initiative group's partner NGO; a sole
        proprietor's name is a person's and is never published."""
        if self.applicant_type == ApplicantType.SOLE_PROPRIETOR:
            return ""
        if self.applicant_type == ApplicantType.INITIATIVE_GROUP:
            return self.partner_name
        return self.organisation

    @property
    def requested(self) -> int:
        """The grant asked for: the budget's total less the applicant's own contribution."""
        return max(self.total_cost - self.cofinancing, 0)


class BudgetLine(CommunityOwned):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    item = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_cost = models.BigIntegerField(_("unit cost, kopiyky"))

    class Meta:
        ordering = ["pk"]

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_cost


def _file_path(instance, filename: str) -> str:
    return random_name(f"competitions/{instance.community_id}", filename)


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("awaiting staff")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned for changes")


class Report(CommunityOwned):
    """A grantee's progress report: what was done and how much of the grant is spent so far; staff accept it
    (then it is public on the results page) or return it with the reason."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    progress = models.TextField(_("progress"))
    spent = models.BigIntegerField(_("spent, kopiyky"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.SUBMITTED)
    review_note = models.TextField(_("staff's note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Attachment(CommunityOwned):
    """A file of an application (or of one of its reports), in private storage: served by a checked view only."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_file_path, storage=get_private_storage, max_length=200)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class Review(CommunityOwned):
    """One juror's word on one application: the conflict-of-interest declaration first, then the scores, sent
    once (`submitted_at`); a conflicted juror never scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    conflict = models.BooleanField(_("conflict of interest"))
    conflict_note = models.CharField(_("conflict explained"), max_length=500, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    weighted = models.FloatField(null=True, blank=True)  # 0..100, set when submitted
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "juror"], name="competitions_review_once")]


class Score(CommunityOwned):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="competitions_score_once")]
