"""Web addresses of the community's site (mounted at /site/ inside a community by its manifest)."""

from django.urls import path

from . import feeds, views

app_name = "site"

urlpatterns = [
    path("", views.news_list, name="news"),
    path("news/<int:news_id>/", views.news_detail, name="news_detail"),
    path("news/rss.xml", feeds.NewsRss(), name="rss"),
    path("news/atom.xml", feeds.NewsAtom(), name="atom"),
    path("pages/", views.page_index, name="pages"),
    path("pages/<slug:slug>/", views.page_detail, name="page"),
    path("contacts/", views.contacts, name="contacts"),
    path("theme.css", views.theme_css, name="theme_css"),
]
