"""URLs of the audit log pages, mounted at /audit/ (namespace "audit")."""

from django.urls import path

from fazhi.core import audit_views

app_name = "audit"

urlpatterns = [
    path("", audit_views.event_list, name="list"),
    path("<int:pk>/", audit_views.event_detail, name="detail"),
    path("export/", audit_views.event_export, name="export"),
    path("verify/", audit_views.verify, name="verify"),
]
