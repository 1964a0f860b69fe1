"""Web addresses of Housing (mounted at /housing/ inside a community by its manifest): the public pages, the staff's
pages under office/, and the reports and imports (hromada.housing.reporting)."""

from django.urls import include, path

from . import office_views, views

app_name = "housing"

urlpatterns = [
    path("", views.building_list, name="list"),
    path("map/", views.building_map, name="map"),
    path("map.geojson", views.building_geojson, name="geojson"),
    path("<int:building_id>/", views.building_detail, name="detail"),
    path("documents/<int:document_id>/", views.document_file, name="document"),
    path("works/files/<int:attachment_id>/", views.attachment_file, name="attachment"),
    path("managers/", views.manager_list, name="managers"),
    path("managers/<int:manager_id>/", views.manager_detail, name="manager"),
    # The staff's pages.
    path("office/buildings/new/", office_views.building_new, name="building_new"),
    path("office/buildings/<int:building_id>/", office_views.building_manage, name="manage"),
    path("office/buildings/<int:building_id>/passport/", office_views.building_edit, name="building_edit"),
    path("office/buildings/<int:building_id>/delete/", office_views.building_delete, name="building_delete"),
    path("office/buildings/<int:building_id>/systems/", office_views.system_set, name="system_set"),
    path("office/buildings/<int:building_id>/documents/", office_views.document_upload, name="document_upload"),
    path("office/buildings/<int:building_id>/emergencies/", office_views.emergency_report, name="emergency_report"),
    path("office/buildings/<int:building_id>/appeals/", office_views.appeal_link, name="appeal_link"),
    path("office/buildings/<int:building_id>/works/new/", office_views.work_new, name="work_new"),
    path("office/systems/<int:system_id>/remove/", office_views.system_remove, name="system_remove"),
    path("office/documents/<int:document_id>/remove/", office_views.document_remove, name="document_remove"),
    path("office/appeal-links/<int:link_id>/remove/", office_views.appeal_unlink, name="appeal_unlink"),
    path("office/emergencies/<int:event_id>/", office_views.emergency_edit, name="emergency_edit"),
    path("office/emergencies/<int:event_id>/delete/", office_views.emergency_delete, name="emergency_delete"),
    path("office/works/<int:work_id>/", office_views.work_edit, name="work"),
    path("office/works/<int:work_id>/status/", office_views.work_status, name="work_status"),
    path("office/works/<int:work_id>/files/", office_views.work_attach, name="work_attach"),
    path("office/works/<int:work_id>/delete/", office_views.work_delete, name="work_delete"),
    path("office/files/<int:attachment_id>/remove/", office_views.attachment_remove, name="attachment_remove"),
    path("office/files/<int:attachment_id>/visibility/", office_views.attachment_visibility,
         name="attachment_visibility"),
    path("office/managers/new/", office_views.manager_new, name="manager_new"),
    path("office/managers/<int:manager_id>/", office_views.manager_edit, name="manager_edit"),
    path("office/managers/<int:manager_id>/delete/", office_views.manager_delete, name="manager_delete"),
    path("office/managers/<int:manager_id>/board/", office_views.board_add, name="board_add"),
    path("office/board/<int:member_id>/remove/", office_views.board_remove, name="board_remove"),
    path("", include("hromada.housing.reporting.urls")),  # reports and imports
]
