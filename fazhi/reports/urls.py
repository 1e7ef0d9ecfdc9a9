from django.urls import path

from fazhi.reports import contribution_views as cviews
from fazhi.reports import version_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("draft/", views.report_draft, name="draft"),
    path("<int:annual_id>/", views.report_detail, name="detail"),
    path("<int:annual_id>/details/", views.report_details, name="details"),
    path("<int:annual_id>/checks/", views.report_checks, name="checks"),
    path("<int:annual_id>/act/<str:action>/", views.report_action, name="action"),
    path("<int:annual_id>/report.docx", views.export_docx, name="docx"),
    path("<int:annual_id>/report.pdf", views.export_pdf, name="pdf"),
    path("<int:annual_id>/publication/", views.publication, name="publication"),
    path("<int:annual_id>/compare/", version_views.report_compare, name="compare"),
    path("<int:annual_id>/sections/<int:section_id>/", views.section_edit, name="section"),
    path(
        "<int:annual_id>/sections/<int:section_id>/history/",
        views.section_history,
        name="section-history",
    ),
    path("<int:annual_id>/assign/", cviews.assign, name="assign"),
    path("contributions/", cviews.contribution_list, name="contributions"),
    path("contributions/<int:contribution_id>/", cviews.contribution_detail, name="contribution"),
    path(
        "contributions/<int:contribution_id>/history/",
        cviews.contribution_history,
        name="contribution-history",
    ),
    path(
        "contributions/<int:contribution_id>/<str:action>/",
        cviews.contribution_action,
        name="contribution-action",
    ),
    path("attachments/<int:attachment_id>/", cviews.attachment_download, name="attachment"),
    path("templates/", cviews.templates_page, name="templates"),
    path("templates/outline/", cviews.template_outline, name="template-outline"),
    path("templates/word/", cviews.template_word, name="template-word"),
    path("templates/word/reset/", cviews.template_word_reset, name="template-word-reset"),
    path("templates/default.docx", cviews.template_default, name="template-default"),
    path("templates/current.docx", cviews.template_current, name="template-current"),
]
