from django.urls import path

from hromada.core.identity import views as identity_views
from hromada.core.notifications import views as notification_views
from hromada.core.transparency import views as transparency_views

from . import office as office_views
from . import sitemap, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("favicon.ico", views.favicon),
    path("theme.css", views.theme_css, name="theme_css"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("profile/", views.profile, name="profile"),
    path("profile/office/", office_views.office, name="office"),
    path("profile/update", views.profile_update, name="profile_update"),
    path("profile/preferences", views.preferences_update, name="preferences_update"),
    path("profile/notifications/read", views.notifications_read, name="notifications_read"),
    path("notifications/", notification_views.inbox, name="notifications"),
    path("notifications/<int:notification_id>/", notification_views.open_one, name="notification_open"),
    path("notifications/read", notification_views.read_all, name="notifications_read_all"),
    path("profile/tokens", views.token_create, name="token_create"),
    path("profile/tokens/<int:token_id>/revoke", views.token_revoke, name="token_revoke"),
    path("profile/identity/demo", views.demo_identity_verify, name="demo_identity_verify"),
    path("profile/identity/unlink", identity_views.identity_unlink_view, name="identity_unlink"),
    path("profile/residency", identity_views.residency_view, name="identity_residency"),
    path("identity/<slug:slug>/start", identity_views.identity_start, name="identity_start"),
    path("identity/<slug:slug>/callback", identity_views.identity_callback, name="identity_callback"),
    path("transparency/", transparency_views.log_page, name="transparency"),
    path("sitemap.xml", sitemap.sitemap_xml, name="sitemap"),
]
