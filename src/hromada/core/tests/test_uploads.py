"""The core upload sanitiser: type by content, size and pixel limits, metadata stripped, office containers checked."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from hromada.core import uploads
from hromada.core.errors import ValidationFailed


def _image(fmt: str = "JPEG", size=(80, 60), *, exif: bool = False, frames: int = 1) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (10, 120, 200))
    kwargs = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "SecretCam"
        tags[0x8825] = {1: "N", 2: (49.0, 35.0, 0.0)}
        kwargs["exif"] = tags
    if frames > 1:
        kwargs.update(save_all=True, append_images=[Image.new("RGB", size, (0, 0, 0))] * (frames - 1))
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def _zip(**members: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


DOCX = _zip(**{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def up(data: bytes, name: str = "file.bin", content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _refusal(call) -> str:
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value.fields["file"][0]


def test_photos_lose_exif_and_extra_frames_and_are_scaled():
    for data in (_image(exif=True), _image("MPO", frames=2), _image("PNG"), _image("WEBP")):
        clean = uploads.clean_photo(up(data, "x.jpg"), field="file", max_side=40)
        stored = Image.open(io.BytesIO(clean.content.read()))
        assert stored.format == "JPEG" and max(stored.size) == 40
        assert not stored.getexif() and getattr(stored, "n_frames", 1) == 1


def test_the_type_comes_from_the_content_not_the_name():
    assert "images are accepted" in _refusal(lambda: uploads.clean_photo(up(PDF, "photo.jpg", "image/jpeg"),
                                                                         field="file"))
    html = b"<html><script>alert(1)</script></html>"
    assert "PDF" in _refusal(lambda: uploads.clean_document(up(html, "answer.pdf", "application/pdf"), field="file"))
    clean = uploads.clean_document(up(PDF, "whatever.docx"), field="file")
    assert clean.content_type == "application/pdf" and clean.extension == ".pdf" and clean.name == "whatever.docx"


def test_office_documents_only_where_accepted_and_only_real_containers():
    office = frozenset({"pdf", "image", "office"})
    clean = uploads.clean_document(up(DOCX, "Рішення.docx"), field="file", accept=office)
    assert clean.extension == ".docx" and clean.name == "Рішення.docx"
    assert _refusal(lambda: uploads.clean_document(up(DOCX, "a.docx"), field="file"))  # pdf/image only
    plain_zip = _zip(**{"payload.exe": "MZ"})
    assert "office document" in _refusal(lambda: uploads.clean_document(up(plain_zip, "a.docx"), field="file",
                                                                        accept=office))


def test_limits_empty_damaged_and_bombs(settings):
    assert "larger than 0.1 MB" in _refusal(lambda: uploads.clean_photo(up(_image()), field="file", max_bytes=100))
    assert "empty" in _refusal(lambda: uploads.clean_photo(up(b""), field="file"))
    assert "damaged" in _refusal(lambda: uploads.clean_document(up(b"%PDF-1.4 no end"), field="file"))
    settings.HROMADA_UPLOAD_MAX_PIXELS = 1000
    assert "too many pixels" in _refusal(lambda: uploads.clean_photo(up(_image(size=(100, 100))), field="file"))


def test_png_kept_as_png_when_asked():
    clean = uploads.clean_document(up(_image("PNG"), "scan.png"), field="file", keep_png=True)
    assert clean.content_type == "image/png" and Image.open(io.BytesIO(clean.content.read())).format == "PNG"
