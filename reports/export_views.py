"""Exports through a job: start one (导出), watch its progress, download it, list past ones."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from reports.exports import exports_fail_stale
from reports.forms import LedgerForm
from reports.ledger import XLSX_CONTENT_TYPE
from reports.models import ExportJob
from reports.services import export_retry, export_start
from workplans.forms import form_errors_text
from workplans.http import HtmxHttpRequest
from workplans.models import Plan

EXPORT_PARTIAL = "reports/_export.html"


@require_POST
def ledger_export(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    """导出: record the export and queue its job; the answer shows its progress."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=plan_id)
    form = LedgerForm(request.POST, plan=plan)
    if not form.is_valid():
        message = form_errors_text(form)
        if request.htmx:
            return render(request, EXPORT_PARTIAL, {"error": message}, status=400)
        context = {"status": 400, "title": "导出条件有误", "message": message}
        return render(request, "error.html", context, status=400)
    export = export_start(user=request.user, plan=plan, options=form.as_json())
    if request.htmx:
        return render(request, EXPORT_PARTIAL, {"export": export})
    return redirect("reports:export-detail", export.pk)


def _own_export(request: HtmxHttpRequest, export_id: int) -> ExportJob:
    """An export is its author's: it holds what they may see, nobody else's business. The plan
    must still be visible to them (a user moved to another bureau loses the old files)."""
    export = get_object_or_404(
        ExportJob.objects.select_related("plan"), pk=export_id, created_by=request.user
    )
    if not Plan.objects.visible_to(request.user).filter(pk=export.plan_id).exists():
        raise PermissionDenied("您已无权查看这份工作要点。")
    return export


@require_GET
def export_detail(request: HtmxHttpRequest, export_id: int) -> HttpResponse:
    """The export's progress: the partial that polls itself (htmx), or a page that reloads
    itself until the file is ready (no JavaScript)."""
    export = _own_export(request, export_id)
    if not export.finished and exports_fail_stale(ExportJob.objects.filter(pk=export.pk)):
        export.refresh_from_db()
    template = EXPORT_PARTIAL if request.htmx else "reports/export_detail.html"
    return render(request, template, {"export": export})


@require_POST
def export_retry_view(request: HtmxHttpRequest, export_id: int) -> HttpResponse:
    export = _own_export(request, export_id)
    try:
        retried = export_retry(export=export, user=request.user)
    except ValidationError as exc:
        return render(request, EXPORT_PARTIAL, {"error": "；".join(exc.messages)}, status=400)
    if request.htmx:
        return render(request, EXPORT_PARTIAL, {"export": retried})
    return redirect("reports:export-detail", retried.pk)


@require_GET
def export_download(request: HtmxHttpRequest, export_id: int) -> FileResponse:
    export = _own_export(request, export_id)
    if export.status != ExportJob.Status.DONE or not export.file:
        raise PermissionDenied("文件尚未生成或已被清理，请重新导出。")
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=XLSX_CONTENT_TYPE,
    )


@require_GET
def export_list(request: HtmxHttpRequest) -> HttpResponse:
    """导出记录: the user's own exports, newest first."""
    own = ExportJob.objects.filter(created_by=request.user)
    exports_fail_stale(own)
    exports = own.select_related("plan")[:100]
    context = {"exports": exports, "keep_days": settings.EXPORT_KEEP_DAYS}
    return render(request, "reports/export_list.html", context)
