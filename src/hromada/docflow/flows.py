"""Appeals and petitions flow into the document workflow by themselves: the kernel's record events (core.records)
reach `on_record_event`, which brings the record's registration card (and its answer letter) up to the record's
state; and what docflow does to such a card is published back for the record's owner to follow (ADR 0017)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import records
from hromada.core.errors import DomainError
from hromada.core.identity.actors import SYSTEM

from .models import Access, Document, DocumentKind, JournalKind, LinkKind
from .services.cards import document_register_from
from .services.replies import document_reply_from

log = logging.getLogger(__name__)
# Which journal a shared record is registered in, and as which kind of document.
JOURNALS = {"appeal": JournalKind.APPEALS, "petition": JournalKind.APPEALS}
KINDS = {"appeal": DocumentKind.APPEAL, "petition": DocumentKind.PETITION}
REPLY_SUFFIX = "/answer"


def on_record_event(community, event: records.RecordEvent) -> None:
    """The manifest's record handler: whatever happened to the record, make its documents match it now. A
    reassignment (`*.assigned` naming the previous person in charge) also withdraws that person's resolution."""
    record = records.read(community, event.source_app, event.source_id)
    if record is not None and record.kind in JOURNALS:
        previous = event.data.get("previous_owner_id") if event.name.endswith(".assigned") else None
        follow(community, record, previous_owner_id=previous)


def follow(community, record: records.Record, *, previous_owner_id=None) -> Document | None:
    """Register the record's card and, once answered, the answer letter; idempotent (a repeat changes nothing).
    None when the community keeps no journal for it yet (logged; `catch_up` registers it later)."""
    try:
        card = document_register_from(
            actor=SYSTEM, community=community, source_app=record.source_app, source_id=record.source_id,
            journal_kind=JOURNALS[record.kind], kind=KINDS[record.kind], summary=_card_summary(record),
            correspondent_name=record.correspondent_name[:200], correspondent_org=record.correspondent_org[:300],
            received_date=record.received, department_id=record.department_id, access=Access.PERSONAL_DATA)
        if record.owner_id is not None:
            _resolve(community, card, record, record.owner_id)
            if previous_owner_id and previous_owner_id != record.owner_id:
                _supersede(community, card, record, record.owner_id, previous_owner_id)
        # An answer letter the office made in docflow (which answered the record) is the answer already.
        if record.answer and not card.links_in.filter(kind=LinkKind.REPLY_TO).exists():
            _complete(community, card, record)
            document_reply_from(
                actor=SYSTEM, community=community, document_id=card.pk, source_app=record.source_app,
                source_id=record.source_id + REPLY_SUFFIX, summary=_reply_summary(record),
                correspondent_name=record.correspondent_name[:200], correspondent_org=record.correspondent_org[:300])
    except DomainError as exc:  # no journal of the kind, a closed one, a pattern needing a requisite
        log.warning("%s %s of community %s not registered in docflow: %s", record.kind, record.source_id,
                    community.pk, exc.code)
        return None
    return card


def _resolve(community, card: Document, record: records.Record, owner_id: int) -> None:
    """The owner's person in charge becomes the main executor of a resolution, due when the record is due (an
    earlier one for someone else stays: a chain or a reassignment is the office's to sort out)."""
    from .models_execution import Resolution
    from .services.resolutions import resolution_create

    if Resolution.objects.filter(document=card, main_executor_id=owner_id).exists():
        return
    today = timezone.localdate()
    due = record.due if record.due is not None and record.due >= today else today
    resolution_create(actor=SYSTEM, community=community, document_id=card.pk,
                               main_executor_id=owner_id, deadline=due,
                               text=_("Consider and answer %(reference)s.") % {"reference": record.reference})


