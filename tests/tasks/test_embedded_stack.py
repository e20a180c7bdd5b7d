"""`make run`'s stack, started the way make starts it (manage.py runembedded) on a temporary
SQLite database and broker folder: beat sends a scheduled job, the worker runs it and stores its
result, the web server reports the worker in /healthz, a job published from another process is
run, and one SIGINT stops everything with no process left behind.

Needs no Redis: it runs in `make test` (and in CI's second pass, with REDIS_URL cleared).
"""

import json
import logging
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
logger = logging.getLogger(__name__)

SETUP = """
import django
django.setup()
from django.core.management import call_command
from django_celery_beat.models import IntervalSchedule, PeriodicTask
call_command("migrate", verbosity=0)
every, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
PeriodicTask.objects.create(
    name="embedded-test-heartbeat", task="tasks.record_worker_heartbeat", interval=every
)
"""

PUBLISH = """
import django
django.setup()
from tasks import jobs
print(jobs.enqueue(jobs.record_worker_heartbeat, "published-elsewhere"))
"""

RUNS = (
    "SELECT COUNT(*) FROM django_celery_results_taskresult "
    "WHERE periodic_task_name = ? AND status = 'SUCCESS'"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, state) of every process, from /proc."""
    found = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            found[int(entry.name)] = (int(ppid), state)
    return found


def descendants(pid: int) -> set[int]:
    table = processes()
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, _) in table.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def running(pids: set[int]) -> set[int]:
    table = processes()
    return {pid for pid in pids if pid in table and table[pid][1] != "Z"}


def query(db: Path, sql: str, *params) -> list[tuple]:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:  # a table not there yet, or a lock: ask again
        return []


def wait_for(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.25)
    return None


def healthz(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return json.load(response)
    except OSError:
        return None


@pytest.mark.embedded
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_embedded_stack_runs_scheduled_jobs_and_stops_cleanly(tmp_path, record_property):
    db = tmp_path / "embedded.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{db}",
        "BROKER_DIR": str(tmp_path / "broker"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "REDIS_URL": "",
        "DEBUG": "on",
        "SECRET_KEY": "embedded-stack-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    setup = subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=120)  # fmt: skip
    assert setup.returncode == 0, setup.stderr[-3000:]

    port = free_port()
    log = (tmp_path / "stack.log").open("w")
    started = time.monotonic()
    launcher = subprocess.Popen(
        [sys.executable, "manage.py", "runembedded", f"127.0.0.1:{port}", "--concurrency", "1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    children: set[int] = set()
    try:
        # Beat sends the 2-second job, the worker runs it and stores its result.
        done = wait_for(
            lambda: query(
                db,
                "SELECT status, task_name FROM django_celery_results_taskresult "
                "WHERE periodic_task_name = ? AND status = 'SUCCESS'",
                "embedded-test-heartbeat",
            ),
            timeout=30,
        )
        first_result = time.monotonic() - started
        assert done, (tmp_path / "stack.log").read_text()[-3000:]
        assert done[0] == ("SUCCESS", "tasks.record_worker_heartbeat")
        assert query(db, "SELECT hostname FROM reports_workerheartbeat WHERE source = 'beat'")

        # The web server publishes to the same broker and sees the worker through heartbeats.
        report = wait_for(lambda: healthz(port), timeout=15)
        assert report, (tmp_path / "stack.log").read_text()[-3000:]
        assert report["broker"]["mode"] == "filesystem"
        assert report["workers"]["mode"] == "heartbeat" and report["workers"]["count"] >= 1
        assert report["beat"]["ok"] is True and report["status"] == "ok"

        # A job published by another process (as a page does for an export) reaches the worker.
        published = subprocess.run([sys.executable, "-c", PUBLISH], cwd=ROOT, env=env,
                                   capture_output=True, text=True, timeout=60)  # fmt: skip
        assert published.stdout.split()[-1:] == ["True"], published.stderr[-2000:]
        assert wait_for(
            lambda: query(
                db, "SELECT 1 FROM reports_workerheartbeat WHERE source = 'published-elsewhere'"
            ),
            timeout=15,
        )
        # …and beat keeps sending it: the schedule repeats.
        runs = wait_for(
            lambda: [n for (n,) in query(db, RUNS, "embedded-test-heartbeat") if n >= 2],
            timeout=15,
        )
        assert runs, (tmp_path / "stack.log").read_text()[-3000:]

        children = descendants(launcher.pid)
        assert len(children) >= 4  # web server, worker and its pool process, beat
    finally:
        stopping = time.monotonic()
        launcher.send_signal(signal.SIGINT)  # what Ctrl+C in make's terminal sends it
        try:
            launcher.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            for pid in running(children | descendants(launcher.pid)):
                os.kill(pid, signal.SIGKILL)
            raise
        finally:
            log.close()
    stopped = time.monotonic() - stopping
    assert launcher.returncode == 0, (tmp_path / "stack.log").read_text()[-3000:]
    assert wait_for(lambda: not running(children), timeout=5), running(children)
    assert "已全部停止" in (tmp_path / "stack.log").read_text()
    record_property("first_scheduled_result_seconds", round(first_result, 1))
    record_property("scheduled_runs_seen", runs[0])
    record_property("stop_seconds", round(stopped, 1))
    logger.info(
        "first scheduled result %.1fs after start; %s runs of the 2-second job; stopped in %.1fs",
        first_result,
        runs[0],
        stopped,
    )
