"""Web routes of petitions under /petitions/ (community-relative; the community prefix is added by tenancy)."""

from django.urls import path

from . import feeds, views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("mine/", views.petition_mine, name="mine"),
    path("new/", views.petition_create, name="create"),
    path("similar/", views.petition_similar, name="similar"),
    path("feed.atom", feeds.PetitionFeed(), name="feed"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/sign/", views.petition_sign, name="sign"),
    path("<int:pk>/edit/", views.petition_edit, name="edit"),
    path("<int:pk>/submit/", views.petition_submit, name="submit"),
    path("<int:pk>/qr.svg", views.petition_qr_svg, name="qr_svg"),
    path("<int:pk>/qr.png", views.petition_qr_png, name="qr_png"),
    path("<int:pk>/poster/", views.petition_poster, name="poster"),
    path("<int:pk>/publish/", views.petition_publish, name="publish"),
    path("<int:pk>/reject/", views.petition_reject, name="reject"),
    path("<int:pk>/duplicate/", views.petition_duplicate, name="duplicate"),
    path("<int:pk>/assign/", views.petition_assign, name="assign"),
    path("<int:pk>/answer/", views.petition_answer, name="answer"),
    path("<int:pk>/signers.csv", views.signers_csv, name="signers_csv"),
]
