"""Grant competition services: a call from announcement to published results, every refusal (who, when, bad input,
another community), nothing written on a refusal, every write audited, and every public function a @service."""

from __future__ import annotations

import inspect

import pytest

from hromada.competitions import services
from hromada.competitions.models import Application, Call, Review, Score, Status
from hromada.competitions.services import applications, awards, calls, jury
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.notifications.models import Notification

from .factories import awarded, draft, make_call, rnokpp, schedule, score, submitted


def test_a_call_from_announcement_to_published_results(community, community_admin, jurors, applicant, to_phase):
    call = make_call(community, community_admin, jurors=jurors, fund=9_000_000)
    first = submitted(call, applicant, 1, cost=5_000_000, own=1_000_000)  # asks 40,000 (cap 100,000)
    second = submitted(call, applicant, 2, cost=6_000_000, own=1_000_000)  # asks 50,000
    third = submitted(call, applicant, 3, cost=3_000_000, own=1_000_000)  # asks 20,000
    to_phase("review")
    for application in (first, second, third):
        services.application_review(actor=community_admin, community=community, application_id=application.pk,
                                    eligible=True)
    to_phase("scoring")
    for juror in jurors:
        score(first, juror, [10, 5])  # 100
        score(second, juror, [8, 4])  # 80
        score(third, juror, [5, 5])  # 70
    with pytest.raises(Conflict):  # the scoring phase is still on
        services.call_award(actor=community_admin, community=community, call_id=call.pk)
    to_phase("results")
    services.call_award(actor=community_admin, community=community, call_id=call.pk)
    rows = {a.pk: a for a in Application.objects.all()}
    # 90,000 fund: first (40,000) fits, second (50,000) fits exactly, third (20,000) no longer does.
    assert [(rows[a.pk].rank, rows[a.pk].status, rows[a.pk].grant) for a in (first, second, third)] == [
        (1, Status.AWARDED, 4_000_000), (2, Status.AWARDED, 5_000_000), (3, Status.NOT_AWARDED, None)]
    assert rows[first.pk].score == 100.0 and rows[second.pk].score == 80.0
    services.call_publish_results(actor=community_admin, community=community, call_id=call.pk)
    assert Notification.objects.filter(user=applicant, event="competitions.results.published").count() == 1
    actions = list(AuditEvent.objects.filter(action__startswith="competitions.call.").order_by("pk")
               .values_list("action", flat=True))
    assert actions == ["competitions.call.created", "competitions.call.awarded", "competitions.call.published"]
    with pytest.raises(Conflict):
        services.call_award(actor=community_admin, community=community, call_id=call.pk)


def test_the_grant_is_capped_and_a_big_one_that_does_not_fit_lets_cheaper_ones_in(
        community, community_admin, jurors, applicant, to_phase):
    call = make_call(community, community_admin, jurors=jurors[:1], fund=6_000_000)
    big = submitted(call, applicant, 1, cost=9_000_000, own=1_000_000)  # asks 80,000: capped at 100,000 is fine
    small = submitted(call, applicant, 2, cost=2_000_000, own=200_000)  # asks 18,000
    to_phase("review")
    for application in (big, small):
        services.application_review(actor=community_admin, community=community, application_id=application.pk,
                                    eligible=True)
    to_phase("scoring")
    score(big, jurors[0], [10, 5])
    score(small, jurors[0], [1, 1])
    to_phase("results")
    services.call_award(actor=community_admin, community=community, call_id=call.pk)
    big.refresh_from_db()
    small.refresh_from_db()
    assert (big.rank, big.grant, small.rank, small.grant) == (1, None, 2, 1_800_000)


def test_applicant_types_co_financing_and_caps_are_checked_on_submit(community, community_admin, applicant):
    call = make_call(community, community_admin, rules=[
        {"applicant_type": "sole_proprietor", "cofinancing_percent": 50, "cap": 2_500_000},
        {"applicant_type": "legal_entity", "cofinancing_percent": 50, "cap": 5_000_000}])
    with pytest.raises(ValidationFailed) as refused:
        draft(call, applicant, 1)  # an NGO may not apply to this call
    assert "applicant_type" in refused.value.fields
    low = draft(call, applicant, 2, applicant_type="legal_entity", cost=4_000_000, own=1_000_000)
    with pytest.raises(ValidationFailed) as refused:
        services.application_submit(actor=applicant, community=community, application_id=low.pk)
    assert "cofinancing" in refused.value.fields
    over = draft(call, applicant, 3, applicant_type="legal_entity", cost=12_000_000, own=6_000_000)
    with pytest.raises(ValidationFailed) as refused:  # asks 60,000 over the 50,000 cap
        services.application_submit(actor=applicant, community=community, application_id=over.pk)
    assert "budget_lines" in refused.value.fields
    assert set(Application.objects.values_list("status", flat=True)) == {Status.DRAFT}
    fine = draft(call, applicant, 4, applicant_type="sole_proprietor", tax_id=rnokpp(4), organisation="ФОП Іваненко",
                 cost=5_000_000, own=2_500_000)
    assert services.application_submit(actor=applicant, community=community,
                                       application_id=fine.pk).status == Status.SUBMITTED


