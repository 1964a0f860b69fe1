"""Writes of e-consultations on proposals: submit, support and withdraw support, hide (moderation), answer, the
final report and following. Each asks its policy, validates, writes in one transaction and audits."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from hromada.core.api.ratelimit import RateKey, check_caller_rate
from hromada.core.audit.services import audit_record
from hromada.core.counters import write_gate
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.jobs.enqueue import enqueue_on_commit
from hromada.core.notifications.services import notify
from hromada.core.text import visible_length

from .. import policies, selectors
from ..manifest import consultations_settings
from ..models import Answer, Consultation, Follower, Paragraph, Proposal, ProposalKind, Status, Support
from .consultations import _expect, _expect_open, _is_user, _locked, _now, _url

PROPOSAL_MIN = 10
PROPOSAL_MAX = 5000
REASON_MAX = 300
ANSWER_MAX = 5000
REPORT_MAX = 10_000


def _clean_proposal(consultation, *, kind, text, paragraph_number, after_number) -> tuple[str, Paragraph | None, int | None]:
    errors: dict[str, list] = {}
    text = strip_tags((text or "").replace("\r\n", "\n")).strip()
    if kind not in ProposalKind.values:
        errors["kind"] = [_("Choose a comment or a new wording.")]
    if visible_length(text) < PROPOSAL_MIN:
        errors["text"] = [_("Write at least %(min)s characters.") % {"min": PROPOSAL_MIN}]
    elif len(text) > PROPOSAL_MAX:
        errors["text"] = [_("At most %(max)s characters.") % {"max": PROPOSAL_MAX}]
    paragraph = None
    if (paragraph_number is None) == (after_number is None):
        errors["paragraph"] = [_("Choose a paragraph, or the place of a new paragraph.")]
    elif paragraph_number is not None:
        paragraph = consultation.paragraphs.filter(number=paragraph_number).first() \
            if isinstance(paragraph_number, int) and not isinstance(paragraph_number, bool) else None
        if paragraph is None:
            errors["paragraph"] = [_("There is no such paragraph.")]
    else:
        count = consultation.paragraphs.count()
        if not isinstance(after_number, int) or isinstance(after_number, bool) or not 0 <= after_number <= count:
            errors["after_number"] = [_("A new paragraph goes after paragraph 0 to %(count)s.") % {"count": count}]
        elif kind == ProposalKind.COMMENT:
            errors["kind"] = [_("A new paragraph is proposed as a new wording.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return text, paragraph, after_number


@service
def proposal_submit(*, actor, community, consultation_id: int, kind: str, text: str,
                    paragraph_number: int | None = None, after_number: int | None = None,
                    caller: RateKey | None = None) -> Proposal:
    """A resident's comment on a paragraph, a new wording of it, or a new paragraph after paragraph N."""
    limits = consultations_settings(community)
    check_caller_rate(caller, "consultations.propose", per_user=limits.propose_rate_user,
                      per_ip=limits.propose_rate_ip)
    consultation = selectors.consultation_get(actor=actor, community=community, consultation_id=consultation_id)
    require(policies.can_participate(actor, community, consultation),
            _("Sign in with the identity this consultation asks for to take part."), code="identity_level")
    _expect_open(consultation)
    text, paragraph, after_number = _clean_proposal(consultation, kind=kind, text=text,
                                                    paragraph_number=paragraph_number, after_number=after_number)
    with transaction.atomic():
        proposal = Proposal.objects.create(community=community, consultation=consultation, paragraph=paragraph,
                                           after_number=after_number, kind=kind, text=text, author=actor)
        Consultation.objects.filter(pk=consultation.pk).update(proposal_count=F("proposal_count") + 1)
        audit_record(actor=actor, community=community, action="consultations.proposal.submitted", target=proposal,
                     data={"consultation": consultation.pk, "kind": kind})
    return proposal


