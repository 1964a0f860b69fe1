"""Signing an approved letter: every current version of its files gets a signature record (the version's SHA-256,
the signer, the time); a qualified signature (КЕП) is recorded only when the operator's verifier accepts it."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.notifications.services import notify

from .. import policies, policies_execution, signing
from ..execution_rules import as_pk, card_path, current_versions, transitions
from ..models import ApprovalRoute, AttachmentVersion, Signature, SignatureKind
from .routes import _locked_route

SIGNATURE_MAX_BYTES = 256 * 1024


def _read(version: AttachmentVersion) -> bytes:
    with version.file.open("rb") as handle:
        return handle.read()


def _qualified(versions, signatures: dict, problems: dict) -> dict[int, tuple[bytes, signing.VerifiedSignature]]:
    verifier = signing.configured_verifier()
    if verifier is None:
        problems["signatures"] = [_("Qualified signatures are not accepted here: the operator has configured no "
                                    "verifier. Sign without a file (a simple electronic signature).")]
        return {}
    given = {as_pk(k): v for k, v in signatures.items()}
    if set(given) != {v.pk for v in versions}:
        problems["signatures"] = [_("Give one signature for each current file version: %(ids)s.")
                                  % {"ids": ", ".join(str(v.pk) for v in versions)}]
        return {}
    checked = {}
    for version in versions:
        blob = given[version.pk]
        if not isinstance(blob, bytes | bytearray) or not blob or len(blob) > SIGNATURE_MAX_BYTES:
            problems["signatures"] = [_("A signature is a detached signature file of at most 256 KB.")]
            return {}
        data = _read(version)
        if hashlib.sha256(data).hexdigest() != version.sha256:
            raise Conflict(_("A file changed in storage; it cannot be signed."), fields={"signatures": ["sha256"]})
        try:
            checked[version.pk] = (bytes(blob), verifier.verify(data, bytes(blob)))
        except signing.InvalidSignature as exc:
            problems["signatures"] = [_("The signature of version %(id)s does not verify: %(reason)s")
                                      % {"id": version.pk, "reason": str(exc)[:200]}]
            return {}
    return checked


@service
def route_sign(*, actor, community, route_id: int, signatures: dict | None = None) -> ApprovalRoute:
    """The signer signs the approved letter. `signatures` maps each current version id to a detached CAdES
    signature (qualified, checked by the operator's verifier); without it the signature is a simple one."""
    require(policies.can_read(actor, community), _("Only the community's officials sign documents."))
    with transaction.atomic():
        route = _locked_route(community, actor, route_id)
        require(policies_execution.can_sign(actor, route) or (
            route.signer_id == getattr(actor, "pk", None)), _("You may not sign this letter."))
        versions = current_versions(route.document)
        if not versions:
            raise Conflict(_("The letter has no file to sign."), fields={"attachments": [_("No files.")]})
        problems: dict[str, list[str]] = {}
        checked = _qualified(versions, signatures, problems) if signatures else {}
        if problems:
            raise ValidationFailed(fields=problems)
        now = timezone.now()
        with transitions(_("Only an approved letter is signed.")):
            route.sign()
            route.save()
        Signature.objects.bulk_create([Signature(
            community=community, route=route, version=v, sha256=v.sha256, signer=actor, signed_at=now,
            kind=SignatureKind.QUALIFIED if v.pk in checked else SignatureKind.SIMPLE,
            certificate_subject=checked[v.pk][1].subject[:500] if v.pk in checked else "",
            signature=checked[v.pk][0] if v.pk in checked else None) for v in versions])
        audit_record(actor=actor, community=community, action="docflow.route.signed", target=route.document,
                     data={"route": route.pk, "qualified": bool(checked),
                           "versions": {str(v.pk): v.sha256 for v in versions}})
        notify(community=community, recipients=[route.author], event="docflow.signed", exclude=actor,
               url=card_path(route.document), title=gettext_lazy("Your letter {summary} is signed"),
               params={"summary": route.document.summary[:120]})
    return route