def test_tax_numbers_are_checked_and_a_sole_proprietors_is_kept_only_hashed(community, community_admin, applicant):
    call = make_call(community, community_admin)
    for bad in ("1436057", "14360571", "abcdefgh"):
        with pytest.raises(ValidationFailed) as refused:
            draft(call, applicant, 1, tax_id=bad)
        assert "tax_id" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        draft(call, applicant, 2, applicant_type="sole_proprietor", tax_id="3000000001")
    assert "tax_id" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        draft(call, applicant, 3, applicant_type="initiative_group", organisation="", partner_name="ГО Партнер",
              partner_tax_id="12345670")
    assert "partner_tax_id" in refused.value.fields
    assert not Application.objects.exists()
    number = rnokpp(7)
    person = draft(call, applicant, 7, applicant_type="sole_proprietor", tax_id=number, cost=5_000_000,
                   own=2_500_000)
    person.refresh_from_db()
    assert person.tax_id == "" and len(person.tax_id_hash) == 64 and number not in person.tax_id_hash
    assert not any(number in str(e.data) for e in AuditEvent.objects.all())
    ngo = draft(call, applicant, 8, tax_id="14360570")  # a real, public EDRPOU
    assert ngo.tax_id == "14360570"


def test_one_application_per_organisation_per_call(community, community_admin, applicant, resident):
    call = make_call(community, community_admin)
    draft(call, applicant, 1)
    with pytest.raises(Conflict):
        draft(call, resident, 1)  # the same EDRPOU from another account
    assert Application.objects.count() == 1


def test_applications_close_at_the_deadline(community, community_admin, applicant, to_phase):
    call = make_call(community, community_admin)
    application = draft(call, applicant, 1)
    to_phase("review")
    with pytest.raises(Conflict):
        services.application_submit(actor=applicant, community=community, application_id=application.pk)
    with pytest.raises(Conflict):
        draft(call, applicant, 2)
    assert Application.objects.get().status == Status.DRAFT


def test_only_the_applicant_changes_a_draft_and_not_after_submitting(community, community_admin, applicant, resident):
    call = make_call(community, community_admin)
    application = draft(call, applicant, 1)
    with pytest.raises(NotFound):
        services.application_update(actor=resident, community=community, application_id=application.pk, title="Моє")
    services.application_update(actor=applicant, community=community, application_id=application.pk, title="Нове")
    services.application_submit(actor=applicant, community=community, application_id=application.pk)
    with pytest.raises(Conflict):
        services.application_update(actor=applicant, community=community, application_id=application.pk, title="Ще")
    assert Application.objects.get().title == "Нове"


def test_a_conflicted_juror_cannot_score_and_scores_are_sent_once(community, community_admin, jurors, applicant,
                                                                  resident, to_phase):
    call = make_call(community, community_admin, jurors=jurors)
    application = submitted(call, applicant, 1)
    services.application_review(actor=community_admin, community=community, application_id=application.pk,
                                eligible=True)
    with pytest.raises(Conflict):  # not yet the scoring phase
        services.review_declare(actor=jurors[0], community=community, application_id=application.pk, conflict=False)
    to_phase("scoring")
    criteria = [str(c.pk) for c in call.criteria.order_by("pk")]
    with pytest.raises(Conflict):  # no declaration yet
        services.review_submit(actor=jurors[0], community=community, application_id=application.pk,
                               scores=dict.fromkeys(criteria, 3))
    services.review_declare(actor=jurors[0], community=community, application_id=application.pk, conflict=True,
                            note="Член правління")
    with pytest.raises(Conflict):
        services.review_submit(actor=jurors[0], community=community, application_id=application.pk,
                               scores=dict.fromkeys(criteria, 3))
    with pytest.raises(NotFound):  # not on the jury
        services.review_declare(actor=resident, community=community, application_id=application.pk, conflict=False)
    services.review_declare(actor=jurors[1], community=community, application_id=application.pk, conflict=False)
    for bad in ({criteria[0]: 11, criteria[1]: 3}, {criteria[0]: 3}, {criteria[0]: 3, criteria[1]: 3, "999": 1}):
        with pytest.raises(ValidationFailed):
            services.review_submit(actor=jurors[1], community=community, application_id=application.pk, scores=bad)
    assert not Score.objects.exists()
    services.review_submit(actor=jurors[1], community=community, application_id=application.pk,
                           scores={criteria[0]: 5, criteria[1]: 5})
    assert Review.objects.get(juror=jurors[1]).weighted == 70.0  # 60 * 0.5 + 40 * 1.0
    with pytest.raises(Conflict):
        services.review_submit(actor=jurors[1], community=community, application_id=application.pk,
                               scores={criteria[0]: 10, criteria[1]: 5})


