"""Services: the catalogue of the community's ЦНАП (categories and services), residents' online applications
with their files, and the payment requests for fees. No workflows here: they are in services/."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.storage import get_private_storage, random_name
from hromada.core.tenancy.models import CommunityOwned


class Category(CommunityOwned):
    title = models.CharField(_("title"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["position", "title", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "title"], name="services_category_unique_title")]

    def __str__(self) -> str:
        return self.title


class FeeKind(models.TextChoices):
    FREE = "free", _("free of charge")
    FIXED = "fixed", _("fixed fee")
    PER_APPLICATION = "per_application", _("set for each application")


class Service(CommunityOwned):
    """One administrative or municipal service, as the catalogue shows it; `form` is the online form staff
    define (a list of fields, see application_forms), used only when `online` is on."""

    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="services",
                                 verbose_name=_("category"))
    summary = models.TextField(_("what it is"), blank=True)
    who_may_apply = models.TextField(_("who may apply"), blank=True)
    documents = models.TextField(_("documents to bring or attach"), blank=True)
    fee_kind = models.CharField(_("fee"), max_length=20, choices=FeeKind.choices, default=FeeKind.FREE)
    fee_amount = models.DecimalField(_("fee, UAH"), max_digits=11, decimal_places=2, null=True, blank=True)
    term_days = models.PositiveSmallIntegerField(_("term, working days"), default=10)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    where = models.TextField(_("where and how"), blank=True)
    in_person = models.BooleanField(_("in person at the ЦНАП"), default=True)
    online = models.BooleanField(_("online here"), default=False)
    diia_url = models.URLField(_("on the Diia portal"), blank=True, max_length=300)
    identity_level = models.PositiveSmallIntegerField(_("identity needed to apply online"), default=2)
    form = models.JSONField(_("online form"), default=list, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["community", "is_public", "title"], name="services_public_title")]

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    IN_REVIEW = "in_review", _("in review")
    NEEDS_INFO = "needs_info", _("needs more information")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    ISSUED = "issued", _("issued")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO, Status.APPROVED)


class Application(CommunityOwned):
    """A resident's application for a service: personal data, seen only by the applicant and staff."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="applications",
                                verbose_name=_("service"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("applicant"))
    number = models.CharField(_("number"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    note = models.TextField(_("message to the applicant"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    deadline = models.DateField(_("due by"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("handled by"))

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["community", "status", "deadline"], name="services_app_queue"),
                   models.Index(fields=["community", "applicant"], name="services_app_applicant")]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


class FileKind(models.TextChoices):
    ATTACHMENT = "attachment", _("the applicant's document")
    DECISION = "decision", _("document of the decision")


def _file_path(instance, filename):
    return random_name(f"services/{instance.community_id}/applications", extension=instance.extension)


class ApplicationFile(CommunityOwned):
    """A private file of an application: served only to its applicant and the community's staff."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=FileKind.choices, default=FileKind.ATTACHMENT)
    label = models.CharField(_("document"), max_length=200, blank=True)  # the required document it answers
    file = models.FileField(upload_to=_file_path, storage=get_private_storage, max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("awaiting payment")
    RECEIVED = "received", _("received")
    CANCELLED = "cancelled", _("cancelled")


class Payment(CommunityOwned):
    """A request to pay a fee for an application; `reference` goes into the purpose so the bank statement can
    be matched to it. It is received only when staff mark it or a bank statement shows it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    reference = models.CharField(_("payment reference"), max_length=20)
    amount = models.DecimalField(_("amount, UAH"), max_digits=11, decimal_places=2)
    purpose = models.CharField(_("purpose"), max_length=140)
    status = models.CharField(_("status"), max_length=20, choices=PaymentStatus.choices,
                              default=PaymentStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    received_source = models.CharField(_("confirmed by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["community", "reference"],
                                               name="services_payment_unique_reference")]

    def __str__(self) -> str:
        return self.reference
