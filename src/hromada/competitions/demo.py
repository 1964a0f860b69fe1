"""Demo grant competitions: an environmental call already judged (eligibility, jury scores with a declared conflict,
awards within the fund, published results, a grantee's report) and a voucher call open for applications.

Written through the services by the demo's staff, applicants and jurors; texts are community data in Ukrainian."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.demo.people import demo_people

from . import services
from .eligibility import edrpou_valid, rnokpp_valid

SIZES = {"small": 6, "medium": 20, "large": 60}
PROJECTS = ["Висадка дерев уздовж набережної", "Сортувальні станції у дворах", "Екостежка в міському лісі",
            "Компостування у школах", "Очищення берегів річки", "Зелені дахи на зупинках", "Прилади обліку води",
            "Майстерня ремонту речей"]


def _valid(prefix: str, check) -> str:
    return next(prefix + str(d) for d in range(10) if check(prefix + str(d)))


def _at(days: float) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


def _schedule(offset: float) -> list[dict]:
    """Four back-to-back phases of ten days, the applications starting `offset` days from now."""
    keys = ("applications", "review", "scoring", "results")
    return [{"key": k, "starts_at": _at(offset + 10 * i), "ends_at": _at(offset + 10 * (i + 1))}
            for i, k in enumerate(keys)]


def load(community, *, size: str = "small") -> None:
    people = demo_people(community)
    staff, jurors = people.admin, [people.moderator, *people.officials[:2]]
    applicants = people.residents or [people.moderator]
    eco = services.call_create(
        actor=staff, community=community, title="Екологічні ініціативи громадських організацій",
        body="Конкурс для ГО та ініціативних груп з партнерською ГО. Загальний фонд 2 млн грн.",
        fund=200_000_000, schedule=_schedule(-1), tie_break="earlier_submission",
        rules=[{"applicant_type": "ngo", "cofinancing_percent": 10, "cap": 15_000_000},
               {"applicant_type": "initiative_group", "cofinancing_percent": 10, "cap": 10_000_000}],
        criteria=[{"name": "Актуальність для громади", "weight": 40, "max_score": 10},
                  {"name": "Реалістичність плану", "weight": 30, "max_score": 10},
                  {"name": "Обґрунтованість бюджету", "weight": 30, "max_score": 10}],
        juror_ids=[j.pk for j in jurors])
    applications = []
    for number in range(SIZES.get(size, SIZES["small"])):
        group = number % 3 == 2
        code = _valid(f"{4000000 + number * 37:07d}", edrpou_valid)
        cost = 2_000_000 + (number * 1_370_000) % 12_000_000
        application = services.application_create(
            actor=applicants[number % len(applicants)], community=community, call_id=eco.pk,
            applicant_type="initiative_group" if group else "ngo",
            organisation="" if group else f"ГО «Зелена громада {number + 1}»", tax_id="" if group else code,
            partner_name=f"ГО «Партнер {number + 1}»" if group else "", partner_tax_id=code if group else "",
            title=f"{PROJECTS[number % len(PROJECTS)]} ({number + 1})",
            summary="Проєкт мешканців для чистішого довкілля громади.", cofinancing=cost // 5,
            budget_lines=[{"item": "Матеріали", "quantity": 1, "unit_cost": cost * 3 // 4},
                          {"item": "Роботи", "quantity": 1, "unit_cost": cost - cost * 3 // 4}])
        applications.append(services.application_submit(actor=application.applicant, community=community,
                                                        application_id=application.pk))
    services.call_update(actor=staff, community=community, call_id=eco.pk, schedule=_schedule(-21))
    for number, application in enumerate(applications):
        services.application_review(actor=staff, community=community, application_id=application.pk,
                                    eligible=number != 1, note="" if number != 1 else "Бракує статуту організації.")
    criteria = list(eco.criteria.order_by("pk"))
    for number, application in enumerate(applications):
        if number == 1:
            continue
        for seat, juror in enumerate(jurors):
            conflict = number == 0 and seat == 0
            services.review_declare(actor=juror, community=community, application_id=application.pk,
                                    conflict=conflict, note="Член правління організації." if conflict else "")
            if not conflict:
                services.review_submit(actor=juror, community=community, application_id=application.pk, scores={
                    str(c.pk): 4 + (number * 3 + seat * 2 + i) % 7 for i, c in enumerate(criteria)})
    services.call_update(actor=staff, community=community, call_id=eco.pk, schedule=_schedule(-31))
    services.call_award(actor=SYSTEM, community=community, call_id=eco.pk)
    services.call_publish_results(actor=staff, community=community, call_id=eco.pk)
    winner = next((a for a in applications if a.pk in set(eco.applications.filter(status="awarded")
                                                           .values_list("pk", flat=True))), None)
    if winner is not None:
        services.report_add(actor=winner.applicant, community=community, application_id=winner.pk,
                            progress="Закуплено матеріали, перший етап робіт виконано.", spent=500_000)
    vouchers = services.call_create(
        actor=staff, community=community, title="Ваучери для малого бізнесу",
        body="Ваучер покриває 50% витрат: до 25 000 грн для ФОП і до 50 000 грн для юридичних осіб.",
        fund=100_000_000, schedule=_schedule(-2), tie_break="smaller_grant",
        rules=[{"applicant_type": "sole_proprietor", "cofinancing_percent": 50, "cap": 2_500_000},
               {"applicant_type": "legal_entity", "cofinancing_percent": 50, "cap": 5_000_000}],
        criteria=[{"name": "Вплив на зайнятість", "weight": 50}, {"name": "Сталість бізнесу", "weight": 50}],
        juror_ids=[j.pk for j in jurors])
    services.application_create(
        actor=applicants[0], community=community, call_id=vouchers.pk, applicant_type="sole_proprietor",
        organisation="ФОП (демо)", tax_id=_valid("310000000", rnokpp_valid), title="Обладнання для пекарні",
        summary="Нова піч для міні-пекарні.", cofinancing=2_000_000,
        budget_lines=[{"item": "Піч", "quantity": 1, "unit_cost": 4_000_000}])
