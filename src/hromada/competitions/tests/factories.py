"""Builders for the grant competition tests: a call with its phases around now, valid tax numbers, applications."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hromada.competitions import services
from hromada.competitions.eligibility import edrpou_valid, rnokpp_valid

DAY = timedelta(days=1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user=None):
    """A web client, signed in as `user` when given."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def valid(prefix: str, check) -> str:
    return next(prefix + str(d) for d in range(10) if check(prefix + str(d)))


def edrpou(n: int) -> str:
    return valid(f"{2000000 + n:07d}", edrpou_valid)


def rnokpp(n: int) -> str:
    return valid(f"{300000000 + n:09d}", rnokpp_valid)


def schedule(offset_days: float = -1) -> list[dict]:
    """Applications, review, scoring and results, ten days each, the first starting `offset_days` from now."""
    now = timezone.now()
    return [{"key": key, "starts_at": (now + (offset_days + 10 * i) * DAY).isoformat(),
             "ends_at": (now + (offset_days + 10 * (i + 1)) * DAY).isoformat()}
            for i, key in enumerate(("applications", "review", "scoring", "results"))]


def make_call(community, actor, *, jurors=(), fund=200_000_000, **overrides):
    data = {"title": "Екологічні ініціативи", "fund": fund, "schedule": schedule(),
            "rules": [{"applicant_type": "ngo", "cofinancing_percent": 10, "cap": 10_000_000},
                      {"applicant_type": "initiative_group", "cofinancing_percent": 10, "cap": 5_000_000},
                      {"applicant_type": "sole_proprietor", "cofinancing_percent": 50, "cap": 2_500_000},
                      {"applicant_type": "legal_entity", "cofinancing_percent": 50, "cap": 5_000_000}],
            "criteria": [{"name": "Актуальність", "weight": 60, "max_score": 10},
                         {"name": "Бюджет", "weight": 40, "max_score": 5}],
            "juror_ids": [j.pk for j in jurors]}
    data.update(overrides)
    return services.call_create(actor=actor, community=community, **data)


def draft(call, user, n: int = 1, *, cost: int = 5_000_000, own: int = 1_000_000, **overrides):
    data = {"applicant_type": "ngo", "organisation": f"ГО «Зелень {n}»", "tax_id": edrpou(n),
            "title": f"Проєкт {n}", "summary": "Коротко про проєкт.", "cofinancing": own,
            "budget_lines": [{"item": "Матеріали", "quantity": 1, "unit_cost": cost}]}
    data.update(overrides)
    return services.application_create(actor=user, community=call.community, call_id=call.pk, **data)


def submitted(call, user, n: int = 1, **kwargs):
    application = draft(call, user, n, **kwargs)
    return services.application_submit(actor=user, community=call.community, application_id=application.pk)


def score(application, juror, values):
    """Declare no conflict and send `values` (one per criterion, in the call's order)."""
    community = application.community
    services.review_declare(actor=juror, community=community, application_id=application.pk, conflict=False)
    criteria = list(application.call.criteria.order_by("pk"))
    return services.review_submit(actor=juror, community=community, application_id=application.pk,
                                  scores={str(c.pk): v for c, v in zip(criteria, values, strict=True)})


def awarded(call, applicant, juror, staff, to_phase, values=(7, 3)):
    """One application submitted, found eligible, scored by `juror` and awarded (the clock ends in results)."""
    application = submitted(call, applicant, 1)
    services.application_review(actor=staff, community=call.community, application_id=application.pk, eligible=True)
    to_phase("scoring")
    score(application, juror, list(values))
    to_phase("results")
    services.call_award(actor=staff, community=call.community, call_id=call.pk)
    application.refresh_from_db()
    return application
