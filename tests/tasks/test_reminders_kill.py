"""A worker killed in the middle of the reminders loses nothing and doubles nothing.

Issue #13: with 20k tasks, SIGKILL of the pool process mid-`reminders_send` lost notifications
for good (the message was acknowledged, the escalation rows were already written, so later runs
skipped them). Now each period's step commits its escalations, notifications and queued e-mails
together, and a lost worker puts the message back (acks_late + reject_on_worker_lost), so the
redo finishes the job. This test kills a real prefork worker's pool process mid-run and checks
the result after the redo. Needs PostgreSQL and Redis, like the other real-worker tests.
"""

import datetime as dt
import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tasks import jobs, services
from tasks.models import Escalation, Notification, OutboxEmail
from tests.factories import BureauFactory, PlanFactory, SectionFactory, UnitFactory, UserFactory
from tests.tasks.test_jobs import needs_worker, wait_for
from workplans.models import Task, TaskUnit, User

ROOT = Path(__file__).resolve().parents[2]
logger = logging.getLogger(__name__)
PLANS = 8  # one open period each: the job commits period by period
TASKS_PER_PLAN = 500
UNITS = 40


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (name) state ppid ...": the name may hold spaces, so split after the last ")"
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


# A worker whose Redis hands back unacknowledged messages after a few seconds (production:
# visibility_timeout 30 minutes, swept every ~100 s), for the test that loses a whole worker.
QUICK_REDELIVERY = """
import sys
from config.celery import app
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "visibility_timeout": 5, "unacked_restore_interval": 1, "unacked_restore_throttle": 1,
}
app.worker_main(sys.argv[1:])
"""


