from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, ProtectedError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import can, require, scope_producers, scope_products
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate
from ocop.places.models import Commune
from ocop.registry import actions
from ocop.registry.forms import PhotoForm, ProducerForm, ProductForm
from ocop.registry.models import Producer, ProducerKind, Product, ProductPhoto


def producer_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "registry.view")
    producers = scope_producers(request.user, Producer.objects.select_related("commune"))
    q, kind = request.GET.get("q", "")[:200], request.GET.get("kind", "")
    producers = producers.search(q).annotate(product_count=Count("products"))
    if kind in ProducerKind.values:
        producers = producers.filter(kind=kind)
    page = paginate(request, producers.order_by("name", "pk"))
    context: dict[str, object] = {"page": page, "q": q, "kind": kind}
    context["kinds"] = ProducerKind.choices
    context["can_add"] = can(request.user, "registry.add_producer")
    if request.htmx:
        return render(request, "registry/producer_list.html#results", context)
    return render(request, "registry/producer_list.html", context)


def producer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    producer = get_object_or_404(Producer.objects.select_related("commune__province"), pk=pk)
    require(request.user, "registry.view", producer)
    products = producer.products.select_related("category__parent").order_by("name")
    return render(
        request,
        "registry/producer_detail.html",
        {
            "producer": producer,
            "products": products,
            "can_change": can(request.user, "registry.change_producer", producer),
            "can_delete": can(request.user, "registry.delete_producer", producer),
            "can_add_product": can(request.user, "registry.add_product", producer),
        },
    )


def producer_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    producer = get_object_or_404(Producer, pk=pk) if pk else None
    if producer:
        require(request.user, "registry.change_producer", producer)
    else:
        require(request.user, "registry.add_producer")
    form = ProducerForm(request.POST or None, instance=producer)
    if request.method == "POST" and form.is_valid():
        action = actions.producer_update if producer else actions.producer_create
        saved = run_action(form, action, actor=request.user, producer=form.instance)
        if saved:
            messages.success(request, _("Saved."))
            return redirect(saved)
    return render(request, "registry/producer_form.html", {"form": form, "producer": producer})


def producer_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    producer = get_object_or_404(Producer, pk=pk)
    require(request.user, "registry.delete_producer", producer)
    if request.method == "POST":
        try:
            actions.producer_delete(actor=request.user, producer=producer)
        except ProtectedError:
            messages.error(request, _("Remove this producer's products first."))
            return redirect(producer)
        messages.success(request, _("Producer %(name)s deleted.") % {"name": producer.name})
        return redirect("registry:producers")
    return render(request, "registry/confirm_delete.html", {"object": producer})


def commune_options(request: AuthedRequest) -> HttpResponse:
    """The <option>s of one province's communes, for the HTMX province picker."""
    communes = Commune.objects.filter(province_id=_int(request.GET.get("province")))
    return render(request, "registry/commune_options.html", {"communes": communes})


def product_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "registry.view")
    products = scope_products(
        request.user, Product.objects.select_related("producer", "category__parent")
    )
    q = request.GET.get("q", "")[:200]
    page = paginate(request, products.search(q).order_by("name", "pk"))
    context: dict[str, object] = {"page": page, "q": q}
    if request.htmx:
        return render(request, "registry/product_list.html#results", context)
    return render(request, "registry/product_list.html", context)


def product_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(
        Product.objects.select_related("producer", "category__parent", "province_of_origin"), pk=pk
    )
    require(request.user, "registry.view", product)
    return render(
        request,
        "registry/product_detail.html",
        {
            "product": product,
            "photos": product.photos.all(),
            "photo_form": PhotoForm(),
            "can_change": can(request.user, "registry.change_product", product),
            "can_delete": can(request.user, "registry.delete_product", product),
        },
    )


def product_edit(
    request: HttpRequest, producer_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    product = get_object_or_404(Product, pk=pk) if pk else None
    producer = product.producer if product else get_object_or_404(Producer, pk=producer_pk)
    if product:
        require(request.user, "registry.change_product", product)
    else:
        require(request.user, "registry.add_product", producer)
    form = ProductForm(request.POST or None, instance=product or Product(producer=producer))
    if request.method == "POST" and form.is_valid():
        action = actions.product_update if product else actions.product_create
        saved = run_action(form, action, actor=request.user, product=form.instance)
        if saved:
            messages.success(request, _("Saved."))
            return redirect(saved)
    return render(
        request,
        "registry/product_form.html",
        {"form": form, "product": product, "producer": producer},
    )


def product_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=pk)
    require(request.user, "registry.delete_product", product)
    if request.method == "POST":
        try:
            actions.product_delete(actor=request.user, product=product)
        except ProtectedError:
            messages.error(request, _("This product has records that depend on it."))
            return redirect(product)
        messages.success(request, _("Product %(name)s deleted.") % {"name": product.name})
        return redirect(product.producer)
    return render(request, "registry/confirm_delete.html", {"object": product})


@require_POST
def photo_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=pk)
    require(request.user, "registry.change_product", product)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.photo_add(
                actor=request.user,
                product=product,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
            messages.success(request, _("Photo added."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a photo to upload."))
    return redirect(product)


@login_not_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """Product photos are public: they are shown in the catalogue and on verification pages."""
    photo = get_object_or_404(ProductPhoto, pk=pk)
    try:
        return FileResponse(photo.image.open("rb"))
    except FileNotFoundError:
        raise Http404 from None


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0
