from django.urls import path

from ocop.help import views

app_name = "help"
urlpatterns = [
    path("", views.index, name="index"),
    path("screenshots/<path:name>", views.screenshot, name="screenshot"),
    path("<str:lang>/<slug:slug>/", views.guide, name="guide"),
]
