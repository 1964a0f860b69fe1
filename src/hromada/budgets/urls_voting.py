"""Web addresses of voting, added to budgets' own (urls.py): the booth, receipts, the public ballot list and staff's
paper ballots."""

from django.urls import path

from . import views_voting

urlpatterns = [
    path("cycles/<int:cycle_id>/vote/", views_voting.vote, name="vote"),
    path("cycles/<int:cycle_id>/vote/<str:scope>/", views_voting.booth, name="booth"),
    path("cycles/<int:cycle_id>/receipts/<str:code>/", views_voting.receipt, name="receipt"),
    path("cycles/<int:cycle_id>/ballots/", views_voting.ballots, name="ballots"),
    path("cycles/<int:cycle_id>/paper/", views_voting.paper, name="paper"),
    path("paper/<int:paper_id>/", views_voting.paper_check, name="paper_check"),
]
