"""Department staff's desk and task pages, the office's review queue, delays and periods.

Every view loads what it acts on through visible_to(user) (404 when the user may not see it),
then checks the action with task_access (403), validates with a form and calls one service.
HTMX requests get the changed fragment; plain form posts are redirected back.
"""

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from tasks import services
from tasks.access import TaskAccess, task_access, with_own_roles
from tasks.forms import (
    AttachmentForm,
    CommentForm,
    CooperationForm,
    DelayRequestForm,
    DeskFilterForm,
    ReceiptForm,
    ReportForm,
)
from tasks.models import REPORT_SENT, Attachment, ProgressReport, ReportingPeriod
from tasks.selectors import (
    ReportPanel,
    desk_for,
    pending_figure,
    report_panel,
    reporting_task,
    saved_report_entry,
    task_workspace,
    with_deadline_history,
)
from tasks.services.periods import reporting_period_for, task_periods
from workplans.forms import form_errors_text
from workplans.http import HtmxHttpRequest
from workplans.models import Target, Task, TaskUnit

TASK_PAGE = "tasks/task_detail.html"


def error_messages(error: ValidationError) -> tuple[str, dict]:
    """(message for the whole form, {field: message}) from a service's ValidationError."""
    if hasattr(error, "error_dict"):
        fields = {
            field: "；".join(e.messages[0] for e in errs)
            for field, errs in error.error_dict.items()
        }
        return "", fields
    return "；".join(error.messages), {}


# Desk ------------------------------------------------------------------------------------