def test_the_jury_cannot_score_an_application_not_found_eligible(community, community_admin, jurors, applicant,
                                                                 to_phase):
    call = make_call(community, community_admin, jurors=jurors)
    application = submitted(call, applicant, 1)
    services.application_review(actor=community_admin, community=community, application_id=application.pk,
                                eligible=False, note="Немає статуту")
    to_phase("scoring")
    with pytest.raises(NotFound):
        services.review_declare(actor=jurors[0], community=community, application_id=application.pk, conflict=False)
    with pytest.raises(ValidationFailed):  # refusing needs a reason
        services.application_review(actor=community_admin, community=community, application_id=application.pk,
                                    eligible=False)


def test_staff_only_writes(community, community_admin, resident, applicant):
    with pytest.raises(PermissionDenied):
        make_call(community, resident)
    call = make_call(community, community_admin)
    application = submitted(call, applicant, 1)
    for write in (lambda: services.application_review(actor=applicant, community=community,
                                                      application_id=application.pk, eligible=True),
                  lambda: services.call_award(actor=resident, community=community, call_id=call.pk),
                  lambda: services.call_publish_results(actor=resident, community=community, call_id=call.pk),
                  lambda: services.call_delete(actor=resident, community=community, call_id=call.pk)):
        with pytest.raises(PermissionDenied):
            write()
    assert Application.objects.get().status == Status.SUBMITTED and Call.objects.count() == 1


@pytest.mark.parametrize("field, value", [
    ("title", " "), ("fund", 0), ("fund", "a lot"), ("tie_break", "coin"), ("rules", []),
    ("rules", [{"applicant_type": "alien", "cap": 1}]), ("rules", [{"applicant_type": "ngo", "cap": 10**15}]),
    ("criteria", []), ("criteria", [{"name": "x", "weight": 0}]), ("schedule", []),
    ("schedule", [{"key": "voting", "starts_at": "2030-01-01T00:00:00+00:00",
                   "ends_at": "2030-02-01T00:00:00+00:00"}]), ("juror_ids", [10**9])])
def test_bad_calls_write_nothing(community, community_admin, field, value):
    with pytest.raises(ValidationFailed) as refused:
        make_call(community, community_admin, **{field: value})
    assert any(name.startswith(field) for name in refused.value.fields), refused.value.fields
    assert not Call.objects.exists() and not AuditEvent.objects.filter(action__startswith="competitions.").exists()


def test_another_communitys_objects_are_not_found(community, other_community, community_admin, applicant):
    theirs = make_call(other_community, SYSTEM)
    their_application = submitted(theirs, applicant, 1)
    for write in (lambda: draft(theirs.__class__(pk=theirs.pk, community=community), applicant, 2),
                  lambda: services.call_update(actor=community_admin, community=community, call_id=theirs.pk,
                                               title="Наше"),
                  lambda: services.call_award(actor=community_admin, community=community, call_id=theirs.pk),
                  lambda: services.application_review(actor=community_admin, community=community,
                                                      application_id=their_application.pk, eligible=True),
                  lambda: services.application_submit(actor=applicant, community=community,
                                                      application_id=their_application.pk)):
        with pytest.raises(NotFound):
            write()
    assert Call.objects.get().title == "Екологічні ініціативи"
    assert Application.objects.get().status == Status.SUBMITTED


def test_the_frozen_parts_of_a_call_once_the_jury_has_begun(community, community_admin, jurors, applicant, to_phase):
    call = make_call(community, community_admin, jurors=jurors)
    application = submitted(call, applicant, 1)
    services.application_review(actor=community_admin, community=community, application_id=application.pk,
                                eligible=True)
    to_phase("scoring")
    services.review_declare(actor=jurors[0], community=community, application_id=application.pk, conflict=False)
    with pytest.raises(Conflict):
        services.call_update(actor=community_admin, community=community, call_id=call.pk, fund=1)
    with pytest.raises(Conflict):
        services.call_delete(actor=community_admin, community=community, call_id=call.pk)
    services.call_update(actor=community_admin, community=community, call_id=call.pk, title="Новий заголовок",
                         schedule=schedule(-25))
    assert Call.objects.get().title == "Новий заголовок" and Review.objects.count() == 1


def test_reports_from_the_grantee_within_the_grant(community, community_admin, jurors, applicant, to_phase):
    call = make_call(community, community_admin, jurors=jurors[:1])
    early = draft(call, applicant, 2)
    with pytest.raises(Conflict):
        services.report_add(actor=applicant, community=community, application_id=early.pk, progress="x", spent=0)
    application = awarded(call, applicant, jurors[0], community_admin, to_phase)
    with pytest.raises(ValidationFailed):
        services.report_add(actor=applicant, community=community, application_id=application.pk, progress="Зроблено",
                            spent=4_000_001)
    report = services.report_add(actor=applicant, community=community, application_id=application.pk,
                                 progress="Зроблено", spent=1_000_000)
    assert report.spent == 1_000_000


def test_every_public_function_of_the_services_modules_is_a_service():
    public = [getattr(module, name) for module in (calls, applications, jury, awards)
              for name, value in vars(module).items()
              if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_")
]
    assert len(public) == len(services.__all__)
    assert all(getattr(f, "is_service", False) for f in public), public
