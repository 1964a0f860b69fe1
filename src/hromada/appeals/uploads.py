"""Validation of uploaded photos and answer documents by their content, size and pixel count.

Photos are decoded and re-encoded as JPEG so no EXIF/GPS (or anything hidden) survives."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from hromada.core.errors import ValidationFailed

# MPO is what many phones write: a JPEG with extra frames (a depth map, a second lens) that Pillow reads as
# "MPO"; only its first frame is kept and stored as a plain JPEG.
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # a 40 MP phone photo is the largest we expect; bigger is a bomb
MAX_SIDE = 2048  # stored photos are scaled down to this side: enough to see a pothole


@dataclass
class CleanPhoto:
    content: ContentFile
    width: int
    height: int


def _read(upload, *, field: str, max_bytes: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationFailed(fields={field: [_("The file is larger than %(mb)s MB.") % {"mb": max_bytes // 2**20}]})
    upload.seek(0) if hasattr(upload, "seek") else None
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationFailed(fields={field: [_("The file is larger than %(mb)s MB.") % {"mb": max_bytes // 2**20}]})
    if not data:
        raise ValidationFailed(fields={field: [_("The file is empty.")]})
    return data


def clean_photo(upload, *, max_bytes: int, field: str = "photos") -> CleanPhoto:
    data = _read(upload, field=field, max_bytes=max_bytes)
    not_image = ValidationFailed(fields={field: [_("Only JPEG, PNG, WebP or GIF photos are accepted.")]})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            # The header tells the size before anything is decoded: refuse bombs here.
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationFailed(fields={field: [_("The image has too many pixels.")]})
            if probe.format not in PHOTO_FORMATS:
                raise not_image
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.seek(0)  # the first frame of an MPO, animated GIF or WebP
            image.load()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationFailed(fields={field: [_("The image has too many pixels.")]}) from exc
    except Exception as exc:  # Pillow raises many kinds for broken or disguised files
        raise not_image from exc
    # A new image (never the opened file, whose MPO/EXIF blocks a save could carry along).
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    # A fresh save without exif=/icc_profile= writes none of the original metadata.
    image.save(out, format="JPEG", quality=85, optimize=True)
    return CleanPhoto(ContentFile(out.getvalue(), name="photo.jpg"), image.width, image.height)


@dataclass
class CleanDocument:
    content: ContentFile
    name: str
    content_type: str


def clean_document(upload, *, max_bytes: int, field: str = "documents") -> CleanDocument:
    """A PDF (checked by its signature) or an image (re-encoded like a photo)."""
    data = _read(upload, field=field, max_bytes=max_bytes)
    name = (getattr(upload, "name", "") or "document").rsplit("/", 1)[-1][:150]
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise ValidationFailed(fields={field: [_("The PDF file is damaged.")]})
        return CleanDocument(ContentFile(data, name="document.pdf"), name, "application/pdf")
    try:
        photo = clean_photo(io.BytesIO(data), max_bytes=max_bytes, field=field)
    except ValidationFailed as exc:
        if exc.fields.get(field) == [_("The image has too many pixels.")]:
            raise
        raise ValidationFailed(fields={field: [_("Only PDF documents or images are accepted.")]}) from exc
    return CleanDocument(photo.content, name, "image/jpeg")
