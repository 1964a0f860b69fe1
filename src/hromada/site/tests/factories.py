"""Test data of the site: images made in memory (with EXIF and GPS when asked) and a few published news."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from hromada.core.identity.actors import SYSTEM
from hromada.site import services


def photo(*, gps: bool = False, name: str = "photo.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (80, 60), (20, 90, 160))
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "SecretCam"
        exif[0x8825] = {1: "N", 2: (49.0, 35.0, 0.0), 3: "E", 4: (34.0, 33.0, 0.0)}
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def news(community, title: str, *, days_ago: float = 1, **extra):
    return services.news_create(actor=SYSTEM, community=community, title=title,
                                publish_at=timezone.now() - timedelta(days=days_ago), **extra)


def scheduled(community, title: str = "Scheduled for next week"):
    return services.news_create(actor=SYSTEM, community=community, title=title,
                                publish_at=timezone.now() + timedelta(days=7))
