"""Jobs run in-process without Redis, and through a real Celery worker when REDIS_URL is set.

The worker tests start `celery -A config worker` as a separate process on the test database
(PostgreSQL only: an SQLite test database lives in this process's memory), enqueue a job on a
queue of their own, and watch the database for its effect.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from tasks import jobs
from tasks.models import WorkerHeartbeat

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def in_process_jobs():
    """The embedded default (no REDIS_URL), also in CI's Redis pass."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def test_job_runs_in_process_without_broker(db, in_process_jobs):
    jobs.record_worker_heartbeat.delay("in-process-test")
    jobs.record_worker_heartbeat.delay("in-process-test")
    beat = WorkerHeartbeat.objects.get(source="in-process-test")
    assert beat.runs == 2  # one row per source, however often it runs


def test_beat_schedule_names_real_jobs():
    celery_app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in celery_app.tasks, entry


needs_worker = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL or connection.vendor != "postgresql",
    reason="a real worker needs REDIS_URL and a PostgreSQL DATABASE_URL (CI's second pass)",
)


@pytest.fixture
def worker(transactional_db):
    queue = f"pytest-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.CELERY_BROKER_URL,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
         "--queues", queue, "--hostname", f"{queue}@%h", "--loglevel", "WARNING",
         "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    yield queue
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for(predicate, timeout: float = 45.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
@needs_worker
def test_real_worker_runs_enqueued_job(worker):
    source = f"worker-test-{worker}"
    jobs.record_worker_heartbeat.apply_async(args=[source], queue=worker)
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(source=source).exists())
    beat = WorkerHeartbeat.objects.get(source=source)
    assert beat.runs == 1 and beat.hostname


@pytest.mark.worker
@needs_worker
def test_healthz_counts_the_running_worker(worker, client):
    def worker_seen() -> bool:
        body = client.get("/healthz").json()
        return body["workers"]["ok"] and any(worker in name for name in body["workers"]["names"])

    assert wait_for(worker_seen)
    assert client.get("/healthz").json()["broker"] == {"ok": True, "mode": "redis"}


def test_enqueue_gives_up_at_once_when_the_broker_is_down(tmp_path):
    """REDIS_URL at a closed port: enqueueing returns at once instead of keeping the caller
    (a page saving a report) waiting; the nightly recompute catches up later."""
    probe = (
        "import django, time; django.setup(); from tasks import jobs; "
        "t = time.monotonic(); ok = jobs.enqueue(jobs.recompute_plan_statuses, 1); "
        "print(ok, round(time.monotonic() - t, 2))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'down.sqlite3'}",
    }
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    ok, seconds = done.stdout.split()[-2:]
    assert ok == "False"
    assert float(seconds) < 2  # generous: it gives up in well under a second, not 19 s


@pytest.mark.worker
@needs_worker
def test_real_worker_recomputes_a_task_status(worker, world):
    """Enqueue the recompute job on the real worker and watch the status change in the DB."""
    from tasks import jobs as task_jobs
    from workplans.models import Task, TaskStatus

    Task.objects.filter(pk=world.task_a.pk).update(progress=100, status=TaskStatus.ON_TRACK)
    task_jobs.recompute_plan_statuses.apply_async(args=[world.plan.pk], queue=worker)
    assert wait_for(lambda: Task.objects.get(pk=world.task_a.pk).status == TaskStatus.DONE)


REDIS_DOWN_JOURNEY = """
import django, time
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # publishes: enqueues
from tasks.models import ProgressReport
report = ProgressReport.objects.get(status="submitted")
client = Client()
assert client.login(username="duchashi", password="demo2026")
started = time.monotonic()
response = client.post(f"/tasks/reports/{report.pk}/review/", {"decision": "approve"})
print(response.status_code, round(time.monotonic() - started, 2),
      ProgressReport.objects.get(pk=report.pk).status)
"""


def test_office_keeps_working_when_redis_is_down(tmp_path):
    """REDIS_URL at a closed port: publishing a plan and approving a report (both enqueue a
    recompute) still succeed at once; the nightly recompute catches up."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ALLOWED_HOSTS": "testserver",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'down.sqlite3'}",
    }
    done = subprocess.run([sys.executable, "-c", REDIS_DOWN_JOURNEY], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    status_code, seconds, report_status = done.stdout.split()[-3:]
    assert status_code == "302" and report_status == "approved"
    assert float(seconds) < 3  # no 19-second wait on the broker
