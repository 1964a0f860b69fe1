"""The resident's office provider of Services: a person's applications with their next step, in two queries
however many there are (the office page pins its total with every capability populated)."""

from __future__ import annotations

from hromada.services.models import Payment
from hromada.services.office import resident_items

from .factories import make_service, set_payee, submit


def test_the_applications_and_their_fees_in_two_queries(community, community_admin, resident,
                                                          django_assert_max_num_queries):
    set_payee(community, community_admin)
    paid = make_service(community)  # a fixed fee: the application comes with a pending payment
    free = make_service(community, title="Довідка", fee_kind="free", fee_amount=None)
    applications = [submit(community, resident, service) for service in (paid, free, paid, free)]
    assert Payment.objects.filter(application__in=applications).count() == 2
    with django_assert_max_num_queries(2):
        items = resident_items(resident, community)
    assert len(items) == 4
    assert sum(item.needs_action for item in items) == 2  # the two with a fee to pay
