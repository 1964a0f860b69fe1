"""The one upload sanitiser: every capability's photos and documents are read within a size limit, typed by their
content (puremagic's signatures, never the name or the browser's word), and images re-encoded without metadata.

Limits come from settings (HROMADA_UPLOAD_*); a capability may pass a stricter one (a community setting)."""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from hromada.core.errors import ValidationFailed

# MPO is what many phones write: a JPEG with extra frames (a depth map, a second lens); only its first frame is
# kept, stored as a plain JPEG.
IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
PDF = "application/pdf"
OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}
# The member that makes a zip an office document (puremagic recognises OOXML by it; ODF by its mimetype file).
_OFFICE_MARKERS = {"[Content_Types].xml", "mimetype"}


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int


@dataclass(frozen=True)
class CleanFile:
    content: ContentFile
    content_type: str
    extension: str
    name: str  # the uploader's file name, shortened: for display only, never a storage name

    @property
    def display_name(self) -> str:
        """The uploader's name with the extension the content proves (a PDF sent as "x.docx" shows "x.pdf")."""
        stem = os.path.splitext(self.name)[0].strip()[:80] or "file"
        return f"{stem}{self.extension}"


def max_mb(limit: int) -> str:
    """A limit in megabytes as people read it: "10", "2.5", never "9.53674e-05"."""
    return f"{max(round(limit / 2**20, 1), 0.1):g}"


def read_upload(upload, *, field: str, max_bytes: int) -> bytes:
    """The upload's bytes, refused when empty or over `max_bytes` (read no further than the limit)."""
    too_large = ValidationFailed(fields={field: [_("The file is larger than %(mb)s MB.") % {"mb": max_mb(max_bytes)}]})
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large
    if not data:
        raise ValidationFailed(fields={field: [_("The file is empty.")]})
    return data


def content_type_of(data: bytes) -> str:
    """The MIME type the bytes themselves declare ("" when unknown)."""
    try:
        mime = puremagic.from_string(data, mime=True)
    except (puremagic.PureError, ValueError):
        return ""
    if mime == "application/zip" or mime in OFFICE or data.startswith(b"PK\x03\x04"):
        # puremagic calls every zip an Office document; only the members tell.
        return _office_type(data) or "application/zip"
    return mime


def _office_type(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if not names & _OFFICE_MARKERS:
                return ""
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return declared if declared in OFFICE else ""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return ""
    if any(n.startswith("word/") for n in names):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if any(n.startswith("xl/") for n in names):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return ""


def clean_image(data: bytes, *, field: str, max_side: int | None = None, keep_png: bool = False) -> CleanImage:
    """Decode and re-encode an image (JPEG, or PNG when `keep_png` and it was one): no EXIF, GPS, ICC or extra
    frames survive; decompression bombs are refused from the header, before decoding."""
    not_image = ValidationFailed(fields={field: [_("Only JPEG, PNG, WebP or GIF images are accepted.")]})
    too_big = ValidationFailed(fields={field: [_("The image has too many pixels.")]})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.width * probe.height > settings.HROMADA_UPLOAD_MAX_PIXELS:
                raise too_big
            if probe.format not in IMAGE_FORMATS:
                raise not_image
            source_format = probe.format
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.seek(0)  # the first frame of an MPO, an animated GIF or WebP
            image.load()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_big from exc
    except Exception as exc:  # Pillow raises many kinds for broken or disguised files
        raise not_image from exc
    image = ImageOps.exif_transpose(image)
    as_png = keep_png and source_format == "PNG"
    if not as_png and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if max_side:
        image.thumbnail((max_side, max_side))
    out = io.BytesIO()
    # A fresh save without exif=/icc_profile= writes none of the original's metadata.
    if as_png:
        image.save(out, format="PNG", optimize=True)
    else:
        image.save(out, format="JPEG", quality=85, optimize=True)
    extension = ".png" if as_png else ".jpg"
    return CleanImage(ContentFile(out.getvalue(), name=f"image{extension}"), image.width, image.height)


def clean_photo(upload, *, field: str, max_bytes: int | None = None, max_side: int | None = None) -> CleanImage:
    """A photo from a resident's phone or camera, stored as a metadata-free JPEG."""
    data = read_upload(upload, field=field, max_bytes=max_bytes or settings.HROMADA_UPLOAD_IMAGE_MAX_BYTES)
    return clean_image(data, field=field, max_side=max_side)


def clean_document(upload, *, field: str, accept: frozenset[str] = frozenset({"pdf", "image"}),
                   max_bytes: int | None = None, keep_png: bool = False) -> CleanFile:
    """A document of the accepted kinds ("pdf", "image", "office"), typed by content: PDFs must be whole,
    images are re-encoded like photos (PNG kept as PNG with `keep_png`), office documents must be the zip
    containers they claim to be."""
    data = read_upload(upload, field=field, max_bytes=max_bytes or settings.HROMADA_UPLOAD_DOCUMENT_MAX_BYTES)
    name = os.path.basename((getattr(upload, "name", "") or "document").replace("\\", "/"))[:150] or "document"
    kind = content_type_of(data)
    if kind == PDF and "pdf" in accept:
        if b"%%EOF" not in data[-2048:]:
            raise ValidationFailed(fields={field: [_("The PDF file is damaged.")]})
        return CleanFile(ContentFile(data, name="document.pdf"), PDF, ".pdf", name)
    if kind in OFFICE and "office" in accept:
        return CleanFile(ContentFile(data, name=f"document{OFFICE[kind]}"), kind, OFFICE[kind], name)
    if kind.startswith("image/") and "image" in accept:
        image = clean_image(data, field=field, keep_png=keep_png)
        extension = os.path.splitext(image.content.name)[1]
        return CleanFile(image.content, "image/png" if extension == ".png" else "image/jpeg", extension, name)
    raise ValidationFailed(fields={field: [_accepted_message(accept)]})


def _accepted_message(accept: frozenset[str]) -> str:
    if accept == {"pdf", "image"}:
        return _("Only PDF documents or images are accepted.")
    if accept == {"pdf", "image", "office"}:
        return _("Attach a PDF, an image (PNG, JPEG) or an office document (DOCX, XLSX, ODT, ODS).")
    return _("This kind of file is not accepted here.")
