from django.urls import path

from ocop.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.notices, name="notices"),
    path("read/", views.notices_read, name="notices_read"),
    path("<int:pk>/read/", views.notice_read, name="notice_read"),
]
