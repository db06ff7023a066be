from django.http import HttpResponse
from django.shortcuts import render

from ocop.accounts.access import can
from ocop.accounts.models import Role
from ocop.lib.http import AuthedRequest


def home(request: AuthedRequest) -> HttpResponse:
    """After login: where each role goes next."""
    user = request.user
    role = user.effective_role
    context = {
        "role": role,
        "role_label": Role(role).label if role in Role.values else "",
        "can_view_registry": can(user, "registry.view"),
        "can_view_audit": can(user, "audit.view"),
        "can_add_producer": can(user, "registry.add_producer"),
        "own_producer": getattr(user, "producer", None),
        "communes": user.communes.all() if role == Role.OFFICER else [],
    }
    return render(request, "accounts/home.html", context)
