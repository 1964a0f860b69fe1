"""Web addresses of the council's public pages (mounted at /council/ inside a community by its manifest)."""

from django.urls import path

from . import views
from .models import OrganizationKind

app_name = "council"

urlpatterns = [
    path("", views.deputy_list, name="list"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy"),
    path("compare/", views.compare, name="compare"),
    path("factions/", views.faction_list, name="factions"),
    path("factions/<int:pk>/", views.organization_detail, {"kind": OrganizationKind.FACTION}, name="faction"),
    path("commissions/", views.commission_list, name="commissions"),
    path("commissions/<int:pk>/", views.organization_detail, {"kind": OrganizationKind.COMMISSION},
         name="commission"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("votes/", views.vote_list, name="votes"),
    path("votes/<int:pk>/", views.vote_detail, name="vote"),
    path("drafts/", views.draft_list, name="drafts"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft"),
    path("search/", views.search, name="search"),
]
