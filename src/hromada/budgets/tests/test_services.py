"""Services of cycles, proposals, review, implementation, school codes and results: happy paths, every policy, bad
input that writes nothing, another community's ids as not found, and the tally through budgets.tally."""

from __future__ import annotations

import inspect
import io

import pytest
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hromada.budgets import services
from hromada.budgets.models import (
    Ballot,
    Cycle,
    Project,
    ProjectSupport,
    SchoolCode,
    Status,
)
from hromada.budgets.services.voting import school_code_hash
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.core.notifications.models import Notification

from . import factories as f

pytestmark = pytest.mark.django_db


def test_every_public_function_is_a_service():
    names = [n for n in services.__all__ if inspect.isfunction(getattr(services, n))]
    assert names and all(getattr(getattr(services, n), "is_service", False) for n in names)


def test_cycle_create_validates_phases_and_fields(community, community_admin, resident):
    with pytest.raises(PermissionDenied):
        services.cycle_create(actor=resident, community=community, title="X", year=2026)
    with pytest.raises(ValidationFailed) as exc:
        services.cycle_create(actor=community_admin, community=community, title=" ", year=1900, kind="nope",
                              schedule=[{"key": "voting", "starts_at": "2026-01-02T00:00:00+02:00",
                                         "ends_at": "2026-01-01T00:00:00+02:00"}])
    assert {"title", "year", "kind", "schedule.voting.ends_at"} <= set(exc.value.fields)
    with pytest.raises(ValidationFailed) as exc:
        services.cycle_create(actor=community_admin, community=community, title="Шкільний", year=2026,
                              kind="school", eligibility="resident")
    assert "eligibility" in exc.value.fields
    assert Cycle.objects.count() == 0
    cycle = services.cycle_create(actor=community_admin, community=community, title="Бюджет", year=2026,
                                  schedule=f.schedule("proposal"))
    assert cycle.schedule[0]["key"] == "proposal"
    assert AuditEvent.objects.filter(action="budgets.cycle.created").count() == 1


def test_fund_save_rules_and_geometry(community, community_admin):
    cycle, _category = f.cycle(community)
    with pytest.raises(ValidationFailed) as exc:
        services.fund_save(actor=community_admin, community=community, cycle_id=cycle.pk, kind="district",
                           name="Центр", fund=-1, ballot_rule="threshold", min_projects=5, max_projects=2,
                           geometry={"type": "Point", "coordinates": [25, 49]})
    assert {"fund", "geometry"} <= set(exc.value.fields)
    square = {"type": "Polygon", "coordinates": [[[25.0, 49.0], [25.1, 49.0], [25.1, 49.1], [25.0, 49.1],
                                                  [25.0, 49.0]]]}
    district = services.fund_save(actor=community_admin, community=community, cycle_id=cycle.pk, kind="district",
                                  name="Центр", fund=10_000, ballot_rule="threshold", threshold_percent=40,
                                  geometry=square)
    assert district.geometry["type"] == "Polygon" and district.threshold_percent == 40
    with pytest.raises(ValidationFailed):
        services.fund_save(actor=community_admin, community=community, cycle_id=cycle.pk, kind="district",
                           name="Центр", fund=1)


def test_proposal_cost_is_the_budget_table_and_location_finds_the_district(community, resident):
    cycle, category = f.cycle(community)
    square = {"type": "Polygon", "coordinates": [[[25.0, 49.0], [25.1, 49.0], [25.1, 49.1], [25.0, 49.1],
                                                  [25.0, 49.0]]]}
    district = services.fund_save(actor=SYSTEM, community=community, cycle_id=cycle.pk, kind="district",
                                  name="Центр", fund=10_000, geometry=square)
    project = services.project_create(actor=resident, community=community, cycle_id=cycle.pk, title="Лавки",
                                      description="Опис", cost_lines=f.lines(1000, 250), lat=49.05, lon=25.05)
    assert project.cost == (2 * 1000 + 2 * 250) * f.UAH
    assert project.district == district and project.status == Status.DRAFT
    assert [line.total for line in project.cost_lines.all()] == [200_000, 50_000]
    updated = services.project_update(actor=resident, community=community, project_id=project.pk,
                                      cost_lines=f.lines(10), category_id=category.pk, lat=None, lon=None)
    assert updated.cost == 2000 and updated.cost_lines.count() == 1


