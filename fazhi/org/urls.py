from django.urls import path

from fazhi.org import pages

app_name = "org"

urlpatterns = [
    path("", pages.tree, name="tree"),
    path("regions/<str:region_code>/children/", pages.region_children, name="region-children"),
    path("units/<str:code>/", pages.unit_detail, name="unit-detail"),
    path("units/<str:code>/edit/", pages.unit_edit, name="unit-edit"),
    path("import/", pages.import_upload, name="import"),
    path("import/confirm/", pages.import_confirm, name="import-confirm"),
    path("import/template/", pages.import_template, name="import-template"),
    path("export/", pages.export_tree, name="export"),
    path("users/", pages.user_list, name="user-list"),
    path("users/new/", pages.user_create, name="user-create"),
    path("users/<str:username>/", pages.user_detail, name="user-detail"),
    path("users/<str:username>/disable/", pages.user_disable, name="user-disable"),
    path("users/<str:username>/enable/", pages.user_enable, name="user-enable"),
    path(
        "users/<str:username>/reset-password/",
        pages.user_reset_password,
        name="user-reset-password",
    ),
    path("users/<str:username>/roles/", pages.user_roles, name="user-roles"),
    path("users/<str:username>/phone/", pages.user_phone, name="user-phone"),
]
