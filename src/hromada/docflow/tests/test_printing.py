"""Printable PDFs read back with pypdf: the Cyrillic text is there as text (the font is embedded with its
Unicode map), the pages are for staff who may see the card, and the letter is an outgoing card's."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from hromada.core.identity.actors import SYSTEM
from hromada.docflow import services
from hromada.docflow.printing import letter_pdf, registration_card_pdf

from . import factories as f

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _fonts(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # embedded, not referred to by name
            names.add(str(font["/BaseFont"]))
    return names


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_registration_card_prints_cyrillic_requisites_with_an_embedded_font(community):
    journal = f.journal(community)
    document = f.registered(community, journal, correspondent_org="Полтавська ОДА", correspondent_index="01-15/77")
    services.attachment_add(actor=SYSTEM, community=community, document_id=document.pk,
                            upload=io.BytesIO("Текст листа про дах".encode()), title="Лист ОДА")
    data = registration_card_pdf(document)
    text = _text(data)
    assert document.reg_index in text and "Про ремонт даху школи № 3" in text
    assert "Полтавська ОДА" in text and "01-15/77" in text and "Лист ОДА" in text
    assert all("DejaVu" in name for name in _fonts(data))


def test_the_letter_prints_the_letterhead_addressee_and_text(community):
    outgoing = f.journal(community, kind="outgoing", title="Вихідні")
    document = f.registered(community, outgoing, correspondent_org="ТОВ «Їжак і Ґудзик»",
                            summary="Про надання інформації щодо ремонту")
    services.attachment_add(actor=SYSTEM, community=community, document_id=document.pk,
                            upload=io.BytesIO("Шановні колеги! Повідомляємо, що ремонт завершено.".encode()),
                            title="Відповідь")
    text = _text(letter_pdf(document, address="вул. Соборна, 1, м. Полтава"))
    assert community.name_uk.upper() in text and document.reg_index in text
    assert "ТОВ «Їжак і Ґудзик»" in text and "вул. Соборна, 1, м. Полтава" in text
    assert "ремонт завершено" in text and "Про надання інформації щодо ремонту" in text


def test_print_pages_are_for_staff_who_see_the_card(community, other_community, resident):
    incoming, outgoing = f.journal(community), f.journal(community, kind="outgoing", title="Вихідні")
    card, letter = f.registered(community, incoming), f.registered(community, outgoing)
    clerk = _client(f.clerk(community))
    base = f"/c/{community.slug}/docflow/documents"
    response = clerk.get(f"{base}/{card.pk}/card.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert clerk.get(f"{base}/{letter.pk}/letter.pdf").status_code == 200
    assert clerk.get(f"{base}/{card.pk}/letter.pdf").status_code == 404  # an incoming card is no letter
    assert _client(resident).get(f"{base}/{card.pk}/card.pdf").status_code == 404
    assert Client().get(f"{base}/{card.pk}/card.pdf").status_code == 302
    foreign = f.clerk(other_community)
    assert _client(foreign).get(f"/c/{other_community.slug}/docflow/documents/{card.pk}/card.pdf").status_code == 404
