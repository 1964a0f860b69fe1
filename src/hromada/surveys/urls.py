"""Web addresses of Surveys and polls (mounted at /surveys/ inside a community by its manifest)."""

from django.urls import path

from . import views, views_staff

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
    path("<int:survey_id>/thanks/", views.survey_thanks, name="thanks"),
    path("<int:survey_id>/results/", views.survey_results, name="results"),
    path("<int:survey_id>/results/questions/<int:question_id>/texts/", views.survey_texts, name="texts"),
    path("<int:survey_id>/export.csv", views.survey_export_csv, name="export_csv"),
    path("<int:survey_id>/export.xlsx", views.survey_export_xlsx, name="export_xlsx"),
    path("<int:survey_id>/exports/<int:export_id>/", views.survey_export, name="export"),
    path("<int:survey_id>/exports/<int:export_id>/survey.xlsx", views.survey_export_download,
         name="export_download"),
    path("<int:survey_id>/answers/<int:answer_id>/file", views.answer_file, name="answer_file"),
    path("new/", views_staff.survey_new, name="new"),
    path("<int:survey_id>/build/", views_staff.survey_build, name="build"),
    path("<int:survey_id>/build/publish/", views_staff.survey_publish, name="publish"),
    path("<int:survey_id>/build/close/", views_staff.survey_close, name="close"),
    path("<int:survey_id>/build/sections/", views_staff.section_add, name="section_add"),
    path("<int:survey_id>/build/questions/", views_staff.question_add, name="question_add"),
    path("<int:survey_id>/build/questions/<int:question_id>/", views_staff.question_edit, name="question_edit"),
    path("<int:survey_id>/build/questions/<int:question_id>/move/", views_staff.question_move,
         name="question_move"),
    path("<int:survey_id>/build/questions/<int:question_id>/remove/", views_staff.question_remove,
         name="question_remove"),
]
