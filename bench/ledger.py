"""The 督办台账 workbook (reports/ledger.py) beside a bare openpyxl loop writing the same cells with
the same styles in the same mode, in one run; then a 300-task ledger from click to link.

    python bench/ledger.py            # PostgreSQL, one plan of 20,000 tasks x 6 periods
    python bench/ledger.py --quick    # SQLite, 2,000 tasks, under a minute

Data. A scratch database (PostgreSQL `portal_bench_ledger`, dropped and recreated each run and left
behind for inspection; with --quick a SQLite file in a temporary directory) is migrated and filled
by bench/dataset.py: `dataset_generate(bureaus=1, tasks_per_plan=N, periods=6, seed=1)` for the
big plan and `(bureaus=1, tasks_per_plan=300, periods=6, seed=2)` for the click-to-link plan, this
year; then ANALYZE. The ledger is as of the open (6th) period's end, exported by the bureau's
admin (the whole plan), approved reports only (the default).

Figures (all in this one process, DEBUG off):
- ledger_seconds: `ledger_workbook(plan, user, options)` end to end (its SQL queries, the rows,
  the layout of the three sheets and the save to bytes); the median of 3 runs (best also given),
  alternated with the baseline's runs. queries: its SQL statements (CaptureQueriesContext; the
  plan is read just before, without its bureau, as the export job reads it).
- baseline_seconds: a bare openpyxl loop, normal (not write-only) mode like the ledger, writing the
  same three sheets from plain Python lists made beforehand from the same rows (not timed): the
  same values, fonts, fills, borders, alignments, number formats, merged title and section rows,
  column widths, row heights (precomputed), frozen panes, print titles, page setup and footer, with
  one shared Font / Border / Alignment / PatternFill object per style; saved to bytes. Median of 3.
  Before timing, both workbooks are opened again and compared cell by cell (values and styles),
  so the baseline really writes what the ledger writes.
- ratio: ledger_seconds / baseline_seconds (medians).
- baseline_shared_arrays_seconds / ratio_shared_arrays: the same loop, but the body cells' formats
  made once and their style arrays copied onto the other cells, as reports/ledger.py does since
  2026-11-30 (openpyxl hashes a whole Font / Border / Alignment on every assignment): the ledger's
  overhead over a bare loop using the same trick (its queries, rows and row heights).
- peak_mb: tracemalloc's peak during one more ledger_workbook call (Python allocations: rows,
  openpyxl cells, the zip being written). rss_growth_mb: in a fresh child process (Django set up,
  nothing else loaded), the growth of the process's peak RSS (VmHWM) over one ledger_workbook
  call, for the whole-process view (C allocations and allocator slack included).
- click_to_link_300_seconds: django.test.Client as the 300-task bureau's admin: POST to the
  ledger export URL (HX-Request, as the 导出 button sends it) with jobs run eagerly (no
  REDIS_URL, as in the embedded default), then GET the export's status partial until it shows
  the download link (with eager jobs the first poll does). Server time only: the page's htmx
  poll waits 700 ms before its first GET, which this does not count. Median of 3 exports.

The last line is one JSON object: {"ledger_seconds", "baseline_seconds", "ratio", "peak_mb",
"queries", "tasks", "click_to_link_300_seconds", "database", ...more figures}.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from functools import partial
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "portal_bench_ledger"
PG_BENCH = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
RUNS = 3
PERIODS = 6


def fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DB}")
    return PG_BENCH


def set_environment(url: str, media: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["REDIS_URL"] = ""  # jobs run in-process (eager), as in the embedded default
    os.environ["DEBUG"] = "off"
    os.environ["SECRET_KEY"] = "ledger-bench-not-secret"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["MEDIA_ROOT"] = media
    os.environ["EMAIL_URL"] = "dummymail://"
    # Measured in-process with the project settings; a checkout has no SECRET_KEY, so DEBUG on
    # unless the caller sets it (production settings refuse to start without the key).
    os.environ.setdefault("DEBUG", "on")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def mb(size: float) -> float:
    return round(size / 2**20, 1)


# --- The baseline -----------------------------------------------------------------------------
def baseline_input(ledger) -> dict:
    """The three sheets as plain lists (values, row heights, status fills), made once from the
    ledger's rows; nothing here is timed."""
    from reports import ledger as lg

    def height(values, widths) -> float:
        lines = max(
            (
                lg.text_lines(v, w)
                for v, w in zip(values, widths, strict=False)
                if isinstance(v, str)
            ),
            default=1,
        )
        return min(lg.MAX_ROW_HEIGHT, max(20.0, lines * lg.LINE_HEIGHT + 6))

    headers, widths = list(lg.LEDGER_HEADERS), list(lg.LEDGER_WIDTHS)
    if ledger.has_comments:
        headers.append(lg.COMMENT_HEADER)
        widths.append(lg.COMMENT_WIDTH)
    date = lg.date_text(ledger.as_of)
    subtitle = lg.scope_text(ledger)
    items = []  # ("section", text) or ("row", values, height, fill)
    for section in ledger.sections:
        items.append(("section", section.title))
        for row in section.rows:
            values = [
                row.number,
                row.section,
                f"　{row.title}" if row.is_subtask else row.title,
                "\n".join(t.line for t in row.targets),
                "、".join(name for _, name, _ in row.lead_units),
                "、".join(row.co_units),
                row.deadline,
                row.narrative,
                row.progress / 100,
                row.status_text,
                row.status_reason,
                row.problems,
                row.next_steps,
            ]
            if ledger.has_comments:
                values.append(row.comment)
            rgb = lg.UNREPORTED_FILL if row.unreported else lg.STATUS_FILLS[row.status]
            items.append(("row", values, height(values, widths), rgb))
    statuses = ["done", "on_track", "behind", "overdue", "not_started"]
    units, total = ledger.unit_summary()
    unit_rows = [
        [u.unit, u.total, *(u.counts[s] for s in statuses), u.unreported, u.rate, u.rank]
        for u in [*units, total]
    ]
    target_rows = [
        [
            f"{row.number} {row.title}",
            t.indicator,
            t.goal,
            t.current,
            t.met,
            "、".join(name for _, name, _ in row.lead_units),
        ]
        for row, t in ledger.target_rows()
    ]
    title = ledger.plan.title
    return {
        "ledger": (f"{title}落实情况台账（截至{date}）", subtitle, headers, widths, items),
        "units": (
            f"{title}牵头单位完成情况汇总（截至{date}）",
            subtitle,
            lg.UNIT_HEADERS,
            lg.UNIT_WIDTHS,
            [(values, height(values, lg.UNIT_WIDTHS)) for values in unit_rows],
        ),
        "targets": (
            f"{title}量化指标完成情况（截至{date}）",
            subtitle,
            lg.TARGET_HEADERS,
            lg.TARGET_WIDTHS,
            [(values, height(values, lg.TARGET_WIDTHS)) for values in target_rows],
        ),
    }


