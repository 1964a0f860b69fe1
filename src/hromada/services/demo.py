"""Demo data of Services for the synthetic demo community (run by `hromada load_demo` through the manifest):
a ЦНАП catalogue of 30 services in categories, 3 of them online with forms, applications in every state and a
fee awaiting payment. The platform writes it through the same services people use; the payment details are
well-formed but labelled demo, and nothing is ever marked paid but by a person or a statement."""

from __future__ import annotations

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import IdentityLevel
from hromada.core.identity.policies import has_identity_level
from hromada.core.tenancy.services import community_update_settings
from hromada.demo.people import demo_people

from . import payment_qr, services
from .models import FeeKind

CATEGORIES = ("Реєстрація місця проживання", "Соціальний захист", "Земельні питання", "Архітектура та будівництво",
              "Державна реєстрація бізнесу", "Нерухомість", "Транспорт і благоустрій", "Довідки та виписки")

BASIS_REG = "Закон України «Про свободу пересування та вільний вибір місця проживання в Україні»"
BASIS_ADMIN = "Закон України «Про адміністративні послуги»"
BASIS_SOC = "Постанова КМУ від 21.10.1995 № 848 (житлові субсидії)"
BASIS_LAND = "Земельний кодекс України, ст. 118, 122"
BASIS_ARCH = "Закон України «Про регулювання містобудівної діяльності»"
BASIS_FOP = "Закон України «Про державну реєстрацію юридичних осіб, фізичних осіб – підприємців»"
BASIS_PROP = "Закон України «Про державну реєстрацію речових прав на нерухоме майно»"
DIIA = "https://diia.gov.ua/services"

# (category, title, fee kind, fee, term in working days, legal basis, on Diia)
CATALOGUE = (
    (0, "Декларування / реєстрація місця проживання", FeeKind.FIXED, "30.00", 1, BASIS_REG, True),
    (0, "Зняття з задекларованого / зареєстрованого місця проживання", FeeKind.FIXED, "30.00", 1, BASIS_REG, False),
    (0, "Довідка про задеклароване місце проживання", FeeKind.FREE, None, 1, BASIS_REG, True),
    (0, "Реєстрація місця проживання дитини до 14 років", FeeKind.FREE, None, 1, BASIS_REG, False),
    (1, "Призначення житлової субсидії", FeeKind.FREE, None, 10, BASIS_SOC, True),
    (1, "Допомога при народженні дитини (єМалятко)", FeeKind.FREE, None, 10, BASIS_ADMIN, True),
    (1, "Компенсація за надання соціальних послуг", FeeKind.FREE, None, 10, BASIS_ADMIN, False),
    (1, "Посвідчення багатодітної сім'ї", FeeKind.FREE, None, 30, BASIS_ADMIN, False),
    (1, "Довідка внутрішньо переміщеної особи", FeeKind.FREE, None, 1, BASIS_ADMIN, True),
    (2, "Дозвіл на розроблення проєкту землеустрою", FeeKind.FREE, None, 30, BASIS_LAND, False),
    (2, "Витяг з Державного земельного кадастру", FeeKind.FIXED, "60.00", 1, BASIS_LAND, True),
    (2, "Затвердження технічної документації із землеустрою", FeeKind.FREE, None, 30, BASIS_LAND, False),
    (2, "Довідка про наявність земельних ділянок", FeeKind.FREE, None, 5, BASIS_LAND, False),
    (3, "Будівельний паспорт забудови земельної ділянки", FeeKind.FREE, None, 10, BASIS_ARCH, False),
    (3, "Містобудівні умови та обмеження", FeeKind.FREE, None, 10, BASIS_ARCH, True),
    (3, "Присвоєння адреси об'єкту нерухомого майна", FeeKind.PER_APPLICATION, None, 5, BASIS_ARCH, False),
    (3, "Ордер на виконання земляних робіт", FeeKind.FREE, None, 5, BASIS_ARCH, False),
    (4, "Державна реєстрація фізичної особи – підприємця", FeeKind.FREE, None, 1, BASIS_FOP, True),
    (4, "Припинення підприємницької діяльності ФОП", FeeKind.FREE, None, 1, BASIS_FOP, True),
    (4, "Державна реєстрація юридичної особи", FeeKind.FREE, None, 1, BASIS_FOP, False),
    (4, "Витяг з Єдиного державного реєстру", FeeKind.FIXED, "150.00", 1, BASIS_FOP, False),
    (5, "Державна реєстрація права власності на нерухоме майно", FeeKind.FIXED, "480.00", 5, BASIS_PROP, False),
    (5, "Інформація з Державного реєстру речових прав", FeeKind.FIXED, "40.00", 1, BASIS_PROP, False),
    (5, "Довідка про склад сім'ї / зареєстрованих осіб", FeeKind.FREE, None, 1, BASIS_ADMIN, False),
    (6, "Дозвіл на розміщення зовнішньої реклами", FeeKind.FIXED, "250.00", 10, BASIS_ADMIN, False),
    (6, "Дозвіл на видалення зелених насаджень", FeeKind.PER_APPLICATION, None, 10, BASIS_ADMIN, False),
    (6, "Погодження розміщення тимчасової споруди", FeeKind.FREE, None, 10, BASIS_ADMIN, False),
    (7, "Довідка про перебування на квартирному обліку", FeeKind.FREE, None, 5, BASIS_ADMIN, False),
    (7, "Архівна довідка виконавчого комітету", FeeKind.FREE, None, 10, BASIS_ADMIN, False),
    (7, "Дублікат свідоцтва про право власності", FeeKind.FIXED, "120.00", 10, BASIS_PROP, False),
)

