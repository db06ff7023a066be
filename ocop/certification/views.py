import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.access import can, require, scope_certificates
from ocop.audit.models import Event
from ocop.certification import actions
from ocop.certification.forms import (
    CorrectForm,
    DecisionForm,
    InspectionForm,
    ReinstateForm,
    RevokeForm,
    SuspendForm,
)
from ocop.certification.models import (
    Certificate,
    CertificateAction,
    CertificateQuerySet,
    CertificateStatus,
    Decision,
)
from ocop.certification.printing import certificate_pdf, qr_png, qr_svg
from ocop.certification.selectors import (
    product_timeline,
    status_explanation,
    verification_checks,
)
from ocop.evaluation.models import DossierStatus, Round
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate
from ocop.places.models import Commune

EXPIRY_WARNING_DAYS = 30


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _filtered(
    certificates: CertificateQuerySet, f: dict[str, str], today: datetime.date
) -> CertificateQuerySet:
    """The certificate list's filters: status today, stars (or potential 5★), year, commune."""
    if f["status"] in CertificateStatus.values:
        certificates = certificates.with_status_on(f["status"], today)
    if f["stars"] == "p5":
        certificates = certificates.filter(potential_five=True)
    elif (stars := _int(f["stars"])) is not None:
        certificates = certificates.filter(stars=stars)
    if (year := _int(f["year"])) is not None:
        certificates = certificates.filter(issued_on__year=year)
    if (commune := _int(f["commune"])) is not None:
        certificates = certificates.filter(product__producer__commune_id=commune)
    return certificates


def certificate_list(request: AuthedRequest) -> HttpResponse:
    """Office and secretary: all certificates; officers: their communes'; producers: their own."""
    require(request.user, "certification.view")
    today = timezone.localdate()
    mine = scope_certificates(request.user, Certificate.objects.all())
    f = {k: request.GET.get(k, "")[:20] for k in ("status", "stars", "year", "commune")}
    certificates = _filtered(mine, f, today).select_related("product__producer__commune")
    page = paginate(
        request, certificates.prefetch_related("suspensions").order_by("-issued_on", "code")
    )
    for cert in page:
        cert.status_today = cert.status_on(today)
        cert.status_label = CertificateStatus(cert.status_today).label
        cert.days_left = cert.days_left_on(today)
    soon = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    expiring = mine.valid_on(today).filter(expires_on__lte=soon).select_related("product")
    context = {
        "page": page,
        "filters": f,
        "statuses": CertificateStatus.choices,
        "years": mine.dates("issued_on", "year", order="DESC"),
        "communes": Commune.objects.filter(producers__products__certificates__in=mine).distinct(),
        "expiring": expiring.order_by("expires_on"),
        "warning_days": EXPIRY_WARNING_DAYS,
        "can_issue": can(request.user, "certification.issue"),
    }
    template = "certification/certificate_list.html"
    return render(request, template + "#results" if request.htmx else template, context)


def _certificate(request: AuthedRequest, pk: int, permission: str) -> Certificate:
    cert = get_object_or_404(
        Certificate.objects.select_related(
            "product__producer__commune", "decision__era", "decision__round", "superseded_by"
        ),
        pk=pk,
    )
    require(request.user, permission, cert)
    return cert


def certificate_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    cert = _certificate(request, pk, "certification.view")
    today = timezone.localdate()
    status = cert.status_on(today)
    user = request.user
    open_suspension = cert.suspensions.filter(ends_on__isnull=True).exists()
    may_suspend = can(user, "certification.suspend", cert)
    allowed = {a for a in CertificateAction.values if cert.allows(a, today)}
    context = {
        "certificate": cert,
        "status": status,
        "status_label": CertificateStatus(status).label,
        "explanation": status_explanation(cert, today),
        "supersedes": cert.supersedes.all(),
        "timeline": product_timeline(cert.product, today=today),
        "expiring_soon": status == CertificateStatus.VALID
        and cert.days_left_on(today) <= EXPIRY_WARNING_DAYS,
        "can_suspend": may_suspend and not open_suspension and "suspend" in allowed,
        "can_reinstate": may_suspend and open_suspension,
        "can_revoke": may_suspend and "revoke" in allowed,
        "can_correct": can(user, "certification.correct", cert) and "correct" in allowed,
        "can_inspect": can(user, "certification.inspect", cert) and "inspect" in allowed,
        "checks": verification_checks(cert, today),
    }
    if can(user, "audit.view"):
        # The certificate's history as the hash-chained audit log recorded it.
        context["history"] = Event.objects.for_object(cert).order_by("id")
    return render(request, "certification/certificate_detail.html", context)


