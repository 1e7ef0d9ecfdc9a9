from django.contrib import admin
from django.urls import include, path

from fazhi.org import views as org_views

admin.site.site_header = "fazhi 配置后台"
admin.site.site_title = "fazhi 配置后台"
admin.site.index_title = "配置表"

urlpatterns = [
    path("login/", org_views.login_view, name="login"),
    path("logout/", org_views.logout_view, name="logout"),
    path("password/", org_views.password_change, name="password-change"),
    path("org/", include("fazhi.org.urls")),
    path("indicators/", include("fazhi.indicators.urls")),
    path("disputes/", include("fazhi.disputes.urls")),
    path("review/", include("fazhi.review.urls")),
    path("rectify/", include("fazhi.rectify.urls")),
    path("corpus/", include("fazhi.corpus.urls")),
    path("decisions/", include("fazhi.decisions.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("dashboard/", include("fazhi.dashboard.urls")),
    path("audit/", include("fazhi.core.audit_urls", namespace="audit")),
    path("admin/", admin.site.urls),
    path("", include("fazhi.core.urls")),
]

handler403 = "fazhi.core.views.forbidden"
handler404 = "fazhi.core.views.not_found"
handler500 = "fazhi.core.views.server_error"
