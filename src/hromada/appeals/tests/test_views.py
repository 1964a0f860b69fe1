"""Web pages: list and map, submitting with a pin and photos, nearby offers, appeal page, office, dashboard."""

import pytest
from conftest import make_member

from hromada.appeals import services
from hromada.appeals.models import Appeal, Status
from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, upload
from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db


def test_list_page_shows_public_appeals_with_few_queries(community, resident, category, web,
                                                         django_assert_max_num_queries):
    for _ in range(15):
        make_appeal(community, resident, category)
    make_appeal(community, resident, category, public=False, address="Таємна адреса")
    browser = web(community)
    with django_assert_max_num_queries(12):
        response = browser.get("appeals/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "leaflet/leaflet.js" in html and 'data-tiles="' in html
    assert "Таємна адреса" not in html and html.count("appeals/") > 15


def test_list_filters(community, resident, category, department, web):
    from hromada.appeals.tests.factories import make_category

    other = make_category(community, "pothole", fallback=department)
    make_appeal(community, resident, category, address="Лампа")
    make_appeal(community, resident, other, address="Яма")
    html = web(community).get("appeals/", {"category": "pothole"}).content.decode()
    assert "Яма" in html and "Лампа" not in html
    assert web(community).get("appeals/", {"status": "closed", "area": "x"}).status_code == 200


def test_geojson_of_public_appeals(community, public_appeal, confidential_appeal, moderator, web):
    data = web(community).get("appeals/map.geojson").json()
    assert data["type"] == "FeatureCollection"
    assert [f["id"] for f in data["features"]] == [public_appeal.pk]
    props = data["features"][0]["properties"]
    assert set(props) == {"index", "status", "category", "created"}
    assert data["legend"]["categories"] == {"light": public_appeal.category.name}
    # A change to a public appeal shows at once: the cache is keyed on the data's last update.
    services.appeal_reject(actor=moderator, community=community, appeal_id=public_appeal.pk, reason="x")
    again = web(community).get("appeals/map.geojson").json()
    assert again["features"][0]["properties"]["status"] == "rejected"
    assert web(community).get("appeals/map.geojson", {"bbox": "bad"}).status_code == 400


def test_submit_form_with_pin_photos_and_extra_questions(community, resident, category, web):
    category.attributes = [{"code": "state", "datatype": "singlevaluelist", "required": True,
                            "values": [{"key": "off", "name": "Не світить"}]}]
    category.save()
    browser = web(community, resident)
    page = browser.get("appeals/new/")
    assert page.status_code == 200 and 'name="attribute[light:state]"' in page.content.decode()
    response = browser.post("appeals/new/", {
        "category": "light", "description": "Темно біля школи", "lat": "49.595", "lon": "34.555",
        "address": "вул. Шкільна, 2", "visibility": "confidential", "attribute[light:state]": "off",
        "photos": [upload(jpeg_bytes(), "a.jpg"), upload(jpeg_bytes(fmt="PNG"), "b.png")],
    })
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/appeals/{appeal.pk}/")
    assert not appeal.is_public and appeal.photos.count() == 2 and appeal.attributes == {"state": "off"}
    assert "Не світить" in browser.get(f"appeals/{appeal.pk}/").content.decode()


def test_submit_form_errors_are_shown_and_nothing_is_written(community, resident, category, web):
    response = web(community, resident).post("appeals/new/", {
        "category": "light", "description": "", "lat": "abc", "lon": "34.5",
        "photos": [upload(b"not an image", "x.jpg")]})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    bad_photo = web(community, resident).post("appeals/new/", {
        "category": "light", "description": "x", "lat": "49.6", "lon": "34.5", "photos": [upload(b"text", "x.jpg")]})
    assert bad_photo.status_code == 400
    assert not Appeal.objects.exists()


def test_new_appeal_needs_sign_in(community, web):
    response = web(community).get("appeals/new/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_nearby_open_appeals_are_offered_with_follow(community, resident, category, public_appeal,
                                                     confidential_appeal, web):
    far = make_appeal(community, resident, category, lat=49.65, lon=34.65)
    html = web(community, resident).get("appeals/nearby/", {"category": "light", "lat": "49.5951",
                                                            "lon": "34.5551"}).content.decode()
    assert public_appeal.registration_index in html and f"/appeals/{public_appeal.pk}/follow" in html
    assert confidential_appeal.registration_index not in html and far.registration_index not in html
    assert web(community).get("appeals/nearby/", {"lat": "x"}).status_code == 200
    neighbour = make_member(community, Role.RESIDENT)
    web(community, neighbour).post(f"appeals/{public_appeal.pk}/follow")
    assert public_appeal.followers.filter(user=neighbour).exists()
    web(community, neighbour).post(f"appeals/{public_appeal.pk}/follow", {"follow": "0"})
    assert not public_appeal.followers.exists()


def test_appeal_page_with_history(community, public_appeal, official, web):
    services.appeal_assign(actor=official, community=community, appeal_id=public_appeal.pk, owner_id=official.pk)
    html = web(community).get(f"appeals/{public_appeal.pk}/").content.decode()
    assert public_appeal.registration_index in html and 'id="history"' in html
    assert 'id="office"' not in html


def test_office_actions_through_the_web(community, public_appeal, official, resident, web):
    browser = web(community, official)
    page = browser.get(f"appeals/{public_appeal.pk}/").content.decode()
    assert 'id="office"' in page
    browser.post(f"appeals/{public_appeal.pk}/act/assign", {"owner_id": official.pk})
    browser.post(f"appeals/{public_appeal.pk}/act/note", {"text": "Виїзд у четвер"})
    browser.post(f"appeals/{public_appeal.pk}/act/answer", {"text": "Лампу замінено",
                                                           "documents": [upload(jpeg_bytes(), "act.jpg")]})
    public_appeal.refresh_from_db()
    assert public_appeal.status == Status.ANSWERED and public_appeal.documents.count() == 1
    assert public_appeal.notes.count() == 1
    refused = browser.post(f"appeals/{public_appeal.pk}/act/extend", {"reason": "x"}, follow=True)
    assert refused.status_code == 200 and "msg-error" in refused.content.decode()
    assert browser.post(f"appeals/{public_appeal.pk}/act/explode").status_code == 404
    assert web(community, resident).post(f"appeals/{public_appeal.pk}/act/close").status_code == 403
    # Internal notes never reach residents.
    assert "Виїзд у четвер" not in web(community, resident).get(f"appeals/{public_appeal.pk}/").content.decode()


def test_staff_queue_filters_and_access(community, resident, category, official, moderator, web,
                                        django_assert_max_num_queries):
    for _ in range(10):
        make_appeal(community, resident, category)
    overdue = make_appeal(community, resident, category)
    Appeal.objects.filter(pk=overdue.pk).update(due_at="2020-01-01T00:00:00Z")
    browser = web(community, official)
    with django_assert_max_num_queries(14):
        assert browser.get("appeals/office/").status_code == 200
    html = browser.get("appeals/office/", {"overdue": "1"}).content.decode()
    assert overdue.registration_index in html and html.count("/appeals/") < 10
    assert browser.get("appeals/office/", {"due_soon": "1", "category": "light", "area": "1"}).status_code == 200
    assert web(community, moderator).get("appeals/office/", {"department": "999"}).status_code == 200
    assert web(community, resident).get("appeals/office/").status_code == 404


def test_dashboard_and_my_appeals(community, public_appeal, confidential_appeal, official, resident, web):
    services.appeal_assign(actor=official, community=community, appeal_id=public_appeal.pk, owner_id=official.pk)
    services.appeal_answer(actor=official, community=community, appeal_id=public_appeal.pk, text="Готово")
    html = web(community).get("appeals/dashboard/").content.decode()
    assert "100%" in html and category_name(public_appeal) in html
    mine = web(community, resident).get("appeals/mine/").content.decode()
    assert public_appeal.registration_index in mine and confidential_appeal.registration_index in mine
    stranger = make_member(community, Role.RESIDENT)
    assert confidential_appeal.registration_index not in web(community, stranger).get("appeals/mine/").content.decode()


def category_name(appeal):
    return appeal.category.name


def test_pages_of_another_community_are_not_found(community, other_community, public_appeal, web):
    assert web(other_community).get(f"appeals/{public_appeal.pk}/").status_code == 404
    photo_less = web(other_community).get(f"appeals/{public_appeal.pk}/photos/1")
    assert photo_less.status_code == 404
    assert web(other_community).get("appeals/map.geojson").json()["features"] == []
