import datetime as dt
import io
import re
from collections import defaultdict

import pytest
from django.apps import apps
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from bench.dataset import DatasetError, run
from tasks.models import ProgressReport, ReportingPeriod, ReportStatus, TargetActual
from workplans.models import Bureau, Plan, Section, Target, Task, TaskStatus, TaskUnit, Unit, User

CJK = re.compile(r"[\u4e00-\u9fff]")
BUREAU_NAME = re.compile(r"^[\u4e00-\u9fff]{2}市[\u4e00-\u9fff]{2}\d*[区县]卫生健康局$")


def generate(**options) -> str:
    """bench/make_dataset.py's command line, in this process."""
    argv = [f"--{name.replace('_', '-')}={value}" for name, value in options.items()]
    out = io.StringIO()
    run(argv, out)
    return out.getvalue()


def small_run(**extra) -> str:
    return generate(bureaus=2, tasks_per_plan=20, periods=3, year=2026, seed=7, **extra)


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_small_run_creates_expected_rows():
    output = small_run()

    assert Bureau.objects.count() == 2
    for bureau in Bureau.objects.all():
        assert BUREAU_NAME.match(bureau.name), bureau.name
        assert 15 <= bureau.units.count() <= 25
        roles = list(bureau.users.values_list("role", flat=True))
        assert roles.count(User.Role.ADMIN) == 1
        assert roles.count(User.Role.LEADER) == 1
        assert roles.count(User.Role.STAFF) >= 3
        assert bureau.plans.count() == 1
    assert User.objects.filter(username="s7_b001_admin", is_staff=True).exists()
    # One password hash shared by all generated users.
    assert User.objects.values("password").distinct().count() == 1
    for staff in User.objects.filter(role=User.Role.STAFF):
        units = list(staff.units.all())
        assert 1 <= len(units) <= 2
        assert all(u.bureau_id == staff.bureau_id for u in units)

    plans = Plan.objects.all()
    assert plans.count() == 2
    assert set(plans.values_list("status", flat=True)) == {Plan.Status.PUBLISHED}
    assert set(plans.values_list("year", flat=True)) == {2026}
    for plan in plans:
        numbers = list(plan.sections.values_list("number", flat=True))
        assert 6 <= len(numbers) <= 8
        assert numbers == ["一", "二", "三", "四", "五", "六", "七", "八"][: len(numbers)]
        assert plan.tasks.count() == 20
        assert plan.tasks.values("section").distinct().count() == len(numbers)

    assert Task.objects.count() == 40
    leads = Task.objects.annotate(
        leads=Count("assignments", filter=Q(assignments__role=TaskUnit.Role.LEAD)),
        cos=Count("assignments", filter=Q(assignments__role=TaskUnit.Role.CO)),
    )
    for task in leads:
        assert task.leads == 1, task
        assert 0 <= task.cos <= 2, task
        assert {a.unit.bureau_id for a in task.assignments.all()} == {task.plan.bureau_id}
    span = Task.objects.aggregate(
        first=Min("deadline"), last=Max("deadline"), low=Min("progress"), high=Max("progress")
    )
    assert span["first"].year == 2026 and span["last"].year == 2026
    assert span["low"] >= 0 and span["high"] <= 100
    assert not Task.objects.filter(deadline__isnull=True).exists()
    assert set(Task.objects.values_list("status", flat=True)) <= set(TaskStatus.values)
    assert not Task.objects.filter(status=TaskStatus.DONE).exclude(progress=100).exists()

    assert Target.objects.exists()
    assert set(Target.objects.values_list("comparator", flat=True)) <= {">=", "<=", "="}
    assert set(Target.objects.values_list("unit", flat=True)) <= {"%", "名", "家", "万元", "人次"}

    assert "机构 2 个" in output and "任务 40 项" in output
    assert "报送期 6 个（报送中 2 个，每份工作要点 3 期）" in output
    assert f"进展报送 {ProgressReport.objects.count()} 条" in output


@pytest.mark.django_db
def test_same_seed_twice_fails_and_adds_nothing():
    small_run()
    before = row_counts()
    with pytest.raises(DatasetError, match="数据集已存在"):
        small_run()
    assert row_counts() == before