def baseline_workbook(data: dict, *, shared_arrays: bool = False) -> bytes:
    """The bare loop: openpyxl in normal mode, one shared style object per style, set through
    openpyxl's cell attributes. With shared_arrays, the body cells' formats are instead made once
    and their style arrays copied, the way reports/ledger.py's CellStyles does."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.utils import get_column_letter

    side = Side(style="thin", color="808080")
    border = Border(left=side, right=side, top=side, bottom=side)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    middle = Alignment(vertical="center")
    body = Font(name="宋体", size=10.5)
    heading = Font(name="黑体", size=11)
    title_font = Font(name="黑体", size=16)
    subtitle_font = Font(name="宋体", size=11)
    fills: dict[str, PatternFill] = {}

    def solid(rgb: str) -> PatternFill:
        if rgb not in fills:
            fills[rgb] = PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)
        return fills[rgb]

    def top(ws, title, subtitle, headers, widths) -> None:
        last = get_column_letter(len(headers))
        ws.merge_cells(f"A1:{last}1")
        cell = ws.cell(row=1, column=1, value=title)
        cell.font, cell.alignment = title_font, centre
        ws.row_dimensions[1].height = 36
        ws.merge_cells(f"A2:{last}2")
        cell = ws.cell(row=2, column=1, value=subtitle)
        cell.font, cell.alignment = subtitle_font, middle
        ws.row_dimensions[2].height = 22
        for column, header in enumerate(headers, start=1):
            cell = ws.cell(row=3, column=column, value=header)
            cell.font, cell.alignment, cell.fill, cell.border = (
                heading,
                centre,
                solid("D9E1F2"),
                border,
            )
            ws.column_dimensions[get_column_letter(column)].width = widths[column - 1]
        ws.row_dimensions[3].height = 28
        ws.freeze_panes = "A4"
        ws.print_title_rows = "3:3"
        ws.page_setup.paperSize = ws.PAPERSIZE_A3
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.oddFooter.center.font = "宋体"

    arrays: dict[int, StyleArray] = {}

    def cells(ws, row_no, values) -> None:
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row_no, column=column, value=value)
            alignment = wrap if isinstance(value, str) and len(value) > 8 else centre
            if shared_arrays and id(alignment) in arrays:
                cell._style = StyleArray(arrays[id(alignment)])
                continue
            cell.font = body
            cell.border = border
            cell.alignment = alignment
            if shared_arrays:
                arrays[id(alignment)] = StyleArray(cell._style)

    workbook = Workbook()
    ws = workbook.active
    ws.title = "台账"
    title, subtitle, headers, widths, items = data["ledger"]
    top(ws, title, subtitle, headers, widths)
    columns = len(headers)
    for row_no, item in enumerate(items, start=4):
        if item[0] == "section":
            ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=columns)
            cell = ws.cell(row=row_no, column=1, value=item[1])
            cell.font, cell.alignment, cell.fill = heading, wrap, solid("EDEDED")
            for column in range(1, columns + 1):
                ws.cell(row=row_no, column=column).border = border
            ws.row_dimensions[row_no].height = 24
        else:
            _, values, height, rgb = item
            cells(ws, row_no, values)
            ws.row_dimensions[row_no].height = height
            ws.cell(row=row_no, column=9).number_format = "0%"
            status = ws.cell(row=row_no, column=10)
            status.fill, status.alignment = solid(rgb), centre

    ws = workbook.create_sheet("单位汇总")
    title, subtitle, headers, widths, rows = data["units"]
    top(ws, title, subtitle, headers, widths)
    for row_no, (values, height) in enumerate(rows, start=4):
        cells(ws, row_no, values)
        ws.row_dimensions[row_no].height = height
        ws.cell(row=row_no, column=9).number_format = "0.0%"
    for column in range(1, len(headers) + 1):
        ws.cell(row=3 + len(rows), column=column).font = heading

    ws = workbook.create_sheet("指标")
    title, subtitle, headers, widths, rows = data["targets"]
    top(ws, title, subtitle, headers, widths)
    for row_no, (values, height) in enumerate(rows, start=4):
        cells(ws, row_no, values)
        ws.row_dimensions[row_no].height = height

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def same_workbooks(first: bytes, second: bytes) -> int:
    """Compare two workbooks cell by cell (values, fonts, fills, borders, alignments, number
    formats), and their merged ranges, widths, heights, panes and print setup; the number of
    cells compared. Raises AssertionError on the first difference."""
    from openpyxl import load_workbook

    one, two = load_workbook(BytesIO(first)), load_workbook(BytesIO(second))

    def style(workbook, cell) -> tuple:
        s = cell._style
        return (
            workbook._fonts[s.fontId],
            workbook._fills[s.fillId],
            workbook._borders[s.borderId],
            workbook._alignments[s.alignmentId],
            cell.number_format,
        )

    assert one.sheetnames == two.sheetnames, (one.sheetnames, two.sheetnames)
    compared = 0
    for a, b in zip(one.worksheets, two.worksheets, strict=True):
        assert (a.max_row, a.max_column) == (b.max_row, b.max_column), a.title
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
        assert a.freeze_panes == b.freeze_panes and a.print_title_rows == b.print_title_rows
        assert (a.page_setup.paperSize, a.page_setup.orientation, a.page_setup.fitToWidth) == (
            b.page_setup.paperSize,
            b.page_setup.orientation,
            b.page_setup.fitToWidth,
        )
        assert a.oddFooter.center.text == b.oddFooter.center.text
        for key, dim in a.column_dimensions.items():
            assert dim.width == b.column_dimensions[key].width, (a.title, key)
        for key, dim in a.row_dimensions.items():
            assert dim.height == b.row_dimensions[key].height, (a.title, key)
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
            for x, y in zip(row_a, row_b, strict=True):
                assert x.value == y.value, (a.title, x.coordinate, x.value, y.value)
                assert style(one, x) == style(two, y), (a.title, x.coordinate)
                compared += 1
    return compared


# --- Measurements -----------------------------------------------------------------------------
def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def rss_child(url: str, media: str, plan_id: int, user_id: int, as_of: str) -> float:
    """Max-RSS growth (MB) of one ledger_workbook call in a fresh process."""
    command = [sys.executable, __file__, "--rss-child", url, media, str(plan_id), str(user_id)]
    out = subprocess.run(
        [*command, as_of], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return float(out.strip().splitlines()[-1])


def rss_child_main(url: str, media: str, plan_id: str, user_id: str, as_of: str) -> None:
    import datetime as dt

    set_environment(url, media)
    import django

    django.setup()
    from reports.ledger import LedgerOptions, ledger_workbook
    from workplans.models import Plan, User

    plan, user = Plan.objects.get(pk=plan_id), User.objects.get(pk=user_id)
    options = LedgerOptions(as_of=dt.date.fromisoformat(as_of))
    before = high_water_kib()
    ledger_workbook(plan=plan, user=user, options=options)
    print(round((high_water_kib() - before) / 1024, 1))


def high_water_kib() -> int:
    """The process's peak RSS so far: VmHWM, which (unlike getrusage's ru_maxrss on Linux) does
    not start at the parent's peak after fork and exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


