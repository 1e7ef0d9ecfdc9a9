from django.urls import path

from fazhi.corpus import views

app_name = "corpus"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("upload/", views.report_upload, name="report-upload"),
    path("compare/", views.compare, name="compare"),
    path("peers/", views.peers, name="peers"),
    path("<int:report_id>/", views.report_detail, name="report-detail"),
    path("<int:report_id>/original/", views.report_original, name="report-original"),
]
