"""Files of a card: a new attachment or a new version of one, typed and sanitised by the kernel's uploads (images
lose their metadata), stored privately under a random name with its SHA-256 and, where cheap, its text."""

from __future__ import annotations

import hashlib
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hromada.core import uploads
from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.text import visible_length

from .. import policies
from ..extraction import extract_text
from ..models import Attachment, AttachmentVersion
from .fields import as_pk, locked_document

TITLE_MAX = 200
TEXT_PLAIN = "text/plain"
ACCEPTED = frozenset({"pdf", "image", "office"})
# Control characters other than tab, line feed, form feed and carriage return mark a binary file posing as text.
_NOT_TEXT = {chr(c) for c in range(32) if c not in (9, 10, 12, 13)}


def _plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return bool(text.strip()) and not (_NOT_TEXT & set(text))


def _clean_file(upload) -> uploads.CleanFile:
    """PDF, an image (re-encoded), DOCX/XLSX/ODT/ODS or UTF-8 plain text; anything else is refused on `file`."""
    if upload is None:
        raise ValidationFailed(fields={"file": [_("Choose a file.")]})
    data = uploads.read_upload(upload, field="file", max_bytes=settings.HROMADA_UPLOAD_DOCUMENT_MAX_BYTES)
    name = os.path.basename((getattr(upload, "name", "") or "file").replace("\\", "/"))[:150] or "file"
    kind = uploads.content_type_of(data)
    if kind in ("", TEXT_PLAIN) and _plain_text(data):
        return uploads.CleanFile(ContentFile(data, name="document.txt"), TEXT_PLAIN, ".txt", name)
    try:
        return uploads.clean_document(ContentFile(data, name=name), field="file", accept=ACCEPTED, keep_png=True)
    except ValidationFailed as exc:
        if exc.fields.get("file") and kind not in uploads.OFFICE and kind != uploads.PDF \
                and not kind.startswith("image/"):
            raise ValidationFailed(fields={"file": [
                _("Attach a PDF, an image, an office document (DOCX, XLSX, ODT, ODS) or a UTF-8 text file.")]}) from None
        raise


@service
def attachment_add(*, actor, community, document_id: int, upload, title: str = "",
                   attachment_id: int | None = None) -> AttachmentVersion:
    """A new attachment of the card (with `title`, else the file's name), or with `attachment_id` its next version."""
    require(policies.can_read(actor, community), _("Only the community's officials attach files."))
    title = " ".join(str(title or "").split())
    if len(title) > TITLE_MAX:
        raise ValidationFailed(fields={"title": [_("At most %(max)s characters.") % {"max": TITLE_MAX}]})
    clean = _clean_file(upload)
    data = clean.content.read()
    clean.content.seek(0)
    with transaction.atomic():
        document = locked_document(community, document_id)
        if not policies.can_see(actor, community, document):
            raise NotFound()
        require(policies.can_add_attachment(actor, community, document), _("You may not change this document."))
        attachment: Attachment | None
        if attachment_id in (None, ""):
            attachment = Attachment.objects.create(
                community=community, document=document,
                title=title if visible_length(title) else clean.display_name[:TITLE_MAX])
            number = 1
        else:
            attachment = Attachment.objects.filter(community=community, document=document,
                                                   pk=as_pk(attachment_id)).first()
            if attachment is None:
                raise ValidationFailed(fields={"attachment_id": [_("No such attachment of this document.")]})
            number = (attachment.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        version = AttachmentVersion(
            community=community, attachment=attachment, number=number, name=clean.display_name[:200],
            content_type=clean.content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
            extracted_text=extract_text(data, clean.content_type), uploaded_by=_user(actor))
        version.file.save(clean.content.name, clean.content, save=False)
        try:
            version.save()
            audit_record(actor=actor, community=community, action="docflow.attachment.added", target=document,
                         data={"attachment": attachment.pk, "version": number, "sha256": version.sha256})
        except BaseException:
            version.file.delete(save=False)  # no row will name the file
            raise
    return version


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
