"""Appeals' photos and answer documents, through the core upload sanitiser (hromada.core.uploads).

Photos are scaled to a side that still shows a pothole; documents are PDFs or images, all re-encoded as JPEG."""

from __future__ import annotations

from hromada.core import uploads

MAX_SIDE = 2048  # stored photos are scaled down to this side: enough to see a pothole


def clean_photo(upload, *, max_bytes: int, field: str = "photos") -> uploads.CleanImage:
    return uploads.clean_photo(upload, field=field, max_bytes=max_bytes, max_side=MAX_SIDE)


def clean_document(upload, *, max_bytes: int, field: str = "documents") -> uploads.CleanFile:
    return uploads.clean_document(upload, field=field, max_bytes=max_bytes)
