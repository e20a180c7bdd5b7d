"""Time `bench/make_dataset.py` on a scratch database and print the figures.

    python bench/generate_dataset.py            # 50 bureaus x 300 tasks x 12 periods
    python bench/generate_dataset.py --quick    # 3 x 30 x 3, seconds
    python bench/generate_dataset.py --postgres # on PostgreSQL (database portal_bench, recreated)

The last line is one JSON object: {"database", "bureaus", "tasks_per_plan", "periods", "tasks",
"rows", "seconds", "rows_per_second"}.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/portal_bench"


def manage(database_url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": ""}
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(done.stderr[-3000:])
    return done.stdout


def make_dataset(database_url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": ""}
    done = subprocess.run(
        [sys.executable, "bench/make_dataset.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(done.stderr[-3000:])
    return done.stdout


def fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS portal_bench")
        conn.execute("CREATE DATABASE portal_bench")
    return PG_BENCH


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, under a minute")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    options = parser.parse_args()
    bureaus, tasks, periods = (3, 30, 3) if options.quick else (50, 300, 12)

    with tempfile.TemporaryDirectory() as scratch:
        if options.postgres:
            database_url = fresh_postgres()
        else:
            database_url = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        manage(database_url, "migrate", "--noinput", "-v", "0")
        started = time.perf_counter()
        summary = make_dataset(
            database_url,
            "--bureaus",
            str(bureaus),
            "--tasks-per-plan",
            str(tasks),
            "--periods",
            str(periods),
        )
        seconds = time.perf_counter() - started
        counts = json.loads(
            manage(
                database_url,
                "shell",
                "-c",
                "import json; from django.apps import apps; "
                "print(json.dumps({m._meta.label: m._default_manager.count() "
                "for m in apps.get_models() if m._meta.app_label in "
                "('workplans', 'tasks')}))",
            )
            .strip()
            .splitlines()[-1]
        )
    print(summary.strip())
    rows = sum(counts.values())
    print(
        json.dumps(
            {
                "database": "postgresql" if options.postgres else "sqlite",
                "bureaus": bureaus,
                "tasks_per_plan": tasks,
                "periods": periods,
                "tasks": counts["workplans.Task"],
                "rows": rows,
                "seconds": round(seconds, 2),
                "rows_per_second": round(rows / seconds),
            }
        )
    )


if __name__ == "__main__":
    main()
