"""The jobs' own bookkeeping: the beat heartbeat /healthz reads, the default schedules, and the
scheduled jobs' last runs shown on the 后台任务 page."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tasks.models import WorkerHeartbeat


def heartbeat_record(*, source: str, hostname: str = "") -> WorkerHeartbeat:
    with transaction.atomic():
        heartbeat, created = WorkerHeartbeat.objects.select_for_update().get_or_create(
            source=source, defaults={"hostname": hostname, "beat_at": timezone.now(), "runs": 1}
        )
        if not created:
            WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(
                hostname=hostname, beat_at=timezone.now(), runs=F("runs") + 1
            )
            heartbeat.refresh_from_db()
    return heartbeat


def beat_schedules_install() -> list[str]:
    """Create the default periodic jobs (settings.CELERY_BEAT_SCHEDULE) as django-celery-beat
    rows, so admins can change them in 后台管理 without a deploy. Rows that exist are left as
    the admin set them; returns the names created."""
    from celery.schedules import schedule as every
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    created = []
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        timing = entry["schedule"]
        fields = {"task": entry["task"], "description": name}
        if isinstance(timing, int | float):
            key, row = "interval", IntervalSchedule.from_schedule(every(run_every=timing))
        else:
            key, row = "crontab", CrontabSchedule.from_schedule(timing)
        if row.pk is None:  # from_schedule finds an equal row or builds an unsaved one
            row.save()
        PeriodicTask.objects.create(name=name, **{key: row}, **fields)
        created.append(name)
    return created


# The scheduled jobs in Chinese, by Celery task name (the 后台任务 page; admins may add rows for
# other tasks in 后台管理 › 周期任务, which show under their own name).
JOB_LABELS = {
    "tasks.send_reminders": "提醒、催办和督办单",
    "tasks.send_outbox": "发送通知邮件",
    "tasks.roll_periods": "开启和截止报送期",
    "tasks.recompute_all_statuses": "重算全部任务状态和未报送标记",
    "tasks.record_worker_heartbeat": "后台任务心跳",
    "reports.clean_exports": "删除过期的导出文件",
    "celery.backend_cleanup": "删除过期的运行记录",
}
JOB_STATES = {
    "SUCCESS": "成功",
    "FAILURE": "失败",
    "STARTED": "运行中",
    "RETRY": "等待重试",
    "PENDING": "排队中",
    "REVOKED": "已取消",
}


@dataclass(frozen=True)
class ScheduledJob:
    """One django-celery-beat row with its latest run (a django-celery-results row)."""

    name: str  # the row's name, e.g. "send-reminders"
    task: str  # the Celery task, e.g. "tasks.send_reminders"
    label: str  # in Chinese
    schedule: str  # in Chinese, e.g. "每天 09:00"
    enabled: bool
    last_sent: dt.datetime | None  # when beat last sent it (PeriodicTask.last_run_at)
    sent_count: int
    last_done: dt.datetime | None  # when its latest run finished (or started, if running)
    state: str  # a JOB_STATES key, "" when no run is on record
    error: str  # the failed run's exception, one line
    traceback: str
    next_run: dt.datetime | None

    @property
    def state_label(self) -> str:
        return JOB_STATES.get(self.state, self.state) if self.state else "无记录"

    @property
    def failed(self) -> bool:
        return self.state == "FAILURE"


def schedule_text(periodic) -> str:
    """The row's timing in Chinese: 每分钟, 每天 09:00, 每周一 08:30, or the crontab fields."""
    if periodic.interval_id:
        interval = periodic.interval
        seconds = dt.timedelta(**{interval.period: interval.every}).total_seconds()
        for unit, size in (("天", 86400), ("小时", 3600), ("分钟", 60), ("秒", 1)):
            if seconds >= size and seconds % size == 0:
                count = int(seconds // size)
                return f"每{unit}" if count == 1 else f"每 {count} {unit}"
        return f"每 {seconds:g} 秒"
    if periodic.crontab_id:
        return crontab_text(periodic.crontab)
    if periodic.clocked_id:
        return f"一次：{timezone.localtime(periodic.clocked.clocked_time):%Y-%m-%d %H:%M}"
    if periodic.solar_id:
        return f"按日出日落（{periodic.solar.event}）"
    return "—"


def crontab_text(crontab) -> str:
    minute, hour = crontab.minute, crontab.hour
    days = (crontab.day_of_month, crontab.month_of_year, crontab.day_of_week)
    zone = "" if str(crontab.timezone) == settings.TIME_ZONE else f"（{crontab.timezone}）"
    if minute.isdigit() and hour.isdigit():
        at = f"{int(hour):02d}:{int(minute):02d}"
        if days == ("*", "*", "*"):
            return f"每天 {at}{zone}"
        if days[:2] == ("*", "*") and days[2].isdigit():
            weekday = "日一二三四五六日"[int(days[2]) % 8]
            return f"每周{weekday} {at}{zone}"
        if days[1:] == ("*", "*") and days[0].isdigit():
            return f"每月 {int(days[0])} 日 {at}{zone}"
    if minute.isdigit() and hour == "*" and days == ("*", "*", "*"):
        return f"每小时第 {int(minute)} 分{zone}"
    fields = " ".join((minute, hour, *days))
    return f"定时（分 时 日 月 周）：{fields}{zone}"


def next_run(periodic, now: dt.datetime) -> dt.datetime | None:
    """When beat will send the row next, as beat computes it (None when disabled or unknown)."""
    if not periodic.enabled or (periodic.one_off and periodic.total_run_count):
        return None
    try:
        timing = periodic.schedule
        if periodic.clocked_id:
            return periodic.clocked.clocked_time
        remaining = timing.remaining_estimate(periodic.last_run_at or now)
    except Exception:  # solar and odd rows: the page just leaves it blank
        return None
    # beat's estimate stops a hair short of the minute; overdue (beat was down) means "now"
    return (max(now + remaining, now) + dt.timedelta(seconds=0.5)).replace(microsecond=0)


def _error_line(traceback: str) -> str:
    lines = [line for line in (traceback or "").strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def scheduled_jobs(now: dt.datetime | None = None) -> list[ScheduledJob]:
    """Every periodic job beat runs (the defaults in JOB_LABELS' order, then any others by
    name), with the latest run recorded for it (results are kept CELERY_RESULT_EXPIRES; older
    runs show as 无记录)."""
    from django_celery_beat.models import PeriodicTask
    from django_celery_results.models import TaskResult

    now = now or timezone.now()
    periodics = list(
        PeriodicTask.objects.select_related("interval", "crontab", "clocked", "solar").order_by(
            "name"
        )
    )
    latest = {}
    for name in {p.name for p in periodics}:  # one indexed query per job (a handful of rows)
        result = (
            TaskResult.objects.filter(periodic_task_name=name)
            .only("status", "date_done", "date_started", "traceback")
            .order_by("-date_done")
            .first()
        )
        if result is not None:
            latest[name] = result
    jobs = []
    for periodic in periodics:
        result = latest.get(periodic.name)
        failed = result is not None and result.status == "FAILURE"
        jobs.append(
            ScheduledJob(
                name=periodic.name,
                task=periodic.task,
                label=JOB_LABELS.get(periodic.task) or periodic.description or periodic.name,
                schedule=schedule_text(periodic),
                enabled=periodic.enabled,
                last_sent=periodic.last_run_at,
                sent_count=periodic.total_run_count,
                last_done=result and (result.date_done or result.date_started),
                state=result.status if result else "",
                error=_error_line(result.traceback) if failed else "",
                traceback=(result.traceback or "") if failed else "",
                next_run=next_run(periodic, now),
            )
        )
    order = list(JOB_LABELS)
    jobs.sort(
        key=lambda job: (order.index(job.task) if job.task in order else len(order), job.name)
    )
    return jobs