def click_to_link(plan, admin) -> tuple[list[float], int]:
    """Seconds from the 导出 POST to the partial showing the download link, per export; and
    the size of the last file downloaded through the link."""
    from django.test import Client
    from django.urls import reverse

    from reports.models import ExportJob

    client = Client()
    client.force_login(admin)
    url = reverse("reports:ledger-export", args=[plan.pk])
    times, size = [], 0
    for _ in range(RUNS + 1):  # the first one warms up (templates, URL resolver)
        started = time.perf_counter()
        response = client.post(url, {}, headers={"HX-Request": "true"})
        assert response.status_code == 200, response.status_code
        export = ExportJob.objects.filter(created_by=admin).latest("pk")
        detail = reverse("reports:export-detail", args=[export.pk])
        while True:
            page = client.get(detail, headers={"HX-Request": "true"}).content.decode()
            if 'data-testid="export-ready"' in page:
                break
            assert 'data-testid="export-failed"' not in page, page
            time.sleep(0.05)
        times.append(time.perf_counter() - started)
        link = reverse("reports:export-download", args=[export.pk])
        assert link in page
    download = client.get(link)
    size = len(b"".join(download.streaming_content))
    return times[1:], size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="SQLite, 2,000 tasks")
    parser.add_argument("--tasks", type=int, help="tasks in the big plan (default 20,000)")
    if len(sys.argv) > 1 and sys.argv[1] == "--rss-child":
        rss_child_main(*sys.argv[2:7])
        return
    options = parser.parse_args()
    tasks = options.tasks or (2000 if options.quick else 20000)
    media = tempfile.mkdtemp(prefix="ledger-bench-media-")
    if options.quick:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='ledger-bench-')}/bench.sqlite3"
    else:
        url = fresh_postgres()
    set_environment(url, media)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.dataset import dataset_generate
    from reports.ledger import LedgerOptions, ledger_rows, ledger_workbook
    from tasks.models import ReportingPeriod
    from workplans.models import Plan, User

    call_command("migrate", verbosity=0)
    year = timezone.localdate().year
    generate_seconds, _ = timed(
        lambda: dataset_generate(
            bureaus=1, tasks_per_plan=tasks, periods=PERIODS, year=year, seed=1
        )
    )
    print(f"generated 1 plan x {tasks} tasks x {PERIODS} periods in {generate_seconds:.1f} s")
    dataset_generate(bureaus=1, tasks_per_plan=300, periods=PERIODS, year=year, seed=2)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    big, small = Plan.objects.order_by("pk")[:2]
    assert big.tasks.count() == tasks and small.tasks.count() == 300
    admin = User.objects.get(bureau_id=big.bureau_id, role=User.Role.ADMIN)
    small_admin = User.objects.get(bureau_id=small.bureau_id, role=User.Role.ADMIN)
    as_of = ReportingPeriod.objects.filter(plan=big).latest("start").end
    ledger_options = LedgerOptions(as_of=as_of)

    def ledger(plan=None) -> bytes:
        plan = plan or Plan.objects.get(pk=big.pk)  # fresh, as a job loads it
        return ledger_workbook(plan=plan, user=admin, options=ledger_options)

    data = baseline_input(ledger_rows(plan=big, user=admin, options=ledger_options))
    rows = sum(1 for item in data["ledger"][4] if item[0] == "row")
    assert rows == tasks, (rows, tasks)
    started = time.perf_counter()
    ledger_body, baseline_body = ledger(), baseline_workbook(data)
    cells = same_workbooks(ledger_body, baseline_body)
    print(f"workbooks compared: {cells} cells the same ({time.perf_counter() - started:.1f} s)")

    shared_body = baseline_workbook(data, shared_arrays=True)
    assert same_workbooks(ledger_body, shared_body) == cells

    ledger_times, baseline_times, shared_times = [], [], []
    for _ in range(RUNS):
        plan = Plan.objects.get(pk=big.pk)  # fresh (its bureau not loaded), as a job loads it
        with CaptureQueriesContext(connection) as captured:
            seconds, body = timed(partial(ledger, plan))
        queries = len(captured)  # now: a request through the test Client resets the log
        ledger_times.append(seconds)
        baseline_times.append(timed(lambda: baseline_workbook(data))[0])
        shared_times.append(timed(lambda: baseline_workbook(data, shared_arrays=True))[0])
    ledger_seconds = statistics.median(ledger_times)
    baseline_seconds = statistics.median(baseline_times)
    shared_seconds = statistics.median(shared_times)

    tracemalloc.start()
    ledger()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth = rss_child(url, media, big.pk, admin.pk, as_of.isoformat())

    click_times, click_size = click_to_link(small, small_admin)
    click = statistics.median(click_times)

    ratio = ledger_seconds / baseline_seconds
    print(
        f"ledger of {tasks} tasks: {ledger_seconds:.2f} s (median of {RUNS}, best "
        f"{min(ledger_times):.2f}) in {queries} queries, {len(body) / 2**20:.1f} MB file\n"
        f"bare openpyxl loop:       {baseline_seconds:.2f} s (best {min(baseline_times):.2f})\n"
        f"same loop, style arrays copied as the ledger does: {shared_seconds:.2f} s "
        f"(ledger / that {ledger_seconds / shared_seconds:.2f})\n"
        f"ratio {ratio:.2f}; peak {mb(peak)} MB (tracemalloc), max RSS growth {rss_growth} MB\n"
        f"300 tasks from click to link: {click:.2f} s (median of {RUNS}; "
        f"{click_size / 1024:.0f} KB file)"
    )
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "tasks": tasks,
                "periods": PERIODS,
                "generate_seconds": round(generate_seconds, 1),
                "ledger_seconds": round(ledger_seconds, 2),
                "ledger_best_seconds": round(min(ledger_times), 2),
                "baseline_seconds": round(baseline_seconds, 2),
                "baseline_best_seconds": round(min(baseline_times), 2),
                "ratio": round(ratio, 2),
                "baseline_shared_arrays_seconds": round(shared_seconds, 2),
                "ratio_shared_arrays": round(ledger_seconds / shared_seconds, 2),
                "peak_mb": mb(peak),
                "rss_growth_mb": rss_growth,
                "queries": queries,
                "file_mb": round(len(body) / 2**20, 1),
                "cells_compared": cells,
                "click_to_link_300_seconds": round(click, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