def certificate_pdf_download(request: AuthedRequest, pk: int) -> HttpResponse:
    cert = _certificate(request, pk, "certification.view")
    response = HttpResponse(certificate_pdf(cert), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{cert.code}.pdf"'
    return response


def certificate_qr(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    cert = _certificate(request, pk, "certification.view")
    if kind == "svg":
        response = HttpResponse(qr_svg(cert), content_type="image/svg+xml")
    elif kind == "png":
        response = HttpResponse(qr_png(cert), content_type="image/png")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{cert.code}-qr.{kind}"'
    return response


def _act(
    request: AuthedRequest,
    pk: int,
    *,
    permission: str,
    form_class: type[forms.Form],
    action: Callable[..., Any],
    title: Any,
    done: Any,
    danger: bool = False,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """A certificate action page: the form with a warning, and on POST the action."""
    cert = _certificate(request, pk, permission)
    form = form_class(request.POST or None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
        result = run_action(form, action, certificate=cert, actor=request.user, **data)
        if result is not None:
            messages.success(request, done)
            return redirect(result if isinstance(result, Certificate) else cert)
    context = {"certificate": cert, "form": form, "title": title, "danger": danger}
    return render(request, "certification/certificate_action.html", context, status=200)


def certificate_suspend(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        permission="certification.suspend",
        form_class=SuspendForm,
        action=actions.certificate_suspend,
        title=gettext_lazy("Suspend certificate"),
        done=gettext_lazy("The certificate is suspended."),
        danger=True,
    )


def certificate_reinstate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        permission="certification.suspend",
        form_class=ReinstateForm,
        action=actions.certificate_reinstate,
        title=gettext_lazy("Reinstate certificate"),
        done=gettext_lazy("The certificate is reinstated."),
    )


def certificate_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        permission="certification.suspend",
        form_class=RevokeForm,
        action=actions.certificate_revoke,
        title=gettext_lazy("Revoke certificate"),
        done=gettext_lazy("The certificate is revoked."),
        danger=True,
    )


def certificate_correct(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        permission="certification.correct",
        form_class=CorrectForm,
        action=actions.certificate_correct,
        title=gettext_lazy("Correct certificate (issues a new one)"),
        done=gettext_lazy("A corrected certificate was issued; the old one is superseded."),
    )


def inspection_add(request: AuthedRequest, pk: int) -> HttpResponse:
    may_suspend = can(request.user, "certification.suspend")
    return _act(
        request,
        pk,
        permission="certification.inspect",
        form_class=InspectionForm,
        action=actions.inspection_record,
        title=gettext_lazy("Record an inspection (hậu kiểm)"),
        done=gettext_lazy("Inspection recorded."),
        form_kwargs={"may_suspend": may_suspend},
    )


def decision_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "certification.issue")
    decisions = Decision.objects.select_related("round", "era").annotate(
        certificate_count=Count("certificates", distinct=True),
        dossier_count=Count("dossiers", distinct=True),
    )
    rounds = Round.objects.filter(dossiers__status=DossierStatus.SCORED).annotate(
        scored=Count("dossiers", filter=Q(dossiers__status=DossierStatus.SCORED))
    )
    page = paginate(request, decisions.order_by("-date", "-pk"))
    return render(
        request,
        "certification/decision_list.html",
        {"page": page, "rounds_waiting": rounds.order_by("-year", "name")},
    )


def decision_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "certification.issue")
    decision = get_object_or_404(Decision.objects.select_related("round", "era"), pk=pk)
    dossiers = decision.dossiers.select_related("product__producer").prefetch_related("certificate")
    certificates = decision.certificates.select_related("product").order_by("code")
    context = {"decision": decision, "dossiers": dossiers, "certificates": certificates}
    return render(request, "certification/decision_detail.html", context)


def decision_add(request: AuthedRequest) -> HttpResponse:
    require(request.user, "certification.issue")
    data = request.POST or None
    round_pk = _int((data or request.GET).get("round"))
    round = (
        Round.objects.select_related("era", "province").filter(pk=round_pk).first()
        if round_pk
        else None
    )
    form = DecisionForm(data, round=round, initial={"round": round})
    if request.method == "POST" and form.is_valid():
        decision = run_action(
            form, actions.decision_record, actor=request.user, **form.cleaned_data
        )
        if decision:
            messages.success(
                request,
                _("Decision %(number)s recorded; %(n)s certificates issued.")
                % {"number": decision.number, "n": decision.certificates.count()},
            )
            return redirect(decision)
    context = {"form": form, "round": round, "scored": DecisionForm.scored(round)}
    template = "certification/decision_form.html"
    if request.htmx and request.method == "GET":
        return render(request, template + "#dossiers", context)
    return render(request, template, context)