def test_bad_proposals_write_nothing(community, resident):
    cycle, category = f.cycle(community)
    cases = [
        ({"title": "", "description": "x", "category_id": category.pk, "cost_lines": f.lines(1)}, "title"),
        ({"title": "T", "description": "x", "category_id": category.pk, "cost_lines": []}, "cost_lines"),
        ({"title": "T", "description": "x", "category_id": category.pk,
          "cost_lines": [{"item": "A", "quantity": 0, "unit_price": 5}]}, "cost_lines.0.quantity"),
        ({"title": "T", "description": "x", "category_id": category.pk,
          "cost_lines": [{"item": "A", "quantity": 1, "unit_price": "abc"}]}, "cost_lines.0.unit_price"),
        ({"title": "T", "description": "x", "category_id": 987654, "cost_lines": f.lines(1)}, "category_id"),
        ({"title": "T", "description": "x", "cost_lines": f.lines(1)}, "category_id"),
        ({"title": "T", "description": "x", "category_id": category.pk, "cost_lines": f.lines(1), "lat": 91,
          "lon": 0}, "lat"),
    ]
    for values, field in cases:
        with pytest.raises(ValidationFailed) as exc:
            services.project_create(actor=resident, community=community, cycle_id=cycle.pk, **values)
        assert field in exc.value.fields, (field, exc.value.fields)
    assert Project.objects.count() == 0


def test_phases_govern_proposals_and_support(community, resident):
    cycle, category = f.cycle(community, phase="voting")
    with pytest.raises(Conflict):
        services.project_create(actor=resident, community=community, cycle_id=cycle.pk, title="T",
                                description="x", category_id=category.pk, cost_lines=f.lines(1))
    project = f.proposal(community, cycle, category)  # the platform may add one outside the phase
    with pytest.raises(Conflict):
        services.project_support(actor=resident, community=community, project_id=project.pk)


def test_submit_notifies_reviewers_and_support_counts_once(community, resident, official):
    cycle, category = f.cycle(community)
    project = f.proposal(community, cycle, category, actor=resident)
    assert project.status == Status.SUBMITTED
    assert Notification.objects.filter(user=official, event="budgets.project.submitted").exists()
    other = make_member(community, Role.RESIDENT)
    services.project_support(actor=other, community=community, project_id=project.pk)
    with pytest.raises(Conflict):
        services.project_support(actor=other, community=community, project_id=project.pk)
    project.refresh_from_db()
    assert project.supporters_count == 1 and ProjectSupport.objects.count() == 1
    stranger = make_member(community, Role.RESIDENT)
    with pytest.raises(PermissionDenied):
        services.project_update(actor=stranger, community=community, project_id=project.pk, title="Чуже")


def test_review_is_public_with_reply_thread_and_notifications(community, resident, official, department):
    cycle, category = f.cycle(community, phase="review")
    project = f.proposal(community, cycle, category, actor=SYSTEM)
    Project.objects.filter(pk=project.pk).update(author=resident, department=department)
    with pytest.raises(PermissionDenied):
        services.review_record(actor=resident, community=community, project_id=project.pk, decision="feasible")
    with pytest.raises(ValidationFailed) as exc:
        services.review_record(actor=official, community=community, project_id=project.pk, decision="not_feasible")
    assert "reason" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.review_record(actor=official, community=community, project_id=project.pk,
                               decision="cost_corrected", reason="Ціни", corrected_cost=-5)
    assert "corrected_cost" in exc.value.fields
    review = services.review_record(actor=official, community=community, project_id=project.pk,
                                    decision="cost_corrected", reason="Ціни уточнено", corrected_cost=150_000)
    project.refresh_from_db()
    assert project.status == Status.FEASIBLE and project.ballot_cost == 150_000
    assert Notification.objects.filter(user=resident, event="budgets.project.reviewed").exists()
    services.review_reply(actor=resident, community=community, review_id=review.pk, text="Дякую, згоден.")
    answer = services.review_reply(actor=official, community=community, review_id=review.pk, text="Будь ласка.")
    assert answer.by_staff and review.messages.count() == 2
    stranger = make_member(community, Role.RESIDENT)
    with pytest.raises(PermissionDenied):
        services.review_reply(actor=stranger, community=community, review_id=review.pk, text="Я теж")


def test_other_communitys_ids_are_not_found(community, other_community):
    cycle, category = f.cycle(community)
    project = f.proposal(community, cycle, category)
    admin_b = make_member(other_community, Role.ADMIN)
    with pytest.raises(NotFound):
        services.project_update(actor=admin_b, community=other_community, project_id=project.pk, title="X")
    with pytest.raises(NotFound):
        services.review_record(actor=admin_b, community=other_community, project_id=project.pk, decision="feasible")
    with pytest.raises(NotFound):
        services.cycle_update(actor=admin_b, community=other_community, cycle_id=cycle.pk, title="X")
    with pytest.raises(NotFound):
        services.results_publish(actor=admin_b, community=other_community, cycle_id=cycle.pk)


