"""Commitments pages: plans, a plan with its commitments and rounds, a commitment's timeline with the follow button,
the staff forms (report, assessment, evidence) and the late-reports queue; hidden and foreign objects are 404, other
people are refused, and list pages cost the same queries for many rows."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hromada.commitments import services
from hromada.commitments.models import Assessment, BodyReport, Evidence, Follow, MonitoringRound
from hromada.core.identity.actors import SYSTEM

from . import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_public_pages_show_plans_progress_and_the_timeline(community, department, official):
    plan = f.plan(community, months_ago=7)
    commitment = f.commitment(community, plan, department)
    services.milestone_create(actor=SYSTEM, community=community, commitment_id=commitment.pk, title="Порядок",
                              due_on="2026-03-01")
    opened = services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    services.report_file(actor=official, community=community, round_id=opened.pk, commitment_id=commitment.pk,
                         text="Перший етап виконано", progress=45, status="in_progress")
    base = f"/c/{community.slug}/commitments/"
    listing = _client().get(base).content.decode()
    assert plan.title in listing and '<html lang="uk"' in listing
    page = _client().get(f"{base}{plan.pk}/").content.decode()
    assert commitment.title in page and 'value="45"' in page and "aria-label=" in page
    timeline = _client().get(f"{base}c/{commitment.pk}/").content.decode()
    assert "Перший етап виконано" in timeline and "Порядок" in timeline and department.name in timeline
    assert "/accounts/login/" in timeline  # anonymous people are offered to sign in to follow


def test_hidden_and_foreign_plans_are_not_found(community, other_community, department, resident):
    hidden = f.plan(community, public=False)
    theirs = f.plan(other_community, title="Чужий")
    client = _client(resident)
    assert client.get(f"/c/{community.slug}/commitments/{hidden.pk}/").status_code == 404
    assert client.get(f"/c/{community.slug}/commitments/{theirs.pk}/").status_code == 404
    commitment = f.commitment(community, hidden, department)
    assert client.get(f"/c/{community.slug}/commitments/c/{commitment.pk}/").status_code == 404


def test_a_resident_follows_and_unfollows(community, department, resident):
    commitment = f.commitment(community, f.plan(community), department)
    url = f"/c/{community.slug}/commitments/c/{commitment.pk}/follow/"
    assert _client().post(url).status_code == 302 and not Follow.objects.exists()  # to the sign-in page
    client = _client(resident)
    assert client.post(url, {"follow": "1"}).status_code == 302
    assert Follow.objects.filter(user=resident).count() == 1
    assert "Stop following" in client.get(f"/c/{community.slug}/commitments/c/{commitment.pk}/",
                                          HTTP_ACCEPT_LANGUAGE="en").content.decode() or \
        "Не стежити" in client.get(f"/c/{community.slug}/commitments/c/{commitment.pk}/").content.decode()
    client.post(url, {"follow": "0"})
    assert not Follow.objects.exists()


def test_the_body_files_its_report_on_the_page_and_bad_input_is_shown(community, department, official, resident):
    plan = f.plan(community, months_ago=7)
    commitment = f.commitment(community, plan, department)
    opened = services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    url = f"/c/{community.slug}/commitments/rounds/{opened.pk}/c/{commitment.pk}/report/"
    assert _client(resident).get(url).status_code == 403
    client = _client(official)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"text": "Звіт", "progress": "90", "status": "completed"})
    assert bad.status_code == 400 and "form-errors" in bad.content.decode() and not BodyReport.objects.exists()
    assert client.post(url, {"text": "Звіт", "progress": "60", "status": "in_progress"}).status_code == 302
    assert BodyReport.objects.get().progress == 60


def test_the_monitoring_body_assesses_on_the_page(community, department, official):
    plan = f.plan(community, months_ago=7)
    commitment = f.commitment(community, plan, department)
    opened = services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    url = f"/c/{community.slug}/commitments/rounds/{opened.pk}/c/{commitment.pk}/assess/"
    assert _client(official).get(url).status_code == 403
    monitor = _client(f.monitor(community))
    assert "assess/" in monitor.get(f"/c/{community.slug}/commitments/c/{commitment.pk}/").content.decode()
    assert monitor.post(url, {"rating": "limited", "text": "Частково"}).status_code == 302
    assert Assessment.objects.get().rating == "limited"


def test_evidence_is_added_on_the_page_and_served(community, department, official, tmp_path, settings):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    commitment = f.commitment(community, f.plan(community), department)
    url = f"/c/{community.slug}/commitments/c/{commitment.pk}/evidence/"
    client = _client(official)
    bad = client.post(url, {"title": "Звіт", "file": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert bad.status_code == 400 and not Evidence.objects.exists()
    assert client.post(url, {"title": "Звіт", "file": SimpleUploadedFile("звіт.pdf", PDF)}).status_code == 302
    item = Evidence.objects.get()
    served = _client().get(f"/c/{community.slug}/commitments/evidence/{item.pk}/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF


def test_the_late_queue_is_for_staff(community, department, official, resident):
    plan = f.plan(community, months_ago=8)
    f.commitment(community, plan, department, title="Без звіту")
    services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    MonitoringRound.objects.update(due_on=date(2020, 1, 1))
    url = f"/c/{community.slug}/commitments/late/"
    assert _client(resident).get(url).status_code == 403
    page = _client(official).get(url).content.decode()
    assert "Без звіту" in page and "due--overdue" in page


def test_list_pages_cost_the_same_queries_for_many_rows(community, department, django_assert_max_num_queries):
    plan = f.plan(community)
    client = _client()
    client.get(f"/c/{community.slug}/commitments/")
    client.get(f"/c/{community.slug}/commitments/{plan.pk}/")
    for number in range(25):
        f.plan(community, title=f"План {number}")
        f.commitment(community, plan, department, title=f"Зобов'язання {number}")
    with django_assert_max_num_queries(10):
        assert client.get(f"/c/{community.slug}/commitments/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/c/{community.slug}/commitments/{plan.pk}/").status_code == 200