@pytest.mark.django_db
def test_another_seed_can_be_added_to_the_same_database():
    small_run()
    generate(bureaus=1, tasks_per_plan=5, periods=12, year=2026, seed=8)
    assert Bureau.objects.count() == 3
    assert Task.objects.count() == 45
    assert Section.objects.filter(plan__bureau__users__username="s8_b001_leader").exists()
    assert Unit.objects.filter(bureau__users__username="s8_b001_leader").count() >= 15


@pytest.mark.django_db
def test_a_full_year_marks_late_tasks_done_or_overdue():
    generate(bureaus=1, tasks_per_plan=60, periods=12, year=2025, seed=3)
    assert not Task.objects.filter(deadline__lt="2025-12-31", status=TaskStatus.ON_TRACK).exists()
    assert Task.objects.filter(status=TaskStatus.DONE).exists()


@pytest.mark.django_db
def test_periods_are_the_months_of_the_year_all_closed_but_the_last():
    small_run()
    assert ReportingPeriod.objects.count() == Plan.objects.count() * 3
    for plan in Plan.objects.all():
        periods = list(plan.periods.order_by("start"))
        assert [p.label for p in periods] == ["2026年1月", "2026年2月", "2026年3月"]
        assert [p.status for p in periods] == ["closed", "closed", "open"]
        for month, period in enumerate(periods, start=1):
            assert period.start == dt.date(2026, month, 1)
            assert period.end == dt.date(2026, month + 1, 1) - dt.timedelta(days=1)
            assert period.due_date == dt.date(2026, month, 25)
    assert ReportingPeriod.objects.open().count() == Plan.objects.count()


@pytest.mark.django_db
def test_reports_follow_the_tasks_lead_units_and_periods():
    generate(bureaus=2, tasks_per_plan=150, periods=4, year=2026, seed=11)
    reports = list(
        ProgressReport.objects.select_related("task__plan", "period", "author", "unit").order_by(
            "task_id", "period__start"
        )
    )
    assert reports
    assert len({(r.task_id, r.period_id) for r in reports}) == len(reports)
    assert {r.status for r in reports} <= set(ReportStatus.values)
    leads = dict(TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).values_list("task_id", "unit_id"))
    tz = timezone.get_default_timezone()
    by_task = defaultdict(list)
    for report in reports:
        by_task[report.task_id].append(report)
        assert report.period.plan_id == report.task.plan_id
        assert report.unit_id == leads[report.task_id]
        assert report.author.role == User.Role.STAFF
        assert report.author.bureau_id == report.task.plan.bureau_id
        assert 0 <= report.percent <= 100 and report.narrative
        assert report.version >= 1
        if report.period.status == ReportingPeriod.Status.OPEN:
            assert report.status == ReportStatus.DRAFT and report.submitted_at is None
            continue
        assert report.status != ReportStatus.DRAFT
        submitted = report.submitted_at.astimezone(tz).date()
        assert report.period.start <= submitted <= report.period.end
        assert report.is_late == (submitted > report.period.due_date)
        if report.status == ReportStatus.SUBMITTED:
            assert report.reviewer_id is None
        else:
            assert report.reviewer.role == User.Role.ADMIN
            assert report.reviewed_at > report.submitted_at
        if report.status == ReportStatus.RETURNED:
            assert report.review_comment

    tasks = {t.pk: t for t in Task.objects.all()}
    closed_counts = [sum(r.period.status == "closed" for r in by_task.get(pk, [])) for pk in tasks]
    assert set(closed_counts) == {0, 3}  # all closed periods, or none
    reporting = closed_counts.count(3) / len(tasks)
    assert 0.75 <= reporting <= 0.95, reporting
    drafts = ProgressReport.objects.filter(status=ReportStatus.DRAFT).count() / len(tasks)
    assert 0.2 <= drafts <= 0.4, drafts
    closed = [r for r in reports if r.period.status == "closed"]
    assert 0.8 <= sum(r.status == "approved" for r in closed) / len(closed) < 1
    assert {r.status for r in closed} == {"approved", "submitted", "returned"}
    # Only the last two closed periods hold reports the office has not approved.
    assert all(r.status == "approved" for r in closed if r.period.start.month == 1)
    assert 0.03 <= sum(r.is_late for r in closed) / len(closed) <= 0.2

    for task_id, task_reports in by_task.items():
        percents = [r.percent for r in task_reports]
        assert percents == sorted(percents), percents
        approved = [r for r in task_reports if r.status == ReportStatus.APPROVED]
        if approved:  # the task shows what the office last approved
            assert tasks[task_id].progress == approved[-1].percent


