"""Invariants the database itself holds: a bad row is refused even if code forgets to check."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    BureauFactory,
    PlanFactory,
    SectionFactory,
    TargetFactory,
    TaskFactory,
    TaskUnitFactory,
    UnitFactory,
    UserFactory,
)
from workplans.models import TaskUnit, Unit, User

pytestmark = pytest.mark.django_db


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_section_numbers_unique_per_plan():
    section = SectionFactory(number="一", order=1)
    assert refused(lambda: SectionFactory(plan=section.plan, number="一", order=2))
    assert not refused(lambda: SectionFactory(number="一", order=1))  # another plan


def test_plan_title_unique_per_bureau_and_year():
    plan = PlanFactory(title="2026年工作要点")
    assert refused(lambda: PlanFactory(bureau=plan.bureau, title="2026年工作要点"))
    assert not refused(lambda: PlanFactory(bureau=plan.bureau, title="2026年工作要点", year=2027))


def test_plan_year_must_be_plausible():
    assert refused(lambda: PlanFactory(year=1999))
    assert refused(lambda: PlanFactory(year=2101))


@pytest.mark.parametrize("field", ["value", "baseline", "latest_actual"])
def test_target_figures_cannot_be_negative(field):
    assert refused(lambda: TargetFactory(**{field: Decimal("-1")}))


def test_target_comparator_must_be_known():
    assert refused(lambda: TargetFactory(comparator="≈"))
    assert not refused(lambda: TargetFactory(comparator=None))


def test_task_progress_between_0_and_100():
    assert refused(lambda: TaskFactory(progress=101))
    assert not refused(lambda: TaskFactory(progress=100))


def test_task_weight_must_be_positive():
    assert refused(lambda: TaskFactory(weight=Decimal("0")))


def test_task_order_unique_within_plan():
    task = TaskFactory(order=7)
    assert refused(lambda: TaskFactory(section=task.section, order=7))


def test_unit_cannot_both_lead_and_assist_one_task():
    link = TaskUnitFactory(role=TaskUnit.Role.LEAD)
    assert refused(lambda: TaskUnitFactory(task=link.task, unit=link.unit, role=TaskUnit.Role.CO))


def test_unit_names_unique_per_bureau_only():
    unit = UnitFactory(name="办公室")
    assert refused(lambda: UnitFactory(bureau=unit.bureau, name="办公室"))
    assert not refused(lambda: UnitFactory(name="办公室"))


def test_user_needs_a_bureau_unless_superuser():
    assert refused(lambda: UserFactory(bureau=None))
    assert not refused(lambda: User.objects.create_superuser("root", password="x"))


def test_only_admins_may_enter_django_admin():
    assert refused(lambda: UserFactory(role=User.Role.STAFF, is_staff=True))
    assert refused(lambda: UserFactory(role=User.Role.LEADER, is_staff=True))
    assert not refused(lambda: UserFactory(role=User.Role.ADMIN, is_staff=True))


def test_bureau_cannot_oversee_itself():
    bureau = BureauFactory()
    bureau.parent_id = bureau.pk
    assert refused(lambda: bureau.save())


def test_unit_alias_list_splits_on_chinese_separators():
    unit = Unit(name="疾病预防控制中心", aliases="疾控中心、区疾控中心，疾病预防控制中心\n疾控")
    assert unit.alias_list == ["疾控中心", "区疾控中心", "疾控"]


def test_task_section_and_parent_must_belong_to_its_plan():
    from django.core.exceptions import ValidationError

    task = TaskFactory()
    elsewhere = SectionFactory()
    task.section = elsewhere
    with pytest.raises(ValidationError, match="所选板块不属于该工作要点"):
        task.full_clean()
    task.refresh_from_db()
    task.parent = TaskFactory()
    with pytest.raises(ValidationError, match="上级任务必须属于同一份工作要点"):
        task.full_clean()
