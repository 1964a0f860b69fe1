"""The CSRF failure answer: the site's page in Ukrainian (English after the switch), the envelope under /api/."""

from __future__ import annotations

import json

from django.test import Client, RequestFactory

from hromada.core.web.csrf import csrf_failure


def test_a_form_without_its_token_gets_our_ukrainian_page(community):
    client = Client(enforce_csrf_checks=True)
    home = f"http://testserver/c/{community.slug}/"
    response = client.post("/i18n/setlang/", {"language": "en"}, HTTP_REFERER=home)
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="uk">' in html and "<h1>Форму не вдалося надіслати</h1>" in html
    assert 'role="alert"' in html and 'class="skip-link"' in html  # the site's accessible layout
    assert f'href="{home}"' in html  # back to the form's own page
    assert "CSRF verification failed" not in html and "Forbidden" not in html


def test_the_page_follows_the_chosen_language(community):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    response = client.post(f"/c/{community.slug}/i18n/setlang/", {"language": "uk"})
    assert response.status_code == 403
    assert "<h1>The form could not be sent</h1>" in response.content.decode()


def test_a_foreign_referer_is_not_offered_as_the_way_back(community):
    response = Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "en"},
                                                     HTTP_REFERER="https://evil.example.org/form")
    assert response.status_code == 403 and "evil.example.org" not in response.content.decode()


def test_under_the_api_it_is_the_json_envelope(community):
    request = RequestFactory().post(f"/c/{community.slug}/api/v1/petitions/", "{}", content_type="application/json")
    response = csrf_failure(request, reason="CSRF cookie not set.")
    assert response.status_code == 403 and response["Content-Type"].startswith("application/json")
    error = json.loads(response.content)["error"]
    assert error["code"] == "csrf_failed" and error["fields"] == {}
    assert "CSRF cookie" not in error["message"]
