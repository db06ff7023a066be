from django.urls import path

from ocop.certification import views

app_name = "certification"
urlpatterns = [
    path("", views.certificate_list, name="certificates"),
    path("<int:pk>/", views.certificate_detail, name="certificate"),
    path("<int:pk>/certificate.pdf", views.certificate_pdf_download, name="certificate_pdf"),
    path("<int:pk>/qr.svg", views.certificate_qr, {"kind": "svg"}, name="qr_svg"),
    path("<int:pk>/qr.png", views.certificate_qr, {"kind": "png"}, name="qr_png"),
    path("<int:pk>/suspend/", views.certificate_suspend, name="suspend"),
    path("<int:pk>/reinstate/", views.certificate_reinstate, name="reinstate"),
    path("<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
    path("<int:pk>/correct/", views.certificate_correct, name="correct"),
    path("<int:pk>/inspections/new/", views.inspection_add, name="inspection_add"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/new/", views.decision_add, name="decision_add"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
]
