"""Web pages of petitions: list, detail, create with suggestions, sign by POST only, QR codes, poster,
staff pages, the signers' CSV, the Atom feed, open data without personal data, isolation and the demo."""

from __future__ import annotations

import csv
import io

import pytest
import segno
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from hromada.core.audit.models import AuditEvent
from hromada.core.identity.models import Role
from hromada.petitions import selectors, services
from hromada.petitions.models import Petition, Signature, Status

from . import factories as f

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(community, path=""):
    return f"/c/{community.slug}/petitions/{path}"


def test_list_page_filters_and_query_count(community, resident, moderator, django_assert_max_num_queries):
    for n in range(25):
        f.collecting(community, resident, moderator, title=f"Петиція про парк номер {n:02d}")
    f.collecting(community, resident, moderator, title="Зовсім інша тема: тролейбус")
    client = client_for()
    with django_assert_max_num_queries(8):
        response = client.get(url(community))
    page = response.content.decode()
    assert response.status_code == 200 and "26" in page and 'rel="next"' in page
    assert "тролейбус" in client.get(url(community), {"q": "ТРОЛЕЙБУС"}).content.decode()
    assert client.get(url(community), {"q": "немає такого"}).content.decode().count("empty") >= 1
    assert client.get(url(community), {"status": "nonsense", "page": "x"}).status_code == 200


def test_empty_list(community):
    page = client_for().get(url(community)).content.decode()
    assert 'class="empty"' in page


def test_detail_shows_progress_names_only_and_open_graph(community, resident, moderator):
    f.set_settings(community, threshold=4)
    petition = f.collecting(community, resident, moderator)
    signer = f.strong_resident(community)
    services.petition_sign(actor=signer, community=community, petition=petition)
    response = client_for().get(url(community, f"{petition.pk}/"))
    page = response.content.decode()
    assert response.context["days_left"] == 90
    assert 'property="og:title"' in page and petition.title in page
    # A native <progress> (the Content-Security-Policy refuses a width in a style attribute).
    assert '<progress class="progress" max="4" value="1"' in page and ">25%</progress>" in page
    assert signer.verified_identity.verified_name in page
    assert signer.email not in page and resident.email not in page
    assert "t.me/share" in page and "qr.svg" in page and "poster/" in page


def test_drafts_and_other_communities_are_not_found(community, other_community, resident, moderator):
    draft = f.draft(community, resident)
    petition = f.collecting(community, resident, moderator)
    assert client_for().get(url(community, f"{draft.pk}/")).status_code == 404
    assert client_for(resident).get(url(community, f"{draft.pk}/")).status_code == 200
    for path in ("", "qr.svg", "qr.png", "poster/"):
        assert client_for().get(url(other_community, f"{petition.pk}/{path}")).status_code == 404
    assert client_for(resident).post(url(other_community, f"{petition.pk}/sign/")).status_code == 404


