"""Every write to petitions: create, edit, submit, publish, reject, mark duplicate, sign, assign, answer,
close and flag overdue. Each checks its policy, writes in one transaction, audits and notifies after commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hromada.core.api.ratelimit import RateKey
from hromada.core.audit.services import audit_record
from hromada.core.calendar.working_days import add_months, deadline_in_working_days, end_of_day, to_kyiv_date
from hromada.core.counters import write_gate
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Department, IdentityLevel, Role, User
from hromada.core.identity.policies import strong_identity
from hromada.core.identity.selectors import members_with_role
from hromada.core.jobs.enqueue import enqueue_on_commit
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path
from hromada.core.text import visible_length
from hromada.core.uploads import clean_document

from . import policies
from .flows import publish as publish_record
from .models import SIGNATURES, Attachment, Category, Decision, Petition, Signature, Status
from .ratelimits import check_create_rate, check_sign_rate
from .selectors import rejection_reasons, signature_count
from .signing import SIGNING, SignatureIntent

MAX_CO_AUTHORS = 5
ANSWER_ATTACHMENTS = frozenset({"pdf", "image", "office"})  # what councils attach: scans, decisions, tables
MAX_COLLECTION_DAYS = 90


def _now():
    return timezone.now()


def _url(community, petition) -> str:
    return community_path(community, "petitions:detail", petition.pk)


def _authors(petition) -> list:
    return [petition.author, *petition.co_authors.all()]


def _staff(community, *roles) -> list:
    return list(members_with_role(community=community, roles=roles))


def _own(community, petition: Petition) -> Petition:
    # "Not yours" must look exactly like "not found".
    if petition is None or petition.community_id != community.pk:
        raise NotFound()
    return petition


def _locked(community, petition: Petition) -> Petition:
    """Re-read the petition under a row lock so two moderators cannot both move it; the caller's instance
    is refreshed in place, so it sees the result of the service."""
    try:
        fresh = Petition.objects.select_for_update().get(pk=petition.pk, community=community)
    except Petition.DoesNotExist as exc:
        raise NotFound() from exc
    for field in Petition._meta.concrete_fields:
        setattr(petition, field.attname, getattr(fresh, field.attname))
    return petition


def _check_moderator(actor, community, petition: Petition) -> None:
    _own(community, petition)
    require(policies.can_moderate_petitions(actor, community))


def _expect(petition: Petition, *statuses: str) -> None:
    if petition.status not in statuses:
        raise Conflict(_("This cannot be done while the petition is “{status}”.").format(
            status=petition.get_status_display()), code="wrong_status")


def _clean_content(community, *, title: str, text: str, category_id) -> tuple[str, str, Category | None]:
    title = (title or "").strip()
    text = (text or "").strip()
    errors: dict[str, list] = {}
    if visible_length(title) < 10:
        errors["title"] = [_("Give the petition a title of at least 10 characters.")]
    elif len(title) > 200:
        errors["title"] = [_("The title can be at most 200 characters long.")]
    if visible_length(text) < 50:
        errors["text"] = [_("Explain the petition in at least 50 characters.")]
    elif len(text) > 10_000:
        errors["text"] = [_("The text can be at most 10,000 characters long.")]
    category = None
    if category_id not in (None, ""):
        try:
            category = Category.objects.get(pk=int(category_id), community=community, is_active=True)
        except (Category.DoesNotExist, TypeError, ValueError):
            errors["category"] = [_("Choose a category from the list.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return title, text, category


def _co_authors(author, emails) -> list:
    emails = [e.strip().lower() for e in (emails or []) if e and e.strip()]
    if len(emails) > MAX_CO_AUTHORS:
        raise ValidationFailed(fields={"co_authors": [_("At most 5 co-authors.")]})
    users = list(User.objects.filter(email__in=emails, is_active=True))
    missing = sorted(set(emails) - {u.email for u in users})
    if missing:
        raise ValidationFailed(fields={"co_authors": [
            _("No account with these emails: {emails}.").format(emails=", ".join(missing))]})
    return [u for u in users if u.pk != author.pk]


@service
def petition_create(*, actor, community, title: str, text: str, category_id=None,
                    co_author_emails: list[str] | None = None, caller: RateKey | None = None) -> Petition:
    """A new draft by `actor`; it becomes visible to others only once a moderator publishes it."""
    check_create_rate(caller, community)
    require(policies.can_create(actor, community), _("Confirm your email address to file a petition."))
    title, text, category = _clean_content(community, title=title, text=text, category_id=category_id)
    co_authors = _co_authors(actor, co_author_emails)
    with transaction.atomic():
        petition = Petition.objects.create(
            community=community, title=title, text=text, category=category, author=actor,
            search_text=f"{title}\n{text}".casefold(),
        )
        petition.co_authors.set(co_authors)
        audit_record(actor=actor, community=community, action="petitions.petition.created", target=petition,
                     data={"co_authors": [u.pk for u in co_authors]})
    return petition


@service
def petition_update(*, actor, community, petition: Petition, title: str, text: str, category_id=None,
                    co_author_emails: list[str] | None = None) -> Petition:
    _own(community, petition)
    require(policies.can_edit(actor, community, petition), _("Only the author can edit a draft."))
    title, text, category = _clean_content(community, title=title, text=text, category_id=category_id)
    co_authors = _co_authors(actor, co_author_emails)
    with transaction.atomic():
        petition = _locked(community, petition)
        _expect(petition, Status.DRAFT)
        petition.title, petition.text, petition.category = title, text, category
        petition.search_text = f"{title}\n{text}".casefold()
        petition.save(update_fields=["title", "text", "category", "search_text"])
        petition.co_authors.set(co_authors)
        audit_record(actor=actor, community=community, action="petitions.petition.updated", target=petition)
    return petition


@service
def petition_submit(*, actor, community, petition: Petition) -> Petition:
    """Send the draft to moderation; the publication term (working days) starts now."""
    _own(community, petition)
    require(policies.can_submit(actor, community, petition), _("Only the author can submit the petition."))
    now = _now()
    with transaction.atomic():
        petition = _locked(community, petition)
        _expect(petition, Status.DRAFT)
        petition.status = Status.SUBMITTED
        petition.submitted_at = now
        petition.moderation_deadline = deadline_in_working_days(
            community, now, max(0, community.setting("petitions", "moderation_working_days")))
        petition.save(update_fields=["status", "submitted_at", "moderation_deadline"])
        audit_record(actor=actor, community=community, action="petitions.petition.submitted", target=petition,
                     data={"moderation_deadline": petition.moderation_deadline})
        notify(community=community, recipients=_staff(community, Role.MODERATOR, Role.ADMIN),
               event="petitions.petition.submitted", title=_("New petition to moderate: “{title}”"),
               url=community_path(community, "petitions:moderation"), params={"title": petition.title},
               exclude=actor)
    return petition


def _collection_end(community, start) -> datetime:
    """The collection period is calendar days chosen by the community, capped at 3 months by art. 23-1."""
    days = min(max(1, community.setting("petitions", "collection_days")), MAX_COLLECTION_DAYS)
    first = to_kyiv_date(start)
    return end_of_day(min(first + timedelta(days=days), add_months(first, 3)))


@service
def petition_publish(*, actor, community, petition: Petition) -> Petition:
    """The moderator publishes: collection starts with the community's current threshold and identity rule."""
    _check_moderator(actor, community, petition)
    now = _now()
    with transaction.atomic():
        petition = _locked(community, petition)
        _expect(petition, Status.SUBMITTED)
        petition.status = Status.COLLECTING
        petition.published_at = now
        petition.collection_ends_at = _collection_end(community, now)
        petition.threshold = max(1, community.setting("petitions", "threshold"))
        petition.required_identity_level = policies.required_identity_level(community)
        petition.save(update_fields=["status", "published_at", "collection_ends_at", "threshold",
                                     "required_identity_level"])
        SIGNATURES.prepare(petition.pk)
        audit_record(actor=actor, community=community, action="petitions.petition.published", target=petition,
                     data={"threshold": petition.threshold, "collection_ends_at": petition.collection_ends_at})
        notify(community=community, recipients=_authors(petition), event="petitions.petition.published",
               title=_("Your petition “{title}” is published: collection of signatures has started"),
               url=_url(community, petition), params={"title": petition.title}, exclude=actor)
    return petition


