"""The leader's dashboards under load: one bureau's plan dashboard and a commission's oversight
of 50 bureaus, beside a bare Django view running one indexed query, on the same server.

    python bench/dashboard.py            # PostgreSQL, 250 bureaus x 400 tasks x 12 periods
    python bench/dashboard.py --quick    # SQLite, 10 x 100 x 12, 3 s loads, under a minute

Data. A scratch database (PostgreSQL `portal_bench_dashboard`, dropped and recreated each run and
left behind for inspection; with --quick a SQLite file in a temporary directory) is migrated and
filled by bench/dataset.py (`dataset_generate`, this year, seed 1): 250 bureaus, one published
plan of 400 tasks each (100,000 tasks), 12 monthly periods (January to November closed, December
open), about 85% of tasks with a report in each closed period, most of them approved, so the
trend has approved history in every past period (the trend shows the periods ended before today:
run on 30 November, January to October and 截至今日). The dataset's statuses are the engine's as
of the open period's end; the pages read them as written. Then:
- a commission bureau, 市卫生健康委员会, is made the 上级机构 of the first 50 generated bureaus
  (--quick: all 10), with one 局领导 user; its GET /oversight/ shows those 50 side by side;
- the plan dashboarded is the first bureau's, read by that bureau's generated 局领导
  (s1_b001_leader);
- a second, small dataset (seed 2: one bureau, one plan of 20 tasks, the same 12 periods) gives
  the small plan for the query count.
Everything runs with DEBUG off and the project's settings (bench/settings_desk.py only moves
collectstatic's output to a scratch directory); the cache is the default one, local memory per
process, as in production.

In-process (django.test.Client logged in with force_login, time.perf_counter around each
request):
- queries_small / queries_large: SQL queries (CaptureQueriesContext, session and user included)
  of one GET /plans/<id>/dashboard/ with the cache just cleared, for the 20-task plan (its own
  bureau's 局领导) and the 400-task one; equal when the dashboard is built in a fixed number of
  queries. queries_cached: the same request for the large plan with its figures in the cache.
  oversight_queries: GET /oversight/ for the commission's leader.
- dashboard_cold_* / oversight_cold_*: p50 / p95 of 20 requests, the cache cleared before each
  (outside the timing), so every dashboard computes its figures (the oversight page keeps no
  cache; it is cleared all the same). home_cold_*: GET /dashboard/ (the leader's landing page)
  for the bureau's leader, the same way. dashboard_cached_*: 20 dashboard requests one after
  the other with the figures in the cache: what one request costs a worker under load, without
  the queueing.

Under load: gunicorn (2 sync workers, DEBUG off) serving bench/bare_wsgi.py, with wrk over
loopback (2 threads x 16 connections, 10 s each; --quick: 3 s) and bench/dashboard_wrk.lua, one
after the other in the same run (in the order 3, 4, 1, 2):
- (1) GET /plans/<id>/dashboard/ with the bureau leader's session cookie;
- (2) GET /oversight/ with the commission leader's session cookie;
- (3) GET /bench-bare/?task=<id>: a Django view through the whole middleware stack, exempt from
  login (no session), that reads one task's title by primary key;
- (4) GET /bench-bare-login/?task=<id>: the same query behind the login, with the leader's
  session: what any signed-in page costs before its own work (bare_login_*, and
  dashboard_to_bare_login_p95), given beside the issue's ratio to (3).
Before the loads both workers are warmed on each URL (concurrent requests until each worker's
pid, sent back in X-Bench-Worker, has answered three times), so the dashboard's figures are in
each worker's cache. wrk counts a response as ok only when it is a 200 carrying the page's
marker (the dashboard's task total, the oversight table, the task's title); any other response
or socket error stops the script with an error. *_p50_ms / *_p95_ms / *_p99_ms are wrk's
latency percentiles (queueing behind the two workers included: with 16 connections and two
workers each request waits for about 7 others, so at saturation p50 is about 16 / rps seconds);
*_rps are ok responses per second. dashboard_to_bare_p95 is the dashboard's p95 over the bare
view's. Goals: plan dashboard p95 within 3x the bare view and under 150 ms; oversight p95 under
500 ms.

The last line is one JSON object: {"dashboard_p95_ms", "bare_p95_ms", "oversight_p95_ms",
"queries_small", "queries_large", ...more figures}.
"""

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/ is on the path, the project is not
    sys.path.insert(0, str(ROOT))

from bench.serving import (  # noqa: E402
    WORKERS,
    WRK_THREADS,
    analyze,
    bench_setup,
    free_port,
    http_exchange,
    ms,
    percentile,
    run_wrk,
    start_gunicorn,
    stop,
)

