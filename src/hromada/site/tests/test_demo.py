"""The site's demo content: branding, 4 pages, 12 news in 3 categories with one scheduled (not visible yet),
5 officials and a menu, all written through the services and marked as demo content."""

from __future__ import annotations

from hromada.site import demo, selectors
from hromada.site.models import MenuItem, NewsCategory, NewsItem, Official, Page, SiteProfile


def test_demo_content_loads_with_one_scheduled_news_item(community):
    demo.load(community, size="small")
    assert Page.objects.filter(community=community).count() == 4
    assert NewsItem.objects.filter(community=community).count() == 12
    assert NewsCategory.objects.filter(community=community).count() == 3
    assert selectors.news_published(community=community).count() == 11
    assert Official.objects.filter(community=community).count() == 5
    assert SiteProfile.objects.get(community=community).accent_colour == "#1d4f91"
    assert MenuItem.objects.filter(community=community).count() == 3
    assert all("демо" in o.position.lower() for o in Official.objects.filter(community=community))
    assert all("Демонстраційн" in n.body_source for n in NewsItem.objects.filter(community=community))