def _ballot(cycle, category, voter: str, *projects) -> None:
    Ballot.objects.create(community=cycle.community, cycle=cycle, category=category, voter_key=voter,
                          receipt=f"r-{voter}", project_ids=sorted(p.pk for p in projects))


def test_results_tally_winners_within_the_fund_and_implementation_notifies_followers(community, resident):
    cycle, category = f.cycle(community, phase="review")  # fund 100 000 UAH
    a = f.proposal(community, cycle, category, title="A", cost_lines=f.lines(30_000))  # 60 000
    b = f.proposal(community, cycle, category, title="B", cost_lines=f.lines(25_000))  # 50 000
    c = f.proposal(community, cycle, category, title="C", cost_lines=f.lines(15_000))  # 30 000
    for project in (a, b, c):
        services.review_record(actor=SYSTEM, community=community, project_id=project.pk, decision="feasible")
    for n in range(3):
        _ballot(cycle, category, f"v{n}", a, b)
    _ballot(cycle, category, "v3", b, c)
    with pytest.raises(Conflict):
        services.results_publish(actor=SYSTEM, community=community, cycle_id=cycle.pk)
    services.cycle_update(actor=SYSTEM, community=community, cycle_id=cycle.pk, schedule=f.schedule("results"))
    published = services.results_publish(actor=SYSTEM, community=community, cycle_id=cycle.pk)
    statuses = dict(Project.objects.filter(cycle=cycle).values_list("title", "status"))
    # greedy by votes: B (4) fits, A (3) would overspend 100 000, C (1) fits
    assert statuses == {"A": Status.NOT_SELECTED, "B": Status.SELECTED, "C": Status.SELECTED}
    assert published.results[f"c{category.pk}"]["ballots"] == 4
    b.refresh_from_db()
    assert b.votes == 4 and b.implementation_status == "planned"
    services.project_follow(actor=resident, community=community, project_id=b.pk)
    with pytest.raises(ValidationFailed) as exc:
        services.implementation_update(actor=SYSTEM, community=community, project_id=b.pk, text="Роботи",
                                       status="built", progress=120, spent=-1)
    assert {"status", "progress", "spent"} <= set(exc.value.fields)
    services.implementation_update(actor=SYSTEM, community=community, project_id=b.pk, text="Роботи тривають",
                                   status="in_progress", progress=40, spent=20_000)
    assert Notification.objects.filter(user=resident, event="budgets.project.progress").exists()
    with pytest.raises(Conflict):
        services.implementation_update(actor=SYSTEM, community=community, project_id=a.pk, text="x",
                                       status="in_progress", progress=1, spent=0)


def test_school_codes_are_hashed_unique_and_printed_once(community, moderator, resident):
    cycle, _category = f.cycle(community, kind="school", eligibility="school_code", title="Шкільний")
    school = services.fund_save(actor=SYSTEM, community=community, cycle_id=cycle.pk, kind="district",
                                name="Школа № 1", fund=1000)
    with pytest.raises(PermissionDenied):
        services.school_codes_issue(actor=resident, community=community, cycle_id=cycle.pk, district_id=school.pk,
                                    size=5)
    with pytest.raises(ValidationFailed) as exc:
        services.school_codes_issue(actor=moderator, community=community, cycle_id=cycle.pk, district_id=school.pk,
                                    size=0)
    assert "size" in exc.value.fields
    batch, codes = services.school_codes_issue(actor=moderator, community=community, cycle_id=cycle.pk,
                                               district_id=school.pk, size=30, label="5-А")
    assert len(set(codes)) == 30 and batch.codes.count() == 30
    stored = set(SchoolCode.objects.values_list("code_hash", flat=True))
    assert not stored & set(codes)
    assert {school_code_hash(cycle.pk, code) for code in codes} == stored


def test_photos_lose_their_exif(community, resident):
    cycle, category = f.cycle(community)
    project = f.proposal(community, cycle, category, actor=resident, submit=False)
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    photo = services.project_photo_add(actor=resident, community=community, project_id=project.pk,
                                       upload=SimpleUploadedFile("p.jpg", buffer.getvalue(), "image/jpeg"))
    with photo.file.open("rb") as handle:
        data = handle.read()
    assert b"SecretCam" not in data and Image.open(io.BytesIO(data)).size == (40, 30)
    with pytest.raises(ValidationFailed):
        services.project_photo_add(actor=resident, community=community, project_id=project.pk,
                                   upload=SimpleUploadedFile("p.jpg", b"not an image", "image/jpeg"))
