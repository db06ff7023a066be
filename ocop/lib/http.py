from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from ocop.accounts.models import User


class AuthedRequest(HttpRequest):
    """The request type of views behind the login (LoginRequiredMiddleware guarantees a user)."""

    user: User
    htmx: HtmxDetails