PG_DB = "portal_bench_dashboard"
WRK_SCRIPT = ROOT / "bench" / "dashboard_wrk.lua"
COMMISSION = "市卫生健康委员会"
OVERSEEN = 50
PERIODS = 12
SMALL_TASKS = 20
COLD_REQUESTS = 20
CONNECTIONS = 16
DASHBOARD_MARKER = 'data-testid="task-total">'
OVERSIGHT_MARKER = 'data-testid="bureau-table"'
HOME_MARKER = 'data-testid="plan-card"'
GOAL_DASHBOARD_MS = 150
GOAL_DASHBOARD_RATIO = 3
GOAL_OVERSIGHT_MS = 500


# --- Data -------------------------------------------------------------------------------------
def make_commission(overseen: int):
    """The commission bureau over the first `overseen` generated bureaus, and its leader."""
    from workplans.models import Bureau, User

    commission = Bureau.objects.create(name=COMMISSION, short_name="市卫健委")
    children = list(Bureau.objects.exclude(pk=commission.pk).order_by("pk")[:overseen])
    Bureau.objects.filter(pk__in=[b.pk for b in children]).update(parent=commission)
    leader = User.objects.create(
        username="bench_commission_leader",
        full_name="市卫健委领导",
        role=User.Role.LEADER,
        bureau=commission,
    )
    return leader, len(children)


def leader_and_plan(seed: int):
    """The generated 局领导 of the seed's first bureau and that bureau's plan."""
    from workplans.models import Plan, User

    leader = User.objects.get(username=f"s{seed}_b001_leader")
    plan = Plan.objects.get(bureau_id=leader.bureau_id)
    return leader, plan


def history(plan) -> dict:
    """How much approved history the trend replays: approved reports and the periods they
    are in, and the trend's points (computed once, uncached)."""
    from django.utils import timezone

    from reports.dashboard import plan_dashboard_compute
    from tasks.models import ProgressReport, ReportStatus

    approved = ProgressReport.objects.filter(task__plan=plan, status=ReportStatus.APPROVED)
    figures = plan_dashboard_compute(plan, period=None, today=timezone.localdate())
    return {
        "approved_reports": approved.count(),
        "approved_periods": approved.values("period").distinct().count(),
        "trend_points": len(figures.trend),
        "late_tasks": figures.late_total,
        "units_ranked": len(figures.units),
    }


# --- In-process -------------------------------------------------------------------------------
def logged_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def check(response, marker: str, what: str) -> str:
    content = response.content.decode()
    if response.status_code != 200 or marker not in content:
        sys.exit(f"{what}: {response.status_code} {content[:500]}")
    return content


