"""The leader's dashboards (reports/dashboard.py, reports/dashboard_views.py): the numbers agree
with the status engine and the 督办台账 on the same fixture, the trend replays the approved
reports, the drill-down filters, the cache follows approvals and recomputes, a fixed number of
queries, and who may see what."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reports.dashboard import oversight_rows, plan_dashboard_compute
from reports.ledger import LedgerOptions, ledger_rows, ledger_workbook
from tasks import services
from tasks.models import ProgressReport, ReportingPeriod, ReportStatus
from tests.factories import PlanFactory, SectionFactory, TargetFactory, UserFactory, make_task
from tests.reports.conftest import submit
from workplans.models import Bureau, Plan, Target, Task, TaskStatus, User
from workplans.services.statuses import status_of, statuses_recompute
from workplans.status import TargetFacts, TaskFacts, target_met, task_status

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def figures_of(plan, period=None, today=TODAY):
    plan = Plan.objects.get(pk=plan.pk)
    return plan_dashboard_compute(plan, period=period, today=today)


def dashboard_url(plan, **params):
    url = reverse("reports:plan-dashboard", args=[plan.pk])
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


# The numbers agree with the engine and the ledger ------------------------------------------


def test_status_counts_are_the_engines_for_top_level_tasks(fixture):
    plan = fixture["plan"]
    figures = figures_of(plan)
    top = Task.objects.filter(plan=plan, parent__isnull=True).select_related("plan")
    expected = dict.fromkeys(TaskStatus.values, 0)
    for task in top:  # the engine, task by task, not the stored column
        expected[status_of(task, today=TODAY)] += 1
    assert figures.mix.counts == expected
    assert figures.mix.total == 6  # 3.1 is part of task 3
    assert expected == {
        "done": 2,
        "on_track": 1,
        "overdue": 1,
        "behind": 1,
        "not_started": 1,
    }
    assert figures.mix.late == 2
    assert figures.mix.completion_rate == pytest.approx(2 / 6)
    assert figures.mix.unreported == 2  # 5 and 6 sent nothing for February
    assert figures.unreported_label == "2026年2月未报送"


def test_unit_ranking_and_totals_equal_the_ledgers_unit_summary(fixture, bureau_admin):
    plan = fixture["plan"]
    figures = figures_of(plan)
    ledger = ledger_rows(plan=plan, user=bureau_admin, options=LedgerOptions(as_of=TODAY))
    summary, total = ledger.unit_summary()
    assert [
        (u.name, u.mix.total, u.mix.counts, u.mix.unreported, u.rank) for u in figures.units
    ] == [(s.unit, s.total, s.counts, s.unreported, s.rank) for s in summary]
    assert [u.mix.completion_rate for u in figures.units] == [s.rate for s in summary]
    assert (figures.mix.total, figures.mix.counts, figures.mix.unreported) == (
        total.total,
        total.counts,
        total.unreported,
    )
    assert figures.mix.completion_rate == total.rate


def test_dashboard_equals_the_exported_workbooks_unit_sheet(fixture, bureau_admin):
    """The 单位汇总 sheet of the .xlsx a clerk downloads, read back, against the dashboard."""
    plan = fixture["plan"]
    figures = figures_of(plan)
    body = ledger_workbook(plan=plan, user=bureau_admin, options=LedgerOptions(as_of=TODAY))
    sheet = load_workbook(BytesIO(body))["单位汇总"]
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    order = ["done", "on_track", "behind", "overdue", "not_started"]
    dashboard = [
        (
            u.name,
            u.mix.total,
            *(u.mix.counts[s] for s in order),
            u.mix.unreported,
            pytest.approx(u.mix.completion_rate),
            u.rank,
        )
        for u in figures.units
    ]
    headers = [cell.value for cell in sheet[3]]
    assert headers[2:7] == ["已完成", "正常推进", "滞后", "逾期", "未启动"]
    assert [tuple(row) for row in rows[:-1]] == dashboard
    total = rows[-1]
    assert total[0] == "合计"
    assert total[1:8] == (figures.mix.total, *(figures.mix.counts[s] for s in order), 2)
    assert total[8] == pytest.approx(figures.mix.completion_rate)


def test_sections_split_the_plans_counts(fixture):
    figures = figures_of(fixture["plan"])
    assert [row.label for row in figures.sections] == [
        "一、深化医药卫生体制改革",
        "二、强化公共卫生服务",
    ]
    one, two = figures.sections
    assert (one.mix.total, one.mix.done, one.mix.counts["on_track"]) == (2, 1, 1)
    assert (two.mix.total, two.mix.done, two.mix.late, two.mix.unreported) == (4, 1, 2, 2)
    for status in TaskStatus.values:
        assert one.mix.counts[status] + two.mix.counts[status] == figures.mix.counts[status]


def test_targets_are_counted_with_the_engines_rule_and_stretch_apart(fixture):
    plan = fixture["plan"]
    figures = figures_of(plan)
    committed, stretch = [], []
    for target in Target.objects.filter(task__plan=plan, task__parent__isnull=True):
        met = target_met(target.comparator, target.value, target.latest_actual)
        (stretch if target.is_stretch else committed).append(met)
    tally = figures.targets
    assert (tally.met, tally.not_met, tally.no_data) == (
        committed.count(True),
        committed.count(False),
        committed.count(None),
    )
    assert (tally.stretch_met, tally.stretch_not_met, tally.stretch_no_data) == (
        stretch.count(True),
        stretch.count(False),
        stretch.count(None),
    )
    assert tally.met == 1 and tally.stretch_no_data == 1  # 45 ≥ 43; 孕产妇死亡率 力争, no data


def test_late_list_has_overdue_first_with_working_days_late_and_latest_summary(fixture):
    figures = figures_of(fixture["plan"])
    assert figures.late_total == 2
    overdue, behind = figures.late
    assert (overdue.title, overdue.status, overdue.lead_units) == (
        "建设区域卫生信息平台",
        TaskStatus.OVERDUE,
        ["医政医管股"],
    )
    # Deadline Saturday 28 Feb; working days after it up to Tue 10 Mar: 2–6 and 9–10 March.
    assert overdue.days_late == 7
    assert overdue.summary == "平台招标完成" and overdue.summary_pending
    assert (behind.title, behind.days_late, behind.summary) == ("实施出生缺陷防治", None, "")
    assert overdue.reason and behind.reason  # the engine's own reason, stored with the status


def test_trend_replays_the_approved_reports_period_by_period(fixture):
    plan, february = fixture["plan"], fixture["period"]
    figures = figures_of(plan)
    assert [p.label for p in figures.trend] == ["2026年2月", "截至今日"]
    past, now = figures.trend
    # Independently: the rules at 28 Feb with the progress approved in February.
    approved = {"推进紧密型医共体建设": 100, "做好传染病监测预警": 30, "开展妇幼健康促进行动": 100}
    statuses = []
    for task in Task.objects.filter(plan=plan, parent__isnull=True).prefetch_related("targets"):
        targets = tuple(
            TargetFacts(t.comparator, t.value, t.latest_actual, t.baseline, t.is_stretch)
            for t in task.targets.all()
        )
        facts = TaskFacts(
            deadline=task.deadline,
            start=task.start_date or dt.date(2026, 1, 1),
            progress=approved.get(task.title, 0),
            targets=targets,
        )
        statuses.append(task_status(facts, today=february.end, tolerance=plan.status_tolerance))
    assert past.completion_rate == pytest.approx(statuses.count(TaskStatus.DONE) / 6)
    assert past.late == sum(1 for s in statuses if s in (TaskStatus.BEHIND, TaskStatus.OVERDUE))
    assert past.unreported == 2
    assert (now.completion_rate, now.late, now.unreported) == (2 / 6, 2, None)


def test_a_later_period_moves_the_trend_with_what_was_approved_in_it(
    fixture, bureau_admin, unit_staff, time_machine
):
    plan = fixture["plan"]
    task_b = fixture["tasks"][1]
    march = services.period_open(
        plan=plan,
        label="2026年3月",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 3, 25),
    )
    staff_b = User.objects.get(username="staff_b")
    report = submit(task_b, march, staff_b, percent=100, narrative="监测预警体系建成")
    services.report_approve(report=report, user=bureau_admin)
    services.period_close(period=march)
    later = dt.date(2026, 4, 10)
    statuses_recompute(plan_ids=[plan.pk], today=later)
    figures = figures_of(plan, today=later)
    assert [p.label for p in figures.trend] == ["2026年2月", "2026年3月", "截至今日"]
    february, march_point, _ = figures.trend
    assert march_point.completion_rate == pytest.approx(3 / 6)
    assert february.completion_rate == pytest.approx(2 / 6)
    # As of the February period: the trend stops there and 未报送 is February's.
    as_of_feb = figures_of(plan, period=fixture["period"], today=later)
    assert [p.label for p in as_of_feb.trend] == ["2026年2月"]
    assert as_of_feb.mix.unreported == 2 and as_of_feb.unreported_label == "2026年2月未报送"


def test_ranking_marks_top_and_bottom_only_when_units_differ(world):
    from reports.dashboard import StatusMix, UnitRow, mark_ends

    def row(name, done, total):
        mix = StatusMix()
        mix.add(TaskStatus.DONE, done, 0)
        mix.add(TaskStatus.ON_TRACK, total - done, 0)
        return UnitRow(0, name, mix)

    rows = [row(f"单位{i}", done, 4) for i, done in enumerate([4, 3, 3, 2, 1, 0, 0])]
    for rank, r in zip([1, 2, 2, 4, 5, 6, 6], rows, strict=True):
        r.rank = rank
    mark_ends(rows)
    assert [r.mark for r in rows] == ["top", "top", "top", "", "bottom", "bottom", "bottom"]
    tied = [row(f"单位{i}", 1, 2) for i in range(6)]
    for r in tied:
        r.rank = 1
    mark_ends(tied)
    assert all(r.mark == "" for r in tied)


# Pages -------------------------------------------------------------------------------------


def test_leader_lands_on_the_leader_home_with_completion_and_a_chart(fixture, leader, login):
    client = login(leader)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:leader-home")
    page = response.content.decode()
    assert fixture["plan"].title in page
    assert 'data-testid="plan-completion">33%' in page
    assert 'data-chart="plans"' in page and "echarts" in page
    assert "总结经验，全区推广" in page  # the latest 批示


def test_plan_dashboard_shows_headline_sections_ranking_late_list_and_chart_data(
    fixture, leader, login
):
    response = login(leader).get(dashboard_url(fixture["plan"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="completion-rate">33%' in page
    assert 'data-testid="task-total">6<' in page
    assert 'data-testid="late-count">2<' in page
    assert 'data-testid="unreported-count">2<' in page
    assert 'data-testid="unit-ranking"' in page and "妇幼保健院" in page
    assert "实施出生缺陷防治" in page and "7 个工作日" in page
    assert '<span class="tag stretch">力争</span>' in page
    charts = response.context["figures"].charts()
    assert charts["sections"]["labels"] == ["一、深化医药卫生体制改革", "二、强化公共卫生服务"]
    done = next(s for s in charts["sections"]["series"] if s["status"] == "done")
    assert done["data"] == [1, 1]
    assert charts["trend"]["completion"][-1] == pytest.approx(33.3)


def test_drill_down_by_unit_and_status_is_an_htmx_fragment_and_a_bookmarkable_page(
    fixture, leader, login
):
    plan, unit_c = fixture["plan"], fixture["unit_c"]
    client = login(leader)
    url = dashboard_url(plan, unit=unit_c.pk, status="late")
    fragment = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="drill")
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert body.lstrip().startswith('<section class="card drill" id="drill"')
    assert "实施出生缺陷防治" in body and "开展妇幼健康促进行动" not in body
    assert "牵头单位：妇幼保健院" in body and "状态：滞后和逾期" in body
    assert "<html" not in body
    page = client.get(url)  # the pushed URL, opened again: the whole page with the list open
    assert "<html" in page.content.decode() and "实施出生缺陷防治" in page.content.decode()
    section = client.get(dashboard_url(plan, section=fixture["section_two"].pk, status="done"))
    assert [t.title for t in section.context["drill"].tasks] == ["开展妇幼健康促进行动"]
    unreported = client.get(dashboard_url(plan, status="unreported"))
    assert {t.title for t in unreported.context["drill"].tasks} == {
        "实施出生缺陷防治",
        "推进健康城市建设",
    }


def test_bad_filters_get_a_chinese_message(fixture, leader, login):
    client = login(leader)
    response = client.get(dashboard_url(fixture["plan"], status="whatever"))
    assert response.status_code == 400 and "没有这种任务状态" in response.content.decode()
    other_section = SectionFactory(plan=PlanFactory(bureau=fixture["plan"].bureau))
    response = client.get(dashboard_url(fixture["plan"], section=other_section.pk))
    assert response.status_code == 400
    assert "所选板块不存在或不属于这份工作要点" in response.content.decode()


def test_dashboard_queries_do_not_grow_with_the_plan(fixture, leader, login):
    plan = fixture["plan"]
    client = login(leader)
    client.get(reverse("reports:leader-home"))  # the session and user are loaded once

    def count() -> tuple[int, int]:
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(dashboard_url(plan)).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert client.get(dashboard_url(plan)).status_code == 200
        return len(cold), len(warm)

    small = count()
    section = fixture["section_two"]
    unit = fixture["unit_c"]
    for number in range(40):
        task = make_task(section=section, lead=unit, number=str(10 + number), title=f"任务{number}")
        TargetFactory(task=task)
    statuses_recompute(plan_ids=[plan.pk])
    assert count() == small
    assert small[1] <= 10, small  # from the cache: session, user, plan, a count, the form


def test_approval_and_recompute_show_at_once_through_the_cache(
    fixture, clock, leader, bureau_admin, login
):
    plan = fixture["plan"]
    client = login(leader)

    def done_on_page() -> str:
        page = client.get(dashboard_url(plan)).content.decode()
        return re.search(r'data-testid="count-done">(\d+)<', page).group(1)

    assert done_on_page() == "2"
    task_e = fixture["tasks"][5]
    staff_c = User.objects.get(username="staff_c")
    report = submit(task_e, fixture["period"], staff_c, percent=100, narrative="全部完成")
    clock.shift(dt.timedelta(minutes=5))
    services.report_approve(report=report, user=bureau_admin)
    assert done_on_page() == "3"

    # A deadline changed behind the services, then the engine's recompute: the cache follows.
    task_b = fixture["tasks"][1]
    Task.objects.filter(pk=task_b.pk).update(deadline=dt.date(2026, 3, 1))

    def overdue_on_page() -> str:
        page = client.get(dashboard_url(plan)).content.decode()
        return re.search(r'data-testid="count-overdue">(\d+)<', page).group(1)

    assert overdue_on_page() == "1"
    clock.shift(dt.timedelta(minutes=5))
    statuses_recompute(plan_ids=[plan.pk])
    assert overdue_on_page() == "2"


def test_a_new_submission_shows_in_the_awaiting_count_at_once(fixture, leader, login):
    plan = fixture["plan"]
    client = login(leader)

    def awaiting() -> str:
        page = client.get(dashboard_url(plan)).content.decode()
        return re.search(r'data-testid="awaiting-review">(\d+)<', page).group(1)

    march = services.period_open(
        plan=plan,
        label="2026年3月",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 3, 25),
    )
    assert awaiting() == "1"
    staff_b = User.objects.get(username="staff_b")
    submit(fixture["tasks"][6], march, staff_b, percent=10, narrative="启动")
    assert awaiting() == "2"  # no task changed: the count is read live


# Who sees what -----------------------------------------------------------------------------


def test_unit_staff_get_403_on_every_dashboard_url(fixture, unit_staff, login):
    client = login(unit_staff)
    plan = fixture["plan"]
    for url in (
        reverse("reports:leader-home"),
        dashboard_url(plan),
        dashboard_url(plan, status="late"),
        reverse("reports:oversight"),
    ):
        assert client.get(url).status_code == 403, url
    drill = client.get(dashboard_url(plan, status="late"), HTTP_HX_REQUEST="true")
    assert drill.status_code == 403


def test_another_bureau_cannot_read_this_bureaus_figures(fixture, world, login):
    other_leader = UserFactory(
        username="leader_x", bureau=world.other_bureau, role=User.Role.LEADER
    )
    other_admin = UserFactory(username="admin_x2", bureau=world.other_bureau, role=User.Role.ADMIN)
    plan = fixture["plan"]
    for user in (other_leader, other_admin):
        client = login(user)
        assert client.get(dashboard_url(plan)).status_code == 404
        assert client.get(dashboard_url(plan, status="late")).status_code == 404
        home = client.get(f"{reverse('reports:leader-home')}?bureau={world.bureau.pk}")
        assert home.status_code == 404
        oversight = client.get(reverse("reports:oversight")).content.decode()
        assert world.bureau.name not in oversight
        own_home = client.get(reverse("reports:leader-home")).content.decode()
        assert plan.title not in own_home


def test_a_commission_oversees_its_district_bureaus_read_only(fixture, world, leader, login):
    Bureau.objects.filter(pk=world.other_bureau.pk).update(parent=world.bureau)
    Plan.objects.filter(pk=world.other_plan.pk).update(status=Plan.Status.PUBLISHED)
    client = login(leader)
    page = client.get(reverse("reports:oversight"))
    rows = page.context["rows"]
    assert [row.name for row in rows] == [world.other_bureau.name]
    assert (rows[0].plans, rows[0].mix.total) == (1, 1)
    home = client.get(f"{reverse('reports:leader-home')}?bureau={world.other_bureau.pk}")
    assert home.status_code == 200 and world.other_plan.title in home.content.decode()
    assert "（只读）" in home.content.decode()
    assert client.get(dashboard_url(world.other_plan)).status_code == 200
    # The district's leader does not see the commission's figures.
    district = UserFactory(username="leader_d", bureau=world.other_bureau, role=User.Role.LEADER)
    client = login(district)
    assert client.get(dashboard_url(fixture["plan"])).status_code == 404
    assert client.get(reverse("reports:oversight")).context["rows"] == []


def test_oversight_measures_are_each_bureaus_plan_figures(fixture, world):
    Bureau.objects.filter(pk=world.other_bureau.pk).update(parent=world.bureau)
    rows = {row.bureau_id: row for row in oversight_rows(Bureau.objects.all()).rows}
    own = rows[world.bureau.pk]
    assert own.mix.counts == figures_of(fixture["plan"]).mix.counts
    assert own.mix.unreported == 2
    other = rows[world.other_bureau.pk]
    assert (other.plans, other.mix.total, other.mix.counts["not_started"]) == (1, 1, 1)
    Plan.objects.filter(pk=world.other_plan.pk).update(status=Plan.Status.DRAFT)
    drafts_left_out = {row.bureau_id: row for row in oversight_rows(Bureau.objects.all()).rows}
    assert (
        drafts_left_out[world.other_bureau.pk].plans,
        drafts_left_out[world.other_bureau.pk].mix.total,
    ) == (0, 0)


def test_oversight_queries_do_not_grow_with_the_bureaus(fixture, world, leader, login):
    client = login(leader)
    client.get(reverse("reports:leader-home"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:oversight")).status_code == 200
        return len(queries)

    Bureau.objects.filter(pk=world.other_bureau.pk).update(parent=world.bureau)
    small = count()
    for number in range(5):
        bureau = Bureau.objects.create(name=f"第{number}区卫生健康局", parent=world.bureau)
        plan = PlanFactory(bureau=bureau, status=Plan.Status.PUBLISHED)
        section = SectionFactory(plan=plan)
        make_task(section=section, lead=world.unit_a, title="任务")
    assert count() == small


def test_period_filter_belongs_to_the_plan(fixture, world, leader, login):
    other = ReportingPeriod.objects.create(
        plan=world.other_plan,
        label="2026年1月",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 1, 31),
        due_date=dt.date(2026, 1, 31),
    )
    response = login(leader).get(dashboard_url(fixture["plan"], period=other.pk))
    assert response.status_code == 400
    assert "所选报送期不存在或不属于这份工作要点" in response.content.decode()


def test_the_unreported_recompute_shows_at_once_through_the_cache(fixture, clock, leader, login):
    plan, february = fixture["plan"], fixture["period"]
    client = login(leader)
    assert client.get(dashboard_url(plan)).context["figures"].mix.unreported == 2
    task_e = fixture["tasks"][5]
    ProgressReport.objects.create(  # a late report entered behind the services
        task=task_e,
        period=february,
        unit=fixture["unit_c"],
        narrative="补报",
        percent=20,
        status=ReportStatus.SUBMITTED,
        author=User.objects.get(username="staff_c"),
    )
    clock.shift(dt.timedelta(minutes=5))
    services.statuses_and_unreported_recompute(plan_ids=[plan.pk])
    assert client.get(dashboard_url(plan)).context["figures"].mix.unreported == 1


def test_the_oversight_page_follows_a_recompute_in_a_district(fixture, world, clock, leader, login):
    Bureau.objects.filter(pk=world.other_bureau.pk).update(parent=world.bureau)
    client = login(leader)

    def overdue_cell() -> str:
        page = client.get(reverse("reports:oversight")).content.decode()
        row = next(tr for tr in page.split("<tr") if world.other_bureau.name in tr)
        cells = re.findall(r'<td data-value="([^"]*)">', row)
        return cells[8]  # 排名 机构 工作要点 任务 已完成 完成率 正常推进 滞后 逾期

    assert overdue_cell() == "0"
    Task.objects.filter(pk=world.other_task.pk).update(deadline=dt.date(2026, 3, 1))
    assert overdue_cell() == "0"  # the cache holds until the engine writes
    clock.shift(dt.timedelta(minutes=5))
    statuses_recompute(plan_ids=[world.other_plan.pk])
    assert overdue_cell() == "1"


def test_leader_home_queries_do_not_grow_with_plans_or_activity(fixture, world, leader, login):
    client = login(leader)
    client.get(reverse("reports:leader-home"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:leader-home")).status_code == 200
        return len(queries)

    small = count()
    for number in range(3):
        plan = PlanFactory(bureau=world.bureau, title=f"专项工作要点{number}")
        section = SectionFactory(plan=plan)
        task = make_task(section=section, lead=world.unit_a, title=f"专项任务{number}")
        services.leader_comment_add(task=task, user=leader, text=f"批示{number}")
    assert count() == small
