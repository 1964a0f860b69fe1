"""Upload validation: type by content, size, image bombs, and EXIF/GPS stripped by re-encoding."""

import io
import struct
import zlib

import pytest
from django.utils import translation
from PIL import Image

from hromada.appeals.models import Appeal, AppealPhoto
from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, make_category, upload
from hromada.appeals.uploads import clean_document, clean_photo
from hromada.core.errors import ValidationFailed

MB = 2**20


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG whose header claims a huge canvas (the IDAT is a few bytes of zeros)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")


def test_a_photo_is_reencoded_without_exif_or_gps():
    data = jpeg_bytes(exif_gps=True)
    assert Image.open(io.BytesIO(data)).getexif()  # the original carries EXIF incl. GPS
    clean = clean_photo(upload(data), max_bytes=MB)
    image = Image.open(io.BytesIO(clean.content.read()))
    assert image.format == "JPEG" and not image.getexif() and "exif" not in image.info
    assert b"SecretCam" not in clean.content.read()


def test_png_and_webp_are_accepted_as_jpeg():
    for fmt in ("PNG", "WEBP"):
        clean = clean_photo(upload(jpeg_bytes(fmt=fmt), "x.png"), max_bytes=MB)
        assert Image.open(io.BytesIO(clean.content.read())).format == "JPEG"


@pytest.mark.parametrize("data", [b"hello, I am a text file", b"%PDF-1.4 not an image", b"\x89PNG\r\n\x1a\ngarbage"])
def test_wrong_type_is_refused_whatever_the_name(data):
    with pytest.raises(ValidationFailed) as err:
        clean_photo(upload(data, "photo.jpg", "image/jpeg"), max_bytes=MB)
    assert "photos" in err.value.fields


def test_too_large_is_refused():
    with pytest.raises(ValidationFailed):
        clean_photo(upload(b"\xff" * (MB + 1)), max_bytes=MB)
    with pytest.raises(ValidationFailed):
        clean_photo(upload(b""), max_bytes=MB)


def test_an_image_bomb_is_refused_before_decoding():
    with translation.override("en"), pytest.raises(ValidationFailed) as err:
        clean_photo(upload(png_bomb(), "bomb.png", "image/png"), max_bytes=MB)
    assert "pixels" in err.value.fields["photos"][0]


def test_documents_are_pdf_or_images():
    pdf = clean_document(upload(b"%PDF-1.7\n...\n%%EOF\n", "a.pdf", "application/pdf"), max_bytes=MB)
    assert pdf.content_type == "application/pdf" and pdf.name == "a.pdf"
    assert clean_document(upload(jpeg_bytes(), "scan.jpg"), max_bytes=MB).content_type == "image/jpeg"
    with pytest.raises(ValidationFailed):
        clean_document(upload(b"MZ\x90\x00 executable", "answer.pdf", "application/pdf"), max_bytes=MB)
    with pytest.raises(ValidationFailed):
        clean_document(upload(b"%PDF-1.7 truncated", "a.pdf"), max_bytes=MB)
    with pytest.raises(ValidationFailed):
        clean_document(upload(png_bomb(), "bomb.png"), max_bytes=MB)


@pytest.mark.django_db
def test_a_bad_photo_leaves_no_appeal_behind(community, resident, department):
    category = make_category(community, fallback=department)
    with pytest.raises(ValidationFailed):
        make_appeal(community, resident, category, photos=[upload(jpeg_bytes()), upload(png_bomb(), "b.png")])
    assert not Appeal.objects.exists() and not AppealPhoto.objects.exists()


@pytest.mark.django_db
def test_photos_are_stored_privately(community, resident, department, settings):
    category = make_category(community, fallback=department)
    appeal = make_appeal(community, resident, category, photos=[upload(jpeg_bytes(exif_gps=True))])
    photo = appeal.photos.get()
    path = photo.file.path
    assert "/private/" in path and "/public/" not in path
    with open(path, "rb") as fh:
        assert b"SecretCam" not in fh.read()
