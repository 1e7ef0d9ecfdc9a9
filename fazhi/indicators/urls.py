from django.urls import path

from fazhi.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.run_list, name="runs"),
    path("runs/new/", views.run_new, name="run-new"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/compare/", views.run_compare, name="run-compare"),
    path("runs/<int:run_id>/xlsx/", views.run_xlsx, name="run-xlsx"),
    path("runs/<int:run_id>/freeze/", views.run_freeze, name="run-freeze"),
    path("runs/<int:run_id>/recompute/", views.run_recompute, name="run-recompute"),
    path("runs/<int:run_id>/delete/", views.run_delete, name="run-delete"),
    path("targets/", views.targets_home, name="targets-home"),
    path("targets/<str:region_code>/<int:year>/", views.targets, name="targets"),
    path("targets/<str:region_code>/<int:year>/set/", views.target_set, name="target-set"),
    path("targets/<str:region_code>/<int:year>/delete/", views.target_delete, name="target-delete"),
    path("manual/", views.manual_home, name="manual-home"),
    path("manual/declare/", views.manual_declare, name="manual-declare"),
    path("manual/evidence/<int:value_id>/", views.manual_evidence, name="manual-evidence"),
    path("manual/<str:unit_code>/<int:year>/", views.manual_unit, name="manual"),
    path("systems/", views.system_list, name="systems"),
    path("systems/template.xlsx", views.system_template, name="system-template"),
    path("systems/import/", views.system_import, name="system-import"),
    path("systems/<int:system_id>/", views.system_detail, name="system"),
    path("systems/<int:system_id>/xlsx/", views.system_xlsx, name="system-xlsx"),
]