def _proposal(community, proposal_id, *, lock: bool = False) -> Proposal:
    rows = Proposal.objects.select_for_update() if lock else Proposal.objects.all()
    try:
        return rows.select_related("consultation").get(community=community, pk=int(proposal_id),
                                                       consultation__status__in=(Status.OPEN, Status.CLOSED,
                                                                                 Status.REPORTED))
    except (Proposal.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


@service
def proposal_support(*, actor, community, proposal_id: int) -> Proposal:
    """One support per person and proposal (the database's unique rule decides between simultaneous clicks); the
    count moves by one in the same transaction as the row, so it always equals the rows."""
    proposal = _proposal(community, proposal_id)
    consultation = proposal.consultation
    require(policies.can_participate(actor, community, consultation),
            _("Sign in with the identity this consultation asks for to take part."), code="identity_level")
    _expect_open(consultation)
    if proposal.is_hidden:
        raise Conflict(_("A hidden proposal cannot be supported."), code="hidden")
    if proposal.author_id == actor.pk:
        raise Conflict(_("You cannot support your own proposal."), code="own_proposal")
    with write_gate():
        try:
            with transaction.atomic():
                Support.objects.create(community=community, proposal=proposal, user=actor)
                Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
                audit_record(actor=actor, community=community, action="consultations.proposal.supported",
                             target=proposal)
        except IntegrityError:
            raise Conflict(_("You already support this proposal."), code="already_supported") from None
    proposal.refresh_from_db(fields=["support_count"])
    return proposal


@service
def proposal_unsupport(*, actor, community, proposal_id: int) -> Proposal:
    """Withdraw one's support while the consultation is open."""
    proposal = _proposal(community, proposal_id)
    require(policies.can_follow(actor, community), _("Sign in to withdraw your support."))
    _expect_open(proposal.consultation)
    with write_gate(), transaction.atomic():
        deleted, _rows = Support.objects.filter(proposal=proposal, user=actor).delete()
        if not deleted:
            raise Conflict(_("You do not support this proposal."), code="not_supported")
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
        audit_record(actor=actor, community=community, action="consultations.proposal.unsupported", target=proposal)
    proposal.refresh_from_db(fields=["support_count"])
    return proposal


@service
def proposal_hide(*, actor, community, proposal_id: int, reason: str) -> Proposal:
    """Moderation: the proposal stays listed as hidden, with the reason, and its text is no longer shown."""
    require(policies.can_hide(actor, community), _("Only moderators hide proposals."))
    reason = (reason or "").strip()
    if not visible_length(reason):
        raise ValidationFailed(fields={"reason": [_("Give the reason for hiding.")]})
    if len(reason) > REASON_MAX:
        raise ValidationFailed(fields={"reason": [_("At most %(max)s characters.") % {"max": REASON_MAX}]})
    with transaction.atomic():
        proposal = _proposal(community, proposal_id, lock=True)
        if proposal.consultation.status == Status.REPORTED:
            raise Conflict(_("The report is published; the record is final."), code="reported")
        if proposal.is_hidden:
            raise Conflict(_("This proposal is already hidden."), code="already_hidden")
        if proposal.answer:
            raise Conflict(_("This proposal has been answered; its answer is part of the record."), code="answered")
        proposal.is_hidden, proposal.hidden_reason, proposal.hidden_at = True, reason, _now()
        proposal.hidden_by = actor if _is_user(actor) else None
        proposal.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
        audit_record(actor=actor, community=community, action="consultations.proposal.hidden", target=proposal,
                     data={"reason": reason})
        notify(community=community, recipients=[proposal.author], event="consultations.proposal.hidden",
               title=_("Your proposal on “{title}” was hidden"), body=_("Reason: {reason}"),
               url=_url(community, proposal.consultation),
               params={"title": proposal.consultation.title, "reason": reason})
    return proposal


@service
def proposal_answer(*, actor, community, proposal_id: int, answer: str, reason: str = "") -> Proposal:
    """The responsible department's answer: accepted, partly accepted (reason required) or rejected (reason
    required). It may be corrected until the report is published."""
    errors: dict[str, list] = {}
    reason = (reason or "").strip()
    if answer not in Answer.values:
        errors["answer"] = [_("Choose accepted, partly accepted or rejected.")]
    elif answer != Answer.ACCEPTED and not visible_length(reason):
        errors["reason"] = [_("Give the reason.")]
    if len(reason) > ANSWER_MAX:
        errors["reason"] = [_("At most %(max)s characters.") % {"max": ANSWER_MAX}]
    with transaction.atomic():
        proposal = _proposal(community, proposal_id, lock=True)
        consultation = proposal.consultation
        require(policies.can_answer(actor, community, consultation),
                _("Only the responsible department answers proposals."))
        if errors:
            raise ValidationFailed(fields=errors)
        if consultation.status == Status.REPORTED:
            raise Conflict(_("The report is published; the record is final."), code="reported")
        if proposal.is_hidden:
            raise Conflict(_("A hidden proposal is not answered."), code="hidden")
        first = not proposal.answer
        proposal.answer, proposal.answer_reason, proposal.answered_at = answer, reason, _now()
        proposal.answered_by = actor if _is_user(actor) else None
        proposal.save(update_fields=["answer", "answer_reason", "answered_at", "answered_by"])
        audit_record(actor=actor, community=community, action="consultations.proposal.answered", target=proposal,
                     data={"answer": answer, "corrected": not first})
        notify(community=community, recipients=[proposal.author], event="consultations.proposal.answered",
               title=_("Your proposal on “{title}” has an answer: {answer}"), url=_url(community, consultation),
               params={"title": consultation.title, "answer": proposal.get_answer_display()})
    return proposal


@service
def report_publish(*, actor, community, consultation_id: int, summary: str = "") -> Consultation:
    """The final report: the draft, every proposal with its answer, the counts. Every visible proposal must be
    answered first; everyone who proposed, supported or followed is told."""
    summary = (summary or "").strip()
    if len(summary) > REPORT_MAX:
        raise ValidationFailed(fields={"summary": [_("At most %(max)s characters.") % {"max": REPORT_MAX}]})
    with transaction.atomic():
        consultation = _locked(community, consultation_id)
        require(policies.can_manage(actor, community, consultation),
                _("Only the community's admins and the responsible department publish the report."))
        _expect(consultation, Status.CLOSED)
        unanswered = consultation.proposals.filter(is_hidden=False, answer="").count()
        if unanswered:
            raise Conflict(_("%(count)s proposals still wait for an answer.") % {"count": unanswered},
                           code="unanswered")
        consultation.status, consultation.report_summary = Status.REPORTED, summary
        consultation.report_published_at = _now()
        consultation.save(update_fields=["status", "report_summary", "report_published_at", "updated_at"])
        audit_record(actor=actor, community=community, action="consultations.report.published", target=consultation,
                     data=selectors.report_counts(consultation=consultation))
        enqueue_on_commit("hromada.consultations.tasks.notify_participants", consultation.pk)
    return consultation


@service
def consultation_follow(*, actor, community, consultation_id: int, follow: bool = True) -> bool:
    """Follow (or stop following) a consultation to be told when its report is published; idempotent."""
    require(policies.can_follow(actor, community), _("Sign in to follow a consultation."))
    consultation = selectors.consultation_get(actor=actor, community=community, consultation_id=consultation_id)
    with transaction.atomic():
        if follow:
            Follower.objects.get_or_create(community=community, consultation=consultation, user=actor)
        else:
            Follower.objects.filter(consultation=consultation, user=actor).delete()
    return follow
