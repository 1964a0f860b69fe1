"""The demo: a judged competition (jury scores with a declared conflict, awards within the fund, published results,
a report) and a voucher call open for applications, all written through the services."""

from __future__ import annotations

from django.db.models import Sum
from django.test import Client

from hromada.competitions import demo
from hromada.competitions.models import Application, Call, Report, Review, Status
from hromada.competitions.selectors import phase_of, result_open_data_rows
from hromada.demo.people import create_demo_community


def test_the_demo_has_a_judged_call_and_an_open_one(db):
    community, _people = create_demo_community(slug="demo-grants", residents=6)
    demo.load(community, size="small")
    judged, open_call = Call.objects.filter(community=community).order_by("pk")
    assert judged.results_published_at is not None and phase_of(open_call).key == "applications"
    assert Review.objects.filter(application__call=judged, submitted_at__isnull=False).count() >= 10
    assert Review.objects.filter(application__call=judged, conflict=True).count() == 1
    awarded = Application.objects.filter(call=judged, status=Status.AWARDED)
    assert awarded.exists() and awarded.aggregate(total=Sum("grant"))["total"] <= judged.fund
    assert Report.objects.filter(application__call=judged).count() == 1
    assert len(list(result_open_data_rows(community))) == Application.objects.filter(
        call=judged, status__in=(Status.AWARDED, Status.NOT_AWARDED)).count()
    assert Client().get(f"/c/{community.slug}/competitions/{judged.pk}/results/").status_code == 200
