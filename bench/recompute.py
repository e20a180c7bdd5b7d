"""Full status recompute over bench/dataset.py data, beside one plain SQL UPDATE touching the same
rows in the same run (the ratio is the figure; aim: at most 5x); then one reminder run for
every unit.

    python bench/recompute.py            # PostgreSQL, 250 bureaus x 400 tasks = 100,000 tasks,
                                         # about 5,000 units
    python bench/recompute.py --quick    # SQLite, 5 x 200 tasks

Before the timed recompute every status is blanked, so every row really changes and is
written. For the reminders every plan gets an open period due in two working days, so every
task without a submitted report is reminded. The last line is one JSON object: {"tasks",
"seconds", "queries", "baseline_seconds", "ratio", "units", "reminder_seconds",
"reminder_queries", "reminders", "notifications", "database"}.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/portal_bench_recompute"


def fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS portal_bench_recompute")
        conn.execute("CREATE DATABASE portal_bench_recompute")
    return PG_BENCH


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="SQLite, 1,000 tasks")
    options = parser.parse_args()
    bureaus, per_plan = (5, 200) if options.quick else (250, 400)
    if options.quick:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='recompute-')}/bench.sqlite3"
    else:
        url = fresh_postgres()
    os.environ["DATABASE_URL"] = url
    os.environ["REDIS_URL"] = ""
    os.environ["EMAIL_URL"] = "dummymail://"  # the reminder run measures our work, not a console
    # Measured in-process with the project settings; a checkout has no SECRET_KEY, so DEBUG on
    # unless the caller sets it (production settings refuse to start without the key).
    os.environ.setdefault("DEBUG", "on")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.dataset import dataset_generate
    from tasks.services import statuses_and_unreported_recompute as statuses_recompute

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    dataset_generate(
        bureaus=bureaus, tasks_per_plan=per_plan, periods=6, year=timezone.localdate().year, seed=1
    )
    print(f"generated {bureaus * per_plan} tasks in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load

    def blank() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE tasks_task SET status = ''")

    blank()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = statuses_recompute()
        seconds = time.perf_counter() - started
    blank()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tasks_task SET status = 'on_track'")
    baseline = time.perf_counter() - started
    print(
        f"recompute {result['tasks']} tasks: {seconds:.2f} s in {len(queries)} queries; "
        f"plain UPDATE: {baseline:.2f} s; ratio {seconds / baseline:.1f}"
    )
    reminders = time_reminders(connection, CaptureQueriesContext)
    print(
        json.dumps(
            {
                "tasks": result["tasks"],
                "seconds": round(seconds, 2),
                "queries": len(queries),
                "baseline_seconds": round(baseline, 2),
                "ratio": round(seconds / baseline, 1),
                **reminders,
                "database": connection.vendor,
            }
        )
    )


def time_reminders(connection, capture) -> dict:
    import datetime as dt

    from django.utils import timezone

    from tasks.models import Notification, ReportingPeriod
    from tasks.services.chasing import reminders_send
    from tasks.workdays import WorkCalendar
    from workplans.models import Plan, Unit

    today = timezone.localdate()
    due = WorkCalendar().add(today, 2)
    ReportingPeriod.objects.update(status=ReportingPeriod.Status.CLOSED)
    ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(
                plan=plan,
                label="性能测试期",
                start=today - dt.timedelta(days=20),
                end=due,
                due_date=due,
            )
            for plan in Plan.objects.all()
        ],
        batch_size=2000,
    )
    with capture(connection) as queries:
        started = time.perf_counter()
        sent = reminders_send(today=today)
        seconds = time.perf_counter() - started
    units = Unit.objects.count()
    print(
        f"reminders for {units} units: {sum(sent.values())} steps, "
        f"{Notification.objects.count()} notifications in {seconds:.2f} s, "
        f"{len(queries)} queries"
    )
    return {
        "units": units,
        "reminder_seconds": round(seconds, 2),
        "reminder_queries": len(queries),
        "reminders": sum(sent.values()),
        "notifications": Notification.objects.count(),
    }


if __name__ == "__main__":
    main()
