"""The import pages: upload a plan, review and correct the parsed draft, publish it.

Only the bureau's admins reach them. Every edit posts the draft's version; an edit against an
older version is refused with a message and the latest draft is shown instead.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from workplans import drafts
from workplans.forms import (
    DraftMoveForm,
    DraftSectionForm,
    DraftSplitForm,
    DraftTargetForm,
    DraftTaskForm,
    DraftUnitForm,
    DraftVersionForm,
    PlanUploadForm,
    column_roles_from,
    form_errors_text,
)
from workplans.http import HtmxHttpRequest
from workplans.imports import (
    plan_import_add_unit,
    plan_import_create,
    plan_import_discard,
    plan_import_edit,
    plan_import_publish,
    plan_import_reparse,
    unit_names_known,
)
from workplans.models import PlanImport, Unit
from workplans.parsing import PlanImportError
from workplans.selectors import draft_source_html, draft_warnings

REVIEW = "workplans/import_review.html"
TASK = "workplans/import_task.html"


def _require_admin(request: HtmxHttpRequest) -> None:
    if not (request.user.is_superuser or request.user.is_bureau_admin):
        raise PermissionDenied("只有督查室（管理员）可以导入工作要点。")
    if request.user.bureau_id is None:
        raise PermissionDenied("平台超级用户不属于任何机构：请用机构督查室的账号导入工作要点。")


def _get_import(request: HtmxHttpRequest, import_id: int) -> PlanImport:
    _require_admin(request)
    queryset = PlanImport.objects.managed_by(request.user).select_related("bureau", "updated_by")
    return get_object_or_404(queryset, pk=import_id)


@require_http_methods(["GET", "POST"])
def import_list(request: HtmxHttpRequest) -> HttpResponse:
    _require_admin(request)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan_import = plan_import_create(
                user=request.user,
                bureau=request.user.bureau,
                filename=upload.name if upload else "粘贴的文本",
                data=upload.read() if upload else None,
                text=None if upload else form.cleaned_data["text"],
                year=form.cleaned_data["year"],
            )
        except PlanImportError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已解析，请逐项核对后发布。发布前不会影响正式的工作要点。")
            return redirect("workplans:import-review", plan_import.pk)
    imports = PlanImport.objects.managed_by(request.user).select_related("created_by", "plan")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "imports": imports}
    return render(request, "workplans/import_list.html", context, status=status)


def _review_context(plan_import: PlanImport, *, error: str = "", notice: str = "") -> dict:
    outline = plan_import.outline
    tasks = [task for _, _, task in drafts.iter_tasks(outline)]
    return {
        "plan_import": plan_import,
        "outline": outline,
        "source_html": draft_source_html(source_text=plan_import.source_text, outline=outline),
        "warnings": draft_warnings(source_text=plan_import.source_text, outline=outline),
        # A task table's columns as read (older drafts have none), each with its role's name.
        "columns": [
            {**column, "label": drafts.COLUMN_ROLES.get(column["role"], column["role"])}
            for column in outline.get("columns") or []
        ],
        "column_roles": list(drafts.COLUMN_ROLES.items()),
        "missing_units": sorted(
            drafts.unit_names_used(outline) - unit_names_known(plan_import.bureau)
        ),
        "task_count": len(tasks),
        "target_count": sum(len(task["targets"]) for task in tasks),
        # Sub-items belong to their task's units, so only top-level tasks need a lead unit.
        "unassigned_count": sum(
            1
            for section in outline["sections"]
            for task in section["tasks"]
            if not task["lead_units"]
        ),
        "error": error,
        "notice": notice,
        "unit_kinds": Unit.Kind.choices,
        "editable": plan_import.status == PlanImport.Status.DRAFT,
    }


@require_GET
def import_review(request: HtmxHttpRequest, import_id: int) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    template = REVIEW + "#draft-editor" if request.htmx else REVIEW
    return render(request, template, _review_context(plan_import))


def _respond(
    request: HtmxHttpRequest, plan_import: PlanImport, error: str = "", notice: str = "已保存。"
) -> HttpResponse:
    """The refreshed editor for htmx, or a redirect back to the review page for plain forms."""
    if request.htmx:
        context = _review_context(plan_import, error=error, notice="" if error else notice)
        response = render(request, REVIEW + "#draft-editor", context)
        # Keep the clerk where they were: bring the edited task (or the message) into view.
        target = "draft-editor" if error else request.POST.get("focus", "")
        if target.startswith(("task-", "section-")) or target == "draft-editor":
            trigger_client_event(response, "draft-saved", {"focus": target}, after="settle")
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect("workplans:import-review", plan_import.pk)


def _apply(
    request: HtmxHttpRequest, plan_import: PlanImport, action: Callable, notice: str = "已保存。"
) -> HttpResponse:
    try:
        plan_import = action()
    except ValidationError as exc:
        plan_import.refresh_from_db()
        return _respond(request, plan_import, "；".join(exc.messages))
    return _respond(request, plan_import, notice=notice)


def _edit(
    request: HtmxHttpRequest, plan_import: PlanImport, form, change: Callable
) -> HttpResponse:
    if not form.is_valid():
        return _respond(request, plan_import, form_errors_text(form))
    return _apply(
        request,
        plan_import,
        lambda: plan_import_edit(
            plan_import=plan_import,
            version=form.cleaned_data["version"],
            user=request.user,
            change=change,
        ),
    )


@require_POST
def import_edit_section(request: HtmxHttpRequest, import_id: int, section_id: str) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    form = DraftSectionForm(request.POST)

    def change(outline: dict) -> None:
        drafts.edit_section(outline, section_id, title=form.cleaned_data["title"])

    return _edit(request, plan_import, form, change)


@require_http_methods(["GET", "POST"])
def import_edit_task(request: HtmxHttpRequest, import_id: int, task_id: str) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    try:
        section, siblings, task = drafts.find_task(plan_import.outline, task_id)
    except ValidationError as exc:
        return _respond(request, plan_import, "；".join(exc.messages))
    active = Unit.objects.known_in(plan_import.bureau)
    unit_names = list(active.values_list("name", flat=True))
    unit_names += [n for n in task["lead_units"] + task["co_units"] if n not in unit_names]
    if request.method == "POST":
        form = DraftTaskForm(request.POST, unit_names=unit_names)

        def change(outline: dict) -> None:
            deadline = form.cleaned_data["deadline"]
            drafts.edit_task(
                outline,
                task_id,
                title=form.cleaned_data["title"],
                deadline=deadline.isoformat() if deadline else None,
                deadline_text=form.cleaned_data["deadline_text"],
                lead_units=form.cleaned_data["lead_units"],
                co_units=form.cleaned_data["co_units"],
            )

        return _edit(request, plan_import, form, change)
    version = {"version": plan_import.version}
    sections = [(s["id"], f"{s['number']}、{s['title']}") for s in plan_import.outline["sections"]]
    context = {
        "plan_import": plan_import,
        "task": task,
        "section": section,
        "is_subtask": siblings is not section["tasks"],
        "form": DraftTaskForm(unit_names=unit_names, initial={**task, **version}),
        "sentences": drafts.sentences(task["text"]),
        "move_form": DraftMoveForm(
            sections=sections, initial={"section": section["id"], **version}
        ),
        "target_form": DraftTargetForm(initial=version),
    }
    return render(request, TASK + "#task-editor" if request.htmx else TASK, context)


@require_POST
def import_merge_task(request: HtmxHttpRequest, import_id: int, task_id: str) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    form = DraftVersionForm(request.POST)
    return _edit(request, plan_import, form, lambda o: drafts.merge_with_previous(o, task_id))


@require_POST
def import_split_task(request: HtmxHttpRequest, import_id: int, task_id: str) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    form = DraftSplitForm(request.POST)

    def change(outline: dict) -> None:
        # The form counts sentences from 1; the new task starts at that sentence.
        drafts.split_task(outline, task_id, at_sentence=form.cleaned_data["at_sentence"] - 1)

    return _edit(request, plan_import, form, change)


@require_POST
def import_move_task(request: HtmxHttpRequest, import_id: int, task_id: str) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    sections = [(s["id"], s["title"]) for s in plan_import.outline["sections"]]
    form = DraftMoveForm(request.POST, sections=sections)

    def change(outline: dict) -> None:
        drafts.move_task(outline, task_id, section_id=form.cleaned_data["section"])

    return _edit(request, plan_import, form, change)


@require_POST
def import_delete_task(request: HtmxHttpRequest, import_id: int, task_id: str) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    form = DraftVersionForm(request.POST)
    return _edit(request, plan_import, form, lambda o: drafts.delete_task(o, task_id))


def _target_change(form, task_id: str, target_id: str | None) -> Callable[[dict], None]:
    def change(outline: dict) -> None:
        drafts.save_target(
            outline,
            task_id,
            target_id,
            indicator=form.cleaned_data["indicator"],
            comparator=form.cleaned_data["comparator"] or None,
            value=str(form.cleaned_data["value"]),
            unit=form.cleaned_data["unit"],
            text=form.cleaned_data["text"],
        )

    return change


@require_POST
def import_add_target(request: HtmxHttpRequest, import_id: int, task_id: str) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    form = DraftTargetForm(request.POST)
    return _edit(request, plan_import, form, _target_change(form, task_id, None))


@require_POST
def import_edit_target(request: HtmxHttpRequest, import_id: int, target_id: str) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    try:
        task, _ = drafts.find_target(plan_import.outline, target_id)
    except ValidationError as exc:
        return _respond(request, plan_import, "；".join(exc.messages))
    form = DraftTargetForm(request.POST)
    return _edit(request, plan_import, form, _target_change(form, task["id"], target_id))


@require_POST
def import_delete_target(request: HtmxHttpRequest, import_id: int, target_id: str) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    form = DraftVersionForm(request.POST)
    return _edit(request, plan_import, form, lambda o: drafts.delete_target(o, target_id))


@require_POST
def import_add_unit(request: HtmxHttpRequest, import_id: int) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    form = DraftUnitForm(request.POST)
    if not form.is_valid():
        return _respond(request, plan_import, form_errors_text(form))
    return _apply(
        request,
        plan_import,
        lambda: plan_import_add_unit(
            plan_import=plan_import,
            version=form.cleaned_data["version"],
            user=request.user,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
        ),
    )


@require_POST
def import_reparse(request: HtmxHttpRequest, import_id: int) -> HttpResponse:
    """Read a task table's columns as the admin chose (one select per column) and parse again."""
    plan_import = _get_import(request, import_id)
    form = DraftVersionForm(request.POST)
    if not form.is_valid():
        return _respond(request, plan_import, form_errors_text(form))
    try:
        roles = column_roles_from(request.POST)
    except ValidationError as exc:
        return _respond(request, plan_import, "；".join(exc.messages))
    return _apply(
        request,
        plan_import,
        lambda: plan_import_reparse(
            plan_import=plan_import,
            version=form.cleaned_data["version"],
            user=request.user,
            column_roles=roles,
        ),
        notice="已按新的列含义重新解析，请重新核对各项任务。",
    )


@require_POST
def import_publish(request: HtmxHttpRequest, import_id: int) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    form = DraftVersionForm(request.POST)
    if not form.is_valid():
        return _respond(request, plan_import, form_errors_text(form))
    try:
        plan = plan_import_publish(
            plan_import=plan_import, version=form.cleaned_data["version"], user=request.user
        )
    except ValidationError as exc:
        plan_import.refresh_from_db()
        return _respond(request, plan_import, "；".join(exc.messages))
    messages.success(request, f"已发布“{plan.title}”，各责任单位现在可以看到自己的任务。")
    url = reverse("reports:plan-detail", args=[plan.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_POST
def import_discard(request: HtmxHttpRequest, import_id: int) -> HttpResponse:
    plan_import = _get_import(request, import_id)
    form = DraftVersionForm(request.POST)
    if not form.is_valid():
        return _respond(request, plan_import, form_errors_text(form))
    try:
        plan_import_discard(
            plan_import=plan_import, version=form.cleaned_data["version"], user=request.user
        )
    except ValidationError as exc:
        plan_import.refresh_from_db()
        return _respond(request, plan_import, "；".join(exc.messages))
    messages.success(request, "已放弃这份导入。")
    url = reverse("workplans:import-list")
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
