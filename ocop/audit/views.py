from datetime import date

from django.http import HttpResponse
from django.shortcuts import render

from ocop.accounts.access import require
from ocop.audit.models import Event
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate


def event_list(request: AuthedRequest) -> HttpResponse:
    """Browse and filter the audit log (city office only)."""
    require(request.user, "audit.view")
    events = Event.objects.select_related("actor")
    filters = {
        k: request.GET.get(k, "").strip()[:100]
        for k in ("actor", "action", "object", "since", "until")
    }
    if filters["actor"]:
        events = events.filter(actor_name__icontains=filters["actor"])
    if filters["action"]:
        events = events.filter(action__startswith=filters["action"])
    if filters["object"]:
        events = events.filter(object_repr__icontains=filters["object"])
    for key, lookup in (("since", "created_at__date__gte"), ("until", "created_at__date__lte")):
        try:
            events = events.filter(**{lookup: date.fromisoformat(filters[key])})
        except ValueError:
            filters[key] = ""
    actions = Event.objects.order_by("action").values_list("action", flat=True).distinct()
    context = {"page": paginate(request, events, 50), "filters": filters, "actions": actions}
    return render(request, "audit/event_list.html", context)
