"""Signatures written by group commit (core.groupcommit): the signatures of every signer waiting in this process
go into one transaction with one INSERT, one increment of a counter shard per petition, one INSERT of their
audit events and one of their transparency-log entries, then one count per petition after the commit.

One signature per person and per identity: a second one in the same batch is refused before the INSERT; one
already in the table (or committed meanwhile by another process) makes the unique index refuse the INSERT, and
then the batch is retried one signature at a time, each in its own savepoint, so only the duplicate is refused.
Duplicates are rare, so the usual batch costs no query to look for them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from hromada.core.audit.services import audit_event, audit_record_many
from hromada.core.counters import write_gate
from hromada.core.errors import Conflict
from hromada.core.groupcommit import GroupCommit
from hromada.core.identity.models import User
from hromada.core.prepared import PreparedInsert
from hromada.core.tenancy.models import Community
from hromada.core.transparency.record import transparency_entry, transparency_record_many

from .models import SIGNATURES, Petition, Signature
from .selectors import signature_count


@dataclass(frozen=True)
class SignatureIntent:
    community: Community
    petition: Petition
    signer: User
    public_name: str
    identity_hash: str | None


_SIGNATURE_ROWS = PreparedInsert(Signature)


def _already_signed() -> Conflict:
    return Conflict(_("You have already signed this petition."), code="already_signed")


def _insert(signatures: list[Signature]) -> list[Signature | Conflict]:
    try:
        with transaction.atomic():  # a savepoint: the unique index refusing one signature undoes only this
            _SIGNATURE_ROWS.insert(signatures)
            return list(signatures)
    except IntegrityError:
        outcomes: list[Signature | Conflict] = []
        for signature in signatures:
            try:
                with transaction.atomic():
                    signature.save(force_insert=True)
                outcomes.append(signature)
            except IntegrityError:
                outcomes.append(_already_signed())
        return outcomes


def write_signatures(intents: list[SignatureIntent]) -> list[Signature | BaseException]:
    outcomes: list[Signature | BaseException | None] = [None] * len(intents)
    with write_gate(), transaction.atomic():
        # Twice in this batch is refused here; a signature already in the table by the unique index (_insert).
        people: set[tuple[int, int]] = set()
        identities: set[tuple[int, str]] = set()
        fresh: list[tuple[int, Signature]] = []
        for n, intent in enumerate(intents):
            person = (intent.petition.pk, intent.signer.pk)
            identity = (intent.petition.pk, intent.identity_hash) if intent.identity_hash else None
            if person in people or identity in identities:
                outcomes[n] = _already_signed()
                continue
            people.add(person)
            if identity:
                identities.add(identity)
            fresh.append((n, Signature(community=intent.community, petition=intent.petition, user=intent.signer,
                                       public_name=intent.public_name[:200], identity_hash=intent.identity_hash)))
        written = _insert([signature for _, signature in fresh])
        for (n, _signature), outcome in zip(fresh, written, strict=True):
            outcomes[n] = outcome
        signed = [(intents[n], outcome) for (n, _s), outcome in zip(fresh, written, strict=True)
                  if isinstance(outcome, Signature)]
        for petition_id, count in Counter(intent.petition.pk for intent, _ in signed).items():
            SIGNATURES.add(petition_id, by=count)
        audit_record_many([audit_event(actor=intent.signer, community=intent.community,
                                       action="petitions.petition.signed", target=intent.petition,
                                       data={"signature": signature.pk}) for intent, signature in signed])
        # The public transparency log gets one outbox row per signature in the same INSERT batch; the signer
        # appears only as a keyed hash (core.transparency.record hashes every data value).
        transparency_record_many([transparency_entry(
            community=intent.community, type="petitions.petition.signed", object_id=intent.petition.pk,
            data={"signer": intent.identity_hash or f"user:{intent.signer.pk}"}) for intent, _ in signed])
    # Counted after the commit (or inside the caller's own transaction): each count includes the batch's signatures.
    totals = {pk: signature_count(pk) for pk in {intent.petition.pk for intent, _ in signed}}
    for intent, signature in signed:
        signature.count_after = totals[intent.petition.pk]  # type: ignore[attr-defined]
    return outcomes  # type: ignore[return-value]  # every slot is filled above


SIGNING: GroupCommit[SignatureIntent, Signature] = GroupCommit(write_signatures)
