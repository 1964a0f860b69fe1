"""The final report: the page, a PDF with the draft, the answers and the counts, open data of proposals and answers
without authors, and every participant told by email through a real SMTP server process."""

from __future__ import annotations

import io

import pytest
from conftest import make_user
from django.test import Client
from pypdf import PdfReader

from hromada.consultations import selectors, services
from hromada.consultations.tasks import notify_participants
from hromada.core.identity.actors import SYSTEM

from . import factories as f


def _reported(community, department, official, moderator, resident):
    made = f.consultation(community, department=department)
    kept = f.proposal(community, made, resident, paragraph=2, text="Дозволити прибирання волонтерам.")
    spam = f.proposal(community, made, resident, paragraph=3, text="Купуйте наші послуги недорого.")
    services.proposal_support(actor=make_user(), community=community, proposal_id=kept.pk)
    services.proposal_hide(actor=moderator, community=community, proposal_id=spam.pk, reason="Реклама")
    services.proposal_answer(actor=official, community=community, proposal_id=kept.pk, answer="partly",
                             reason="Врахуємо в пункті 2.")
    services.consultation_close(actor=official, community=community, consultation_id=made.pk)
    services.report_publish(actor=official, community=community, consultation_id=made.pk, summary="Підсумки звіту")
    return made, kept, spam


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_report_as_page_and_pdf(community, department, official, moderator, resident):
    made, kept, _spam = _reported(community, department, official, moderator, resident)
    client = Client()
    page = client.get(f"/c/{community.slug}/consultations/{made.pk}/report/").content.decode()
    assert "Підсумки звіту" in page and "Врахуємо в пункті 2." in page and "Купуйте" not in page
    pdf = client.get(f"/c/{community.slug}/consultations/{made.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = _pdf_text(pdf.content)
    assert "Правила благоустрою" in text and "Врахуємо в пункті 2." in text and "Реклама" in text
    assert "Купуйте" not in text and resident.full_name not in text


def test_open_data_has_proposals_and_answers_without_people(community, department, official, moderator, resident):
    made, kept, spam = _reported(community, department, official, moderator, resident)
    f.proposal(community, f.consultation(community, title="Інша"), resident)
    draft = f.consultation(community, publish=False)
    rows = list(selectors.proposal_open_data_rows(community))
    assert [row["id"] for row in rows if row["consultation_id"] == made.pk] == [kept.pk, spam.pk]
    assert all(row["consultation_id"] != draft.pk for row in rows)
    by_id = {row["id"]: row for row in rows}
    assert by_id[kept.pk]["answer"] == "partly" and by_id[kept.pk]["supports"] == 1
    assert by_id[spam.pk]["text"] == "" and by_id[spam.pk]["hidden_reason"] == "Реклама"
    flat = repr(rows)
    assert resident.full_name not in flat and resident.email not in flat


@pytest.mark.django_db(transaction=True)
def test_participants_are_told_by_email_once(community, department, official, moderator, resident, smtp_server):
    follower = make_user()
    made = f.consultation(community, department=department)
    services.consultation_follow(actor=follower, community=community, consultation_id=made.pk)
    _made, kept, _spam = made, f.proposal(community, made, resident, paragraph=1), None
    services.proposal_answer(actor=official, community=community, proposal_id=kept.pk, answer="accepted")
    services.consultation_close(actor=SYSTEM, community=community, consultation_id=made.pk)
    already = len(smtp_server.messages(wait_for=1))  # the answer told its author
    services.report_publish(actor=official, community=community, consultation_id=made.pk)
    messages = smtp_server.messages(wait_for=already + 2)[already:]
    recipients = sorted(str(m["To"]) for m in messages)
    assert recipients == sorted([resident.email, follower.email])
    assert all(f"/consultations/{made.pk}/report/" in m.get_body(("plain",)).get_content() for m in messages)
    assert notify_participants.call(made.pk) == 0  # a rerun tells nobody twice