def cold_queries(client, url: str, marker: str) -> tuple[int, int]:
    """Queries of one request with the cache cleared, then of the same request from the cache."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # templates, the session's first load
    counts = []
    for clear in (True, False):
        if clear:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            check(client.get(url), marker, url)
        counts.append(len(queries.captured_queries))
    return counts[0], counts[1]


def time_requests(client, url: str, marker: str, requests: int, *, cold: bool) -> list[float]:
    """Times of `requests` GETs, each with the cache cleared first when `cold`."""
    from django.core.cache import cache

    check(client.get(url), marker, url)  # warm-up: templates loaded, connection open
    times = []
    for _ in range(requests):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        check(response, marker, url)
    return times


# --- Under load -------------------------------------------------------------------------------
def warm_workers(port: int, path: str, headers: dict, marker: str) -> None:
    """Concurrent requests until every worker has answered `path` three times."""
    seen: dict[str, int] = {}
    failures: list[str] = []

    def get() -> None:
        try:
            status, answer_headers, body = http_exchange(port, "GET", path, headers=headers)
        except OSError as error:
            failures.append(repr(error))
            return
        if status != 200 or marker.encode() not in body:
            failures.append(f"{status} {body[:300].decode(errors='replace')}")
        worker = answer_headers.get("X-Bench-Worker", "?")
        seen[worker] = seen.get(worker, 0) + 1

    for _ in range(50):
        threads = [threading.Thread(target=get) for _ in range(2 * WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            sys.exit(f"warm-up of {path} failed: {failures[0]}")
        if len(seen) >= WORKERS and min(seen.values()) >= 3:
            return
    sys.exit(f"warm-up of {path}: answers by worker {seen}, expected {WORKERS} workers")


def load(base: str, path: str, marker: str, cookie: str, seconds: int, connections: int) -> dict:
    found = run_wrk(base, seconds, connections, path, marker, cookie, script=WRK_SCRIPT)
    seconds_run = found["duration_us"] / 1e6
    return {
        **found,
        "p50_ms": round(found["p50_us"] / 1000, 2),
        "p95_ms": round(found["p95_us"] / 1000, 2),
        "p99_ms": round(found["p99_us"] / 1000, 2),
        "rps": round(found["ok"] / seconds_run, 1),
    }


# --- Main -------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="SQLite, small data, under a minute")
    parser.add_argument(
        "--connections", type=int, default=CONNECTIONS, help="wrk connections (default 16)"
    )
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    bureaus, tasks_per_plan = (10, 100) if options.quick else (250, 400)
    overseen = min(OVERSEEN, bureaus)
    load_seconds = 3 if options.quick else 10
    connections = options.connections
    load_before = round(os.getloadavg()[0], 2)  # the machine is shared: other jobs skew times

    scratch, env = bench_setup("dashboard", quick=options.quick, pg_database=PG_DB)
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from bench.dataset import dataset_generate
    from workplans.models import Task

    gunicorn = None
    started_run = time.perf_counter()
    try:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        year = timezone.localdate().year
        started = time.perf_counter()
        counts = dataset_generate(
            bureaus=bureaus, tasks_per_plan=tasks_per_plan, periods=PERIODS, year=year, seed=1
        )
        generate_seconds = time.perf_counter() - started
        dataset_generate(bureaus=1, tasks_per_plan=SMALL_TASKS, periods=PERIODS, year=year, seed=2)
        commission_leader, overseen = make_commission(overseen)
        leader, plan = leader_and_plan(1)
        small_leader, small_plan = leader_and_plan(2)
        analyze()
        found = history(plan)
        if not found["approved_periods"]:
            sys.exit("the dashboarded plan has no approved reports: the trend has no history")
        # As each gunicorn worker does once it has loaded the app (config/wsgi.py).
        gc.collect()
        gc.freeze()

        dashboard_url = reverse("reports:plan-dashboard", args=[plan.pk])
        small_url = reverse("reports:plan-dashboard", args=[small_plan.pk])
        oversight_url = reverse("reports:oversight")
        home_url = reverse("reports:leader-home")
        client, small_client = logged_in(leader), logged_in(small_leader)
        commission_client = logged_in(commission_leader)

        # What the pages show: the whole plan, every overseen bureau.
        page = check(client.get(dashboard_url), DASHBOARD_MARKER, dashboard_url)
        shown = int(re.search(r'data-testid="task-total">(\d+)<', page).group(1))
        if shown != tasks_per_plan:
            sys.exit(f"the dashboard shows {shown} tasks, expected {tasks_per_plan}")
        page = check(commission_client.get(oversight_url), OVERSIGHT_MARKER, oversight_url)
        rows = len(re.findall(r'\?bureau=\d+">', page))
        if rows != overseen:
            sys.exit(f"the oversight page shows {rows} bureaus, expected {overseen}")

        queries_small, _ = cold_queries(small_client, small_url, DASHBOARD_MARKER)
        queries_large, queries_cached = cold_queries(client, dashboard_url, DASHBOARD_MARKER)
        oversight_queries, _ = cold_queries(commission_client, oversight_url, OVERSIGHT_MARKER)
        home_queries, _ = cold_queries(client, home_url, HOME_MARKER)
        dashboard_cold = time_requests(
            client, dashboard_url, DASHBOARD_MARKER, COLD_REQUESTS, cold=True
        )
        dashboard_cached = time_requests(
            client, dashboard_url, DASHBOARD_MARKER, COLD_REQUESTS, cold=False
        )
        oversight_cold = time_requests(
            commission_client, oversight_url, OVERSIGHT_MARKER, COLD_REQUESTS, cold=True
        )
        home_cold = time_requests(client, home_url, HOME_MARKER, COLD_REQUESTS, cold=True)

        # Under load.
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        commission_cookie = f"sessionid={commission_client.cookies['sessionid'].value}"
        task = Task.objects.filter(plan=plan).order_by("order").first()
        bare_url = f"/bench-bare/?task={task.pk}"
        port = free_port()
        gunicorn = start_gunicorn(env, port, scratch / "gunicorn.log")
        targets = {
            "bare": (bare_url, task.title, ""),
            "bare_login": (f"/bench-bare-login/?task={task.pk}", task.title, cookie),
            "dashboard": (dashboard_url, DASHBOARD_MARKER, cookie),
            "oversight": (oversight_url, OVERSIGHT_MARKER, commission_cookie),
        }
        for path, marker, sent in targets.values():
            warm_workers(port, path, {"Cookie": sent} if sent else {}, marker)
        base = f"http://127.0.0.1:{port}/"
        loads = {
            name: load(base, path, marker, sent, load_seconds, connections)
            for name, (path, marker, sent) in targets.items()
        }
        stop(gunicorn)
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        log = scratch / "gunicorn.log"
        errors = log.read_text() if log.exists() else ""
        shutil.rmtree(scratch, ignore_errors=True)
    run_seconds = time.perf_counter() - started_run

    dashboard, oversight, bare = loads["dashboard"], loads["oversight"], loads["bare"]
    bare_login = loads["bare_login"]
    ratio = dashboard["p95_ms"] / bare["p95_ms"]
    figures = {
        "database": "sqlite" if options.quick else "postgresql",
        "bureaus": bureaus,
        "tasks_per_plan": tasks_per_plan,
        "periods": PERIODS,
        "tasks": counts["tasks"],
        "reports": counts["reports"],
        "generate_seconds": round(generate_seconds, 2),
        "overseen_bureaus": overseen,
        "small_plan_tasks": SMALL_TASKS,
        **{f"plan_{key}": value for key, value in found.items()},
        "dashboard_p50_ms": dashboard["p50_ms"],
        "dashboard_p95_ms": dashboard["p95_ms"],
        "dashboard_p99_ms": dashboard["p99_ms"],
        "dashboard_rps": dashboard["rps"],
        "oversight_p50_ms": oversight["p50_ms"],
        "oversight_p95_ms": oversight["p95_ms"],
        "oversight_p99_ms": oversight["p99_ms"],
        "oversight_rps": oversight["rps"],
        "bare_p50_ms": bare["p50_ms"],
        "bare_p95_ms": bare["p95_ms"],
        "bare_p99_ms": bare["p99_ms"],
        "bare_rps": bare["rps"],
        "dashboard_to_bare_p95": round(ratio, 2),
        "bare_login_p50_ms": bare_login["p50_ms"],
        "bare_login_p95_ms": bare_login["p95_ms"],
        "bare_login_p99_ms": bare_login["p99_ms"],
        "bare_login_rps": bare_login["rps"],
        "dashboard_to_bare_login_p95": round(dashboard["p95_ms"] / bare_login["p95_ms"], 2),
        "dashboard_goal_met": ratio <= GOAL_DASHBOARD_RATIO
        and dashboard["p95_ms"] < GOAL_DASHBOARD_MS,
        "oversight_goal_met": oversight["p95_ms"] < GOAL_OVERSIGHT_MS,
        "dashboard_cold_p50_ms": ms(statistics.median(dashboard_cold)),
        "dashboard_cold_p95_ms": ms(percentile(dashboard_cold, 0.95)),
        "dashboard_cached_p50_ms": ms(statistics.median(dashboard_cached)),
        "dashboard_cached_p95_ms": ms(percentile(dashboard_cached, 0.95)),
        "oversight_cold_p50_ms": ms(statistics.median(oversight_cold)),
        "oversight_cold_p95_ms": ms(percentile(oversight_cold, 0.95)),
        "home_cold_p50_ms": ms(statistics.median(home_cold)),
        "home_cold_p95_ms": ms(percentile(home_cold, 0.95)),
        "queries_small": queries_small,
        "queries_large": queries_large,
        "queries_cached": queries_cached,
        "oversight_queries": oversight_queries,
        "home_queries": home_queries,
        "load_seconds": load_seconds,
        "connections": connections,
        "wrk_threads": WRK_THREADS,
        "workers": WORKERS,
        "run_seconds": round(run_seconds, 1),
        "loadavg_1m": [load_before, round(os.getloadavg()[0], 2)],
    }
    failed = {
        name: {key: result[key] for key in ("requests", "ok", "bad", "errors")}
        for name, result in loads.items()
        if result["bad"] or result["errors"]
    }
    if failed:
        print(json.dumps(figures), file=sys.stderr)
        print(errors[-3000:], file=sys.stderr)
        sys.exit(f"failed responses under load: {failed}")
    if queries_small != queries_large:
        print(
            f"warning: the dashboard takes {queries_small} queries for {SMALL_TASKS} tasks and "
            f"{queries_large} for {tasks_per_plan}",
            file=sys.stderr,
        )
    print(
        f"dashboard: {dashboard['ok']} GETs in {load_seconds} s, cold in-process median "
        f"{figures['dashboard_cold_p50_ms']} ms; oversight of {overseen} bureaus: "
        f"{oversight['ok']} GETs, cold median {figures['oversight_cold_p50_ms']} ms; "
        f"bare: {bare['ok']} GETs; {connections} connections, {WORKERS} workers"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
