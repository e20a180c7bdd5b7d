"""The task's history (任务动态): every step of a reporting round, with who did it, newest first.

Every step goes through the pages (so django-simple-history records the user) a minute after the
one before, starting 10 March 2026 09:00 in Shanghai when the world is created.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.models import DelayRequest, ProgressReport
from tasks.selectors import task_timeline
from tests.tasks.helpers import HX, report_data, shanghai
from workplans.models import TaskUnit

pytestmark = pytest.mark.usefixtures("clock")


def at(minute: int) -> dt.datetime:
    return shanghai(2026, 3, 10, 9, minute)


@pytest.fixture
def story(world, period, clock, as_user, unit_staff, bureau_admin, leader):
    """A whole round on task_a; returns the target's id for the actual."""
    staff, admin, reader = as_user(unit_staff), as_user(bureau_admin), as_user(leader)
    task = world.task_a
    target = task.targets.get()
    assignment = TaskUnit.objects.get(task=task, unit=world.unit_a)

    def step(minute):
        clock.move_to(at(minute), tick=False)

    step(1)
    staff.post(reverse("tasks:receipt", args=[task.pk]), {"action": "adjust", "reason": "时限过紧"})
    step(2)
    admin.post(reverse("tasks:receipt-reopen", args=[assignment.pk]))
    step(3)
    staff.post(reverse("tasks:receipt", args=[task.pk]), {"action": "confirm"})
    save = reverse("tasks:report-save", args=[task.pk])
    step(4)
    staff.post(save, report_data(percent=30), headers=HX)
    step(5)
    staff.post(save, report_data(version=1, percent=40, action="submit"), headers=HX)
    report = ProgressReport.objects.get()
    review = reverse("tasks:report-review", args=[report.pk])
    step(6)
    admin.post(review, {"decision": "return", "comment": "请补充签约人数"}, headers=HX)
    step(7)
    staff.post(
        save,
        report_data(version=3, percent=65, action="submit", **{f"target_{target.pk}": "45.5"}),
        headers=HX,
    )
    step(8)
    admin.post(review, {"decision": "approve", "comment": "同意"}, headers=HX)
    step(9)
    staff.post(
        reverse("tasks:delay-create", args=[task.pk]),
        {"new_deadline": "2027-03-31", "reason": "省级配套文件尚未出台"},
    )
    step(10)
    delay = DelayRequest.objects.get()
    admin.post(reverse("tasks:delay-decide", args=[delay.pk]), {"decision": "approve"})
    step(11)
    reader.post(reverse("tasks:comment-add", args=[task.pk]), {"text": "6月底前见到实效"})
    report.refresh_from_db()
    assert (report.status, report.version) == ("approved", 5)
    return task


def expected(world, unit_staff, bureau_admin, leader):
    staff, admin = unit_staff.display_name, bureau_admin.display_name
    return [
        (11, leader.display_name, "comment", "批示：6月底前见到实效"),
        (
            10,
            admin,
            "edit",
            "修改了完成时限：2026-12-31 → 2027-03-31（延期申请获批：2026-12-31 → 2027-03-31）",
        ),
        (10, admin, "delay", "同意延期至 2027-03-31"),
        (9, staff, "delay", "申请延期：2026-12-31 → 2027-03-31，理由：省级配套文件尚未出台"),
        (8, admin, "edit", "修改了完成进度：0 → 65；状态：未启动 → 正常推进"),
        (8, admin, "target", "指标“家庭医生签约服务率”最新实际值更新为 45.5%"),
        (8, admin, "report", "审核通过了报送（完成进度 65%，第 5 版）：同意"),
        (7, staff, "report", "报送了进展（完成进度 65%，第 4 版）"),
        (6, admin, "report", "退回了报送（完成进度 40%，第 3 版）：请补充签约人数"),
        (5, staff, "report", "报送了进展（完成进度 40%，第 2 版）"),
        (4, staff, "report", "保存了进展草稿（完成进度 30%，第 1 版）"),
        (3, staff, "assignment", "医政医管股签收了任务"),
        (2, admin, "assignment", "医政医管股的分工已调整，待重新签收"),
        (1, staff, "assignment", "医政医管股申请调整：时限过紧"),
        (0, "系统", "edit", "创建了任务"),
        (0, "系统", "assignment", "交办给疾病预防控制中心（配合）"),
        (0, "系统", "assignment", "交办给医政医管股（牵头）"),
    ]


def test_timeline_lists_every_step_newest_first_with_who(
    story, world, unit_staff, bureau_admin, leader
):
    entries = task_timeline(task=story)
    actual = [(e.when, e.who, e.kind, e.text) for e in entries]
    wanted = [
        (at(m), who, kind, text)
        for m, who, kind, text in expected(world, unit_staff, bureau_admin, leader)
    ]
    assert sorted(actual, key=repr) == sorted(wanted, key=repr)  # nothing missing, nothing extra
    whens = [e.when for e in entries]
    assert whens == sorted(whens, reverse=True)
    assert entries[0].text == "批示：6月底前见到实效"
    assert entries[-1].when == at(0)


