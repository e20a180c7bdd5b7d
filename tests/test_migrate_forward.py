"""A database created by main at aeb2106 migrates forward with every row kept.

The fixtures in tests/fixtures/migrate_forward/ were built by that commit (see the README there).
Each case migrates its own copy in a subprocess, as a deployment would, then compares every
table's row count and a checksum of the task tables' rows before and after; the migrated state
must also match the models. The pytest-django test database is not used.
"""

import gzip
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "migrate_forward"
CHECKSUMMED = [
    "tasks_progressreport",
    "tasks_targetactual",
    "tasks_target",
    "tasks_task",
    "tasks_taskunit",
]
MAY_GROW = {"django_content_type", "auth_permission", "django_migrations"}
SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
POSTGRES_TABLES = (
    "SELECT table_name FROM information_schema.tables "
    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
)


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "SECRET_KEY": "test",
        "DEBUG": "on",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def snapshot(conn, tables_query: str, columns: dict[str, list[str]] | None = None) -> dict:
    """Row counts of every table; sha256 of the checksummed tables' rows in id order.

    `columns` names the columns to read (the old ones, so a column added later is no change);
    values are compared as str, which keeps floats and decimals stable within one backend.
    """
    tables = sorted(row[0] for row in conn.execute(tables_query))
    counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    sums, names = {}, {}
    for table in CHECKSUMMED:
        select = ", ".join(f'"{c}"' for c in columns[table]) if columns else "*"
        cursor = conn.execute(f'SELECT {select} FROM "{table}" ORDER BY id')
        names[table] = [d[0] for d in cursor.description]
        digest = hashlib.sha256()
        for row in cursor:
            digest.update(repr(tuple(None if v is None else str(v) for v in row)).encode())
        sums[table] = digest.hexdigest()
    logged = {r[0] for r in conn.execute("SELECT DISTINCT content_type_id FROM django_admin_log")}
    types = {r[0] for r in conn.execute("SELECT id FROM django_content_type")}
    return {"counts": counts, "sums": sums, "columns": names, "logged": logged, "types": types}


def assert_rows_kept(before: dict, after: dict) -> None:
    problems = []
    for table, count in before["counts"].items():
        now = after["counts"].get(table)
        if now is None:
            problems.append(f"{table}: table is gone ({count} rows)")
        elif now < count or (now != count and table not in MAY_GROW):
            problems.append(f"{table}: {count} rows before, {now} after")
    for table, digest in before["sums"].items():
        if after["sums"][table] != digest:
            problems.append(f"{table}: rows changed (checksum differs)")
    if missing := before["logged"] - after["types"]:
        problems.append(f"django_content_type: rows used by django_admin_log deleted: {missing}")
    assert not problems, "\n".join(problems)


def migrate_and_compare(database_url: str, connect, tables_query: str) -> None:
    with closing(connect()) as conn:
        before = snapshot(conn, tables_query)
    done = manage(database_url, "migrate", "--noinput")
    assert done.returncode == 0, done.stderr[-3000:]
    with closing(connect()) as conn:
        after = snapshot(conn, tables_query, before["columns"])
    assert_rows_kept(before, after)
    with closing(connect()) as conn:
        types = {tuple(r) for r in conn.execute("SELECT app_label, model FROM django_content_type")}
        jobs = {r[0] for r in conn.execute("SELECT task FROM django_celery_beat_periodictask")}
    # The moved models keep their content types (admin log, permissions) under the new app.
    for model in ("task", "taskunit", "target", "milestone", "historicaltask"):
        assert ("workplans", model) in types and ("tasks", model) not in types, model
    assert ("tasks", "workerheartbeat") in types
    assert "reports.record_worker_heartbeat" not in jobs
    # The moved models read the kept rows through their new app.
    read = manage(
        database_url,
        "shell",
        "-c",
        "from tasks.models import ProgressReport; from workplans.models import Task; "
        "print(Task.objects.count(), ProgressReport.objects.filter(task__plan__isnull=False)"
        ".count())",
    )
    assert read.returncode == 0, read.stderr[-3000:]
    tasks, reports = map(int, read.stdout.splitlines()[-1].split())
    assert (tasks, reports) == (
        before["counts"]["tasks_task"],
        before["counts"]["tasks_progressreport"],
    )

    check = manage(database_url, "makemigrations", "--check", "--dry-run")
    assert check.returncode == 0, (check.stdout + check.stderr)[-3000:]
    plan = manage(database_url, "showmigrations", "--plan")
    assert plan.returncode == 0, plan.stderr[-3000:]
    unapplied = [line for line in plan.stdout.splitlines() if line.startswith("[ ]")]
    assert not unapplied, "\n".join(unapplied)


def test_sqlite_database_from_main_migrates_forward(tmp_path):
    copy = tmp_path / "old.sqlite3"
    with gzip.open(FIXTURES / "main-aeb2106.sqlite3.gz") as source, copy.open("wb") as target:
        shutil.copyfileobj(source, target)
    migrate_and_compare(f"sqlite:///{copy}", lambda: sqlite3.connect(copy), SQLITE_TABLES)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL case: set DATABASE_URL=postgres://… (CI's second pass does)",
)
def test_postgres_database_from_main_migrates_forward():
    server = urlsplit(os.environ["DATABASE_URL"])
    name = f"portal_migfwd_{os.getpid()}"
    url = server._replace(path=f"/{name}").geturl()
    admin_url = server._replace(path="/postgres").geturl()
    assert shutil.which("psql"), "the PostgreSQL case restores the dump with psql"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        restore = subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"],
            input=gzip.decompress((FIXTURES / "main-aeb2106.postgres.sql.gz").read_bytes()),
            capture_output=True,
            timeout=300,
        )
        assert restore.returncode == 0, restore.stderr.decode()[-3000:]
        migrate_and_compare(url, lambda: psycopg.connect(url), POSTGRES_TABLES)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