def _reject(*, actor, community, petition: Petition, reason: str, comment: str, duplicate_of: Petition | None,
            action: str) -> Petition:
    _check_moderator(actor, community, petition)
    now = _now()
    with transaction.atomic():
        petition = _locked(community, petition)
        _expect(petition, Status.SUBMITTED)
        petition.status = Status.REJECTED
        petition.rejected_at = now
        petition.rejection_reason = reason
        petition.rejection_comment = comment
        petition.duplicate_of = duplicate_of
        petition.save(update_fields=["status", "rejected_at", "rejection_reason", "rejection_comment",
                                     "duplicate_of"])
        audit_record(actor=actor, community=community, action=action, target=petition,
                     data={"reason": reason, "duplicate_of": duplicate_of.pk if duplicate_of else None})
        notify(community=community, recipients=_authors(petition), event="petitions.petition.rejected",
               title=_("Your petition “{title}” was not published"), body=_("Reason: {reason}. {comment}"),
               url=_url(community, petition), params={"title": petition.title, "reason": reason,
                                                      "comment": comment}, exclude=actor)
    return petition


@service
def petition_reject(*, actor, community, petition: Petition, reason: str, comment: str = "") -> Petition:
    """Refuse publication with one of the community's reasons (art. 23-1: refusal must be reasoned)."""
    reason = (reason or "").strip()
    if reason not in rejection_reasons(community):
        raise ValidationFailed(fields={"reason": [_("Choose a reason from the community's list.")]})
    return _reject(actor=actor, community=community, petition=petition, reason=reason,
                   comment=(comment or "").strip()[:2000], duplicate_of=None, action="petitions.petition.rejected")


