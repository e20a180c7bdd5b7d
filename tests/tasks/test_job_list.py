"""后台任务 (/tasks/jobs/): each scheduled job with its timing, last run, outcome and next run;
for the office (督查室) and superusers only. Also the scheduler that keeps admins' changes, and
the heartbeat rows /healthz counts workers from on the filesystem broker."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask
from django_celery_results.models import TaskResult

from config.celery import app as celery_app
from tasks import health
from tasks.beat import DatabaseScheduler
from tasks.jobs import worker_started
from tasks.models import WorkerHeartbeat
from tasks.services.schedules import beat_schedules_install, schedule_text, scheduled_jobs
from tests.factories import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = reverse("tasks:job-list")
TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/srv/tasks/services/chasing.py", line 10, in periods_roll\n'
    "django.db.utils.OperationalError: database is locked\n"
)


def result(name: str, task: str, status: str, done: dt.datetime, **fields) -> TaskResult:
    row = TaskResult.objects.create(
        task_id=f"{name}-{done.timestamp()}",
        periodic_task_name=name,
        task_name=task,
        status=status,
        **fields,
    )
    TaskResult.objects.filter(pk=row.pk).update(date_done=done)  # auto_now on save
    return row


@pytest.fixture
def schedules(db):
    beat_schedules_install()
    now = timezone.now()
    result("send-reminders", "tasks.send_reminders", "SUCCESS", now - dt.timedelta(hours=2))
    result("roll-reporting-periods", "tasks.roll_periods", "SUCCESS", now - dt.timedelta(days=2))
    result(
        "roll-reporting-periods",
        "tasks.roll_periods",
        "FAILURE",
        now - dt.timedelta(hours=1),
        traceback=TRACEBACK,
    )


@pytest.fixture
def superuser(world):
    return UserFactory(username="platform", bureau=None, is_superuser=True, is_staff=True)


def rows(response) -> dict[str, str]:
    """Job name → its table row's text."""
    html = response.content.decode()
    found = {}
    for chunk in html.split('<tr data-testid="job-')[1:]:
        name, _, rest = chunk.partition('"')
        found[name] = rest.split("</tr>")[0]
    return found


def test_office_sees_each_job_its_timing_and_outcome(login, bureau_admin, schedules):
    response = login(bureau_admin).get(URL)
    assert response.status_code == 200
    jobs = rows(response)
    assert set(jobs) == set(PeriodicTask.objects.values_list("name", flat=True))
    reminders = jobs["send-reminders"]
    assert "提醒、催办和督办单" in reminders and "每天 09:00" in reminders
    assert "成功" in reminders
    rolling = jobs["roll-reporting-periods"]
    assert "开启和截止报送期" in rolling and "每天 00:10" in rolling
    assert "失败" in rolling  # the latest run decides, not the older success
    assert "OperationalError: database is locked" in rolling
    assert "chasing.py" not in rolling  # the traceback itself is for superusers
    assert "尚未运行" in jobs["worker-heartbeat"] and "每分钟" in jobs["worker-heartbeat"]
    assert "删除过期的导出文件" in jobs["clean-old-exports"]
    assert "重算全部任务状态和未报送标记" in jobs["recompute-statuses-nightly"]


def test_superuser_sees_the_failed_run_s_traceback(login, superuser, schedules):
    response = login(superuser).get(URL)
    assert response.status_code == 200
    assert "chasing.py" in rows(response)["roll-reporting-periods"]


@pytest.mark.parametrize("who", ["leader", "unit_staff", "other_unit_staff"])
def test_nobody_else_may_open_it(request, login, schedules, who):
    response = login(request.getfixturevalue(who)).get(URL)
    assert response.status_code == 403
    assert "提醒、催办和督办单" not in response.content.decode()


def test_the_jobs_are_the_platform_s_so_another_bureau_s_office_sees_the_same(
    login, client, bureau_admin, other_bureau_admin, world, schedules
):
    """Jobs belong to no bureau: every office sees the same rows, and no bureau's data."""
    own = rows(login(bureau_admin).get(URL))
    client.logout()
    response = login(other_bureau_admin).get(URL)
    assert response.status_code == 200
    assert rows(response) == own
    body = response.content.decode()
    for name in (world.bureau.name, world.plan.title, world.task_a.title, world.unit_a.name):
        assert name not in body


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


