from django.urls import path

from fazhi.review.views import actions, catalog, figures, matters, normative

app_name = "review"

urlpatterns = [
    path("", matters.matter_list, name="matters"),
    path("queue/", matters.queue, name="queue"),
    path("new/", matters.matter_create, name="matter-create"),
    path("new/materials/", matters.entry_materials, name="entry-materials"),
    path("<int:matter_id>/", matters.matter_detail, name="matter"),
    path("<int:matter_id>/edit/", matters.matter_edit, name="matter-edit"),
    path("<int:matter_id>/upload/", matters.matter_upload, name="matter-upload"),
    path("<int:matter_id>/letter/", matters.opinion_letter, name="letter"),
    path("<int:matter_id>/act/<slug:action>/", actions.matter_act, name="matter-act"),
    path("<int:matter_id>/issues/", actions.issue_add, name="issue-add"),
    path("<int:matter_id>/consultations/", actions.consultation_add, name="consultation-add"),
    path("<int:matter_id>/rectify/", actions.matter_rectify, name="matter-rectify"),
    path("issues/<int:issue_id>/delete/", actions.issue_delete, name="issue-delete"),
    path("issues/<int:issue_id>/answer/", actions.issue_answer, name="issue-answer"),
    path("files/<int:doc_id>/", matters.document_download, name="document"),
    path("files/<int:doc_id>/delete/", matters.document_delete, name="document-delete"),
    path("catalog/", catalog.catalog, name="catalog"),
    path("catalog/init/", catalog.catalog_init, name="catalog-init"),
    path("catalog/add/", catalog.catalog_add, name="catalog-add"),
    path("catalog/<int:entry_id>/edit/", catalog.catalog_edit, name="catalog-edit"),
    path("ledger/", catalog.ledger, name="ledger"),
    path("ledger/add/", catalog.ledger_add, name="ledger-add"),
    path("documents/", normative.normdoc_list, name="normdocs"),
    path("documents/new/", normative.normdoc_create, name="normdoc-create"),
    path("documents/<int:normdoc_id>/", normative.normdoc_detail, name="normdoc"),
    path("documents/<int:normdoc_id>/status/", normative.normdoc_status, name="normdoc-status"),
    path("filings/<int:filing_id>/filed/", normative.filing_record, name="filing-record"),
    path("filings/<int:filing_id>/result/", normative.filing_result, name="filing-result"),
    path("public/", normative.public_documents, name="public-documents"),
    path("figures/", figures.figures, name="figures"),
    path("figures/records/", figures.figure_records, name="figure-records"),
]
