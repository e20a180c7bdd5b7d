"""Full status recompute over generate_dataset data, beside one plain SQL UPDATE touching the same
rows in the same run (the ratio is the figure; aim: at most 5x).

    python bench/recompute.py            # PostgreSQL, 100 bureaus x 1,000 tasks = 100,000 tasks
    python bench/recompute.py --quick    # SQLite, 5 x 200 tasks

Before the timed recompute every status is blanked, so every row really changes and is
written. The last line is one JSON object: {"tasks", "seconds", "queries", "baseline_seconds",
"ratio", "database"}.
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
    bureaus, per_plan = (5, 200) if options.quick else (100, 1000)
    if options.quick:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='recompute-')}/bench.sqlite3"
    else:
        url = fresh_postgres()
    os.environ["DATABASE_URL"] = url
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tasks.services import statuses_recompute

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("generate_dataset", bureaus=bureaus, tasks_per_plan=per_plan, periods=6,
                     stdout=quiet)  # fmt: skip
    print(f"generated {bureaus * per_plan} tasks in {time.perf_counter() - started:.1f} s")

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
    print(f"recompute {result['tasks']} tasks: {seconds:.2f} s in {len(queries)} queries; "
          f"plain UPDATE: {baseline:.2f} s; ratio {seconds / baseline:.1f}")  # fmt: skip
    print(json.dumps({
        "tasks": result["tasks"],
        "seconds": round(seconds, 2),
        "queries": len(queries),
        "baseline_seconds": round(baseline, 2),
        "ratio": round(seconds / baseline, 1),
        "database": connection.vendor,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
