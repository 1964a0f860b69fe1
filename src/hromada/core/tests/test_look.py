"""The kernel's look: the icon sprite and its tag, the community colour made contrast-safe, the error summary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client

from hromada.core.web import look
from hromada.core.web.templatetags import hromada_icons

SRC = Path(__file__).resolve().parents[2]
SPRITE = SRC / "core" / "web" / "static" / "hromada" / "icons.svg"


def test_the_sprite_draws_every_name_the_tag_knows_and_the_docstring_lists():
    drawn = set(re.findall(r'<symbol id="([a-z-]+)" viewBox="0 0 24 24">', SPRITE.read_text()))
    listed = set(re.sub(r"\s+", " ", hromada_icons.__doc__.split("Names available:")[1]).replace(" ", "").split(","))
    assert drawn == set(hromada_icons.NAMES) == listed
    required = {"map", "pin", "search", "location", "petition", "appeal", "document", "data", "download", "upload",
                "user", "bell", "check", "close", "menu", "filter", "clock", "warning", "arrow-left", "arrow-right",
                "plus", "edit", "print", "phone", "mail", "star", "chart", "layers", "list", "home", "external"}
    assert required <= drawn


def test_every_icon_a_template_asks_for_exists():
    used = set()
    for path in SRC.rglob("*.html"):
        used |= set(re.findall(r'{%\s*icon\s+"([^"]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= hromada_icons.NAMES, used - hromada_icons.NAMES


def test_icon_tag_decorative_and_labelled():
    html = Template('{% load hromada_icons %}{% icon "map" %}|{% icon "warning" label="Прострочено" class="icon--lg" %}'
                    ).render(Context())
    decorative, labelled = html.split("|")
    assert 'aria-hidden="true"' in decorative and 'focusable="false"' in decorative and "role" not in decorative
    assert decorative.endswith('<use href="/static/hromada/icons.svg#map"></use></svg>')
    assert 'role="img" aria-label="Прострочено"' in labelled and "<title>Прострочено</title>" in labelled
    assert 'class="icon icon--warning icon--lg"' in labelled and "aria-hidden" not in labelled
    with pytest.raises(ValueError, match="no icon"):
        hromada_icons.icon_markup("unicorn")


@pytest.mark.parametrize("colour", ["#ffd500", "#3a7bd5", "#7fbf7f", "#fff", "#0b57d0", "#000000", "#e30613"])
def test_a_community_colour_is_darkened_until_white_text_reads_on_it(colour):
    safe = look.text_safe(colour)
    assert look.contrast(look.parse_hex(safe), look.WHITE) >= 4.5
    # Only as dark as it must be: a colour that reads already is kept as it is.
    if look.contrast(look.parse_hex(colour), look.WHITE) >= 4.5:
        assert safe == look.to_hex(look.parse_hex(colour))
    palette = look.palette(colour)
    assert look.contrast(look.parse_hex(palette["brand"]), look.WHITE) >= 5
    assert look.contrast(look.parse_hex(palette["brand_dark"]), look.WHITE) >= 7
    assert look.contrast(look.parse_hex(palette["brand"]), look.parse_hex(palette["brand_tint"])) >= 4.5


def test_contrast_matches_wcag_reference_values():
    assert round(look.contrast((0, 0, 0), look.WHITE), 1) == 21.0
    assert round(look.contrast(look.parse_hex("#767676"), look.WHITE), 2) == 4.54
    assert look.text_safe("not a colour") == look.DEFAULT_BRAND


@pytest.mark.django_db
def test_theme_css_and_default_look(community):
    client = Client()
    response = client.get(f"/c/{community.slug}/theme.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert response.content == b""  # no colour of its own: site.css's defaults stand
    assert look.community_look(community) == {}
    page = client.get(f"/c/{community.slug}/").content.decode()
    assert 'class="skip-link" href="#main"' in page and '<main id="main"' in page
    assert "theme.css" not in page and 'href="/static/hromada/icons.svg#shield"' in page


def test_error_summary_links_each_field_error_to_its_field():
    class PetitionLike(forms.Form):
        title = forms.CharField(label="Назва")
        text = forms.CharField(label="Текст")

    form = PetitionLike(data={"title": "x"})
    assert not form.is_valid()
    form.add_error(None, "Спробуйте ще раз")
    html = render_to_string("web/_form_errors.html", {"form": form})
    assert 'class="form-errors" tabindex="-1"' in html and 'role="alert"' in html
    assert "<li>Спробуйте ще раз</li>" in html
    assert '<a href="#id_text">Текст: ' in html and "#id_title" not in html
    assert render_to_string("web/_form_errors.html", {"form": PetitionLike()}).strip() == ""


@pytest.mark.django_db
def test_a_community_admin_sets_the_brand_colour_and_every_page_gets_a_safe_one(community, community_admin):
    from hromada.core.errors import DomainError
    from hromada.core.tenancy.services import community_update

    with pytest.raises(DomainError) as refused:
        community_update(actor=community_admin, community=community, brand_colour="yellow")
    assert "brand_colour" in refused.value.fields
    community = community_update(actor=community_admin, community=community, brand_colour="#ffd500")
    assert community.brand_colour == "#ffd500"
    css = Client().get(f"/c/{community.slug}/theme.css").content.decode()
    brand = re.search(r"--brand:(#[0-9a-f]{6})", css).group(1)
    assert brand != "#ffd500" and look.contrast(look.parse_hex(brand), look.WHITE) >= 5
    page = Client().get(f"/c/{community.slug}/?fresh=1").content.decode()
    assert f'href="/c/{community.slug}/theme.css?v={brand[1:]}"' in page
    assert f'<meta name="theme-color" content="{brand}">' in page


@pytest.mark.django_db
def test_the_coat_of_arms_heads_the_site_and_the_back_office(community, community_admin):
    from hromada.core.tenancy.models import Community
    from hromada.core.tenancy.selectors import invalidate_community_cache

    Community.objects.filter(pk=community.pk).update(coat_of_arms="communities/arms.png")
    invalidate_community_cache()
    page = Client().get(f"/c/{community.slug}/?fresh=1").content.decode()
    assert '<img class="coat-of-arms" src="/media/communities/arms.png" alt=""' in page  # the name beside it says it
    assert 'alt="Герб: ' in page or "Coat of arms of" in page  # the home page's large one is described
    staff = Client()
    staff.force_login(community_admin)
    back_office = staff.get(f"/c/{community.slug}/admin/").content.decode()
    assert 'src="/media/communities/arms.png"' in back_office and "/static/hromada/admin.css" in back_office