def test_nav_links_the_page_for_the_office_only(login, client, bureau_admin, leader):
    assert URL in login(bureau_admin).get(reverse("tasks:calendar")).content.decode()
    client.logout()
    assert URL not in login(leader).get(reverse("workplans:plan-list")).content.decode()


def test_page_says_when_nothing_runs_the_schedule(login, bureau_admin, schedules, settings):
    settings.CELERY_BROKER_URL = ""
    body = login(bureau_admin).get(URL).content.decode()
    assert "定时任务不会自动运行" in body and "make run" in body


@time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_next_run_follows_the_schedule_in_beijing_time(db):
    beat_schedules_install()
    PeriodicTask.objects.filter(name="send-reminders").update(
        last_run_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    )
    jobs = {job.name: job for job in scheduled_jobs()}
    next_run = timezone.localtime(jobs["send-reminders"].next_run, SHANGHAI)
    assert next_run == dt.datetime(2026, 3, 3, 9, 0, tzinfo=SHANGHAI)
    rolled = timezone.localtime(jobs["roll-reporting-periods"].next_run, SHANGHAI)
    assert rolled == dt.datetime(2026, 3, 3, 0, 10, tzinfo=SHANGHAI)
    assert jobs["send-reminders"].state_label == "无记录"


def test_schedule_text_in_chinese(db):
    def text(**timing) -> str:
        return schedule_text(PeriodicTask(name="x", task="x", **timing))

    every = IntervalSchedule.objects.create
    assert text(interval=every(every=60, period="seconds")) == "每分钟"
    assert text(interval=every(every=2, period="hours")) == "每 2 小时"
    assert text(interval=every(every=90, period="seconds")) == "每 90 秒"
    cron = CrontabSchedule.objects.create
    assert text(crontab=cron(minute="30", hour="8", timezone="Asia/Shanghai")) == "每天 08:30"
    weekly = cron(minute="0", hour="9", day_of_week="1", timezone="Asia/Shanghai")
    assert text(crontab=weekly) == "每周一 09:00"
    odd = cron(minute="*/5", hour="9-17", timezone="Asia/Shanghai")
    assert text(crontab=odd) == "定时（分 时 日 月 周）：*/5 9-17 * * *"


def test_beat_keeps_an_admin_s_change_and_fills_in_missing_jobs(db, monkeypatch):
    # beat closes stale connections between reads; inside a test's transaction it must not
    monkeypatch.setattr("django_celery_beat.schedulers.close_old_connections", lambda: None)
    beat_schedules_install()
    reminders = PeriodicTask.objects.get(name="send-reminders")
    reminders.crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="8", timezone="Asia/Shanghai"
    )
    reminders.save()
    PeriodicTask.objects.filter(name="clean-old-exports").delete()

    DatabaseScheduler(app=celery_app)  # what `celery beat` does first

    reminders.refresh_from_db()
    assert (reminders.crontab.hour, reminders.crontab.minute) == ("8", "30")
    assert PeriodicTask.objects.filter(name="clean-old-exports").exists()
    cleanup = PeriodicTask.objects.get(name="celery.backend_cleanup")  # result_expires is set
    assert (cleanup.crontab.hour, cleanup.crontab.minute) == ("4", "0")
    cleanup.enabled = False
    cleanup.save()
    DatabaseScheduler(app=celery_app)
    assert PeriodicTask.objects.filter(name="celery.backend_cleanup").count() == 1


def test_workers_are_counted_from_recent_heartbeats(db):
    now = timezone.now()
    assert health.workers_from_heartbeats(now) == {
        "ok": False,
        "mode": "heartbeat",
        "count": 0,
        "names": [],
        "last_heartbeat": None,
    }
    worker_started(sender=SimpleNamespace(hostname="embedded@host"))  # the worker_ready signal
    state = health.workers_from_heartbeats()
    assert state["ok"] and state["count"] == 1 and state["names"] == ["embedded@host"]
    assert state["last_heartbeat"] is None  # beat has not run its job yet
    assert health.beat_state()["ok"] is False

    WorkerHeartbeat.objects.update(beat_at=now - dt.timedelta(minutes=10))
    assert health.workers_from_heartbeats()["count"] == 0  # stale: the worker is gone

    WorkerHeartbeat.objects.create(source="beat", hostname="embedded@host", beat_at=now, runs=1)
    state = health.workers_from_heartbeats()
    assert state["count"] == 1 and state["last_heartbeat"]
    assert health.beat_state()["ok"] is True
