"""The staff desk and the deadline day: desk page and report submission times, and how many
submissions per second the server takes compared with a bare Django view.

    python bench/desk.py            # PostgreSQL, 50 bureaus x 300 tasks x 12 periods, ~2 min
    python bench/desk.py --quick    # SQLite, 8 x 300 x 3, short runs, under a minute

Data. A scratch database (PostgreSQL `portal_bench_desk`, dropped and recreated each run and left
behind for inspection; with --quick a SQLite file in a temporary directory) is migrated and filled
by bench/dataset.py (`dataset_generate`, this year, seed 1). The first bureau's plan gets a new
unit that leads all of its tasks (300; a bulk update of the lead TaskUnit rows and of the
reports' unit), the second bureau's a new unit leading 30 of its tasks; each new unit has one
staff user (password hashed once with make_password). Everything runs with DEBUG off and the
project's settings (bench/settings_desk.py only moves collectstatic's output to a scratch
directory: DEBUG off needs the static manifest).

In-process (django.test.Client, time.perf_counter around each request, after a warm-up):
- desk_queries_30 / desk_queries_300: SQL queries (CaptureQueriesContext) of GET /tasks/mine/ for
  the staff user of each unit; equal when the desk is built in a fixed number of queries.
- desk_p95_ms: GET /tasks/mine/ for the 300-task unit's user, ~200 requests.
- submit_p95_ms: POST /tasks/<id>/report/ with action=submit, once each on ~200 different tasks
  of the 300-task unit, sent as the task page sends it (hx-post: an HX-Request header, so the
  answer is the refreshed report card and its timeline line, 200). submit_queries: the median
  number of SQL queries of one (submit_queries_max the most).

Submissions never repeat: a submitted report cannot be submitted again, and a draft saved with a
stale version is refused. So every request (in-process and under load) submits a task that has
no submitted report in the open period yet, exactly once: when the task has a draft there (~30%
of tasks), the request submits that draft with the draft's version; otherwise it has no version
and creates and submits the report in one request. Each task is used once per run and the
database is recreated on the next run, so nothing has to be reset between loads. Each request
carries the narrative, percent, problems, next steps and every target's actual value.

Deadline day: gunicorn (2 sync workers, DEBUG off, SECRET_KEY set, ALLOWED_HOSTS=127.0.0.1)
serving bench/bare_wsgi.py: the project's application plus one bench-only URL, GET /bench-bare/
(a Django view exempt from login; no URL is added to the project). wrk (Debian package) runs
over loopback, 2 threads x 16 connections, with bench/desk_wrk.lua, in 3 rounds (--quick: 2) of
5 s of (b) then 5 s of (a) (--quick: 2 s each), so that both figures of a round see the machine
at the same speed; each round submits its own share of the pool:
- (a) submissions by many staff sessions: every task of the database not used above whose lead
  unit has a staff member (the generated staff users, and the two bench users), shuffled; a
  session per user (Client.force_login) and a CSRF cookie + X-CSRFToken header per session.
  wrk counts a response as a submission only when it is a 200 with the "已报送" notice, and
  the database is checked afterwards (submitted reports in the open period for those tasks).
- (b) GET /bench-bare/ on the same server.
submit_rps / bare_rps are successful responses per second over all rounds; *_p99_ms_load are
wrk's p99 latencies (the worst round's; queueing behind the two workers included). The ratio
submit_bare_ratio = submit_rps / bare_rps says how much of the server's capacity a submission
costs; round_ratios are each round's, median_round_ratio their median.

The last line is one JSON object: {"desk_p95_ms", "submit_p95_ms", "desk_queries_30",
"desk_queries_300", "submit_rps", "bare_rps", ...more figures}.
"""

import argparse
import gc
import json
import os
import random
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/ is on the path, the project is not
    sys.path.insert(0, str(ROOT))

from bench.serving import (  # noqa: E402
    WORKERS,
    WRK_THREADS,
    analyze,
    bench_setup,
    free_port,
    http_request,
    ms,
    percentile,
    run_wrk,
    start_gunicorn,
    stop,
)

PG_DB = "portal_bench_desk"
WRK_SCRIPT = ROOT / "bench" / "desk_wrk.lua"
BENCH_PASSWORD = "desk-bench-2026"
OK_TEXT = "已报送，等待督查室审核。"
HTMX = {"HX-Request": "true"}  # the task page posts the report form with hx-post


