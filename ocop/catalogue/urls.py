from django.urls import path

from ocop.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("products/", views.product_list, name="products"),
    path("products/<str:key>/", views.product_detail, name="product"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>", views.verify_code, name="verify"),
    path("verify/<str:code>/", views.verify_code),  # the same page, for scanners adding a slash
    path("verify/<str:code>/certificate.pdf", views.verify_pdf, name="verify_pdf"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/products.csv", views.open_data_download, {"kind": "csv"}, name="open_data_csv"),
    path(
        "open-data/products.json", views.open_data_download, {"kind": "json"}, name="open_data_json"
    ),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
