"""Demo data of docflow part 3: the office mailbox of the incoming journal and public information requests in
every state (in processing, extended, answered, refused, overdue), written through the services as SYSTEM."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hromada.core.calendar.working_days import add_working_days
from hromada.core.identity.actors import SYSTEM

from ..intake.services import intake_mailbox_create
from ..models import Journal, JournalKind
from . import services
from .models import InfoRequest

# Community data in the community's language; the requesters are invented and answered by post (no emails sent).
REQUESTS = (
    ("Кошторис капітального ремонту ліцею № 2", "pending"),
    ("Договори на вивезення побутових відходів за 2025 рік", "extended"),
    ("Графік прибирання парків і скверів", "answered"),
    ("Перелік земельних ділянок, наданих в оренду", "refused"),
    ("Протоколи засідань виконавчого комітету за березень", "answered"),
    ("Видатки на освітлення вулиць", "overdue"),
)


def load(community, *, size: str = "small") -> None:
    incoming = Journal.objects.filter(community=community, kind=JournalKind.INCOMING).order_by("pk").first()
    if incoming is not None:
        intake_mailbox_create(actor=SYSTEM, community=community, address=f"kantselyariya@{community.slug}.demo.invalid",
                              journal_id=incoming.pk)
    for n, (summary, state) in enumerate(REQUESTS):
        item = services.info_request_submit(
            actor=SYSTEM, community=community, requester_name=f"Демо-запитувач {n + 1}", summary=summary,
            text=f"Прошу надати: {summary.lower()}.", reply_by="post",
            postal_address=f"вул. Демонстраційна, {n + 1}")
        if state == "extended":
            services.info_request_extend(actor=SYSTEM, community=community, info_request_id=item.pk,
                                         reason="Потрібен пошук у великому обсязі документів архіву.")
        elif state == "answered":
            services.info_request_answer(actor=SYSTEM, community=community, info_request_id=item.pk,
                                         answer="Запитувану інформацію надсилаємо в додатку до листа.")
        elif state == "refused":
            services.info_request_refuse(actor=SYSTEM, community=community, info_request_id=item.pk,
                                         ground="not_holder",
                                         explanation="Відомостями володіє Держгеокадастр; радимо звернутися туди.")
        elif state == "overdue":
            # Back-dated so the office queue shows an overdue request; the services always stamp "now".
            received = timezone.now() - timedelta(days=14)
            InfoRequest.objects.filter(pk=item.pk).update(
                received_at=received, deadline=add_working_days(community, received, services.TERM_DAYS))
