"""Appeals' photos and answer documents, through the core upload sanitiser (hromada.core.uploads).

Photos are scaled to a side that still shows a pothole; documents are PDFs or images, all re-encoded as JPEG."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image

from hromada.core import uploads

MAX_SIDE = 2048  # stored photos are scaled down to this side: enough to see a pothole


def clean_photo(upload, *, max_bytes: int, field: str = "photos") -> uploads.CleanImage:
    return uploads.clean_photo(upload, field=field, max_bytes=max_bytes, max_side=MAX_SIDE)


def clean_document(upload, *, max_bytes: int, field: str = "documents") -> uploads.CleanFile:
    return uploads.clean_document(upload, field=field, max_bytes=max_bytes)


THUMBNAIL_SIDE = 480  # lists and the appeal page show photos 160–240 px wide; twice that for sharp screens


def thumbnail_of(photo: uploads.CleanImage) -> ContentFile:
    """A small JPEG rendition of a cleaned photo (already without metadata), made once at upload time."""
    photo.content.seek(0)
    with Image.open(io.BytesIO(photo.content.read())) as image:
        image.load()
        small = image.convert("RGB") if image.mode not in ("RGB", "L") else image.copy()
    photo.content.seek(0)
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=80, optimize=True)
    return ContentFile(out.getvalue(), name="thumbnail.jpg")
