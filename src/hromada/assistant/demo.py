"""Demo data of the assistant for the synthetic demo community (run by `hromada load_demo` through the manifest):
FAQ topics and answers written as SYSTEM through the FAQ's services. No bot token is needed: the web chat at
/c/<demo>/assistant/ answers with the same engine as Telegram and Viber."""

from __future__ import annotations

from hromada.core.identity.actors import SYSTEM

from .faq import faq_entry_create, faq_topic_create

# Community data, not interface text: in the community's language.
FAQ = (
    ("Довідки та документи", (
        ("Як отримати довідку про склад сім'ї?",
         "Довідку видає ЦНАП. Візьміть паспорт і документ про реєстрацію місця проживання. "
         "Видають у день звернення, безоплатно.", "довідка, склад сім'ї, ЦНАП"),
        ("Де зареєструвати місце проживання?",
         "У ЦНАП або онлайн через Дію. Потрібні паспорт і документ, що підтверджує право проживання. "
         "Адміністративний збір — за тарифами на сайті громади.", "реєстрація, прописка, місце проживання"),
    )),
    ("Комунальні питання", (
        ("Куди повідомити про яму на дорозі чи несправний ліхтар?",
         "Напишіть звернення в розділі «Звернення» на сайті або в цьому чаті: вкажіть місце і додайте фото. "
         "Відповідь — протягом 10 робочих днів.", "яма, дорога, ліхтар, освітлення, звернення"),
        ("Коли вивозять сміття?",
         "Графік вивезення твердих побутових відходів для кожної вулиці є на сайті громади в розділі "
         "«Новини» і на дошці оголошень старостату.", "сміття, вивезення, графік, ТПВ"),
    )),
    ("Соціальна допомога", (
        ("Як оформити субсидію?",
         "Заяву подають до ЦНАП або через Пенсійний фонд онлайн. Для консультації зателефонуйте до "
         "управління соціального захисту.", "субсидія, допомога, соцзахист"),
        ("Як дізнатися баланс соціальної картки?",
         "Прив'яжіть цей чат до свого облікового запису на сайті громади і виберіть «Соціальна картка».",
         "соціальна картка, баланс, картка мешканця"),
    )),
)


def load(community, *, size: str = "small") -> None:
    for order, (title, entries) in enumerate(FAQ, start=1):
        topic = faq_topic_create(actor=SYSTEM, community=community, title=title, order=order * 10)
        for position, (question, answer, keywords) in enumerate(entries, start=1):
            faq_entry_create(actor=SYSTEM, community=community, topic_id=topic.pk, question=question, answer=answer,
                             keywords=keywords, order=position * 10)
