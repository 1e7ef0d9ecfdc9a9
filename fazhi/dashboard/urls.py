from django.urls import path

from fazhi.dashboard import views

app_name = "dashboard"

# Every page that names a scope exists for a region and for a unit; the scope is in the path so
# that a scope outside the user's reach answers 404 like any record (tests/test_url_access.py).
urlpatterns = [
    path("", views.page, name="home"),  # the user's own scope
    path("region/<str:region_code>/", views.page, name="page-region"),
    path("unit/<str:unit_code>/", views.page, name="page-unit"),
    path("region/<str:region_code>/export/<str:table>/", views.export, name="export-region"),
    path("unit/<str:unit_code>/export/<str:table>/", views.export, name="export-unit"),
    path(
        "records/region/<str:region_code>/<str:indicator>/<str:part>/",
        views.records_page,
        name="records-region",
    ),
    path(
        "records/unit/<str:unit_code>/<str:indicator>/<str:part>/",
        views.records_page,
        name="records-unit",
    ),
    path(
        "records/region/<str:region_code>/<str:indicator>/<str:part>/xlsx/",
        views.records_export,
        name="records-export-region",
    ),
    path(
        "records/unit/<str:unit_code>/<str:indicator>/<str:part>/xlsx/",
        views.records_export,
        name="records-export-unit",
    ),
]
