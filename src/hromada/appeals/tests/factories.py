"""Test builders for appeals: categories, areas with routing, appeals in a chosen state, images."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hromada.appeals import services
from hromada.appeals.models import Category, RoutingRule, TermKind
from hromada.core.identity.actors import SYSTEM


def square(lon0: float, lat0: float, size: float = 0.01) -> dict:
    ring = [[lon0, lat0], [lon0 + size, lat0], [lon0 + size, lat0 + size], [lon0, lat0 + size], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_category(community, code: str = "light", *, term=TermKind.DAYS_15, public: bool = True,
                  fallback=None, attributes=None) -> Category:
    return Category.objects.create(community=community, code=code, name=f"Категорія {code}", term_kind=term,
                                   public_by_default=public, fallback_department=fallback,
                                   attributes=attributes or [])


def make_area(community, name: str, lon0: float, lat0: float, size: float = 0.01, actor=SYSTEM):
    return services.area_save(actor=actor, community=community, name=name, geometry=square(lon0, lat0, size))


def route_rule(community, category, area, department) -> RoutingRule:
    return RoutingRule.objects.create(community=community, category=category, area=area, department=department)


def jpeg_bytes(size=(64, 48), *, exif_gps: bool = False, fmt: str = "JPEG") -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "SecretCam"  # Make
        exif[0x8825] = {1: "N", 2: (49.0, 35.0, 0.0), 3: "E", 4: (34.0, 33.0, 0.0)}  # GPSInfo
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_appeal(community, author, category, *, lat: float = 49.595, lon: float = 34.555, public=None, **extra):
    return services.appeal_create(actor=author, community=community, category_code=category.code,
                                  description=extra.pop("description", "Не світить ліхтар"), lat=lat, lon=lon,
                                  is_public=public, **extra)
