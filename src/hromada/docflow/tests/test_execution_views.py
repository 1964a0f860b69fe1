"""The execution pages: the whole way from a resolution to a sent letter through the browser's forms, the inbox
and its counts, the dashboard with its pinned queries, bad input answered 400 with the field, and 404 for
residents, other communities and somebody else's step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from hromada.core.identity.models import Role
from hromada.docflow import services
from hromada.docflow.models import ApprovalStep, Document, Resolution, RouteState, Status

from . import execution_factories as x

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def o(community):
    return x.office(community)


def test_resolution_to_sent_letter_through_the_pages(o, community):
    base = f"/c/{community.slug}/docflow"
    card = x.incoming(o)
    head = _client(o.head)
    page = head.get(f"{base}/documents/{card.pk}/")
    assert page.status_code == 200 and f"/documents/{card.pk}/resolve/" in page.content.decode()
    bad = head.post(f"{base}/documents/{card.pk}/resolve/", {"main_executor_id": o.executor.pk, "text": "Зробити"})
    assert bad.status_code == 400 and not Resolution.objects.exists()
    ok = head.post(f"{base}/documents/{card.pk}/resolve/", {"main_executor_id": o.executor.pk, "text": "Зробити",
                                                            "co_executor_ids": [o.co_executor.pk],
                                                            "deadline_days": "5"})
    assert ok.status_code == 302 and Resolution.objects.get().co_executors.get() == o.co_executor

    executor = _client(o.executor)
    inbox = executor.get(f"{base}/inbox/")
    assert inbox.status_code == 200 and card.reg_index in inbox.content.decode()
    made = executor.post(f"{base}/documents/{card.pk}/reply/")
    reply = Document.objects.get(journal=o.outgoing_journal)
    assert made.status_code == 302 and made["Location"].endswith(f"/documents/{reply.pk}/")
    executor.post(f"{base}/documents/{reply.pk}/attachments/",
                  {"file": SimpleUploadedFile("answer.txt", b"Answer\n", "text/plain"), "title": "Відповідь"})
    routed = executor.post(f"{base}/documents/{reply.pk}/route/", {
        "signer_id": o.signer.pk, "stage_1": [o.approvers[0].pk, o.approvers[1].pk], "stage_2": [o.approvers[2].pk]})
    assert routed.status_code == 302, routed.content.decode()[:2000]
    last = ApprovalStep.objects.get(approver=o.approvers[2])
    assert _client(o.approvers[2]).get(f"{base}/steps/{last.pk}/decide/").status_code == 404  # not its turn yet
    for approver in o.approvers:  # the first stage's two in parallel, then the second stage
        step = ApprovalStep.objects.get(approver=approver)
        client = _client(approver)
        assert client.post(f"{base}/steps/{step.pk}/decide/", {"decision": "return"}).status_code == 400
        assert client.post(f"{base}/steps/{step.pk}/decide/", {"decision": "approve"}).status_code == 302
    route = reply.routes.get()
    assert route.state == RouteState.APPROVED
    signer = _client(o.signer)
    assert signer.get(f"{base}/routes/{route.pk}/sign/").status_code == 200
    assert signer.post(f"{base}/routes/{route.pk}/sign/").status_code == 302
    clerk = _client(o.clerk)
    assert clerk.post(f"{base}/documents/{reply.pk}/send/", {"method": "email", "address": "x"}).status_code == 400
    assert clerk.post(f"{base}/documents/{reply.pk}/send/", {"method": "post"}).status_code == 302
    reply.refresh_from_db()
    card.refresh_from_db()
    assert reply.status == Status.SENT and card.status == Status.DONE
    assert "простий електронний підпис" in head.get(f"{base}/documents/{reply.pk}/").content.decode()


def test_residents_strangers_and_other_communities_get_404(o, community, other_community):
    base = f"/c/{community.slug}/docflow"
    card = x.incoming(o)
    res = x.resolve(o, card)
    resident = _client(make_member(community, Role.RESIDENT))
    for url in ("inbox/", "dashboard/", f"documents/{card.pk}/resolve/", f"resolutions/{res.pk}/extend/"):
        assert resident.get(f"{base}/{url}").status_code == 404, url
    stranger = _client(x.office(other_community).head)
    assert stranger.get(f"/c/{other_community.slug}/docflow/documents/{card.pk}/resolve/").status_code == 404
    assert stranger.get(f"/c/{other_community.slug}/docflow/resolutions/{res.pk}/extend/").status_code == 404
    assert _client(o.executor).get(f"{base}/documents/{card.pk}/resolve/").status_code == 200  # the chain
    assert _client(o.approvers[0]).get(f"{base}/documents/{card.pk}/resolve/").status_code == 404
    assert _client(o.approvers[0]).get(f"{base}/dashboard/").status_code == 404


def test_extend_page_needs_a_reason(o, community):
    base = f"/c/{community.slug}/docflow"
    res = x.resolve(o, x.incoming(o))
    head = _client(o.head)
    assert head.post(f"{base}/resolutions/{res.pk}/extend/", {"deadline_days": "9"}).status_code == 400
    assert head.post(f"{base}/resolutions/{res.pk}/extend/", {"deadline_days": "9", "reason": "Дані"}).status_code == 302
    res.refresh_from_db()
    assert res.control_events.filter(kind="extension").exists()


def test_dashboard_counts_with_pinned_queries(o, community, django_assert_num_queries):
    base = f"/c/{community.slug}/docflow"
    for n in range(6):
        res = x.resolve(o, x.incoming(o), executor=[o.executor, o.co_executor][n % 2])
        if n % 3 == 0:
            services.resolution_complete(actor=o.executor if n % 2 == 0 else o.co_executor, community=community,
                                         resolution_id=res.pk)
    Resolution.objects.filter(state="active").update(deadline=timezone.localdate() - timedelta(days=1))
    head = _client(o.head)
    head.get(f"{base}/dashboard/")  # warm the session and the community's caches
    with django_assert_num_queries(12):  # session, user, roles, position; 3 aggregates; unread; 4 inbox counts
        page = head.get(f"{base}/dashboard/")
    assert page.status_code == 200
    for _ in range(6):
        x.resolve(o, x.incoming(o))
    with django_assert_num_queries(12):  # session, user, roles, position; 3 aggregates; unread; 4 inbox counts
        head.get(f"{base}/dashboard/")
    assert head.get(f"{base}/dashboard/?date_from=вчора").status_code == 400
    assert head.get(f"{base}/dashboard/?date_from=2026-02-01&date_to=2026-01-01").status_code == 400


def test_inbox_counts_in_the_docflow_navigation(o, community):
    x.resolve(o, x.incoming(o))
    x.resolve(o, x.incoming(o))
    page = _client(o.executor).get(f"/c/{community.slug}/docflow/").content.decode()
    assert "2 завдання до дії" in page  # the pages are Ukrainian (ADR 0005)


def test_a_resolution_is_withdrawn_from_the_card_with_a_reason(o, community, other_community):
    base = f"/c/{community.slug}/docflow"
    card = x.incoming(o)
    res = x.resolve(o, card)
    head = _client(o.head)
    assert f"/resolutions/{res.pk}/withdraw/" in head.get(f"{base}/documents/{card.pk}/").content.decode()
    assert f"/resolutions/{res.pk}/withdraw/" not in _client(o.executor).get(
        f"{base}/documents/{card.pk}/").content.decode()  # the executor may not withdraw their own task
    head.post(f"{base}/resolutions/{res.pk}/withdraw/", {"reason": "  "})  # refused: the reason is required
    _client(o.executor).post(f"{base}/resolutions/{res.pk}/withdraw/", {"reason": "Не встигаю"})  # refused
    stranger = _client(x.office(other_community).head)
    assert stranger.post(f"/c/{other_community.slug}/docflow/resolutions/{res.pk}/withdraw/",
                         {"reason": "Чуже"}).status_code == 404
    res.refresh_from_db()
    assert res.state == "active"
    assert head.post(f"{base}/resolutions/{res.pk}/withdraw/", {"reason": "Передано іншому відділу"}).status_code == 302
    res.refresh_from_db()
    card.refresh_from_db()
    assert res.state == "cancelled" and res.completion_note == "Передано іншому відділу" and not card.under_control
    assert "Передано іншому відділу" not in _client(o.executor).get(f"{base}/inbox/?tab=todo").content.decode()


def test_the_inbox_is_paged(o, community):
    from hromada.core.tenancy.services import community_update_settings

    community_update_settings(actor=make_member(community, Role.ADMIN), community=community, capability="docflow",
                              values={"page_size": 10})
    for _ in range(12):
        x.resolve(o, x.incoming(o))
    executor = _client(o.executor)
    first = executor.get(f"/c/{community.slug}/docflow/inbox/?tab=todo").content.decode()
    second = executor.get(f"/c/{community.slug}/docflow/inbox/?tab=todo&page=2").content.decode()
    assert first.count("<tr>") == 1 + 10 and second.count("<tr>") == 1 + 2
    assert "tab=todo&amp;page=2" in first


def test_every_inbox_tab_renders_its_letters(o, community):
    """The approve tab lists steps, the sign and send tabs routes: each row shows its letter (a step has no
    document of its own; the page once failed with a 500 on it)."""
    card = x.incoming(o)
    x.resolve(o, card)
    reply = x.answer(o, card)
    route = x.route(o, reply, stages=[[o.approvers[0].pk]])
    base = f"/c/{community.slug}/docflow/inbox/"
    approve = _client(o.approvers[0]).get(f"{base}?tab=approve")
    assert approve.status_code == 200 and f"/documents/{reply.pk}/" in approve.content.decode()
    step = route.steps.get()
    services.step_decide(actor=o.approvers[0], community=community, step_id=step.pk, decision="approve", comment="")
    sign = _client(o.signer).get(f"{base}?tab=sign")
    assert sign.status_code == 200 and f"/documents/{reply.pk}/" in sign.content.decode()