def _start_worker(queue: str, *, quick_redelivery: bool = False) -> subprocess.Popen:
    """`celery worker --pool prefork --concurrency 1` on the test database: the main process
    and one pool process, which runs the jobs (and is replaced when it dies)."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.CELERY_BROKER_URL,
    }
    program = ["-c", QUICK_REDELIVERY] if quick_redelivery else ["-m", "celery", "-A", "config"]
    name = f"{queue}-{uuid.uuid4().hex[:4]}@%h"
    return subprocess.Popen(
        [sys.executable, *program, "worker", "--pool", "prefork", "--concurrency", "1",
         "--queues", queue, "--hostname", name, "--loglevel", "WARNING",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def prefork_worker(transactional_db):
    queue = f"pytest-kill-{uuid.uuid4().hex[:8]}"
    process = _start_worker(queue)
    yield queue, process
    _stop(process)


def _build_world() -> dict:
    """PLANS published plans of TASKS_PER_PLAN tasks, each led by one of UNITS units; two staff
    per unit (one with an e-mail address), a daily-digest user in a few units, one admin."""
    bureau = BureauFactory()
    units = [UnitFactory(bureau=bureau) for _ in range(UNITS)]
    for index, unit in enumerate(units):
        UserFactory(bureau=bureau, units=[unit], email=f"a{index}@example.gov.cn")
        UserFactory(bureau=bureau, units=[unit], email="")
        if index % 10 == 0:
            UserFactory(bureau=bureau, units=[unit], email="", daily_digest=True)
    UserFactory(bureau=bureau, role=User.Role.ADMIN, email="office@example.gov.cn")
    today = timezone.localdate()
    periods = []
    for number in range(PLANS):
        # Due two weeks ago, 督办单 only after 100 working days: today's step is 催办 whatever
        # the calendar says about today.
        plan = PlanFactory(bureau=bureau, year=today.year, notice_after_days=100)
        section = SectionFactory(plan=plan)
        tasks = Task.objects.bulk_create(
            Task(plan=plan, section=section, order=i + 1, number=str(i + 1),
                 title=f"第{number}份要点第{i + 1}项任务", deadline=dt.date(today.year, 12, 31))
            for i in range(TASKS_PER_PLAN)
        )  # fmt: skip
        TaskUnit.objects.bulk_create(
            TaskUnit(task=task, unit=units[i % UNITS], role=TaskUnit.Role.LEAD)
            for i, task in enumerate(tasks)
        )
        periods.append(
            services.period_open(
                plan=plan,
                label=f"第{number}期",
                start=today - dt.timedelta(days=30),
                end=today + dt.timedelta(days=30),
                due_date=today - dt.timedelta(days=14),
            )
        )
    return {"bureau": bureau, "periods": periods, "today": today}


def _expected(world) -> set[tuple[int, str]]:
    """Every (user, key) the run must notify: one per task and staff member of its lead unit,
    one digest per digest user and period, one summary per admin and period."""
    today = world["today"]
    members: dict[int, list[User]] = {}
    for user in User.objects.filter(bureau=world["bureau"]).prefetch_related("units"):
        for unit in user.units.all():
            members.setdefault(unit.pk, []).append(user)
    admins = User.objects.filter(bureau=world["bureau"], role=User.Role.ADMIN)
    expected = set()
    for period in world["periods"]:
        for task_id, unit_id in TaskUnit.objects.filter(task__plan=period.plan_id).values_list(
            "task_id", "unit_id"
        ):
            for user in members[unit_id]:
                key = (
                    f"digest:{period.pk}:{today}:urge"
                    if user.daily_digest
                    else f"urge:{period.pk}:{task_id}"
                )
                expected.add((user.pk, key))
        expected |= {(admin.pk, f"late-units:{period.pk}:{today}") for admin in admins}
    return expected


def _kill_when_the_first_period_is_in(pids: list[int]) -> float:
    """SIGKILL `pids` as soon as the first escalations are visible: the first period is
    committed, the others are not. (Before the fix this was the moment between a period's
    escalations and its notifications, which the redo then skipped for good.)"""
    deadline = time.monotonic() + 120
    while not Escalation.objects.exists():
        assert time.monotonic() < deadline, "the job never started"
        time.sleep(0.01)
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()
    assert Escalation.objects.count() < PLANS * TASKS_PER_PLAN, "the run ended before the kill"
    return killed


def _wait_for_the_redo(result_id: str, expected: set) -> None:
    from django_celery_results.models import TaskResult

    def finished():  # a lost run is FAILURE (WorkerLostError) unless put back
        return TaskResult.objects.filter(task_id=result_id, status__in=["SUCCESS", "FAILURE"])

    assert wait_for(lambda: finished().exists(), timeout=180), (
        f"the job never finished: {Notification.objects.count()} of {len(expected)} "
        f"notifications, {Escalation.objects.count()} escalations"
    )
    assert finished().get().status == "SUCCESS", (
        f"the killed run was not redone: {Notification.objects.count()} of {len(expected)} "
        f"notifications, {Escalation.objects.count()} of {PLANS * TASKS_PER_PLAN} escalations"
    )


def _check_every_notification_once(world, expected: set) -> tuple[int, int]:
    """Returns (notifications, queued e-mails) after checking them."""
    notified = Counter(Notification.objects.values_list("user_id", "key"))
    missing, extra = expected - set(notified), set(notified) - expected
    assert not missing, f"{len(missing)} of {len(expected)} notifications lost for good"
    assert not extra, f"{len(extra)} unexpected notifications"
    assert max(notified.values()) == 1  # none twice
    # Every escalation has its notifications: one per task, each with its lead unit's staff.
    escalations = set(Escalation.objects.values_list("period_id", "task_id", "unit_id"))
    assert len(escalations) == Escalation.objects.count() == PLANS * TASKS_PER_PLAN
    assigned = {
        (period.pk, task_id, unit_id)
        for period in world["periods"]
        for task_id, unit_id in TaskUnit.objects.filter(task__plan=period.plan_id).values_list(
            "task_id", "unit_id"
        )
    }
    assert escalations == assigned
    # Each digest lists all of its unit's tasks, not just those of the run after the kill.
    for note in Notification.objects.filter(key__startswith="digest:"):
        unit = note.user.units.get()
        period_id = int(note.key.split(":")[1])
        count = TaskUnit.objects.filter(unit=unit, task__plan__periods=period_id).count()
        assert len(note.body.splitlines()) == count
    # One queued e-mail per notification of a user with an address, none twice.
    with_address = set(User.objects.exclude(email="").values_list("pk", flat=True))
    mailed = {(user_id, key) for user_id, key in expected if user_id in with_address}
    outbox = Counter(OutboxEmail.objects.values_list("key", flat=True))
    assert set(outbox) == {f"{user_id}:{key}" for user_id, key in mailed}
    assert max(outbox.values()) == 1
    return sum(notified.values()), len(outbox)


@pytest.mark.worker
@needs_worker
def test_killing_the_pool_process_mid_run_loses_and_doubles_nothing(prefork_worker):
    """The pool process dies (OOM killer, SIGKILL): the main process puts the job back and a
    new pool process redoes it at once."""
    queue, worker = prefork_worker
    world = _build_world()
    expected = _expected(world)
    assert wait_for(lambda: len(_children(worker.pid)) == 1, timeout=60), "no pool process"
    (child,) = _children(worker.pid)

    result = jobs.send_reminders.apply_async(queue=queue)
    started = time.monotonic()
    killed = _kill_when_the_first_period_is_in([child])
    found_at_kill, escalations_at_kill = Notification.objects.count(), Escalation.objects.count()
    _wait_for_the_redo(result.id, expected)
    redo_seconds = time.monotonic() - killed
    assert _children(worker.pid) != [child]  # the main process started a new pool process
    notifications, mails = _check_every_notification_once(world, expected)
    logger.info(  # the figures for the issue: pytest --log-cli-level=INFO shows them
        f"pool process killed: {PLANS * TASKS_PER_PLAN} tasks, {len(expected)} notifications "
        f"expected; at the kill ({killed - started:.1f} s in) {found_at_kill} notifications and "
        f"{escalations_at_kill} escalations; after the redo {notifications} notifications, "
        f"{mails} e-mails queued; redo finished {redo_seconds:.1f} s after the kill"
    )


@pytest.mark.worker
@needs_worker
def test_killing_the_whole_worker_mid_run_is_redone_by_the_next_one(transactional_db):
    """The worker and its pool process die together (the machine is lost): the message stays
    unacknowledged in Redis and the next worker gets it after the visibility timeout (30
    minutes in production; a few seconds here) and redoes it. (Before the fix, with its
    one-hour default, the redo lost the notifications of escalations already written.)"""
    queue = f"pytest-kill-{uuid.uuid4().hex[:8]}"
    world = _build_world()
    expected = _expected(world)
    first = _start_worker(queue)
    second = None
    try:
        assert wait_for(lambda: len(_children(first.pid)) == 1, timeout=60), "no pool process"
        result = jobs.send_reminders.apply_async(queue=queue)
        started = time.monotonic()
        killed = _kill_when_the_first_period_is_in([first.pid, *_children(first.pid)])
        first.wait(timeout=10)
        found_at_kill = Notification.objects.count()
        second = _start_worker(queue, quick_redelivery=True)
        _wait_for_the_redo(result.id, expected)
        redo_seconds = time.monotonic() - killed
        notifications, mails = _check_every_notification_once(world, expected)
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
    logger.info(
        f"whole worker killed ({killed - started:.1f} s in, {found_at_kill} notifications): "
        f"after the redo by the next worker {notifications} of {len(expected)} notifications, "
        f"{mails} e-mails queued; redo finished {redo_seconds:.1f} s after the kill"
    )


def test_a_lost_worker_puts_the_job_back_and_redis_redelivers_in_half_an_hour(tmp_path):
    """acks_late + reject_on_worker_lost: a killed pool process requeues its job at once. A
    killed (or vanished) worker's unacknowledged job comes back after the visibility timeout,
    explicit and longer than the 15-minute time limit (never redelivered while still running)."""
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from config.celery import app; "
        "print(app.conf.task_acks_late, app.conf.task_reject_on_worker_lost, "
        "s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], s.CELERY_TASK_TIME_LIMIT)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'settings.sqlite3'}",
    }
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    acks_late, reject, visibility, time_limit = done.stdout.split()[-4:]
    assert acks_late == reject == "True"
    assert int(time_limit) < int(visibility) <= 3600