@service
def petition_mark_duplicate(*, actor, community, petition: Petition, original_id, comment: str = "") -> Petition:
    """Refuse publication because `original_id` (a published petition of this community) asks the same."""
    try:
        original = Petition.objects.get(pk=int(original_id), community=community)
    except (Petition.DoesNotExist, TypeError, ValueError) as exc:
        raise ValidationFailed(fields={"original_id": [_("No such petition in this community.")]}) from exc
    if original.pk == petition.pk or original.status in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED):
        raise ValidationFailed(fields={"original_id": [_("Choose a published petition.")]})
    return _reject(actor=actor, community=community, petition=petition, reason=str(_("duplicate")),
                   comment=(comment or "").strip()[:2000], duplicate_of=original,
                   action="petitions.petition.marked_duplicate")


def _sign_refusal(actor, petition: Petition) -> str | Promise:
    if not getattr(actor, "is_authenticated", False):
        return _("Sign in to sign the petition.")
    if petition.required_identity_level >= IdentityLevel.STRONG:
        return _("Signing this petition needs a strong identity (BankID, ID.GOV.UA or a qualified e-signature).")
    return _("Confirm your email address to sign.")


@service
def petition_sign(*, actor, community, petition: Petition, caller: RateKey | None = None) -> Signature:
    """One signature per person. The hot path: the signatures of everyone signing at this moment are written
    together (group commit, signing.py): one INSERT, one increment of a random counter shard and one INSERT of
    audit rows per batch; no lock on the petition row, and no single counter row either (core.counters shares
    the increments among shards)."""
    _own(community, petition)
    check_sign_rate(caller, community)
    if not getattr(actor, "is_authenticated", False):
        require(False, _sign_refusal(actor, petition))
    now = _now()
    if petition.status != Status.COLLECTING or (petition.collection_ends_at and now > petition.collection_ends_at):
        raise Conflict(_("This petition is not collecting signatures."), code="not_collecting")
    require(policies.can_sign(actor, community, petition), _sign_refusal(actor, petition), code="identity_required")
    identity = strong_identity(actor)
    identity_hash, name = identity if identity is not None else (None, actor.display_name)
    # Written with the signatures of everyone else signing at this moment, in one transaction (signing.py).
    signature = SIGNING.submit(SignatureIntent(community=community, petition=petition, signer=actor,
                                               public_name=name, identity_hash=identity_hash))
    # The count after the batch committed includes this signature and every one committed before. The conditional
    # UPDATE in _reach_threshold lets exactly one signer move the petition on.
    total = signature.count_after  # type: ignore[attr-defined]
    if total >= petition.threshold > 0 and petition.status == Status.COLLECTING:
        with write_gate(), transaction.atomic():
            _reach_threshold(community=community, petition=petition, total=total, actor=actor)
    return signature