def test_sign_by_post_only(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    client = client_for(resident)
    assert client.get(url(community, f"{petition.pk}/sign/")).status_code == 405
    assert Signature.objects.count() == 0
    response = client.post(url(community, f"{petition.pk}/sign/"))
    assert response.status_code == 302 and Signature.objects.count() == 1
    again = client.post(url(community, f"{petition.pk}/sign/"))
    assert again.status_code == 409 and Signature.objects.count() == 1
    anonymous = client_for().post(url(community, f"{petition.pk}/sign/"))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    weak = client_for(make_member(community)).post(url(community, f"{petition.pk}/sign/"))
    assert weak.status_code == 403 and Signature.objects.count() == 1


@pytest.mark.usefixtures("frozen_clock")
def test_sign_rate_limit_page_429(community, resident, moderator):
    f.set_settings(community, sign_rate_user="1/m")
    one, two = f.collecting(community, resident, moderator), f.collecting(community, resident, moderator)
    client = client_for(resident)
    client.post(url(community, f"{one.pk}/sign/"))
    response = client.post(url(community, f"{two.pk}/sign/"))
    assert response.status_code == 429 and response["Retry-After"]


def test_create_preview_submit_and_bad_input(community, resident, moderator):
    client = client_for(resident)
    assert client_for().get(url(community, "new/")).status_code == 302
    data = {"title": "Встановити лавки в парку Шевченка", "text": f.TEXT, "category": "", "co_authors": ""}
    preview = client.post(url(community, "new/"), {**data, "action": "preview"})
    assert preview.status_code == 200 and "preview-h" in preview.content.decode() and Petition.objects.count() == 0
    bad = client.post(url(community, "new/"), {**data, "title": "x", "action": "submit"})
    assert bad.status_code == 400 and Petition.objects.count() == 0
    bad = client.post(url(community, "new/"), {**data, "co_authors": "ghost@example.org", "action": "submit"})
    assert bad.status_code == 400 and "ghost@example.org" in bad.content.decode() and Petition.objects.count() == 0
    done = client.post(url(community, "new/"), {**data, "action": "submit"})
    petition = Petition.objects.get()
    assert done.status_code == 302 and petition.status == Status.SUBMITTED
    client.post(url(community, "new/"), {**data, "action": "draft"})
    assert Petition.objects.filter(status=Status.DRAFT).count() == 1
    assert "Встановити лавки" in client.get(url(community, "mine/")).content.decode()


def test_edit_draft_then_submit(community, resident):
    petition = f.draft(community, resident)
    edit = url(community, f"{petition.pk}/edit/")
    assert client_for(make_member(community)).get(edit).status_code == 404
    client = client_for(resident)
    assert petition.title in client.get(edit).content.decode()
    data = {"title": "Змінена назва петиції про лавки", "text": f.TEXT, "category": "", "co_authors": ""}
    assert client.post(edit, {**data, "title": "x", "action": "draft"}).status_code == 400
    assert client.post(edit, {**data, "action": "submit"}).status_code == 302
    petition.refresh_from_db()
    assert petition.title == data["title"] and petition.status == Status.SUBMITTED
    assert client.get(edit).status_code == 404


def test_draft_submit_from_detail(community, resident):
    petition = f.draft(community, resident)
    assert client_for(make_member(community)).post(url(community, f"{petition.pk}/submit/")).status_code == 404
    client_for(resident).post(url(community, f"{petition.pk}/submit/"))
    assert Petition.objects.get(pk=petition.pk).status == Status.SUBMITTED


def test_similar_fragment(community, resident, moderator):
    bike = f.collecting(community, resident, moderator)
    fragment = client_for().get(url(community, "similar/"), {"title": "велодоріжки на вулиці", "text": ""})
    assert bike.title in fragment.content.decode()
    assert client_for().get(url(community, "similar/"), {"title": "", "text": ""}).content.strip() == b""


def test_qr_codes_encode_the_petition_url(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    expected = f"http://testserver/c/{community.slug}/petitions/{petition.pk}/"
    svg = client_for().get(url(community, f"{petition.pk}/qr.svg"))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client_for().get(url(community, f"{petition.pk}/qr.png"))
    assert png["Content-Type"] == "image/png"
    # Read the modules back from the PNG (scale 10, border 2) and compare with the code of the expected URL:
    # segno is deterministic, so equal matrices mean the image encodes exactly that URL.
    image = Image.open(io.BytesIO(png.content)).convert("L")
    reference = segno.make(expected, error="m")
    size = len(reference.matrix)
    modules = [[image.getpixel((20 + x * 10 + 5, 20 + y * 10 + 5)) < 128 for x in range(size)] for y in range(size)]
    assert modules == [[bool(v) for v in row] for row in reference.matrix]
    wrong = segno.make(expected.replace(str(petition.pk), str(petition.pk + 1)), error="m")
    assert modules != [[bool(v) for v in row] for row in wrong.matrix]


def test_poster_is_printable_html_with_qr(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    page = client_for().get(url(community, f"{petition.pk}/poster/")).content.decode()
    assert "<svg" in page and petition.title in page and "petitions.css" in page


def test_staff_pages_are_for_staff(community, resident, moderator, official):
    f.submitted(community, resident)
    assert client_for().get(url(community, "moderation/")).status_code == 302
    assert client_for(resident).get(url(community, "moderation/")).status_code == 404
    assert client_for(resident).get(url(community, "overdue/")).status_code == 404
    assert client_for(moderator).get(url(community, "moderation/")).status_code == 200
    assert client_for(official).get(url(community, "overdue/")).status_code == 200


def test_moderation_actions_on_the_web(community, resident, moderator, department):
    one, two, three = (f.submitted(community, resident) for _ in range(3))
    mod = client_for(moderator)
    assert mod.get(url(community, f"{one.pk}/")).content.decode().count("<form") >= 3
    assert mod.post(url(community, f"{one.pk}/reject/"), {"reason": "не зі списку"}).status_code == 400
    assert client_for(resident).post(url(community, f"{one.pk}/publish/")).status_code == 404
    assert Petition.objects.get(pk=one.pk).status == Status.SUBMITTED
    reason = selectors.rejection_reasons(community)[1]
    assert mod.post(url(community, f"{one.pk}/reject/"), {"reason": reason}).status_code == 302
    assert mod.post(url(community, f"{two.pk}/publish/")).status_code == 302
    assert mod.post(url(community, f"{three.pk}/duplicate/"), {"original_id": "abc"}).status_code == 400
    assert mod.post(url(community, f"{three.pk}/duplicate/"), {"original_id": two.pk}).status_code == 302
    assert mod.post(url(community, f"{two.pk}/publish/")).status_code == 409
    assert mod.post(url(community, f"{two.pk}/assign/"), {"department_id": department.pk}).status_code == 302
    assert [p.status for p in Petition.objects.order_by("pk")] == [Status.REJECTED, Status.COLLECTING,
                                                                    Status.REJECTED]
    assert Petition.objects.get(pk=two.pk).department == department


def test_answer_with_attachment_on_the_web(community, resident, moderator, department, official):
    f.set_settings(community, threshold=1)
    petition = f.collecting(community, resident, moderator)
    services.petition_assign_department(actor=moderator, community=community, petition=petition,
                                        department_id=department.pk)
    f.reach_threshold(community, petition)
    client = client_for(official)
    bad = client.post(url(community, f"{petition.pk}/answer/"), {"decision": "supported", "text": "коротко"})
    assert bad.status_code == 400 and Petition.objects.get(pk=petition.pk).status == Status.THRESHOLD_REACHED
    pdf = SimpleUploadedFile("answer.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")
    done = client.post(url(community, f"{petition.pk}/answer/"),
                       {"decision": "partly", "text": "Рада частково підтримує петицію.", "attachments": [pdf]})
    assert done.status_code == 302
    page = client_for().get(url(community, f"{petition.pk}/")).content.decode()
    assert "Рада частково підтримує" in page and "answer.pdf" in page


def test_signers_csv_for_staff_only(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    signer = f.strong_resident(community)
    services.petition_sign(actor=signer, community=community, petition=petition)
    assert client_for(signer).get(url(community, f"{petition.pk}/signers.csv")).status_code == 404
    response = client_for(moderator).get(url(community, f"{petition.pk}/signers.csv"))
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and signer.email in body and body.startswith("\ufeffn,name")
    assert AuditEvent.objects.filter(action="petitions.signers.exported").count() == 1


def test_a_signer_name_that_looks_like_a_formula_is_exported_as_text(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    signer = f.strong_resident(community)
    services.petition_sign(actor=signer, community=community, petition=petition)
    Signature.objects.filter(petition=petition).update(public_name="=HYPERLINK(\"http://evil\")")
    response = client_for(moderator).get(url(community, f"{petition.pk}/signers.csv"))
    names = [row[1] for row in csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:]))]
    assert len(names) == 2 and names[1].startswith("'") and "HYPERLINK" in names[1]


def test_overdue_is_public_on_the_list(community, resident, moderator):
    f.set_settings(community, threshold=1)
    petition = f.collecting(community, resident, moderator)
    f.reach_threshold(community, petition)
    Petition.objects.filter(pk=petition.pk).update(consideration_deadline="2020-01-01T00:00:00Z")
    assert "overdue-h" in client_for().get(url(community)).content.decode()
    assert petition.title in client_for(moderator).get(url(community, "overdue/")).content.decode()


def test_atom_feed_has_new_and_answered(community, resident, moderator):
    f.set_settings(community, threshold=1)
    petition = f.collecting(community, resident, moderator)
    f.reach_threshold(community, petition)
    services.petition_answer(actor=make_member(community, Role.ADMIN), community=community, petition=petition,
                             text="Відповідь ради на петицію.", decision="supported")
    response = client_for().get(url(community, "feed.atom"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert body.count("<entry>") == 2 and f"/c/{community.slug}/petitions/{petition.pk}/" in body


def test_open_data_rows_have_counts_and_no_personal_data(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    services.petition_sign(actor=resident, community=community, petition=petition)
    f.draft(community, resident)
    rows = list(selectors.petition_open_data_rows(community))
    assert len(rows) == 1 and rows[0]["signatures"] == 1 and rows[0]["status"] == "collecting"
    flat = " ".join(str(v) for v in rows[0].values())
    assert resident.email not in flat and resident.full_name not in flat
    from hromada.core import capabilities

    fields = [name for name, _type in capabilities.manifest("petitions").opendata_exports[0].fields]
    assert list(rows[0]) == fields


def test_demo_loader_small_for_any_community(db):
    from hromada.demo.people import create_demo_community
    from hromada.petitions.demo import load

    community, _people = create_demo_community(slug="demo-x", residents=12)
    load(community, size="small")
    statuses = set(Petition.objects.filter(community=community).values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert selectors.overdue_petitions(community=community).exists()
    assert Petition.objects.get(community=community, status=Status.ANSWERED).answer_text
