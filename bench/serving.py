"""What the load benchmarks share (bench/desk.py, bench/dashboard.py): a scratch PostgreSQL
database, the environment the measured server runs with, gunicorn serving bench/bare_wsgi.py,
wrk with a Lua script, and the figures' arithmetic.

The server is gunicorn with WORKERS sync workers on a free loopback port, in its own process
group (stop() ends that group and nothing else), with DEBUG off and the project's settings but
for bench/settings_desk.py's scratch STATIC_ROOT. wrk runs WRK_THREADS threads; each script's
done() prints one line `WRK_JSON {...}` that run_wrk() returns as a dict.
"""

import http.client
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
WRK_THREADS = 2
WORKERS = 2


def fresh_postgres(name: str) -> str:
    """Drop and create the scratch database `name`; its URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def server_env(database_url: str, scratch: Path, secret: str) -> dict:
    """The environment of the measured server (and of the in-process part): DEBUG off, static
    files collected into `scratch`, no Redis (jobs run in-process)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings_desk",
        "BENCH_STATIC_ROOT": str(scratch / "static"),
        "DATABASE_URL": database_url,
        "DEBUG": "off",
        "SECURE_SSL_REDIRECT": "off",  # measured over plain http
        "SECRET_KEY": f"{secret}-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }


def bench_setup(name: str, *, quick: bool, pg_database: str) -> tuple[Path, dict]:
    """A scratch directory and database (SQLite in it with --quick, else a fresh PostgreSQL
    database), this process's environment set as the measured server's, and Django set up for
    the in-process part. Returns (scratch, the server's environment)."""
    scratch = Path(tempfile.mkdtemp(prefix=f"bench_{name}_"))
    if quick:
        database_url = f"sqlite:///{scratch / 'bench.sqlite3'}"
    else:
        database_url = fresh_postgres(pg_database)
    env = server_env(database_url, scratch, f"bench-{name}")
    os.environ.update(env)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"  # the test Client's host, in-process
    import django

    django.setup()
    return scratch, env


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def analyze() -> None:
    """Planner statistics for the freshly loaded tables, as autovacuum would gather them later
    (in the middle of the measurements)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def http_request(port: int, method: str, path: str, body: str = "", headers=None):
    """(status, body) of one request on a new connection."""
    status, _, content = http_exchange(port, method, path, body, headers)
    return status, content


def http_exchange(port: int, method: str, path: str, body: str = "", headers=None):
    """(status, response headers, body) of one request on a new connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    """gunicorn serving bench/bare_wsgi.py, once it answers GET /bench-bare/."""
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [
        str(gunicorn if gunicorn.exists() else shutil.which("gunicorn")),
        "bench.bare_wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(ROOT),
        "--timeout",
        "60",
        "--error-logfile",
        str(log),
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if http_request(port, "GET", "/bench-bare/")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    stop(process)
    sys.exit(f"gunicorn did not answer within 30 s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    """End the gunicorn this script started (its own process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def run_wrk(url: str, seconds: int, connections: int, *args: str, script: Path) -> dict:
    """Run wrk with `script` (its arguments after --) and return its WRK_JSON line."""
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
        "--",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    for line in done.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))
    sys.exit(f"wrk failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-2000:]}")
