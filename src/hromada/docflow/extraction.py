"""The searchable text of an attached file (casefolded, single spaces), where it is cheap: plain text, the text layer of a PDF (pypdf, pure
Python) and the body of DOCX/ODT files. Scans (images) have none; a file that does not read gives ""."""

from __future__ import annotations

import io
import logging
import zipfile
from xml.etree import ElementTree

from hromada.core.uploads import PDF

logger = logging.getLogger(__name__)

TEXT_MAX = 200_000  # characters kept for the search: enough for any letter, bounded for a book-sized annex
PDF_PAGES_MAX = 50
_XML_MAX = 20 * 1024 * 1024
_ODF_OR_OOXML_BODY = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word/document.xml",
    "application/vnd.oasis.opendocument.text": "content.xml",
}


def fold(text: str) -> str:
    """Text as the search compares it: casefolded, single spaces."""
    return " ".join((text or "").split()).casefold()


def extract_text(data: bytes, content_type: str) -> str:
    try:
        if content_type.startswith("text/plain"):
            text = data.decode("utf-8-sig", errors="replace")
        elif content_type == PDF:
            text = _pdf_text(data)
        elif content_type in _ODF_OR_OOXML_BODY:
            text = _xml_body_text(data, _ODF_OR_OOXML_BODY[content_type])
        else:
            return ""
    except Exception:  # noqa: BLE001 — a file the parser cannot read is still a valid attachment, just not searchable
        logger.info("docflow: no text extracted from a %s attachment", content_type)
        return ""
    return fold(text)[:TEXT_MAX]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = []
    for page in reader.pages[:PDF_PAGES_MAX]:
        parts.append(page.extract_text() or "")
        if sum(len(p) for p in parts) > TEXT_MAX:
            break
    return "\n".join(parts)


def _xml_body_text(data: bytes, member: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
        if info.file_size > _XML_MAX:
            return ""
        root = ElementTree.fromstring(archive.read(member))  # noqa: S314 — bounded size; expat refuses entity bombs
    # Paragraph ends become spaces so words of neighbouring paragraphs do not run together.
    return " ".join(" ".join(element.itertext()) for element in root.iter() if _is_paragraph(element.tag))


def _is_paragraph(tag: str) -> bool:
    local = tag.rsplit("}", 1)[-1]
    return local in ("p", "h")
