"""The read side's pages: the plan with its roll-ups, its 督办台账 and the period's 通报."""

from io import BytesIO

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from reports.bulletin_docx import bulletin_docx
from reports.dashboard import plan_dashboard
from reports.exports import ledger_options
from reports.forms import LedgerForm
from reports.ledger import XLSX_CONTENT_TYPE, ledger_filename, ledger_workbook
from reports.plan_table import plan_task_table, plan_task_table_filename
from reports.rollups import bulletin_rows
from tasks.models import ReportingPeriod
from tasks.notices import DOCX
from tasks.selectors import with_deadline_history
from workplans.forms import PlanTaskFilterForm, form_errors_text
from workplans.http import HtmxHttpRequest
from workplans.models import Plan
from workplans.selectors import plan_outline


@require_GET
@vary_on_headers("HX-Request")
def plan_detail(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("bureau"), pk=plan_id
    )
    form = PlanTaskFilterForm(request.GET, plan=plan)
    if not form.is_valid():
        raise BadRequest("筛选条件无效")
    outline = plan_outline(
        plan=plan,
        user=request.user,
        unit=form.cleaned_data["unit"],
        annotate=with_deadline_history,
    )
    figures = None if request.user.is_unit_staff or request.htmx else plan_dashboard(plan)
    if figures:
        for row in outline.sections:
            row.rollup = figures.section_mix(row.section.pk)
    template = "reports/plan_detail.html"
    if request.htmx:
        template += "#plan-tasks"
    needs_periods = (
        not request.htmx
        and plan.status == Plan.Status.PUBLISHED
        and Plan.objects.managed_by(request.user).filter(pk=plan.pk).exists()
        and not plan.periods.exists()
    )
    context = {
        "plan": plan,
        "outline": outline,
        "filter_form": form,
        "figures": figures,
        "needs_periods": needs_periods,
    }
    return render(request, template, context)


@require_GET
def period_bulletin(request: HtmxHttpRequest, period_id: int) -> HttpResponse:
    """通报: the units that had not reported this period, with how late they are; a Word file in
    the office's format with ?format=docx."""
    periods = ReportingPeriod.objects.filter(plan__in=Plan.objects.visible_to(request.user))
    period = get_object_or_404(periods.select_related("plan__bureau"), pk=period_id)
    if not (request.user.is_bureau_admin or request.user.is_leader):
        raise PermissionDenied("通报供督查室和局领导查看。")
    today = timezone.localdate()
    rows = bulletin_rows(period=period, today=today)
    if request.GET.get("format") == "docx":
        buffer = bulletin_docx(period, rows, today=today)
        name = f"通报-{period.label}.docx"
        return FileResponse(buffer, as_attachment=True, filename=name, content_type=DOCX)
    return render(request, "reports/bulletin.html", {"period": period, "rows": rows})


@require_GET
def plan_ledger(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    """督办台账 (.xlsx): the plan's tasks as the user may see them (staff: their units' only)."""
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("bureau"), pk=plan_id
    )
    form = LedgerForm(request.GET, plan=plan)
    if not form.is_valid():
        context = {"status": 400, "title": "导出条件有误", "message": form_errors_text(form)}
        return render(request, "error.html", context, status=400)
    options = ledger_options(plan, form.as_json())
    body = ledger_workbook(plan=plan, user=request.user, options=options)
    return FileResponse(
        BytesIO(body),
        as_attachment=True,
        filename=ledger_filename(plan, options),
        content_type=XLSX_CONTENT_TYPE,
    )


@require_GET
def plan_task_table_download(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    """任务分工表 (.xlsx) that the importer reads back: the whole plan's assignment, so only for
    the office and leaders who may read the plan, never for unit staff."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=plan_id)
    if request.user.is_unit_staff:
        raise PermissionDenied("任务分工表供督查室和局领导导出。")
    return FileResponse(
        BytesIO(plan_task_table(plan=plan)),
        as_attachment=True,
        filename=plan_task_table_filename(plan),
        content_type=XLSX_CONTENT_TYPE,
    )
