"""The fixture the ledger and the dashboard are both checked against: one plan, two sections,
statuses set by the engine on 10 March 2026."""

import datetime as dt
from decimal import Decimal

import pytest

from tasks import services
from tests.factories import (
    SectionFactory,
    TargetFactory,
    UnitFactory,
    UserFactory,
    make_task,
)
from tests.tasks.helpers import shanghai
from workplans.models import Target, Task


@pytest.fixture
def clock(time_machine):
    """10 March 2026, 09:00 in Shanghai."""
    time_machine.move_to(shanghai(2026, 3, 10, 9, 0), tick=False)
    return time_machine


def submit(task, period, user, *, percent, narrative, problems="", next_steps="", actuals=None):
    return services.report_save(
        task=task,
        period=period,
        user=user,
        version=None,
        narrative=narrative,
        percent=percent,
        problems=problems,
        next_steps=next_steps,
        actuals=actuals or {},
        submit=True,
    )


@pytest.fixture
def fixture(world, clock, bureau_admin, leader, unit_staff, other_unit_staff):
    """The world plan grown to two sections, statuses set by the engine on 10 March 2026:

    一 1 推进紧密型医共体建设   医政医管股 (疾控 co)  approved 100 %, target 45 ≥ 43 → 已完成, 批示
       2 做好传染病监测预警     疾控                   approved 30 %                → 正常推进
    二 3 建设区域卫生信息平台   医政医管股  due 2-28    submitted only               → 逾期
       3.1 完成机房改造         (its task's)                                         → 滞后
       4 开展妇幼健康促进行动   妇幼保健院             approved 100 %               → 已完成
       5 实施出生缺陷防治       妇幼保健院             nothing reported             → 滞后, 未报送
       6 推进健康城市建设       疾控        from 4-1   nothing reported             → 未启动, 未报送
    """
    plan, a, b = world.plan, world.unit_a, world.unit_b
    c = UnitFactory(bureau=world.bureau, name="妇幼保健院", sort_order=5)
    staff_c = UserFactory(username="staff_c", bureau=world.bureau, units=[c])
    Task.objects.filter(pk=world.task_a.pk).update(number="1")
    Task.objects.filter(pk=world.task_b.pk).update(number="2")
    two = SectionFactory(plan=plan, number="二", title="强化公共卫生服务", order=2)
    task_c = make_task(
        section=two, lead=a, number="3", title="建设区域卫生信息平台", deadline=dt.date(2026, 2, 28)
    )
    TargetFactory(
        task=task_c,
        text="孕产妇死亡率力争控制在17/10万以下",
        indicator="孕产妇死亡率",
        comparator=Target.Comparator.LTE,
        value=Decimal("17"),
        unit="/10万",
        is_stretch=True,
    )
    task_c1 = make_task(section=two, lead=a, number="1", title="完成机房改造", parent=task_c)
    task_c1.assignments.all().delete()  # a sub-item is its task's
    task_d = make_task(section=two, lead=c, number="4", title="开展妇幼健康促进行动")
    task_e = make_task(section=two, lead=c, number="5", title="实施出生缺陷防治")
    task_f = make_task(
        section=two, lead=b, number="6", title="推进健康城市建设", start_date=dt.date(2026, 4, 1)
    )

    february = services.period_open(
        plan=plan,
        label="2026年2月",
        start=dt.date(2026, 2, 1),
        end=dt.date(2026, 2, 28),
        due_date=dt.date(2026, 2, 25),
    )
    target_a = world.task_a.targets.get()
    approve = [
        submit(
            world.task_a,
            february,
            unit_staff,
            percent=100,
            narrative="医共体总院挂牌运行",
            problems="人才不足",
            next_steps="完善考核",
            actuals={target_a.pk: Decimal("45")},
        ),
        submit(world.task_b, february, other_unit_staff, percent=30, narrative="完成哨点布设"),
        submit(task_d, february, staff_c, percent=100, narrative="活动全部完成"),
    ]
    for report in approve:
        services.report_approve(report=report, user=bureau_admin)
    submit(
        task_c,
        february,
        unit_staff,
        percent=60,
        narrative="平台招标完成",
        problems="资金未到位",
        next_steps="争取专项资金",
    )
    services.leader_comment_add(task=world.task_a, user=leader, text="总结经验，全区推广")
    services.period_close(period=february)
    services.statuses_and_unreported_recompute(plan_ids=[plan.pk])
    return {
        "plan": plan,
        "section_two": two,
        "period": february,
        "tasks": (world.task_a, world.task_b, task_c, task_c1, task_d, task_e, task_f),
        "unit_c": c,
    }