def _reach_threshold(*, community, petition: Petition, total: int, actor) -> bool:
    """Move to consideration exactly once: the conditional UPDATE lets only one transaction win."""
    now = _now()
    deadline = deadline_in_working_days(
        community, now, max(0, community.setting("petitions", "consideration_working_days")))
    won = Petition.objects.filter(pk=petition.pk, status=Status.COLLECTING).update(
        status=Status.THRESHOLD_REACHED, threshold_reached_at=now, consideration_deadline=deadline)
    if not won:
        return False
    petition.status, petition.threshold_reached_at, petition.consideration_deadline = (
        Status.THRESHOLD_REACHED, now, deadline)
    audit_record(actor=actor, community=community, action="petitions.petition.threshold_reached", target=petition,
                 data={"signatures": total, "consideration_deadline": deadline})
    publish_record(petition, "threshold_reached", community=community, actor=actor)
    notify(community=community, recipients=[*_authors(petition), *_staff(community, Role.MODERATOR, Role.ADMIN)],
           event="petitions.petition.threshold_reached",
           title=_("Petition “{title}” has collected the signatures needed"),
           body=_("The council will consider it by {deadline}."), url=_url(community, petition),
           params={"title": petition.title, "deadline": to_kyiv_date(deadline).isoformat()})
    _notify_signers_after_commit(petition, "threshold_reached")
    return True


def _notify_signers_after_commit(petition: Petition, event: str) -> None:
    # Signers can be many thousands: tell them from a background task, never inside the request.
    enqueue_on_commit("hromada.petitions.tasks.notify_signers", petition.pk, event)


@service
def petition_assign_department(*, actor, community, petition: Petition, department_id) -> Petition:
    _own(community, petition)
    require(policies.can_assign(actor, community))
    try:
        department = Department.objects.get(pk=int(department_id), community=community, is_active=True)
    except (Department.DoesNotExist, TypeError, ValueError) as exc:
        raise ValidationFailed(fields={"department_id": [_("Choose a department of this community.")]}) from exc
    with transaction.atomic():
        petition = _locked(community, petition)
        _expect(petition, Status.SUBMITTED, Status.COLLECTING, Status.THRESHOLD_REACHED)
        petition.department = department
        petition.save(update_fields=["department"])
        audit_record(actor=actor, community=community, action="petitions.petition.assigned", target=petition,
                     data={"department": department.pk})
        publish_record(petition, "assigned", community=community, actor=actor)
        officials = User.objects.filter(memberships__community=community, memberships__role=Role.OFFICIAL,
                                        memberships__department=department).distinct()
        notify(community=community, recipients=officials, event="petitions.petition.assigned",
               title=_("Your department prepares the answer to petition “{title}”"),
               url=_url(community, petition), params={"title": petition.title}, exclude=actor)
    return petition


@service
def petition_answer(*, actor, community, petition: Petition, text: str, decision: str,
                    attachments: list | None = None) -> Petition:
    """The council's answer: text, decision and files; published at once and sent to authors and signers."""
    _own(community, petition)
    require(policies.can_answer(actor, community, petition),
            _("Only the responsible department or a community admin can answer."))
    text = (text or "").strip()
    errors: dict[str, list] = {}
    if visible_length(text) < 20:
        errors["text"] = [_("Write an answer of at least 20 characters.")]
    if decision not in Decision.values:
        errors["decision"] = [_("Choose a decision.")]
    files = []
    for upload in attachments or []:
        try:
            files.append(clean_document(upload, field="file", accept=ANSWER_ATTACHMENTS, keep_png=True))
        except ValidationFailed as exc:
            errors.setdefault("attachments", []).extend(exc.fields.get("file", [str(exc.message)]))
    if len(files) > 10:
        errors["attachments"] = [_("At most 10 files.")]
    if errors:
        raise ValidationFailed(fields=errors)
    now = _now()
    with transaction.atomic():
        petition = _locked(community, petition)
        _expect(petition, Status.THRESHOLD_REACHED)
        petition.status = Status.ANSWERED
        petition.answer_text, petition.answer_decision = text, decision
        petition.answered_at, petition.answered_by = now, actor
        petition.final_signature_count = signature_count(petition)
        petition.save(update_fields=["status", "answer_text", "answer_decision", "answered_at", "answered_by",
                                     "final_signature_count"])
        for clean in files:
            attachment = Attachment(community=community, petition=petition, name=clean.display_name,
                                    size=clean.content.size)
            attachment.file.save(clean.display_name, clean.content, save=False)
            attachment.save()
        audit_record(actor=actor, community=community, action="petitions.petition.answered", target=petition,
                     data={"decision": decision, "attachments": [f.display_name for f in files],
                           "overdue": bool(petition.consideration_deadline and now > petition.consideration_deadline)})
        publish_record(petition, "answered", community=community, actor=actor)
        notify(community=community, recipients=_authors(petition), event="petitions.petition.answered",
               title=_("Petition “{title}” was answered"), url=_url(community, petition),
               params={"title": petition.title}, exclude=actor)
        _notify_signers_after_commit(petition, "answered")
    return petition


