"""Housing objects for tests, made through the services (as SYSTEM) so they are what the platform would write."""

from __future__ import annotations

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hromada.core.identity.actors import SYSTEM
from hromada.housing import services

_seq = itertools.count(1)


def make_manager(community, **values):
    values.setdefault("kind", "condominium")
    values.setdefault("name", f"ОСББ «Тест {next(_seq)}»")
    return services.manager_create(actor=SYSTEM, community=community, **values)


def make_building(community, **values):
    values.setdefault("street", "вул. Тестова")
    values.setdefault("number", str(next(_seq)))
    return services.building_create(actor=SYSTEM, community=community, **values)


def make_work(community, building, **values):
    values.setdefault("kind", "repair")
    values.setdefault("title", "Ремонт покрівлі")
    return services.work_create(actor=SYSTEM, community=community, building_id=building.pk, **values)


def pdf_upload(name: str = "act.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def jpeg_with_gps(name: str = "photo.jpg") -> SimpleUploadedFile:
    """A JPEG carrying EXIF (a GPS block and a camera make): the upload sanitiser must drop all of it."""
    image = Image.new("RGB", (40, 30), (200, 100, 50))
    exif = Image.Exif()
    exif[0x010F] = "TestCamera"  # Make
    exif[0x8825] = {1: "N", 2: (49.0, 4.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
