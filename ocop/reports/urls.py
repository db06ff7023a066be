from django.urls import path

from ocop.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("history/", views.history, name="history"),
    path("records/<slug:kind>/", views.records, name="records"),
    path("export/<slug:table>.xlsx", views.export_table, name="export"),
    path("report.pdf", views.report_pdf, name="pdf"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_edit, name="plan_add"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_pk>/targets/new/", views.target_edit, name="target_add"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("producer-reports/", views.report_list, name="producer_reports"),
    path("producer-reports/new/", views.report_edit, name="producer_report_add"),
    path("producer-reports/<int:pk>/edit/", views.report_edit, name="producer_report_edit"),
]
