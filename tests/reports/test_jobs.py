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
from reports import jobs
from reports.models import WorkerHeartbeat

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
