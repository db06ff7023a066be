from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ocop.market.maps import directions_url, geo_uri, tile_attribution, tile_url
from ocop.market.selectors import map_fairs, map_showrooms


@login_not_required
def market_map(request: HttpRequest) -> HttpResponse:
    """Public: showrooms and coming fairs on a map, and the same places as a list.

    The list is the page; the map (static/market/map.js) is drawn from the list's data
    attributes, so everything stays readable when scripts or map tiles cannot load.
    ?view=list shows the list alone.
    """
    places = [
        {
            "kind": "showroom",
            "obj": showroom,
            "directions": directions_url(showroom.latitude, showroom.longitude, showroom.address),
            "geo": geo_uri(showroom.latitude, showroom.longitude, showroom.name),
        }
        for showroom in map_showrooms()
    ]
    fairs = [
        {
            "kind": "fair",
            "obj": fair,
            "directions": directions_url(fair.latitude, fair.longitude, fair.address),
            "geo": geo_uri(fair.latitude, fair.longitude, fair.name),
        }
        for fair in map_fairs(timezone.localdate())
    ]
    context = {
        "showrooms": places,
        "fairs": fairs,
        "list_only": request.GET.get("view") == "list",
        "tile_url": tile_url(),
        "tile_attribution": tile_attribution(),
    }
    return render(request, "market/map.html", context)
