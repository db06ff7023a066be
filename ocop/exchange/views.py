from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import can, require
from ocop.accounts.models import ApiToken
from ocop.api.auth import token_create, token_revoke
from ocop.exchange import writers
from ocop.exchange.actions import job_create, job_move
from ocop.exchange.exports import EXPORTS
from ocop.exchange.files import Refused
from ocop.exchange.forms import TokenForm, UploadForm
from ocop.exchange.importers import REGISTRY, ImportType
from ocop.exchange.models import ImportJob, JobStatus
from ocop.exchange.progress import read_progress
from ocop.exchange.tasks import apply_import, check_import
from ocop.lib.http import AuthedRequest


def imports(request: AuthedRequest) -> HttpResponse:
    """The import types with their templates and an upload form, and the recent imports."""
    require(request.user, "exchange.import")
    jobs = ImportJob.objects.select_related("created_by")[:20]
    exports = [(kind, spec.label) for kind, spec in EXPORTS.items()]
    context = {"types": REGISTRY.values(), "jobs": jobs, "form": UploadForm(), "exports": exports}
    return render(request, "exchange/imports.html", context)


def template(request: AuthedRequest, kind: str) -> FileResponse:
    """An empty template with the Vietnamese headers and one example row."""
    require(request.user, "exchange.import")
    importer = _importer(kind)
    header = [c.vi for c in importer.columns]
    example = [c.example for c in importer.columns]
    file = writers.xlsx_file(str(importer.label), header, [example])
    name = f"ocop-{kind}-template.xlsx"
    return FileResponse(file, as_attachment=True, filename=name, content_type=writers.XLSX_TYPE)


def upload(request: AuthedRequest, kind: str) -> HttpResponse:
    require(request.user, "exchange.import")
    importer = _importer(kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        language = translation.get_language() or "vi"
        try:
            job = job_create(
                user=request.user, kind=kind, upload=form.cleaned_data["file"], language=language
            )
        except Refused as refusal:
            form.add_error("file", str(refusal))
        else:
            check_import.enqueue(job.pk)
            return redirect(job)
    return render(request, "exchange/upload.html", {"form": form, "importer": importer})


def job(request: AuthedRequest, pk: int) -> HttpResponse:
    """The job's progress (polled every second while it runs; while applying, read from the
    cache, as the apply's transaction hides it) and, once checked, the preview."""
    job = _job(request, pk)
    if job.status == JobStatus.APPLYING and (live := read_progress(job.pk)):
        job.rows_done, job.rows_total = live
    context = {"job": job, "importer": REGISTRY.get(job.kind), "form": UploadForm()}
    if request.htmx:
        return render(request, "exchange/job.html#status", context)
    return render(request, "exchange/job.html", context)


@require_POST
def apply(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status != JobStatus.CHECKED:
        messages.error(request, _("Only a checked import without errors can be applied."))
        return redirect(job)
    job_move(job, JobStatus.APPLY_QUEUED)
    apply_import.enqueue(job.pk)
    return redirect(job)


def export(request: AuthedRequest, kind: str, fmt: str) -> HttpResponseBase:
    """The list, filtered like the list page (same GET parameters), as XLSX or CSV."""
    spec = EXPORTS.get(kind)
    if spec is None or fmt not in {"xlsx", "csv"}:
        raise Http404
    require(request.user, "exchange.export")
    require(request.user, spec.permission)
    header, rows = spec.header(kind), spec.rows(spec.records(request))
    name = f"ocop-{kind}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            writers.csv_chunks(header, rows), content_type=writers.CSV_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    file = writers.xlsx_file(kind, header, rows)
    return FileResponse(file, as_attachment=True, filename=name, content_type=writers.XLSX_TYPE)


def tokens(request: AuthedRequest) -> HttpResponse:
    """The user's personal API tokens: create one (shown once), revoke any."""
    require(request.user, "exchange.api_tokens")
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = token_create(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    context = {"form": form, "raw": raw, "tokens": request.user.api_tokens.all()}
    return render(request, "exchange/tokens.html", context)


@require_POST
def token_revoke_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "exchange.api_tokens")
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix})
    return redirect("exchange:tokens")


def _importer(kind: str) -> ImportType:
    if kind not in REGISTRY:
        raise Http404
    return REGISTRY[kind]


def _job(request: AuthedRequest, pk: int) -> ImportJob:
    require(request.user, "exchange.import")
    job = get_object_or_404(ImportJob, pk=pk)
    if job.created_by_id != request.user.pk and not can(request.user, "audit.view"):
        raise PermissionDenied
    return job