# --- Data -------------------------------------------------------------------------------------
def prepare_desk_units():
    """A unit leading all 300 tasks of the first plan, one leading 30 of the second's; a staff
    user for each. Returns (user300, user30, tasks of the 300-task unit)."""
    from django.contrib.auth.hashers import make_password

    from tasks.models import ProgressReport
    from workplans.models import Plan, Task, TaskUnit, Unit, User

    plan300, plan30 = Plan.objects.order_by("pk")[:2]
    password = make_password(BENCH_PASSWORD)
    users = []
    for plan, code, count in ((plan300, "300", None), (plan30, "30", 30)):
        unit = Unit.objects.create(
            bureau_id=plan.bureau_id,
            name=f"基准测试{code}股",
            kind=Unit.Kind.OFFICE,
            sort_order=999,
        )
        task_ids = list(plan.tasks.order_by("order").values_list("pk", flat=True))
        if count:
            task_ids = task_ids[:: len(task_ids) // count][:count]
        # The new unit has no assignments yet, so moving the lead rows cannot collide.
        TaskUnit.objects.filter(task_id__in=task_ids, role=TaskUnit.Role.LEAD).update(unit=unit)
        ProgressReport.objects.filter(task_id__in=task_ids).update(unit=unit)
        user = User.objects.create(
            username=f"bench_desk{code}",
            full_name=f"测试{code}",
            role=User.Role.STAFF,
            bureau_id=plan.bureau_id,
            password=password,
        )
        user.units.set([unit])
        users.append(user)
    tasks300 = list(Task.objects.filter(plan=plan300).order_by("order"))
    return users[0], users[1], tasks300


def submission(task, draft_versions: dict, targets: dict, rng: random.Random) -> dict:
    """The form a lead unit posts to submit this task's report for the open period."""
    percent = min(100, task.progress + rng.choice([0, 5, 10]))
    data = {
        "version": draft_versions.get(task.pk, ""),
        "narrative": f"本月围绕“{task.title}”扎实推进各项工作，累计完成全年任务的{percent}%。",
        "percent": percent,
        "problems": "部分基层单位工作进度不平衡，专业技术人员不足。",
        "next_steps": "下月将加强督导调度，确保按时间节点完成任务。",
        "action": "submit",
    }
    for target_id, value in targets.get(task.pk, []):
        data[f"target_{target_id}"] = value
    return data


def open_drafts(task_ids: list[int]) -> dict[int, int]:
    from tasks.models import ProgressReport, ReportingPeriod

    rows = ProgressReport.objects.filter(
        task_id__in=task_ids, period__status=ReportingPeriod.Status.OPEN
    ).values_list("task_id", "version", "status")
    found = {}
    for task_id, version, status in rows:
        if status != "draft":
            raise SystemExit(f"task {task_id} already has a {status} report in the open period")
        found[task_id] = version
    return found


def target_values(task_ids: list[int]) -> dict[int, list]:
    from workplans.models import Target

    found: dict[int, list] = {}
    for target_id, task_id, value, actual in Target.objects.filter(
        task_id__in=task_ids
    ).values_list("pk", "task_id", "value", "latest_actual"):
        shown = actual if actual is not None else value / 2
        found.setdefault(task_id, []).append((target_id, f"{shown.normalize():f}"))
    return found


# --- In-process -------------------------------------------------------------------------------
def desk_queries(client) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/tasks/mine/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/tasks/mine/")
    assert response.status_code == 200, response.status_code
    return len(queries.captured_queries), response.content.decode().count('id="desk-task-')


def time_desk(client, requests: int) -> list[float]:
    for _ in range(5):
        client.get("/tasks/mine/")
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get("/tasks/mine/")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return times


def time_submits(client, tasks, warmup: int) -> tuple[list[float], int, list[int]]:
    """Times of the submissions after the first `warmup`; failures; queries per request."""
    from django.db import connection

    ids = [t.pk for t in tasks]
    drafts, targets = open_drafts(ids), target_values(ids)
    rng = random.Random(1)
    times, failures, queries = [], 0, []
    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        for index, task in enumerate(tasks):
            data = submission(task, drafts, targets, rng)
            count[0] = 0
            started = time.perf_counter()
            response = client.post(f"/tasks/{task.pk}/report/", data, headers=HTMX)
            elapsed = time.perf_counter() - started
            if index >= warmup:
                times.append(elapsed)
                queries.append(count[0])
            if response.status_code != 200 or OK_TEXT not in response.content.decode():
                failures += 1
    return times, failures, queries


# --- Deadline day -----------------------------------------------------------------------------
def load_pool(exclude: set[int], user300, user30) -> list[tuple[int, int]]:
    """(task id, user id) for every task not used yet whose lead unit has a staff member."""
    from workplans.models import TaskUnit, User

    members: dict[int, list[int]] = {}
    for user_id, unit_id in User.units.through.objects.filter(
        user__role=User.Role.STAFF
    ).values_list("user_id", "unit_id"):
        members.setdefault(unit_id, []).append(user_id)
    pool = []
    leads = TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).values_list("task_id", "unit_id")
    for task_id, unit_id in leads.order_by("task_id"):
        if task_id not in exclude and unit_id in members:
            staff = members[unit_id]
            pool.append((task_id, staff[task_id % len(staff)]))
    random.Random(2).shuffle(pool)
    return pool