@pytest.mark.django_db
def test_target_actuals_belong_to_the_reports_task():
    generate(bureaus=1, tasks_per_plan=200, periods=6, year=2026, seed=5)
    actuals = TargetActual.objects.select_related("report", "target")
    assert actuals.exists()
    assert not actuals.exclude(target__task_id=F("report__task_id")).exists()
    assert not actuals.filter(report__status=ReportStatus.DRAFT).exists()
    latest = ProgressReport.objects.filter(period__start=dt.date(2026, 5, 1))
    assert actuals.filter(report__in=latest).exists()
    # A target's latest actual is the value of the task's latest approved report.
    for actual in actuals.filter(report__status=ReportStatus.APPROVED):
        newer = ProgressReport.objects.filter(
            task_id=actual.report.task_id,
            status=ReportStatus.APPROVED,
            period__start__gt=actual.report.period.start,
        )
        if not newer.exists():
            assert actual.target.latest_actual == actual.value


@pytest.mark.django_db
def test_one_period_means_one_open_period_and_only_drafts():
    output = generate(bureaus=1, tasks_per_plan=50, periods=1, year=2026, seed=4)
    assert list(ReportingPeriod.objects.values_list("status", flat=True)) == ["open"]
    assert set(ProgressReport.objects.values_list("status", flat=True)) == {"draft"}
    assert "报送期 1 个（报送中 1 个" in output


@pytest.mark.django_db
def test_reports_are_deterministic_per_seed():
    small_run()
    first = list(
        ProgressReport.objects.order_by(
            "task__plan__bureau__name", "task__order", "period__start"
        ).values_list("narrative", "percent", "status", "submitted_at", "is_late")
    )
    ProgressReport.objects.all().delete()
    TargetActual.objects.all().delete()
    for model in (ReportingPeriod, Task, Section, Plan):
        model.objects.all().delete()
    User.objects.all().delete()
    Unit.objects.all().delete()
    Bureau.objects.all().delete()
    small_run()
    again = list(
        ProgressReport.objects.order_by(
            "task__plan__bureau__name", "task__order", "period__start"
        ).values_list("narrative", "percent", "status", "submitted_at", "is_late")
    )
    assert again == first


@pytest.mark.parametrize(
    "options",
    [
        {"bureaus": 0, "tasks_per_plan": 20, "periods": 3},
        {"bureaus": 2, "tasks_per_plan": 0, "periods": 3},
        {"bureaus": 2, "tasks_per_plan": 20, "periods": 0},
        {"bureaus": 2, "tasks_per_plan": 20, "periods": 13},
        {"bureaus": 2, "tasks_per_plan": 20, "periods": 3, "year": 1999},
        {"bureaus": 2, "tasks_per_plan": 20, "periods": 3, "seed": -1},
        {"bureaus": "两个", "tasks_per_plan": 20, "periods": 3},
    ],
)
@pytest.mark.django_db
def test_bad_arguments_are_refused_in_chinese(options):
    with pytest.raises(DatasetError) as excinfo:
        generate(**options)
    assert CJK.search(str(excinfo.value)), str(excinfo.value)
    assert Bureau.objects.count() == 0


def test_command_line_refuses_in_chinese_without_a_traceback(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "REDIS_URL": ""}
    done = subprocess.run(
        [sys.executable, "bench/make_dataset.py", "--bureaus", "0", "--tasks-per-plan", "5",
         "--periods", "3"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "机构数量" in done.stderr and "Traceback" not in done.stderr
