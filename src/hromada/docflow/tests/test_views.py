"""Docflow staff pages: journals, a journal with search, filters, pages and CSV, the card with its files (PDF and
images inline), the card's form, registering and attaching; residents and other communities get 404."""

from __future__ import annotations

import io

from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from hromada.core.identity.models import Role
from hromada.docflow import services
from hromada.docflow.models import AttachmentVersion, Document, Status

from . import factories as f

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _jpeg_with_exif() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    Image.new("RGB", (40, 30), "navy").save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_journals_journal_and_card_pages(community):
    journal = f.journal(community)
    card = f.registered(community, journal, summary="Про укриття в ліцеї", correspondent_org="ОВА")
    client = _client(f.clerk(community))
    base = f"/c/{community.slug}/docflow"
    page = client.get(f"{base}/")
    assert page.status_code == 200 and journal.title in page.content.decode()
    assert "Журнали реєстрації" in page.content.decode()  # the Ukrainian catalogue is compiled
    listing = client.get(f"{base}/journals/{journal.pk}/", {"q": "укриття"}).content.decode()
    assert card.reg_index in listing and "Про укриття в ліцеї" in listing
    assert "Про укриття" not in client.get(f"{base}/journals/{journal.pk}/", {"q": "генератор"}).content.decode()
    detail = client.get(f"{base}/documents/{card.pk}/").content.decode()
    assert card.reg_index in detail and "ОВА" in detail and '<html lang="uk"' in detail


def test_bad_filters_answer_400_with_the_field(community):
    journal = f.journal(community)
    response = _client(f.clerk(community)).get(f"/c/{community.slug}/docflow/journals/{journal.pk}/",
                                               {"year": "nineteen", "kind": "poem"})
    assert response.status_code == 400
    assert 'href="#filter-year"' in response.content.decode() and 'href="#filter-kind"' in response.content.decode()


def test_csv_export_follows_the_search(community):
    journal = f.journal(community)
    f.registered(community, journal, summary="=HYPERLINK(\"http://evil\")")
    f.registered(community, journal, summary="Про дороги")
    response = _client(f.clerk(community)).get(f"/c/{community.slug}/docflow/journals/{journal.pk}/export.csv",
                                               {"q": "hyperlink"})
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and body.startswith("\ufeffreg_index,")
    assert "'=HYPERLINK" in body and "Про дороги" not in body


def test_draft_form_register_button_and_refusals(community):
    journal = f.journal(community, pattern="{dept}/{seq}")
    clerk = f.clerk(community)
    client = _client(clerk)
    base = f"/c/{community.slug}/docflow"
    bad = client.post(f"{base}/journals/{journal.pk}/new/", {"journal_id": journal.pk, "kind": "letter",
                                                             "summary": "Лист", "sheets": "0",
                                                             "attachment_sheets": "0", "access": "public"})
    assert bad.status_code == 400 and 'href="#id_sheets"' in bad.content.decode()
    assert not Document.objects.exists()
    saved = client.post(f"{base}/journals/{journal.pk}/new/", {
        "journal_id": journal.pk, "kind": "letter", "summary": "Лист про дорогу", "sheets": "2",
        "attachment_sheets": "0", "access": "public", "received_date": "2024-03-01"})
    document = Document.objects.get()
    assert saved.status_code == 302 and saved["Location"].endswith(f"/documents/{document.pk}/")
    refused = client.post(f"{base}/documents/{document.pk}/register/", follow=True)  # {dept} needs a department
    assert "Not registered" in refused.content.decode() or "Не зареєстровано" in refused.content.decode()
    assert Document.objects.get().status == Status.DRAFT
    client.post(f"{base}/documents/{document.pk}/edit/", {
        "journal_id": journal.pk, "kind": "letter", "summary": "Лист про дорогу", "sheets": "2",
        "attachment_sheets": "0", "access": "public", "department_id": f.office(community).pk})
    client.post(f"{base}/documents/{document.pk}/register/")
    assert Document.objects.get().reg_index == "Канцелярія/1"


def test_files_are_previewed_inline_and_images_lose_their_metadata(community):
    journal = f.journal(community)
    document = f.draft(community, journal)
    client = _client(f.clerk(community))
    base = f"/c/{community.slug}/docflow"
    for name, data in (("scan.pdf", PDF), ("photo.jpg", _jpeg_with_exif())):
        response = client.post(f"{base}/documents/{document.pk}/attachments/",
                               {"file": SimpleUploadedFile(name, data), "title": name})
        assert response.status_code == 302, response.content.decode()[:2000]
    pdf, image = AttachmentVersion.objects.order_by("pk")
    shown = client.get(f"{base}/files/{pdf.pk}/")
    assert shown["Content-Type"] == "application/pdf" and shown["Content-Disposition"].startswith("inline")
    assert b"".join(shown.streaming_content) == PDF
    picture = b"".join(client.get(f"{base}/files/{image.pk}/").streaming_content)
    assert b"SecretCam" not in picture and Image.open(io.BytesIO(picture)).size == (40, 30)
    assert client.get(f"{base}/files/{pdf.pk}/", {"download": "1"})["Content-Disposition"].startswith("attachment")
    card = client.get(f"{base}/documents/{document.pk}/").content.decode()
    assert pdf.sha256 in card and f'src="{base}/files/{image.pk}/"' in card
    bad = client.post(f"{base}/documents/{document.pk}/attachments/",
                      {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 truncated")})
    assert bad.status_code == 400 and AttachmentVersion.objects.count() == 2


def test_residents_and_other_communities_get_404(community, other_community, resident):
    journal = f.journal(community)
    document = f.registered(community, journal)
    version = services.attachment_add(actor=f.clerk(community), community=community, document_id=document.pk,
                                      upload=SimpleUploadedFile("a.txt", b"text"))
    base = f"/c/{community.slug}/docflow"
    paths = [f"{base}/", f"{base}/journals/{journal.pk}/", f"{base}/documents/{document.pk}/",
             f"{base}/files/{version.pk}/", f"{base}/journals/{journal.pk}/export.csv"]
    stranger = make_member(other_community, Role.ADMIN)
    for user in (resident, stranger):
        client = _client(user)
        assert all(client.get(path).status_code == 404 for path in paths)
        assert client.post(f"{base}/documents/{document.pk}/register/").status_code == 404
    theirs = _client(stranger)
    assert theirs.get(f"/c/{other_community.slug}/docflow/documents/{document.pk}/").status_code == 404


def test_journal_page_queries_do_not_grow_with_rows(community, django_assert_num_queries):
    journal = f.journal(community)
    dept = f.office(community)
    client = _client(f.clerk(community))
    url = f"/c/{community.slug}/docflow/journals/{journal.pk}/"
    f.registered(community, journal, department_id=dept.pk)
    client.get(url)
    with django_assert_num_queries(11) as few:
        assert client.get(url).status_code == 200
    for n in range(40):
        f.registered(community, journal, summary=f"Лист {n}", department_id=dept.pk)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_journals_page_queries_do_not_grow_with_journals(community, django_assert_num_queries):
    f.journal(community)
    client = _client(f.clerk(community))
    url = f"/c/{community.slug}/docflow/"
    client.get(url)
    with django_assert_num_queries(13) as few:
        assert client.get(url).status_code == 200
    for n in range(10):
        f.registered(community, f.journal(community, title=f"Журнал {n}"))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
