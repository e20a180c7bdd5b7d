from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from config.http import HtmxHttpRequest
from tasks.models import Task
from tasks.selectors import my_task_groups


@require_GET
def my_tasks(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.is_unit_staff:
        raise PermissionDenied("“我的任务”供科室人员使用；请从“工作要点”查看全部任务。")
    groups = my_task_groups(user=request.user)
    return render(request, "tasks/my_tasks.html", {"groups": groups})


@require_GET
def task_detail(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.visible_to(request.user).for_listing(), pk=task_id)
    subtasks = task.subtasks.visible_to(request.user).for_listing().order_by("order")
    return render(request, "tasks/task_detail.html", {"task": task, "subtasks": subtasks})