FORMS = {
    0: [{"key": "address", "label": "Адреса нового місця проживання", "type": "text", "required": True},
        {"key": "since", "label": "Дата, з якої проживаєте", "type": "date", "required": True},
        {"key": "owner", "label": "Ви власник житла?", "type": "choice", "required": True,
         "choices": ["Так", "Ні, проживаю за згодою власника", "Ні, за договором оренди"]},
        {"key": "passport", "label": "Паспорт або ID-картка", "type": "document", "required": True},
        {"key": "consent", "label": "Згода власника житла (якщо ви не власник)", "type": "document",
         "required": False}],
    9: [{"key": "area", "label": "Бажана площа ділянки, га", "type": "number", "required": True},
        {"key": "purpose", "label": "Цільове призначення", "type": "choice", "required": True,
         "choices": ["Для ведення особистого селянського господарства", "Для будівництва житлового будинку",
                     "Для ведення садівництва"]},
        {"key": "plan", "label": "Графічні матеріали з бажаним місцем розташування", "type": "document",
         "required": True},
        {"key": "benefit", "label": "Маю право на пільгу (учасник бойових дій)", "type": "checkbox",
         "required": False}],
    27: [{"key": "since", "label": "Дата взяття на облік (якщо знаєте)", "type": "date", "required": False},
         {"key": "reason", "label": "Для чого потрібна довідка", "type": "text", "required": True}],
}
SUMMARY = "Послуга ЦНАП демонстраційної громади (демо-дані: назви й терміни схожі на справжні, але це приклад)."
WHO = "Громадяни України, іноземці та особи без громадянства, які проживають на території громади."
DOCUMENTS = "Паспорт громадянина України або ID-картка; РНОКПП; заява встановленої форми."
WHERE = "ЦНАП, вул. Соборна, 1 (демо), пн–пт 8:00–17:00, ср до 20:00; віддалені робочі місця у старостатах."


def _demo_iban() -> str:
    bban = "UA" + "899998" + "0000031415926535"[:19].ljust(19, "0")
    return "UA" + payment_qr.iban_check_digits(bban) + bban[2:]


def _demo_edrpou() -> str:
    first = "0419905"
    return first + str(payment_qr.edrpou_check_digit(first))


def load(community, *, size: str = "small") -> None:
    people = demo_people(community)
    community_update_settings(actor=people.admin, community=community, capability="services", values={
        "payee_name": "ДЕМО Виконавчий комітет (не для справжньої оплати)",
        "payee_iban": _demo_iban(), "payee_edrpou": _demo_edrpou()})
    community.refresh_from_db()
    categories = [services.category_create(actor=SYSTEM, community=community, title=title, position=i)
                  for i, title in enumerate(CATEGORIES)]
    made = []
    for number, (category, title, fee_kind, fee, term, basis, on_diia) in enumerate(CATALOGUE):
        form = FORMS.get(number, [])
        made.append(services.service_create(
            actor=SYSTEM, community=community, title=title, category_id=categories[category].pk, summary=SUMMARY,
            who_may_apply=WHO, documents=DOCUMENTS, fee_kind=fee_kind, fee_amount=fee, term_days=term,
            legal_basis=basis, where=WHERE, in_person=True, online=bool(form), diia_url=DIIA if on_diia else "",
            identity_level=IdentityLevel.STRONG, form=form))
    # Strong-identity residents take turns (a small demo may have only a few; the moderator stands in for none).
    pool = [p for p in people.residents if has_identity_level(p, IdentityLevel.STRONG)][:8] or [people.moderator]
    applicants = [pool[i % len(pool)] for i in range(7)]
    official = people.officials[0] if people.officials else SYSTEM
    online = made[27]  # a certificate: a form without uploads

    def submit(person):
        return services.application_submit(actor=person, community=community, service_id=online.pk,
                                           answers={"reason": "Для подання до банку (демо)"})

    submit(applicants[0])  # stays submitted
    services.application_review(actor=official, community=community, application_id=submit(applicants[1]).pk)
    services.application_request_info(actor=official, community=community, application_id=submit(applicants[2]).pk,
                                      note="Уточніть, будь ласка, рік взяття на облік (демо).")
    approved = submit(applicants[3])
    services.application_decide(actor=official, community=community, application_id=approved.pk, approve=True,
                                decision="Довідку підготовлено; заберіть її в ЦНАП після оплати (демо).")
    services.payment_request(actor=official, community=community, application_id=approved.pk, amount="25.00")
    services.application_decide(actor=official, community=community, application_id=submit(applicants[4]).pk,
                                approve=False, decision="Заявник не перебуває на квартирному обліку (демо).")
    issued = submit(applicants[5])
    services.application_decide(actor=official, community=community, application_id=issued.pk, approve=True,
                                decision="Довідку видано (демо).")
    services.application_issue(actor=official, community=community, application_id=issued.pk)
    services.application_withdraw(actor=applicants[6], community=community, application_id=submit(applicants[6]).pk)
