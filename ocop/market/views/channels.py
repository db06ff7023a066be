from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import can, require
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate
from ocop.market import actions, indicators
from ocop.market.forms import CarriageForm, ProducerChannelForm, RetailerForm
from ocop.market.models import Carriage, ProducerChannel, Retailer, RetailerKind
from ocop.market.views.common import parse_day, product_search
from ocop.registry.models import Producer


def retailer_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "market.view_channels")
    q, kind = request.GET.get("q", "")[:200], request.GET.get("kind", "")
    retailers = Retailer.objects.search(q).select_related("commune", "chain")
    if kind in RetailerKind.values:
        retailers = retailers.filter(kind=kind)
    retailers = retailers.annotate(
        carried=Count("carriages", filter=Q(carriages__until__isnull=True))
    )
    context: dict[str, object] = {"q": q, "kind": kind, "kinds": RetailerKind.choices}
    context["page"] = paginate(request, retailers.order_by("kind", "name", "pk"))
    context["can_add"] = can(request.user, "market.manage_retailers")
    if request.htmx:
        return render(request, "market/retailer_list.html#results", context)
    return render(request, "market/retailer_list.html", context)


def retailer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    retailer = get_object_or_404(Retailer.objects.select_related("commune", "chain"), pk=pk)
    require(request.user, "market.view_channels")
    can_manage = can(request.user, "market.manage_retailers")
    q, products = product_search(request) if can_manage else ("", None)
    carriages = retailer.carriages.select_related("producer", "product").order_by(
        "until", "producer__name", "product__name"
    )
    context = {
        "retailer": retailer,
        "page": paginate(request, carriages, per_page=50),
        "can_manage": can_manage,
        "q": q,
        "products": products,
        "form": CarriageForm(),
        "stores": retailer.stores.order_by("name")[:200],
    }
    if request.htmx:
        return render(request, "market/retailer_detail.html#results", context)
    return render(request, "market/retailer_detail.html", context)


def retailer_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    retailer = get_object_or_404(Retailer, pk=pk) if pk else None
    require(request.user, "market.manage_retailers")
    form = RetailerForm(request.POST or None, instance=retailer)
    if request.method == "POST" and form.is_valid():
        action = actions.retailer_update if retailer else actions.retailer_create
        saved = run_action(form, action, actor=request.user, retailer=form.instance)
        if saved:
            messages.success(request, _("Saved."))
            return redirect(saved)
    return render(request, "market/retailer_form.html", {"form": form, "retailer": retailer})


@require_POST
def carriage_add(request: AuthedRequest, pk: int) -> HttpResponse:
    retailer = get_object_or_404(Retailer, pk=pk)
    require(request.user, "market.manage_retailers")
    form = CarriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(retailer)
    try:
        with transaction.atomic():
            for product in form.cleaned_data["products"]:
                actions.carriage_add(
                    actor=request.user,
                    retailer=retailer,
                    producer=product.producer,
                    product=product,
                    since=form.cleaned_data["since"],
                )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect(retailer)


@require_POST
def carriage_end(request: AuthedRequest, pk: int) -> HttpResponse:
    carriage = get_object_or_404(Carriage.objects.select_related("retailer"), pk=pk)
    require(request.user, "market.manage_retailers")
    until = parse_day(request.POST.get("until")) or timezone.localdate()
    try:
        actions.carriage_end(actor=request.user, carriage=carriage, until=until)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(carriage.retailer)


def producer_channels(request: AuthedRequest, pk: int) -> HttpResponse:
    """A producer's sales channels: the ones recorded, and the retailers carrying its goods."""
    producer = get_object_or_404(Producer, pk=pk)
    require(request.user, "market.manage_producer_channels", producer)
    form = ProducerChannelForm(request.POST or None, instance=ProducerChannel(producer=producer))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_action(
            form,
            actions.producer_channel_add,
            actor=request.user,
            producer=producer,
            channel=data["channel"],
            since=data["since"],
            until=data["until"],
            note=data["note"],
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("market:producer_channels", pk=producer.pk)
    context = {
        "producer": producer,
        "form": form,
        "channels": producer.channels.order_by("until", "channel", "since"),
        "carriages": producer.carriages.select_related("retailer", "product").order_by(
            "until", "retailer__name"
        ),
    }
    return render(
        request, "market/producer_channels.html", context, status=400 if form.errors else 200
    )


@require_POST
def producer_channel_end(request: AuthedRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(ProducerChannel, pk=pk)
    require(request.user, "market.manage_producer_channels", row)
    until = parse_day(request.POST.get("until")) or timezone.localdate()
    try:
        actions.producer_channel_end(actor=request.user, row=row, until=until)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("market:producer_channels", pk=row.producer_id)


def indicator_summary(request: AuthedRequest) -> HttpResponse:
    """The three trade-promotion targets on a day (?on=YYYY-MM-DD, default today)."""
    require(request.user, "market.view_channels")
    day = parse_day(request.GET.get("on")) or timezone.localdate()
    context = {
        "day": day,
        "malls": indicators.share_of_malls_and_supermarkets_selling_ocop(on=day),
        "modern": indicators.share_of_producers_in_modern_channels(on=day),
        "localities": indicators.localities_with_design_centre(on=day),
    }
    return render(request, "market/indicators.html", context)
