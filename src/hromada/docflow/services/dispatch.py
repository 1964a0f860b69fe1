"""Sending a signed letter: the office registers it (when still a draft) and sends it by email through the
configured backend, with its current files attached (in a background task after commit), or marks it sent by
post. The resolution the letter answers is marked done. A letter answering a petition's card carries the result
of consideration (the council's decision), which the petition records as its answer (ADR 0017)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.jobs.enqueue import enqueue_on_commit

from .. import policies, policies_execution
from ..execution_rules import as_user, transitions
from ..models import Dispatch, DispatchMethod, ResolutionState, RouteState, Status
from .control import _after_completion, _finish
from .fields import locked_document
from .registration import outermost_write, register_locked


class Outcome(models.TextChoices):
    """The result of consideration an answer states; the same codes as a petition's decision."""

    SUPPORTED = "supported", gettext_lazy("supported")
    PARTLY = "partly", gettext_lazy("partly supported")
    NOT_SUPPORTED = "not_supported", gettext_lazy("not supported")


def _clean_outcome(document, outcome: str) -> str:
    outcome = str(outcome or "").strip()
    if outcome and outcome not in Outcome.values:
        raise ValidationFailed(fields={"outcome": [_("Choose one from the list.")]})
    from ..flows import needs_outcome

    if not outcome and needs_outcome(document):
        raise ValidationFailed(fields={"outcome": [
            _("The letter answers a petition: choose the result of consideration, the petition records it.")]})
    return outcome


def _clean(method: str, address: str) -> str:
    if method not in DispatchMethod.values:
        raise ValidationFailed(fields={"method": [_("Choose one from the list.")]})
    address = str(address or "").strip()
    if method == DispatchMethod.EMAIL:
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationFailed(fields={"address": [_("Give the correspondent's email address.")]}) from None
    elif len(address) > 254:
        raise ValidationFailed(fields={"address": [_("At most %(max)s characters.") % {"max": 254}]})
    return address


def _close_resolution(route, *, actor, community) -> None:
    resolution = route.resolution
    if resolution is None or resolution.state != ResolutionState.ACTIVE:
        return
    incoming = locked_document(community, resolution.document_id)
    resolution.refresh_from_db()
    if resolution.state == ResolutionState.ACTIVE:
        _finish(resolution, actor=actor, note=_("Answered by letter %(index)s.") % {"index": route.document.reg_index})
        _after_completion(incoming)


@service
def letter_send(*, actor, community, document_id: int, method: str, address: str = "", outcome: str = "") -> Dispatch:
    """Register the signed letter if it is still a draft, and send it (email: queued for the worker; post: sent).
    `outcome` (an `Outcome`) is required for an answer to a petition and passed on to it."""
    require(policies.can_read(actor, community), _("Only the office sends letters."))
    with outermost_write(), transaction.atomic():
        document = locked_document(community, document_id)
        if not policies.can_see(actor, community, document):
            raise NotFound()
        address = _clean(method, address)  # after the lookup: another community's letter is "not found"
        outcome = _clean_outcome(document, outcome)
        require(policies_execution.can_send(actor, community, document), _("Only the office sends letters."))
        route = document.routes.filter(state=RouteState.SIGNED).select_related("resolution").first()
        if route is None:
            raise Conflict(_("Only a signed letter is sent."), fields={"method": [_("The letter is not signed.")]})
        if document.status == Status.DRAFT:
            register_locked(document, actor=actor, community=community)
        dispatch = Dispatch.objects.create(community=community, document=document, method=method, address=address,
                                           sent_by=as_user(actor))
        if method == DispatchMethod.POST:
            dispatch.delivered()
            dispatch.sent_at = timezone.now()
            dispatch.save()
        else:
            enqueue_on_commit("hromada.docflow.tasks.send_letter", dispatch.pk)
        with transitions(_("Only a signed letter is sent.")):
            route.mark_sent()
            route.save()
        document.status = Status.SENT
        document.save(update_fields=["status", "updated_at"])
        _close_resolution(route, actor=actor, community=community)
        audit_record(actor=actor, community=community, action="docflow.letter.sent", target=document,
                     data={"dispatch": dispatch.pk, "method": method, "outcome": outcome})
        # A reply to an appeal's or a petition's card answers it (ADR 0017).
        from ..flows import publish_answer

        executor_id = route.resolution.main_executor_id if route.resolution is not None else None
        publish_answer(document, actor=actor, data={"outcome": outcome, "executor_id": executor_id})
    return dispatch
