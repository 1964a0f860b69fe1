"""Checking files attached to the council's answer: type by content, size, and images re-encoded.

Images lose their EXIF metadata and decompression bombs are refused before decoding."""

from __future__ import annotations

import io
import os

from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image

from hromada.core.errors import ValidationFailed

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"PK\x03\x04", "zip"),  # DOCX, ODT, XLSX: office documents are zip containers
)
_OFFICE_EXTENSIONS = {".docx", ".odt", ".xlsx", ".ods"}


def _reencode(data: bytes, kind: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationFailed(fields={"file": [_("The image is too large.")]})
            probe.load()
            image = probe.convert("RGB") if kind == "jpg" else probe.copy()
    except (OSError, Image.DecompressionBombError) as exc:
        raise ValidationFailed(fields={"file": [_("The image cannot be read.")]}) from exc
    out = io.BytesIO()
    # Saving without `exif=` drops the metadata (location, device) of the original.
    image.save(out, format="JPEG" if kind == "jpg" else "PNG", quality=88)
    return out.getvalue()


def validated_attachment(upload) -> tuple[str, ContentFile]:
    """(safe file name, content) for an upload, or ValidationFailed; PDF, PNG, JPEG and office documents."""
    size = getattr(upload, "size", None)
    if size is None or size > MAX_BYTES:
        raise ValidationFailed(fields={"file": [_("A file can be at most 10 MB.")]})
    data = upload.read()
    if len(data) > MAX_BYTES or not data:
        raise ValidationFailed(fields={"file": [_("A file can be at most 10 MB and not empty.")]})
    kind = next((k for magic, k in _SIGNATURES if data.startswith(magic)), None)
    stem, ext = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "file"))
    if kind is None or (kind == "zip" and ext.lower() not in _OFFICE_EXTENSIONS):
        raise ValidationFailed(fields={"file": [_("Attach a PDF, an image (PNG, JPEG) or an office document.")]})
    if kind in ("png", "jpg"):
        data = _reencode(data, kind)
    suffix = ext.lower() if kind == "zip" else f".{kind}"
    name = get_valid_filename(f"{stem[:80] or 'file'}{suffix}")
    return name, ContentFile(data, name=name)