def sessions_for(user_ids: set[int]) -> dict[int, tuple[str, str]]:
    """A logged-in session and a CSRF secret per user: (Cookie header, X-CSRFToken)."""
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from workplans.models import User

    found = {}
    for user in User.objects.filter(pk__in=user_ids):
        client = Client()
        client.force_login(user)
        csrf = _get_new_csrf_string()
        session = client.cookies["sessionid"].value
        found[user.pk] = (f"sessionid={session}; csrftoken={csrf}", csrf)
    return found


def write_requests(path: Path, pool, sessions) -> None:
    from workplans.models import Task

    ids = [task_id for task_id, _ in pool]
    tasks = Task.objects.in_bulk(ids)
    drafts, targets = open_drafts(ids), target_values(ids)
    rng = random.Random(3)
    with path.open("w") as out:
        for task_id, user_id in pool:
            cookie, token = sessions[user_id]
            body = urlencode(submission(tasks[task_id], drafts, targets, rng))
            out.write(f"/tasks/{task_id}/report/\t{cookie}\t{token}\t{body}\n")


def warm_up(port: int, lines: list[str]) -> None:
    """Each worker loads its templates and connections: bare GETs and a few real submissions
    from concurrent connections."""

    def post(line: str) -> None:
        path, cookie, token, body = line.rstrip("\n").split("\t", 3)
        headers = {
            "Cookie": cookie,
            "X-CSRFToken": token,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        status, content = http_request(port, "POST", path, body, headers)
        if status != 200 or OK_TEXT.encode() not in content:
            shown = content[:500].decode(errors="replace")
            sys.exit(f"warm-up submission failed: {status} {shown}")

    for _ in range(20):
        http_request(port, "GET", "/bench-bare/")
    workers = [threading.Thread(target=post, args=(line,)) for line in lines]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def combined(runs: list[dict]) -> dict:
    """The rounds of one kind as one run: counts and durations added, the worst round's p99."""
    total = {key: sum(run[key] for run in runs) for key in ("ok", "bad", "exhausted", "errors")}
    total["duration_us"] = sum(run["duration_us"] for run in runs)
    total["p99_us"] = max(run["p99_us"] for run in runs)
    return total


def per_second(run: dict) -> float:
    return run["ok"] / (run["duration_us"] / 1e6)


# --- Main -------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="SQLite, small data, under a minute")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    # --quick: 8 bureaus, so that 2 x 2 s of load do not use up the tasks left to submit.
    bureaus, tasks_per_plan, periods = (8, 300, 3) if options.quick else (50, 300, 12)
    requests = 30 if options.quick else 200
    # Deadline day in alternating rounds (bare, then submissions), so that both figures of a
    # round see the same machine: a shared machine's speed drifts between runs by ±15 %.
    rounds, load_seconds = (2, 2) if options.quick else (3, 5)
    connections = 16
    load_before = round(os.getloadavg()[0], 2)  # the machine is shared: other jobs skew times

    scratch, env = bench_setup("desk", quick=options.quick, pg_database=PG_DB)
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from bench.dataset import dataset_generate
    from tasks.models import ProgressReport, ReportingPeriod, ReportStatus

    gunicorn = None
    try:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        started = time.perf_counter()
        dataset_generate(
            bureaus=bureaus,
            tasks_per_plan=tasks_per_plan,
            periods=periods,
            year=timezone.localdate().year,
            seed=1,
        )
        generate_seconds = time.perf_counter() - started
        user300, user30, tasks300 = prepare_desk_units()
        analyze()
        # As each gunicorn worker does once it has loaded the app (config/wsgi.py).
        gc.collect()
        gc.freeze()

        # Desk: queries for both users, then times for the 300-task one.
        client300, client30 = Client(), Client()
        assert client300.login(username=user300.username, password=BENCH_PASSWORD)
        assert client30.login(username=user30.username, password=BENCH_PASSWORD)
        queries_300, rows_300 = desk_queries(client300)
        queries_30, rows_30 = desk_queries(client30)
        if (rows_300, rows_30) != (300, 30):
            sys.exit(f"desk rows: {rows_300} and {rows_30}, expected 300 and 30")
        desk_times = time_desk(client300, requests)

        # Submissions on different tasks of the 300-task unit (3 warm-ups not timed).
        warmup = 3
        submit_tasks = tasks300[: requests + warmup]
        submit_times, submit_failures, submit_queries = time_submits(
            client300, submit_tasks, warmup
        )
        if submit_failures:
            sys.exit(f"{submit_failures} in-process submissions failed")

        # Deadline day.
        used = {t.pk for t in submit_tasks}
        pool = load_pool(used, user300, user30)
        warm, pool = pool[: 4 * WORKERS], pool[4 * WORKERS :]
        sessions = sessions_for({user_id for _, user_id in warm + pool})
        requests_file = scratch / "submissions.tsv"
        write_requests(requests_file, warm + pool, sessions)
        lines = requests_file.read_text().splitlines(keepends=True)
        requests_file.write_text("".join(lines[len(warm) :]))
        # Each round submits its own share of the pool: a task is submitted once.
        shares = [lines[len(warm) + i :: rounds] for i in range(rounds)]
        port = free_port()
        gunicorn = start_gunicorn(env, port, scratch / "gunicorn.log")
        warm_up(port, lines[: len(warm)])
        base = f"http://127.0.0.1:{port}"
        bare_runs, submit_runs = [], []
        for number, share in enumerate(shares):
            share_file = scratch / f"submissions-{number}.tsv"
            share_file.write_text("".join(share))
            bare_runs.append(
                run_wrk(f"{base}/bench-bare/", load_seconds, connections, "bare", script=WRK_SCRIPT)
            )
            submit_runs.append(
                run_wrk(
                    f"{base}/",
                    load_seconds,
                    connections,
                    "submit",
                    str(share_file),
                    str(WRK_THREADS),
                    script=WRK_SCRIPT,
                )
            )
        bare, submit = combined(bare_runs), combined(submit_runs)
        stop(gunicorn)
        saved = ProgressReport.objects.filter(
            task_id__in=[task_id for task_id, _ in pool],
            period__status=ReportingPeriod.Status.OPEN,
            status=ReportStatus.SUBMITTED,
        ).count()
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        log = scratch / "gunicorn.log"
        errors = log.read_text() if log.exists() else ""
        shutil.rmtree(scratch, ignore_errors=True)

    failed = submit["bad"] - submit["exhausted"] + submit["errors"]
    if failed or submit["exhausted"] or bare["bad"] or bare["errors"]:
        print(f"warning: submit {submit}, bare {bare}", file=sys.stderr)
        print(errors[-3000:], file=sys.stderr)
    if queries_30 != queries_300:
        print(
            f"warning: the desk takes {queries_30} queries for 30 tasks and {queries_300} for 300",
            file=sys.stderr,
        )
    submit_rps, bare_rps = per_second(submit), per_second(bare)
    round_ratios = [
        round(per_second(s) / per_second(b), 4) for b, s in zip(bare_runs, submit_runs, strict=True)
    ]
    print(
        f"desk: {len(desk_times)} GETs, median {ms(statistics.median(desk_times))} ms; "
        f"submit: {len(submit_times)} POSTs, median {ms(statistics.median(submit_times))} ms; "
        f"load: {submit['ok']} submissions in {rounds} x {load_seconds} s ({saved} saved, pool "
        f"{len(pool)}, {len(sessions)} sessions), {bare['ok']} bare GETs"
    )
    print(
        json.dumps(
            {
                "database": "sqlite" if options.quick else "postgresql",
                "bureaus": bureaus,
                "tasks_per_plan": tasks_per_plan,
                "periods": periods,
                "generate_seconds": round(generate_seconds, 2),
                "desk_tasks": rows_300,
                "desk_p50_ms": ms(statistics.median(desk_times)),
                "desk_p95_ms": ms(percentile(desk_times, 0.95)),
                "desk_p99_ms": ms(percentile(desk_times, 0.99)),
                "desk_queries_30": queries_30,
                "desk_queries_300": queries_300,
                "submit_p50_ms": ms(statistics.median(submit_times)),
                "submit_p95_ms": ms(percentile(submit_times, 0.95)),
                "submit_p99_ms": ms(percentile(submit_times, 0.99)),
                "submit_queries": round(statistics.median(submit_queries)),
                "submit_queries_max": max(submit_queries),
                "submit_rps": round(submit_rps, 1),
                "submit_p99_ms_load": round(submit["p99_us"] / 1000, 1),
                "submit_ok": submit["ok"],
                "submit_failed": failed,
                "submit_saved": saved,
                "bare_rps": round(bare_rps, 1),
                "bare_p99_ms_load": round(bare["p99_us"] / 1000, 1),
                "submit_bare_ratio": round(submit_rps / bare_rps, 4),
                "round_ratios": round_ratios,
                "median_round_ratio": round(statistics.median(round_ratios), 4),
                "rounds": rounds,
                "load_seconds": load_seconds,
                "connections": connections,
                "workers": WORKERS,
                "sessions": len(sessions),
                "loadavg_1m": [load_before, round(os.getloadavg()[0], 2)],
            }
        )
    )


if __name__ == "__main__":
    main()
