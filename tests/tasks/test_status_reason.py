"""The status that explains itself: the engine stores the reason with the status (nightly
recompute, approval, delay approval, admin edits) and the pages show it as one line."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tasks import services
from tests.factories import TargetFactory, make_task
from workplans.models import Task, TaskStatus
from workplans.services.statuses import statuses_recompute
from workplans.services.tasks import assignments_snapshot, task_edited

pytestmark = pytest.mark.usefixtures("clock")  # 10 March 2026: 68 of 364 days, about 19 %

BEHIND_BY_TIME = "应完成约 19%（时间进度），尚无进展，落后 19 个百分点，超过容差 15"


def approve(task, period, staff, admin, *, percent, actuals=None):
    report = services.report_save(
        task=task,
        period=period,
        user=staff,
        version=None,
        narrative="进展",
        percent=percent,
        problems="人手不足",
        next_steps="加快推进",
        actuals=actuals or {},
        submit=True,
    )
    return services.report_approve(report=report, user=admin)


def reason_lines(body: str) -> list[str]:
    return [
        html.unescape(text) for text in re.findall(r'data-testid="status-reason">([^<]*)<', body)
    ]


def test_recompute_writes_the_reason_with_the_status(world):
    counts = statuses_recompute(plan_ids=[world.plan.pk])
    task = Task.objects.get(pk=world.task_b.pk)
    assert task.status == TaskStatus.BEHIND
    assert task.status_reason["kind"] == "behind_progress"
    assert (task.status_reason["expected"], task.status_reason["tolerance"]) == (19, 15)
    assert task.status_reason_text == BEHIND_BY_TIME
    assert counts["written"] == counts["tasks"] == 2

    # Nothing changed: nothing is written. A reason alone out of date is rewritten.
    assert statuses_recompute(plan_ids=[world.plan.pk])["written"] == 0
    Task.objects.filter(pk=world.task_b.pk).update(status_reason={})
    counts = statuses_recompute(plan_ids=[world.plan.pk])
    assert (counts["written"], counts["changed"]) == (1, 0)
    assert Task.objects.get(pk=world.task_b.pk).status_reason_text == BEHIND_BY_TIME


def test_recompute_names_the_target_that_makes_a_task_behind(world):
    task = make_task(section=world.section, lead=world.unit_a, title="提高签约率")
    TargetFactory(task=task, baseline=Decimal("30"), latest_actual=Decimal("30"))
    TargetFactory(task=task, indicator="接种率", value=Decimal("95"), latest_actual=Decimal("96"))
    Task.objects.filter(pk=task.pk).update(progress=20)
    statuses_recompute(plan_ids=[world.plan.pk])
    task.refresh_from_db()
    assert task.status == TaskStatus.BEHIND
    assert task.status_reason["kind"] == "behind_target"
    assert task.status_reason_text == (
        "指标“家庭医生签约服务率”要求 ≥43%，最新 30%，未达到当前应有水平；进度 20%，应完成约 19%"
    )


def test_approval_writes_status_and_reason_in_one_history_entry(
    world, period, unit_staff, bureau_admin
):
    target = world.task_a.targets.get()
    approve(world.task_a, period, unit_staff, bureau_admin, percent=40, actuals={target.pk: 45})
    task = Task.objects.get(pk=world.task_a.pk)
    assert task.status == TaskStatus.ON_TRACK
    assert task.status_reason_text == (
        "报送 40%，应完成约 19%；指标均已达标（家庭医生签约服务率 最新 45%，要求 ≥43%）"
    )
    latest = task.history.first()
    assert (latest.progress, latest.status, latest.status_reason) == (
        40,
        TaskStatus.ON_TRACK,
        task.status_reason,
    )


def test_approval_of_met_targets_and_little_progress_says_both(
    world, period, unit_staff, bureau_admin
):
    target = world.task_a.targets.get()
    approve(world.task_a, period, unit_staff, bureau_admin, percent=2, actuals={target.pk: 45})
    task = Task.objects.get(pk=world.task_a.pk)
    assert task.status == TaskStatus.BEHIND  # the rules are the rules
    assert task.status_reason_text == (
        "指标均已达标（家庭医生签约服务率 最新 45%，要求 ≥43%）；"
        "但进度 2% 低于应完成约 19%，超过容差 15 个百分点"
    )


def test_delay_approval_and_admin_edit_rewrite_the_reason(world, other_unit_staff, bureau_admin):
    task = world.task_b
    Task.objects.filter(pk=task.pk).update(deadline=dt.date(2026, 3, 1))
    statuses_recompute(plan_ids=[world.plan.pk])
    task.refresh_from_db()
    assert task.status_reason_text == "已过完成时限（2026年3月1日），进度 0%"

    delay = services.delay_request(
        task=task, user=other_unit_staff, new_deadline=dt.date(2026, 12, 31), reason="资金未到位"
    )
    services.delay_decide(delay=delay, user=bureau_admin, approve=True, comment="同意")
    task.refresh_from_db()
    assert (task.status, task.status_reason_text) == (TaskStatus.BEHIND, BEHIND_BY_TIME)

    before = assignments_snapshot(task)
    Task.objects.filter(pk=task.pk).update(start_date=dt.date(2026, 4, 1))
    task_edited(task=task, user=bureau_admin, assignments_before=before)
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED
    assert task.status_reason_text == "尚未到应有进展的时间，暂无进展"


def test_task_page_desk_and_plan_page_show_the_reason(
    world, period, unit_staff, bureau_admin, login
):
    statuses_recompute(plan_ids=[world.plan.pk])
    client = login(unit_staff)
    page = client.get(reverse("tasks:task-detail", args=[world.task_a.pk])).content.decode()
    assert reason_lines(page) == [BEHIND_BY_TIME]
    assert 'class="status-reason"' in page
    desk = client.get(reverse("tasks:my-tasks")).content.decode()
    assert BEHIND_BY_TIME in reason_lines(desk)
    client.logout()
    plan_page = login(bureau_admin).get(reverse("reports:plan-detail", args=[world.plan.pk]))
    assert reason_lines(plan_page.content.decode()) == [BEHIND_BY_TIME, BEHIND_BY_TIME]


def test_a_task_without_a_stored_reason_shows_no_line(world, login, unit_staff):
    assert Task.objects.get(pk=world.task_a.pk).status_reason == {}
    page = login(unit_staff).get(reverse("tasks:task-detail", args=[world.task_a.pk]))
    assert 'data-testid="status-reason"' not in page.content.decode()


def test_stretch_targets_are_tagged_on_the_task_and_review_pages(
    world, period, unit_staff, bureau_admin, login
):
    stretch = TargetFactory(
        task=world.task_a,
        text="孕产妇死亡率力争控制在17/10万以下",
        indicator="孕产妇死亡率",
        comparator="<=",
        value=Decimal("17"),
        unit="/10万",
        is_stretch=True,
        order=2,
    )
    services.report_save(
        task=world.task_a,
        period=period,
        user=unit_staff,
        version=None,
        narrative="进展",
        percent=30,
        problems="",
        next_steps="",
        actuals={stretch.pk: Decimal("12")},
        submit=True,
    )
    tag = '<span class="tag stretch">力争</span>'
    client = login(bureau_admin)
    page = client.get(reverse("tasks:task-detail", args=[world.task_a.pk])).content.decode()
    assert f"孕产妇死亡率 {tag}" in page
    review = client.get(reverse("tasks:review-list")).content.decode()
    assert f"{tag} 孕产妇死亡率 12/10万" in review


def test_admin_shows_the_reason_and_does_not_let_it_be_typed_in(world, bureau_admin, login):
    statuses_recompute(plan_ids=[world.plan.pk])
    url = reverse("admin:workplans_task_change", args=[world.task_b.pk])
    page = login(bureau_admin).get(url).content.decode()
    assert "状态说明" in page and BEHIND_BY_TIME in page
    assert 'name="status_reason"' not in page


def test_recompute_statuses_command_fills_reasons_after_an_upgrade(world):
    """A database migrated to the status_reason column has {} everywhere until the engine runs;
    `manage.py recompute_statuses` (make run, serve-prod and compose run it after migrate)."""
    from io import StringIO

    from django.core.management import call_command

    Task.objects.update(status_reason={})
    out = StringIO()
    call_command("recompute_statuses", stdout=out)
    assert "已重算" in out.getvalue()
    for task in Task.objects.filter(plan=world.plan):
        assert task.status_reason and task.status_reason_text
