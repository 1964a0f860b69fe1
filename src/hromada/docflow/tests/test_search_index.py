"""The journal's search through its indexes (issue 14's measured bars, ADR 0014): the text index follows every change
of a card's text, words of three letters or more and shorter ones alike, a file's text still counts, the order is
drafts first then the newest numbers, and a word search costs the same queries however many cards match."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import connection, transaction

from hromada.core.errors import Conflict
from hromada.core.identity.actors import SYSTEM
from hromada.docflow import selectors, services
from hromada.docflow.models import Document, Journal, JournalSequence

from . import factories as f
from .test_search import search


def test_the_text_index_follows_every_change_of_the_text(community):
    journal = f.journal(community)
    card = f.registered(community, journal, summary="Про ремонт покрівлі")
    other = f.registered(community, journal, summary="Про котельні")
    assert search(community, journal, "покрівлі") == [card.reg_index]
    services.document_update(actor=SYSTEM, community=community, document_id=card.pk, summary="Про освітлення вулиць")
    assert search(community, journal, "покрівлі") == []
    assert search(community, journal, "ОСВІТЛЕННЯ") == [card.reg_index]
    Document.objects.filter(pk=other.pk).delete()
    assert search(community, journal, "котельні") == []
    # A card written without the services (a bulk load, a restored backup) is found too.
    Document.objects.bulk_create([Document(community=community, journal=journal, summary="Про дамбу",
                                           search_text="про дамбу")])
    assert len(search(community, journal, "дамбу")) == 1


def test_short_and_long_words_together_and_a_word_inside_a_word(community):
    journal = f.journal(community)
    card = f.registered(community, journal, summary="Лист ОВА про генератори на зиму")
    f.registered(community, journal, summary="Лист про генератори")
    assert search(community, journal, "ова генератор") == [card.reg_index]
    assert search(community, journal, "нерат") == [c.reg_index for c in Document.objects.filter(journal=journal)
                                                   .order_by("-reg_number")]
    assert search(community, journal, 'генератори "') == []  # a quote is a character to find, not FTS syntax


def test_a_word_in_a_file_and_a_word_in_the_card_are_both_needed(community):
    journal = f.journal(community)
    card = f.registered(community, journal, summary="Про укриття")
    services.attachment_add(actor=SYSTEM, community=community, document_id=card.pk, title="Кошторис",
                            upload=ContentFile("Кошторис на облаштування укриття: вентиляція".encode(), name="k.txt"))
    f.registered(community, journal, summary="Про вентиляцію")
    assert search(community, journal, "вентиляція укриття") == [card.reg_index]
    assert search(community, journal, "вентиляція") == [card.reg_index]


def test_drafts_first_then_the_newest_numbers(community):
    journal = f.journal(community)
    first = f.registered(community, journal, summary="Лист один")
    draft = f.draft(community, journal, summary="Лист чернетка")
    second = f.registered(community, journal, summary="Лист два")
    order = [d.pk for d in selectors.document_search(actor=SYSTEM, community=community, journal=journal,
                                                      query=selectors.parse_query({"q": "лист"}))]
    assert order == [draft.pk, second.pk, first.pk]


def test_a_word_search_costs_the_same_queries_for_many_cards(community, django_assert_num_queries):
    journal = f.journal(community)
    f.registered(community, journal, summary="Про вивезення сміття")
    search(community, journal, "сміття")  # the text index's presence is looked up once per process

    def counted():
        found = selectors.document_search(actor=SYSTEM, community=community, journal=journal,
                                          query=selectors.parse_query({"q": "вивезення сміття"}))
        return found.count(), list(found[:20])

    # the files of each word (2), the text index's keys (SQLite), the count, the page
    expected = 5 if connection.vendor == "sqlite" else 4
    with django_assert_num_queries(expected):
        assert counted()[0] == 1
    for n in range(30):
        f.registered(community, journal, summary=f"Про вивезення сміття {n}")
    with django_assert_num_queries(expected):
        assert counted()[0] == 31


def test_an_index_taken_before_is_refused_and_the_callers_transaction_goes_on(community):
    journal = f.journal(community, pattern="{seq}2")
    first = f.registered(community, journal)  # "12"
    Journal.objects.filter(pk=journal.pk).update(index_pattern="1{seq}")  # the next one renders "12" again
    second = f.draft(community, journal)
    try:
        services.document_register(actor=SYSTEM, community=community, document_id=second.pk)
    except Conflict as refused:
        assert "reg_index" in refused.fields
    else:
        raise AssertionError("the second card took an index already given")
    assert JournalSequence.objects.get(journal=journal).last_number == 1  # the number was given back
    with transaction.atomic():  # inside a caller's transaction the refusal rolls back to a savepoint only
        try:
            services.document_register(actor=SYSTEM, community=community, document_id=second.pk)
        except Conflict:
            pass
        assert Document.objects.get(pk=second.pk).status == "draft"  # the transaction still answers
        assert Document.objects.get(pk=first.pk).reg_index == "12"
