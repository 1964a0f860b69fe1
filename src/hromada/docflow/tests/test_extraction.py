"""The searchable text of attachments: plain text, a PDF's text layer (pypdf), DOCX and ODT bodies, folded for
the search; a file that does not parse gives no text and no error."""

from __future__ import annotations

import io
import zipfile

from hromada.docflow.extraction import extract_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


def _pdf(text: str) -> bytes:
    """A one-page PDF with `text` in Helvetica, offsets computed so that the cross-reference table is valid."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_plain_text_is_folded():
    assert extract_text("Лист  ПРО\nРемонт".encode(), "text/plain") == "лист про ремонт"


def test_pdf_text_layer():
    assert "road repair in 2026" in extract_text(_pdf("Road Repair in 2026"), "application/pdf")


def test_docx_and_odt_bodies():
    docx = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml":
                 '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                 "<w:p><w:r><w:t>Перший</w:t></w:r></w:p><w:p><w:r><w:t>Абзац</w:t></w:r></w:p></w:body></w:document>"})
    odt = _zip({"mimetype": ODT, "content.xml":
                '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
                "<text:h>Заголовок</text:h><text:p>Текст</text:p></office:text></office:body></office:document-content>"})
    assert extract_text(docx, DOCX) == "перший абзац"
    assert extract_text(odt, ODT) == "заголовок текст"


def test_broken_files_and_scans_give_no_text():
    assert extract_text(b"%PDF-1.4 broken %%EOF", "application/pdf") == ""
    assert extract_text(b"not a zip", DOCX) == ""
    assert extract_text(b"\xff\xd8\xff", "image/jpeg") == ""