def test_task_page_shows_the_timeline_in_order(
    story, world, as_user, unit_staff, bureau_admin, leader
):
    page = as_user(leader).get(reverse("tasks:task-detail", args=[story.pk])).content.decode()
    timeline = page.split('id="timeline"')[1].split("</section>")[0]
    texts = [e[3] for e in expected(world, unit_staff, bureau_admin, leader)]
    positions = [timeline.index(text) for text in texts]
    assert positions == sorted(positions)
    assert "2026-03-10 09:11 · " + leader.display_name in timeline


def test_refused_delay_shows_both_dates_and_the_reason(
    world, period, clock, as_user, unit_staff, bureau_admin
):
    clock.move_to(at(1), tick=False)
    as_user(unit_staff).post(
        reverse("tasks:delay-create", args=[world.task_a.pk]),
        {"new_deadline": "2027-01-31", "reason": "人手不足"},
    )
    clock.move_to(at(2), tick=False)
    delay = DelayRequest.objects.get()
    as_user(bureau_admin).post(
        reverse("tasks:delay-decide", args=[delay.pk]),
        {"decision": "refuse", "comment": "年度任务不宜延期"},
    )
    texts = [(e.who, e.text) for e in task_timeline(task=world.task_a)[:2]]
    assert texts == [
        (bureau_admin.display_name, "不同意延期至 2027-01-31，意见：年度任务不宜延期"),
        (unit_staff.display_name, "申请延期：2026-12-31 → 2027-01-31，理由：人手不足"),
    ]
    assert not any("完成时限" in e.text for e in task_timeline(task=world.task_a))


def test_other_tasks_do_not_leak_into_the_timeline(story, world):
    texts = " ".join(e.text for e in task_timeline(task=world.task_b))
    assert "报送" not in texts and "批示" not in texts and "延期" not in texts
    assert "创建了任务" in texts


def test_timeline_query_count_is_fixed(
    world, period, clock, as_user, unit_staff, bureau_admin, leader, django_assert_num_queries
):
    def round_of(task, minute):
        staff, admin = as_user(unit_staff), as_user(bureau_admin)
        clock.move_to(at(minute), tick=False)
        # After round 1's delay the engine has the task 滞后, so the report must explain it.
        data = report_data(action="submit", problems="人手不足", next_steps="下月补齐")
        staff.post(reverse("tasks:report-save", args=[task.pk]), data)
        report = ProgressReport.objects.get(task=task)
        admin.post(
            reverse("tasks:report-review", args=[report.pk]),
            {"decision": "return", "comment": "退回"},
        )
        staff.post(
            reverse("tasks:delay-create", args=[task.pk]),
            {"new_deadline": f"2027-0{minute % 9 + 1}-01", "reason": "理由"},
        )
        delay = DelayRequest.objects.get(task=task, status="pending")
        admin.post(reverse("tasks:delay-decide", args=[delay.pk]), {"decision": "approve"})
        as_user(leader).post(reverse("tasks:comment-add", args=[task.pk]), {"text": "批示"})

    round_of(world.task_a, 1)
    with CaptureQueriesContext(connection) as once:
        short = task_timeline(task=world.task_a)
    queries = len(once)  # now: every request clears the connection's query log
    for minute in range(2, 6):
        ProgressReport.objects.filter(task=world.task_a).delete()
        round_of(world.task_a, minute)
    with django_assert_num_queries(queries):
        long = task_timeline(task=world.task_a)
    assert len(long) > len(short)


def test_draft_edit_after_return_is_not_shown_as_another_return(
    world, period, clock, as_user, unit_staff, bureau_admin
):
    staff, admin = as_user(unit_staff), as_user(bureau_admin)
    save = reverse("tasks:report-save", args=[world.task_a.pk])
    clock.move_to(at(1), tick=False)
    staff.post(save, report_data(action="submit", percent=40))
    clock.move_to(at(2), tick=False)
    report = ProgressReport.objects.get()
    admin.post(
        reverse("tasks:report-review", args=[report.pk]),
        {"decision": "return", "comment": "请补充签约人数"},
    )
    clock.move_to(at(3), tick=False)
    staff.post(save, report_data(version=2, percent=50))  # a draft edit, not yet resubmitted
    newest = task_timeline(task=world.task_a)[0]
    assert (newest.who, newest.text) == (
        unit_staff.display_name,
        "保存了进展草稿（完成进度 50%，第 3 版）",
    )


def test_status_change_is_shown_in_chinese(world, period, clock, as_user, unit_staff, bureau_admin):
    clock.move_to(at(1), tick=False)
    as_user(unit_staff).post(
        reverse("tasks:report-save", args=[world.task_a.pk]),
        report_data(action="submit", percent=100),
    )
    clock.move_to(at(2), tick=False)
    report = ProgressReport.objects.get()
    as_user(bureau_admin).post(
        reverse("tasks:report-review", args=[report.pk]), {"decision": "approve"}
    )
    texts = [e.text for e in task_timeline(task=world.task_a)]
    assert "修改了完成进度：0 → 100；状态：未启动 → 已完成" in texts