@require_GET
@vary_on_headers("HX-Request")
def my_tasks(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.is_unit_staff:
        raise PermissionDenied("“我的任务”供科室人员使用；请从“工作要点”查看全部任务。")
    form = DeskFilterForm(request.GET)
    if not form.is_valid():
        raise BadRequest("筛选条件无效")
    data = form.cleaned_data
    desk = desk_for(
        user=request.user,
        state=data["state"],
        section_id=data["section"],
        deadline_before=data["deadline_before"],
        query=data["q"],
    )
    form.show_sections(desk.sections)
    template = "tasks/my_tasks.html"
    if request.htmx:
        template += "#desk-table"
    return render(request, template, {"desk": desk, "filter_form": form})


# Task page -------------------------------------------------------------------------------


def load_task(request: HtmxHttpRequest, task_id: int, *, workspace: bool = True) -> Task:
    """The task if the user may see it (404 otherwise) with what its page shows: plan, section,
    parent, targets, the user's own part in it (tasks.access) and whether a delay moved its
    deadline; its units for the whole workspace (a report save answers with the report card
    only)."""
    user = request.user
    queryset = with_deadline_history(with_own_roles(Task.objects.visible_to(user), user))
    # Explicit orderings: the models' defaults would join and sort tasks and plans again.
    prefetches = [Prefetch("targets", queryset=Target.objects.order_by("order", "pk"))]
    if workspace:
        assignments = TaskUnit.objects.select_related("unit").order_by("role", "unit__sort_order")
        prefetches.append(Prefetch("assignments", queryset=assignments))
    queryset = queryset.select_related("plan", "section", "parent").prefetch_related(*prefetches)
    return get_object_or_404(queryset, pk=task_id)


def _no_period_message(periods: list[ReportingPeriod]) -> str:
    last = periods[-1] if periods else None
    if last and last.status == ReportingPeriod.Status.CLOSED:
        return f"{last.label}已截止，不能再报送；请等待督查室开启下一期。"
    return "督查室尚未开启报送期，暂不能填报。"


def _panel_context(panel: ReportPanel) -> dict:
    """The report card's part of the context; its forms only while the unit may still edit."""
    context = {
        "access": panel.access,
        "period": panel.period,
        "report": panel.report,
        "pending": pending_figure(panel.report),
        "report_editable": panel.editable,
        "needs_explanation": panel.needs_explanation,
        "cooperations": panel.cooperations,
        "actual_rows": panel.actual_rows,
        "attachments": panel.attachments,
    }
    if panel.editable:
        initial = ReportForm.initial_from(panel.report, panel.targets, panel.period, panel.actuals)
        context["report_form"] = ReportForm(initial=initial, targets=panel.targets)
        context["attachment_form"] = AttachmentForm()
    return context


def _task_context(request: HtmxHttpRequest, task: Task, **overrides) -> dict:
    workspace = task_workspace(task=task, user=request.user)
    return {
        "task": task,
        **_panel_context(workspace.panel),
        "receipt": workspace.receipt,
        "own_cooperation": workspace.own_cooperation,
        "own_co_units": workspace.own_co_units,
        "cooperation_form": CooperationForm(),
        "delay_form": DelayRequestForm(),
        "pending_delay": workspace.pending_delay,
        "comment_form": CommentForm(),
        "comments": workspace.comments,
        "escalations": workspace.escalations,
        "timeline": workspace.timeline,
        "subtasks": workspace.subtasks,
        "error": "",
        **overrides,
    }


@require_GET
def task_detail(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    template = TASK_PAGE + "#task-workspace" if request.htmx else TASK_PAGE
    return render(request, template, _task_context(request, task))


def workspace_response(
    request: HtmxHttpRequest, task: Task, *, ok: str = "", reload: bool = False, **overrides
) -> HttpResponse:
    """After an action: the refreshed workspace (htmx) or a redirect to the task page."""
    if request.htmx:
        if reload:  # the action changed the prefetched assignments (签收)
            task = load_task(request, task.pk)
        context = _task_context(request, task, notice=ok, **overrides)
        return render(request, TASK_PAGE + "#task-workspace", context)
    problem = overrides.get("error") or "；".join(overrides.get("field_errors", {}).values())
    if problem and ("report_form" in overrides or "delay_form" in overrides):
        # A plain form post keeps what was typed and shows each error beside its field.
        task = load_task(request, task.pk)
        return render(request, TASK_PAGE, _task_context(request, task, **overrides), status=400)
    if problem:
        messages.error(request, problem)
    elif ok:
        messages.success(request, ok)
    return redirect("tasks:task-detail", task.pk)


def form_problem(form) -> ValidationError:
    """A bound form's errors as one message naming each field, for the workspace's notice."""
    return ValidationError(form_errors_text(form, labelled=True))


def refusal(
    request: HtmxHttpRequest, task: Task, error: ValidationError, **overrides
) -> HttpResponse:
    message, fields = error_messages(error)
    return workspace_response(request, task, error=message, field_errors=fields, **overrides)


def _save_report(
    request: HtmxHttpRequest,
    task: Task,
    periods: list[ReportingPeriod],
    *,
    submit: bool,
    only_if_changed: bool = False,
) -> tuple[ProgressReport | None, dict]:
    """Save the posted report form: (the report, {}) or (None, what the answer shows: the
    form as posted and the error). `only_if_changed`: see services.report_save."""
    form = ReportForm(request.POST, targets=list(task.targets.all()))
    if not form.is_valid():
        return None, {"report_form": form, "error": "请按提示修改后再保存。"}
    data = form.cleaned_data
    if data["period"]:
        period = next((p for p in periods if p.pk == data["period"]), None)
        if period is None:
            return None, {"error": "报送期不存在，请刷新页面。"}
    else:
        period = reporting_period_for(task, periods=periods)
    if period is None:
        return None, {"error": _no_period_message(periods)}
    try:
        report = services.report_save(
            task=task,
            period=period,
            user=request.user,
            version=data["version"] or None,
            narrative=data["narrative"],
            percent=data["percent"],
            problems=data["problems"],
            next_steps=data["next_steps"],
            actuals=form.actuals(),
            submit=submit,
            only_if_changed=only_if_changed,
        )
    except ValidationError as exc:
        message, fields = error_messages(exc)
        for field, text in fields.items():
            if field in form.fields:
                form.add_error(field, text)
        if fields and not message:
            message = "请按提示修改后再保存。"
        return None, {"report_form": form, "error": message}
    period.sent = report.status in REPORT_SENT  # the page may move on to the next period
    return report, {}


def report_answer(
    request: HtmxHttpRequest,
    task: Task,
    access: TaskAccess,
    periods: list[ReportingPeriod],
    *,
    saved: ProgressReport | None = None,
    ok: str = "",
    **overrides,
) -> HttpResponse:
    """The answer to a report saved from the page (htmx): the report card, which is all a save
    changes on the page, and the save's line for the top of the timeline."""
    today = timezone.localdate()
    panel = report_panel(task=task, access=access, today=today, periods=periods, saved=saved)
    context = {
        "task": task,
        **_panel_context(panel),
        "report_answer": True,
        "new_entry": saved_report_entry(saved, request.user) if saved else None,
        "notice": ok,
        "error": "",
        **overrides,
    }
    return render(request, TASK_PAGE + "#report-answer", context)


@require_POST
def report_save(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    # The lead unit's staff, nearly every save, in one compiled query; anyone else through
    # the task page's load, which answers 404 or 403.
    task = reporting_task(request.user, task_id) or load_task(request, task_id, workspace=False)
    access = task_access(request.user, task)
    if not access.lead:
        raise PermissionDenied("只有牵头单位可以填报这项任务的进展。")
    submit = request.POST.get("action") == "submit"
    periods = task_periods(task)
    report, problem = _save_report(request, task, periods, submit=submit)
    ok = "" if problem else ("已报送，等待督查室审核。" if submit else "草稿已保存。")
    if request.htmx:
        return report_answer(request, task, access, periods, saved=report, ok=ok, **problem)
    return workspace_response(request, task, ok=ok, **problem)


@require_POST
def attachment_upload(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).lead:
        raise PermissionDenied("只有牵头单位可以上传佐证材料。")
    if "narrative" in request.POST:
        # The upload carries the report form too: what was typed since the last save is kept
        # as a draft first (a new version only when the content changed, not per file).
        report, problem = _save_report(
            request, task, task_periods(task), submit=False, only_if_changed=True
        )
        if problem:
            return workspace_response(request, task, **problem)
    else:
        report = _current_report(task)
    if report is None:
        return workspace_response(
            request, task, error="请先填写工作进展并保存草稿，再上传佐证材料。"
        )
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return workspace_response(request, task, error="请选择要上传的文件。")
    try:
        services.attachment_add(report=report, user=request.user, upload=form.cleaned_data["file"])
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok="材料已上传。")


def _current_report(task: Task) -> ProgressReport | None:
    period = reporting_period_for(task)
    return ProgressReport.objects.filter(task=task, period=period).first() if period else None


def _get_attachment(request: HtmxHttpRequest, attachment_id: int) -> Attachment:
    visible = Task.objects.visible_to(request.user)
    return get_object_or_404(
        Attachment.objects.select_related("report__task"),
        pk=attachment_id,
        report__task__in=visible,
    )


@require_GET
def attachment_download(request: HtmxHttpRequest, attachment_id: int) -> FileResponse:
    attachment = _get_attachment(request, attachment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    # Always a download, never rendered by the browser: not sniffed as HTML, and sandboxed
    # should a browser open it inline anyway (set here, not only by SecurityMiddleware).
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def attachment_delete(request: HtmxHttpRequest, attachment_id: int) -> HttpResponse:
    attachment = _get_attachment(request, attachment_id)
    task = attachment.report.task
    if not task_access(request.user, task).lead:
        raise PermissionDenied("只有牵头单位可以删除佐证材料。")
    try:
        services.attachment_delete(attachment=attachment)
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok="材料已删除。")


@require_POST
def cooperation_save(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).co:
        raise PermissionDenied("只有配合单位可以填写配合情况。")
    periods = task_periods(task)
    period = reporting_period_for(task, periods=periods)
    if period is None:
        return workspace_response(request, task, error=_no_period_message(periods))
    form = CooperationForm(request.POST)
    if not form.is_valid():
        return refusal(request, task, form_problem(form))
    try:
        services.cooperation_save(
            task=task, period=period, user=request.user, text=form.cleaned_data.get("text", "")
        )
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok="配合情况已保存，牵头单位填报时可以看到。")


@require_POST
def receipt(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).lead:
        raise PermissionDenied("只有牵头单位可以签收这项任务。")
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        raise BadRequest("签收操作无效")
    try:
        if form.cleaned_data["action"] == "confirm":
            services.receipt_confirm(task=task, user=request.user)
            ok = "已签收。"
        else:
            services.receipt_request_adjustment(
                task=task, user=request.user, reason=form.cleaned_data["reason"]
            )
            ok = "已提交调整申请，等待督查室处理。"
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok=ok, reload=True)


@require_POST
def delay_create(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).lead:
        raise PermissionDenied("只有牵头单位可以申请延期。")
    form = DelayRequestForm(request.POST)
    if not form.is_valid():
        return workspace_response(request, task, delay_form=form, error="请按提示修改延期申请。")
    try:
        services.delay_request(
            task=task,
            user=request.user,
            reason=form.cleaned_data["reason"],
            new_deadline=form.cleaned_data["new_deadline"],
        )
    except ValidationError as exc:
        message, fields = error_messages(exc)
        for field, text in fields.items():
            form.add_error(field if field in form.fields else None, text)
        return workspace_response(
            request, task, delay_form=form, error=message or "请按提示修改延期申请。"
        )
    return workspace_response(request, task, ok="延期申请已提交，等待督查室审批。")


@require_POST
def comment_add(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).leader:
        raise PermissionDenied("只有局领导可以批示。")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return refusal(request, task, form_problem(form))
    try:
        services.leader_comment_add(
            task=task, user=request.user, text=form.cleaned_data.get("text", "")
        )
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok="批示已发送，牵头单位在工作台上可以看到。")
