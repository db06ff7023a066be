"""The platform's URLs plus /bench/ceiling: a bare view returning a constant, served by the same
gunicorn workers and middleware, so every page can be compared with the framework's ceiling."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from ocop.urls import handler500
from ocop.urls import urlpatterns as platform_urls

__all__ = ["handler500", "urlpatterns"]


@login_not_required
def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


@login_not_required
def ceiling_db(request: HttpRequest) -> HttpResponse:
    """The ceiling plus one trivial query: what opening the database costs a request."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/ceiling", ceiling, name="bench_ceiling"),
    path("bench/ceiling/db", ceiling_db, name="bench_ceiling_db"),
    *platform_urls,
]
