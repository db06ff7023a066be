from django.urls import path

from ocop.exchange import views

app_name = "exchange"
urlpatterns = [
    path("imports/", views.imports, name="imports"),
    path("imports/<slug:kind>/", views.upload, name="upload"),
    path("imports/<slug:kind>/template.xlsx", views.template, name="template"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/apply/", views.apply, name="apply"),
    path("export/<slug:kind>.<slug:fmt>", views.export, name="export"),
    path("api-tokens/", views.tokens, name="tokens"),
    path("api-tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
]
