from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import can, require, scope_showrooms
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate
from ocop.market import actions
from ocop.market.forms import ShowroomForm, ShowroomStatusForm
from ocop.market.maps import directions_url, geo_uri
from ocop.market.models import (
    SHOWROOM_TRANSITIONS,
    ComplianceOutcome,
    Showroom,
    ShowroomKind,
    ShowroomPhoto,
    ShowroomStatus,
)
from ocop.market.selectors import showroom_report
from ocop.market.views.common import parse_day


def showroom_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "market.view_showrooms")
    showrooms = scope_showrooms(request.user, Showroom.objects.select_related("commune"))
    q, kind = request.GET.get("q", "")[:200], request.GET.get("kind", "")
    status = request.GET.get("status", "")
    showrooms = showrooms.search(q)
    if kind in ShowroomKind.values:
        showrooms = showrooms.filter(kind=kind)
    if status in ShowroomStatus.values:
        showrooms = showrooms.filter(status=status)
    showrooms = showrooms.annotate(
        listing_count=Count("listings", distinct=True),
        problem_count=Count(
            "listings",
            filter=Q(listings__compliance__outcome=ComplianceOutcome.NON_COMPLIANT),
            distinct=True,
        ),
    )
    context: dict[str, object] = {"q": q, "kind": kind, "status": status}
    context["page"] = paginate(request, showrooms.order_by("name", "pk"))
    context["kinds"], context["statuses"] = ShowroomKind.choices, ShowroomStatus.choices
    context["can_add"] = can(request.user, "market.add_showroom")
    context["can_audit"] = can(request.user, "market.run_audit")
    if request.htmx:
        return render(request, "market/showroom_list.html#results", context)
    return render(request, "market/showroom_list.html", context)


def showroom_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    showroom = get_object_or_404(
        Showroom.objects.select_related("commune", "legacy_district", "host_retailer"), pk=pk
    )
    require(request.user, "market.view_showrooms", showroom)
    listings = showroom.listings.select_related(
        "product__producer", "product__province_of_origin", "compliance"
    ).order_by("product__name", "pk")
    can_change = can(request.user, "market.change_showroom", showroom)
    context = {
        "showroom": showroom,
        "page": paginate(request, listings, per_page=50),
        "photos": showroom.photos.all(),
        "operators": showroom.operators.order_by("username"),
        "can_change": can_change,
        "can_list": can(request.user, "market.manage_listings", showroom),
        "next_statuses": [
            (s, ShowroomStatus(s).label) for s in sorted(SHOWROOM_TRANSITIONS[showroom.status])
        ]
        if can_change
        else [],
        "status_form": ShowroomStatusForm(),
        "directions_url": directions_url(showroom.latitude, showroom.longitude, showroom.address),
        "geo_uri": geo_uri(showroom.latitude, showroom.longitude, showroom.name),
    }
    return render(request, "market/showroom_detail.html", context)


def showroom_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    showroom = get_object_or_404(Showroom, pk=pk) if pk else None
    if showroom:
        require(request.user, "market.change_showroom", showroom)
    else:
        require(request.user, "market.add_showroom")
    office = can(request.user, "market.add_showroom")
    form = ShowroomForm(request.POST or None, instance=showroom, office=office)
    if request.method == "POST" and form.is_valid():
        operators = form.cleaned_data.get("operators") if office else None
        if showroom:
            saved = run_action(
                form,
                actions.showroom_update,
                actor=request.user,
                showroom=form.instance,
                operators=operators,
            )
        else:
            saved = run_action(
                form,
                actions.showroom_create,
                actor=request.user,
                showroom=form.apply(),
                operators=operators or (),
            )
        if saved:
            messages.success(request, _("Saved."))
            return redirect(saved)
    return render(request, "market/showroom_form.html", {"form": form, "showroom": showroom})


@require_POST
def showroom_status(request: AuthedRequest, pk: int) -> HttpResponse:
    showroom = get_object_or_404(Showroom, pk=pk)
    require(request.user, "market.change_showroom", showroom)
    form = ShowroomStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status and a valid date."))
        return redirect(showroom)
    try:
        actions.showroom_set_status(
            actor=request.user,
            showroom=showroom,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
        )
        messages.success(request, _("Status changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(showroom)


@require_POST
def showroom_photo_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    showroom = get_object_or_404(Showroom, pk=pk)
    require(request.user, "market.change_showroom", showroom)
    upload = request.FILES.get("image")
    if upload is None:
        messages.error(request, _("Choose a photo to upload."))
        return redirect(showroom)
    try:
        actions.showroom_photo_add(
            actor=request.user,
            showroom=showroom,
            upload=upload,
            caption=request.POST.get("caption", "")[:200],
        )
        messages.success(request, _("Photo added."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(showroom)


@login_not_required
def showroom_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Showroom photos are public, like the showroom's address on the map."""
    photo = get_object_or_404(ShowroomPhoto, pk=pk)
    try:
        return FileResponse(photo.image.open("rb"))
    except FileNotFoundError:
        raise Http404 from None


def compliance(request: AuthedRequest, pk: int) -> HttpResponse:
    """Each listing's compliance on a day (today, or ?on=YYYY-MM-DD), with the exact reasons."""
    showroom = get_object_or_404(Showroom.objects.select_related("commune"), pk=pk)
    require(request.user, "market.view_showrooms", showroom)
    asked = parse_day(request.GET.get("on"))
    day = asked or timezone.localdate()
    report = showroom_report(showroom, day)
    context = {
        "showroom": showroom,
        "report": report,
        "day": day,
        "bad_date": bool(request.GET.get("on")) and asked is None,
        "can_audit": can(request.user, "market.run_audit"),
    }
    return render(request, "market/compliance.html", context)


@require_POST
def audit_run(request: AuthedRequest) -> HttpResponse:
    require(request.user, "market.run_audit")
    summary = actions.audit_showrooms(actor=request.user, day=timezone.localdate())
    messages.success(
        request,
        _(
            "Audit done: %(showrooms)s showrooms, %(listings)s listings, %(bad)s not allowed, "
            "%(new)s newly out of compliance (notices sent: %(notices)s)."
        )
        % {
            "showrooms": summary.showrooms,
            "listings": summary.listings,
            "bad": summary.non_compliant,
            "new": summary.fell_out,
            "notices": summary.notices,
        },
    )
    return redirect("market:showrooms")