def _supersede(community, card: Document, record: records.Record, owner_id: int, previous_id) -> None:
    """The record went from `previous_id` to `owner_id`: the previous person's active resolutions on the card are
    withdrawn, except those the new owner's resolution is given under (a head resolving down the chain keeps
    theirs). Idempotent: a withdrawn resolution is not active any more."""
    from .models_execution import Resolution, ResolutionState
    from .services.resolutions import resolution_withdraw

    active = Resolution.objects.filter(document=card, state=ResolutionState.ACTIVE)
    current = active.filter(main_executor_id=owner_id).order_by("-pk").first()
    keep: set[int] = set()
    parent_id = current.parent_id if current is not None else None
    while parent_id is not None:  # the chain above the new owner's resolution stays
        keep.add(parent_id)
        parent_id = Resolution.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    for pk in active.filter(main_executor_id=previous_id).exclude(pk__in=keep).values_list("pk", flat=True):
        resolution_withdraw(actor=SYSTEM, community=community, resolution_id=pk,
                            superseded_by=current.pk if current is not None else None,
                            reason=_("Reassigned: %(reference)s is now handled by another official.")
                            % {"reference": record.reference})


def _complete(community, card: Document, record: records.Record) -> None:
    """The answer given completes the card's active resolutions (the answer letter records it)."""
    from .models_execution import Resolution, ResolutionState
    from .services.control import resolution_complete

    for pk in Resolution.objects.filter(document=card, state=ResolutionState.ACTIVE).values_list("pk", flat=True):
        resolution_complete(actor=SYSTEM, community=community, resolution_id=pk,
                                     note=_("Answered: %(reference)s") % {"reference": record.reference})


def catch_up(community, source_app: str) -> int:
    """Register every record `source_app` shares that has no card yet (a community that enables the document
    workflow later, the demo); returns how many records were followed."""
    source = records.source(source_app)
    if source is None:
        return 0
    done = 0
    for source_id in source.ids(community):
        record = source.read(community, source_id)
        if record is not None and record.kind in JOURNALS and follow(community, record) is not None:
            done += 1
    return done


def _card_summary(record: records.Record) -> str:
    return f"{record.reference}. {record.summary}"[:4000]


def _reply_summary(record: records.Record) -> str:
    return (_("Answer to %(reference)s: %(answer)s") % {"reference": record.reference, "answer": record.answer})[:4000]


def publish_for_origin(document: Document, verb: str, *, actor, data: dict | None = None) -> None:
    """Tell the owner of the record a card stands for that docflow acted on it ("resolved", "answered"); call it
    inside the acting service's transaction. A card of docflow's own (no source) publishes nothing."""
    if document.source_app and REPLY_SUFFIX not in document.source_id:
        records.publish(community=document.community, name=f"docflow.document.{verb}",
                        source_app=document.source_app, source_id=document.source_id, actor=actor,
                        data={"document_id": document.pk, **(data or {})})


def publish_answer(letter: Document, *, actor, data: dict | None = None) -> None:
    """A letter sent in reply to cards that stand for other capabilities' records answers them: one
    `docflow.document.answered` per such card (inside the sending transaction); `data` adds the result of
    consideration and the executor the answered resolution named (codes and ids only)."""
    for origin in Document.objects.filter(links_in__from_document=letter, links_in__kind=LinkKind.REPLY_TO) \
            .exclude(source_app="").select_related("community"):
        publish_for_origin(origin, "answered", actor=actor, data={**(data or {}), "reply_id": letter.pk})


def needs_outcome(letter: Document) -> bool:
    """The letter answers a petition's card: sending it states the result of consideration, which the petition
    records as the council's decision (`services.dispatch.Outcome`)."""
    return Document.objects.filter(links_in__from_document=letter, links_in__kind=LinkKind.REPLY_TO,
                                   kind=DocumentKind.PETITION).exclude(source_app="").exists()


def read_document(community, source_id: str) -> records.Record | None:
    """A registered card as a record (what an appeal's answer cites: the letter's index, date and summary)."""
    try:
        pk = int(source_id)
    except (TypeError, ValueError):
        return None
    document = Document.objects.filter(community=community, pk=pk, reg_number__isnull=False).first()
    if document is None:
        return None
    return records.Record(source_app="docflow", source_id=str(pk), kind="document", reference=document.reg_index,
                          summary=document.summary, received=document.reg_date,
                          correspondent_name=document.correspondent_name,
                          correspondent_org=document.correspondent_org, department_id=document.department_id)


def registered_ids(community):
    return (str(pk) for pk in Document.objects.filter(community=community, reg_number__isnull=False)
            .values_list("pk", flat=True).iterator())


SOURCE = records.RecordSource(read=read_document, ids=registered_ids)
