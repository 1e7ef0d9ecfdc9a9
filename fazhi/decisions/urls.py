from django.urls import path

from fazhi.decisions.views import catalog, decisions, figures, transfer

app_name = "decisions"

urlpatterns = [
    path("", catalog.catalog_current, name="catalog"),
    path("<int:year>/", catalog.catalog_year, name="catalog-year"),
    path("<int:year>/open/", catalog.catalog_open, name="catalog-open"),
    path("<int:year>/step/<slug:step>/", catalog.catalog_step, name="catalog-step"),
    path("<int:year>/items/new/", catalog.item_create, name="item-create"),
    path("<int:year>/adjustments/new/", catalog.adjustment_create, name="adjustment-create"),
    path(
        "adjustments/<int:adjustment_id>/decide/",
        catalog.adjustment_decide,
        name="adjustment-decide",
    ),
    path("<int:year>/import/", transfer.import_upload, name="import"),
    path("<int:year>/import/confirm/", transfer.import_confirm, name="import-confirm"),
    path("<int:year>/export/", transfer.export, name="export"),
    path("template/", transfer.template, name="template"),
    path("figures/", figures.figures, name="figures"),
    path("figures/records/", figures.figure_records, name="figure-records"),
    path("d/<int:decision_id>/", decisions.decision_detail, name="decision"),
    path("d/<int:decision_id>/archive/", transfer.decision_archive, name="archive"),
    path("d/<int:decision_id>/edit/", catalog.item_edit, name="item-edit"),
    path("d/<int:decision_id>/act/<slug:step>/", decisions.decision_act, name="act"),
    path("d/<int:decision_id>/upload/", decisions.material_upload, name="upload"),
    path("files/<int:material_id>/", decisions.material_download, name="material"),
    path("files/<int:material_id>/delete/", decisions.material_delete, name="material-delete"),
    path(
        "records/<slug:record_kind>/<int:record_id>/delete/",
        decisions.record_delete,
        name="record-delete",
    ),
]
