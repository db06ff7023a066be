from django.urls import path

from ocop.registry import views

app_name = "registry"
urlpatterns = [
    path("producers/", views.producer_list, name="producers"),
    path("producers/new/", views.producer_edit, name="producer_add"),
    path("producers/<int:pk>/", views.producer_detail, name="producer"),
    path("producers/<int:pk>/edit/", views.producer_edit, name="producer_edit"),
    path("producers/<int:pk>/delete/", views.producer_delete, name="producer_delete"),
    path("producers/<int:producer_pk>/products/new/", views.product_edit, name="product_add"),
    path("communes/", views.commune_options, name="commune_options"),
    path("products/", views.product_list, name="products"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("products/<int:pk>/delete/", views.product_delete, name="product_delete"),
    path("products/<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