@service
def petition_close_if_expired(*, actor, community, petition: Petition, now=None) -> str:
    """At the end of collection: to consideration if the threshold was met (a late-counted surge), else closed.
    Returns the resulting status, or "" when nothing was due."""
    require(policies.can_run_housekeeping(actor, community))
    now = now or _now()
    with transaction.atomic():
        petition = _locked(community, petition)
        if petition.status != Status.COLLECTING:
            return ""
        total = signature_count(petition)
        if total >= petition.threshold > 0:
            _reach_threshold(community=community, petition=petition, total=total, actor=actor)
            return Status.THRESHOLD_REACHED
        if not petition.collection_ends_at or now <= petition.collection_ends_at:
            return ""
        petition.status, petition.closed_at, petition.final_signature_count = Status.CLOSED, now, total
        petition.save(update_fields=["status", "closed_at", "final_signature_count"])
        audit_record(actor=actor, community=community, action="petitions.petition.closed", target=petition,
                     data={"signatures": total, "threshold": petition.threshold})
        notify(community=community, recipients=_authors(petition), event="petitions.petition.closed",
               title=_("Collection for petition “{title}” has ended without enough signatures"),
               url=_url(community, petition), params={"title": petition.title})
    return Status.CLOSED


@service
def petition_flag_overdue(*, actor, community, petition: Petition, now=None) -> bool:
    """Tell the responsible people once that the consideration term has passed without an answer."""
    require(policies.can_run_housekeeping(actor, community))
    now = now or _now()
    with transaction.atomic():
        petition = _locked(community, petition)
        if (petition.status != Status.THRESHOLD_REACHED or petition.overdue_flagged_at is not None
                or not petition.consideration_deadline or now <= petition.consideration_deadline):
            return False
        petition.overdue_flagged_at = now
        petition.save(update_fields=["overdue_flagged_at"])
        audit_record(actor=actor, community=community, action="petitions.petition.overdue", target=petition,
                     data={"consideration_deadline": petition.consideration_deadline})
        recipients = _staff(community, Role.ADMIN)
        if petition.department_id:
            recipients += list(User.objects.filter(
                memberships__community=community, memberships__role=Role.OFFICIAL,
                memberships__department_id=petition.department_id).distinct())
        notify(community=community, recipients=recipients, event="petitions.petition.overdue",
               title=_("The answer to petition “{title}” is overdue"), url=_url(community, petition),
               params={"title": petition.title})
    return True


@service
def signers_export_record(*, actor, community, petition: Petition) -> None:
    """Staff take the signers' list (personal data) for the council; who took it and when is audited."""
    _own(community, petition)
    require(policies.can_export_signers(actor, community))
    with transaction.atomic():
        audit_record(actor=actor, community=community, action="petitions.signers.exported", target=petition,
                     data={"signatures": signature_count(petition)})


@service
def category_save(*, actor, community, category: Category | None = None, name: str, is_active: bool = True) -> Category:
    require(policies.can_manage_categories(actor, community))
    name = " ".join(str(name or "").split())
    if not 1 <= visible_length(name) <= 120:
        raise ValidationFailed(fields={"name": [_("Give the category a name of 1 to 120 characters.")]})
    if Category.objects.filter(community=community, name=name).exclude(pk=getattr(category, "pk", None)).exists():
        raise ValidationFailed(fields={"name": [_("This community already has a category with this name.")]})
    row = category if category is not None else Category(community=community)
    if row.community_id != community.pk:
        raise NotFound()
    row.name, row.is_active = name, bool(is_active)
    with transaction.atomic():
        row.save()
        audit_record(actor=actor, community=community, action="petitions.category.saved", target=row)
    return row


@service
def category_delete(*, actor, community, category: Category) -> None:
    """An unused category; one petitions use is made inactive instead, so their history keeps it."""
    require(policies.can_manage_categories(actor, community))
    if category.community_id != community.pk:
        raise NotFound()
    if Petition.objects.filter(category=category).exists():
        raise Conflict(_("Petitions use this category: make it inactive instead."), code="category_in_use")
    with transaction.atomic():
        audit_record(actor=actor, community=community, action="petitions.category.deleted", target=category)
        category.delete()
