import io
import re

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min, Q

from tasks.models import Target, Task, TaskStatus, TaskUnit
from workplans.models import Bureau, Plan, Section, Unit, User

CJK = re.compile(r"[\u4e00-\u9fff]")
BUREAU_NAME = re.compile(r"^[\u4e00-\u9fff]{2}市[\u4e00-\u9fff]{2}\d*[区县]卫生健康局$")


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_dataset", stdout=out, **options)
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
    assert "尚未生成报送周期和报送记录" in output


@pytest.mark.django_db
def test_same_seed_twice_fails_and_adds_nothing():
    small_run()
    before = row_counts()
    with pytest.raises(CommandError, match="数据集已存在"):
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
    with pytest.raises(CommandError) as excinfo:
        generate(**options)
    assert CJK.search(str(excinfo.value)), str(excinfo.value)
    assert Bureau.objects.count() == 0
