from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import require
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.market import actions, spreadsheet
from ocop.market.actions import ListingRow
from ocop.market.forms import BulkListingForm, ListingForm, ListingImportForm
from ocop.market.models import Listing, Showroom
from ocop.market.views.common import product_search


def listing_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Find products by name (HTMX), tick them, and list them all at once."""
    showroom = get_object_or_404(Showroom, pk=pk)
    require(request.user, "market.manage_listings", showroom)
    q, products = product_search(request)
    listed = set(showroom.listings.values_list("product_id", flat=True))
    form = BulkListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rows = [
            ListingRow(
                p, data["since"], data["shelf_price"], data["in_stock"], data["craft_village"]
            )
            for p in data["products"]
        ]
        added = run_action(
            form, actions.listings_add_many, actor=request.user, showroom=showroom, rows=rows
        )
        if added:
            messages.success(request, _("%(n)s product(s) listed.") % {"n": added})
            return redirect(showroom)
    context = {"showroom": showroom, "form": form, "q": q, "products": products, "listed": listed}
    context["chosen"] = set(request.POST.getlist("products"))
    if request.htmx and request.method == "GET":
        return render(request, "market/listing_add.html#results", context)
    status = 400 if form.errors else 200
    return render(request, "market/listing_add.html", context, status=status)


def listing_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing.objects.select_related("showroom", "product"), pk=pk)
    require(request.user, "market.manage_listings", listing)
    form = ListingForm(request.POST or None, instance=listing)
    if request.method == "POST" and form.is_valid():
        saved = run_action(form, actions.listing_update, actor=request.user, listing=listing)
        if saved:
            messages.success(request, _("Saved."))
            return redirect(listing.showroom)
    status = 400 if form.errors else 200
    return render(
        request, "market/listing_form.html", {"form": form, "listing": listing}, status=status
    )


def listing_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing.objects.select_related("showroom", "product"), pk=pk)
    require(request.user, "market.manage_listings", listing)
    if request.method == "POST":
        actions.listing_remove(actor=request.user, listing=listing)
        messages.success(request, _("%(product)s removed.") % {"product": listing.product.name})
        return redirect(listing.showroom)
    return render(request, "market/listing_remove.html", {"listing": listing})


def listing_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Upload a spreadsheet, see every row checked (nothing saved), then apply all or nothing."""
    showroom = get_object_or_404(Showroom, pk=pk)
    require(request.user, "market.manage_listings", showroom)
    if request.method == "POST" and "token" in request.POST:
        return _apply_import(request, showroom)
    form = ListingImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"showroom": showroom, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            table = spreadsheet.read_table(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            preview = spreadsheet.check(showroom, table, form.cleaned_data["since"])
            context["preview"] = preview
            if preview.ok:
                context["token"] = spreadsheet.sign(showroom, preview)
    status = 400 if form.errors or (context.get("preview") and not context.get("token")) else 200
    return render(request, "market/listing_import.html", context, status=status)


def _apply_import(request: AuthedRequest, showroom: Showroom) -> HttpResponse:
    try:
        rows = spreadsheet.unsign(showroom, request.POST["token"])
        added = actions.listings_add_many(actor=request.user, showroom=showroom, rows=rows)
    except ValidationError as error:
        context = {
            "showroom": showroom,
            "form": ListingImportForm(initial={"since": timezone.localdate()}),
        }
        context["apply_errors"] = error.messages
        return render(request, "market/listing_import.html", context, status=400)
    messages.success(request, _("%(n)s product(s) listed from the spreadsheet.") % {"n": added})
    return redirect(showroom)
