"""后台任务: each scheduled job, its timing, its last run and whether it succeeded, for the
office (督查室) and platform superusers. The jobs are the platform's, not a bureau's: every
bureau's admins see the same page, which names no bureau's data (a failed run's traceback is
shown to superusers only)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tasks.health import beat_state, broker_state, last_beat, workers_state
from tasks.services.schedules import scheduled_jobs

MODES = {
    "in-process": "进程内执行（没有 worker 和 beat，定时任务不会自动运行）",
    "filesystem": "本机文件队列（make run：worker 与 beat 在本机运行）",
    "redis": "Redis 消息队列（worker 与 beat 另行部署）",
}


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_superuser or user.is_bureau_admin):
        raise PermissionDenied("只有督查室（管理员）可以查看后台任务。")
    broker = broker_state()
    context = {
        "jobs": scheduled_jobs(),
        "mode": MODES[broker["mode"]],
        "in_process": broker["mode"] == "in-process",
        "broker": broker,
        "workers": workers_state(broker["ok"]),
        "beat": None if broker["mode"] == "in-process" else beat_state(),
        "last_beat": last_beat(),
        "show_traceback": user.is_superuser,
    }
    return render(request, "tasks/job_list.html", context)
