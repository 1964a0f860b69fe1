"""Services pages: the catalogue searched and paged at pinned queries, a service with its fee QR, applying on the
web form (a refusal is a 400 with the field and nothing written), the application page with its payment QR,
private files only to the applicant and staff, the staff queue with overdue ones flagged, and the statement page."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from conftest import make_member
from django.test import Client
from PIL import Image

from hromada.core.identity.models import Role
from hromada.services import services
from hromada.services.models import Application, Payment

from .factories import ANSWERS, make_service, pdf, set_payee, submit


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_catalogue_searches_filters_and_pages(community, community_admin):
    category = services.category_create(actor=community_admin, community=community, title="Земельні питання")
    make_service(community, title="Витяг з кадастру", category_id=category.pk, legal_basis="Земельний кодекс",
                 online=False, form=[])
    make_service(community, title="Реєстрація місця проживання")
    make_service(community, title="Прихована", is_public=False)
    base = f"/c/{community.slug}/services/"
    page = _client().get(base).content.decode()
    assert "Витяг з кадастру" in page and "Реєстрація" in page and "Прихована" not in page
    assert '<html lang="uk"' in page
    found = _client().get(base, {"q": "ЗЕМЕЛЬНИЙ кодекс"}).content.decode()
    assert "Витяг з кадастру" in found and "Реєстрація місця" not in found
    by_category = _client().get(base, {"category": category.pk}).content.decode()
    assert "Витяг з кадастру" in by_category and "Реєстрація місця" not in by_category
    online = _client().get(base, {"online": "on"}).content.decode()
    assert "Реєстрація місця" in online and "Витяг з кадастру" not in online
    nothing = _client().get(base, {"q": "космодром"}).content.decode()
    assert "No service matches" in nothing or "Жодна послуга" in nothing
    assert _client().get(base, {"category": "abc", "page": "x"}).status_code == 200
    assert "Прихована" in _client(community_admin).get(base).content.decode()


def test_the_catalogue_costs_the_same_queries_for_many_services(community, django_assert_max_num_queries):
    client = _client()
    client.get(f"/c/{community.slug}/services/")
    for number in range(30):
        make_service(community, title=f"Послуга {number}", online=False, form=[])
    with django_assert_max_num_queries(12):
        response = client.get(f"/c/{community.slug}/services/")
    assert response.status_code == 200 and response.content.decode().count("/services/") >= 20


def test_a_service_page_and_its_fee_qr(community, community_admin):
    item = make_service(community, diia_url="https://diia.gov.ua/services/x", online=False, form=[])
    url = f"/c/{community.slug}/services/{item.pk}/"
    assert _client().get(f"{url}fee.svg").status_code == 404  # no payment details yet
    set_payee(community, community_admin)
    response = _client().get(url)
    page = response.content.decode()
    assert response.status_code == 200, page[-3000:]
    assert "https://diia.gov.ua/services/x" in page and "fee.svg" in page, page[page.find("<main"):][:3000]
    svg = _client().get(f"{url}fee.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    png = _client().get(f"{url}fee.svg", {"format": "png"})
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))[0].text
    assert decoded.split("\n")[:4] == ["BCD", "002", "1", "UCT"] and "UAH30.00" in decoded


def test_hidden_and_foreign_services_are_not_found(community, other_community, resident):
    hidden = make_service(community, is_public=False)
    theirs = make_service(other_community)
    for item in (hidden, theirs):
        assert _client(resident).get(f"/c/{community.slug}/services/{item.pk}/").status_code == 404
        assert _client(resident).get(f"/c/{community.slug}/services/{item.pk}/apply/").status_code == 404


def test_applying_on_the_web(community, community_admin, resident):
    set_payee(community, community_admin)
    item = make_service(community)
    url = f"/c/{community.slug}/services/{item.pk}/apply/"
    client = _client(resident)
    assert client.get(url).status_code == 200
    refused = client.post(url, {**ANSWERS, "kind": "Сусід"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "form-errors" in body and not Application.objects.exists()
    done = client.post(url, {**ANSWERS, "passport": pdf()})
    application = Application.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/services/applications/{application.pk}/")
    page = client.get(done["Location"]).content.decode()
    payment = Payment.objects.get()
    assert application.number in page and "https://bank.gov.ua/qr/" in page and payment.reference in page
    qr = client.get(f"/c/{community.slug}/services/payments/{payment.pk}/qr.svg", {"format": "png"})
    assert payment.reference in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.content)))[0].text
    anonymous = _client().get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_a_weak_identity_is_told_what_it_needs(community):
    weak = make_member(community, Role.RESIDENT, strong=False)
    item = make_service(community)
    client = _client(weak)
    assert client.post(f"/c/{community.slug}/services/{item.pk}/apply/", {**ANSWERS, "passport": pdf()}).status_code == 403 \
        or not Application.objects.exists()
    assert not Application.objects.exists()


def test_private_files_and_applications_only_to_the_applicant_and_staff(community, other_community, official,
                                                                       resident):
    application = submit(community, resident, make_service(community))
    stored = application.files.get()
    file_url = f"/c/{community.slug}/services/applications/{application.pk}/files/{stored.pk}/"
    page_url = f"/c/{community.slug}/services/applications/{application.pk}/"
    mine = _client(resident).get(file_url)
    assert mine.status_code == 200 and b"".join(mine.streaming_content).startswith(b"%PDF")
    assert "passport" not in mine["Content-Disposition"] and application.number in mine["Content-Disposition"]
    assert _client(official).get(file_url).status_code == 200
    stranger = make_member(community, Role.RESIDENT, strong=True)
    foreign_staff = make_member(other_community, Role.ADMIN)
    for person in (stranger, foreign_staff):
        assert _client(person).get(file_url).status_code == 404
        assert _client(person).get(page_url).status_code == 404
    assert _client(foreign_staff).get(
        f"/c/{other_community.slug}/services/applications/{application.pk}/files/{stored.pk}/").status_code == 404
    assert _client().get(file_url).status_code == 302  # to the sign-in page


def test_staff_handle_an_application_on_its_page(community, official, resident):
    application = submit(community, resident, make_service(community, fee_kind="free"))
    base = f"/c/{community.slug}/services/applications/{application.pk}/"
    client = _client(official)
    staff_page = client.get(base).content.decode()
    assert 'action="' + base + 'review/"' in staff_page and 'action="' + base + 'decide/"' in staff_page
    assert "/review/" not in _client(resident).get(base).content.decode()
    assert client.post(f"{base}review/").status_code == 302
    refused = client.post(f"{base}decide/", {"approve": "no", "decision": ""})
    assert refused.status_code == 400 and "form-errors" in refused.content.decode()
    assert client.post(f"{base}decide/", {"approve": "yes", "decision": "Так", "documents": pdf("d.pdf")}
                       ).status_code == 302
    application.refresh_from_db()
    assert application.status == "approved" and application.files.filter(kind="decision").count() == 1
    assert _client(resident).post(f"{base}review/").status_code == 302  # refused: shown as a message
    application.refresh_from_db()
    assert application.status == "approved"


def test_the_staff_queue_flags_overdue_and_pins_its_queries(community, official, resident, time_machine,
                                                            django_assert_max_num_queries):
    time_machine.move_to("2026-03-02 10:00:00+02:00")
    item = make_service(community, fee_kind="free", term_days=1)
    late = submit(community, resident, item)
    time_machine.move_to("2026-03-10 10:00:00+02:00")
    for _ in range(15):
        submit(community, resident, item)
    client = _client(official)
    url = f"/c/{community.slug}/services/applications/queue/"
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert page.count("due--overdue") == 1 and late.number in page
    overdue = client.get(url, {"overdue": "on"}).content.decode()
    assert late.number in overdue and overdue.count("/services/applications/") - overdue.count("queue") <= 3
    assert _client(resident).get(url).status_code == 404


def test_my_applications_page(community, resident, django_assert_max_num_queries):
    item = make_service(community, fee_kind="free")
    client = _client(resident)
    url = f"/c/{community.slug}/services/applications/"
    assert "not applied" in client.get(url).content.decode() or "ще не" in client.get(url).content.decode()
    for _ in range(12):
        submit(community, resident, item)
    with django_assert_max_num_queries(12):
        assert client.get(url).content.decode().count("badge--submitted") == 12


def test_the_statement_page(community, community_admin, official, resident):
    from django.core.files.uploadedfile import SimpleUploadedFile

    set_payee(community, community_admin)
    payment = submit(community, resident, make_service(community)).payments.get()
    url = f"/c/{community.slug}/services/payments/statement/"
    data = f"date,amount,purpose\n2026-03-02,30.00,{payment.reference}\n".encode()
    done = _client(official).post(url, {"statement": SimpleUploadedFile("s.csv", data, content_type="text/csv")})
    assert done.status_code == 200 and "badge--received" in done.content.decode()
    bad = _client(official).post(url, {"statement": SimpleUploadedFile("s.csv", b"a,b\n1,2\n")})
    assert bad.status_code == 400 and "form-errors" in bad.content.decode()
    assert _client(resident).get(url).status_code == 404
    payment.refresh_from_db()
    assert payment.status == "received"


@pytest.mark.parametrize("path", ["applications/999999/", "applications/999999/files/1/", "payments/999999/qr.svg",
                                  "999999/", "999999/fee.svg"])
def test_unknown_ids_are_404(community, resident, path):
    assert _client(resident).get(f"/c/{community.slug}/services/{path}").status_code == 404
