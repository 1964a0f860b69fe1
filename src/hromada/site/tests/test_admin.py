"""Site back office: news, pages, branding and officials are written through the services (audited, sanitised),
a refused input shows on the form, and staff see only their own community's rows."""

from __future__ import annotations

from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.core.identity.actors import SYSTEM
from hromada.site import services
from hromada.site.models import NewsItem, Page, SiteProfile
from hromada.site.tests.factories import photo


def test_back_office_writes_through_the_services(community, other_community, community_admin):
    client = Client()
    client.force_login(community_admin)
    added = client.post("/admin/site/page/add/", {"community": community.pk, "title": "Про громаду", "slug": "",
                                                  "body_source": "**Hi** <script>x</script>", "is_published": "on"})
    assert added.status_code == 302, added.content.decode()[:3000]
    page = Page.objects.get()
    assert (page.slug, page.body_html) == ("pro-hromadu", "<p><strong>Hi</strong> </p>")
    refused = client.post(f"/admin/site/page/{page.pk}/change/", {"title": "   ", "slug": "x", "body_source": ""})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    news = client.post("/admin/site/newsitem/add/", {
        "community": community.pk, "title": "Новина", "summary": "", "body_source": "Текст", "photo": photo(gps=True),
        "photo_alt": "Фото", "publish_at_0": "2026-01-05", "publish_at_1": "10:00", "category": ""})
    assert news.status_code == 302, news.content.decode()[:3000]
    assert NewsItem.objects.get().photo
    colour = client.post("/admin/site/siteprofile/add/", {"community": community.pk, "tagline": "", "cover_alt": "",
                                                         "accent_colour": "#ffcc00", "contacts_source": ""})
    assert colour.status_code == 200 and "1.51:1" in colour.content.decode() and not SiteProfile.objects.exists()
    services.page_create(actor=SYSTEM, community=other_community, title="Theirs")
    assert "Theirs" not in client.get("/admin/site/page/").content.decode()
    deleted = client.post("/admin/site/page/", {"action": "delete_selected", "_selected_action": [page.pk],
                                                "post": "yes"})
    assert deleted.status_code == 302 and not Page.objects.filter(community=community).exists()
    assert list(AuditEvent.objects.filter(action__startswith="site.", community=community).order_by("pk")
                .values_list("action", flat=True)) == ["site.page.created", "site.news.created", "site.page.deleted"]
