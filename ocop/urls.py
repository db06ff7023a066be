from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from ocop.accounts import views as account_views
from ocop.api.api import api
from ocop.ops import views as ops_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("ocop.security.urls")),  # login (with two-factor), password reset
    path("healthz", ops_views.healthz, name="healthz"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("lang/<str:code>/", account_views.switch_language, name="switch_language"),
    path("notices/", include("ocop.accounts.urls")),
    path("", include("ocop.catalogue.urls")),
    path("api/v1/", api.urls),
    path("registry/", include("ocop.registry.urls")),
    path("evaluation/", include("ocop.evaluation.urls")),
    path("certificates/", include("ocop.certification.urls")),
    path("market/", include("ocop.market.urls")),
    path("reports/", include("ocop.reports.urls")),
    path("audit/", include("ocop.audit.urls")),
    path("exchange/", include("ocop.exchange.urls")),
    path("help/", include("ocop.help.urls")),
    path("admin/", admin.site.urls),
]

# A database lost while middleware used it still gets the 503 page, not a bare 500.
handler500 = ops_views.server_error
