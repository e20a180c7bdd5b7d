"""A reporting round from the pages: draft, submit, return, resubmit, approve; receipt, delays,
leaders' comments, the review queue and the periods page. "Today" is 10 March 2026 in Shanghai
and the world plan's March period (due 25 March) is open, unless a test moves the clock."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tasks import services
from tasks.models import (
    Cooperation,
    DelayRequest,
    LeaderComment,
    ProgressReport,
    ReportingPeriod,
    ReportStatus,
    TargetActual,
)
from tasks.selectors import review_queue
from tests.factories import PlanFactory, make_task
from tests.tasks.helpers import HX, field_block, form_version, report_data, shanghai, snapshot
from workplans.models import Plan, TaskStatus, TaskUnit

# The clock stops before the world is built, so creation comes first in every history.
pytestmark = pytest.mark.usefixtures("clock")


def task_url(task) -> str:
    return reverse("tasks:task-detail", args=[task.pk])


def save(client, task, data, *, htmx=True):
    url = reverse("tasks:report-save", args=[task.pk])
    return client.post(url, data, headers=HX if htmx else {})


def review(client, report, decision, comment="", *, htmx=True):
    url = reverse("tasks:report-review", args=[report.pk])
    data = {"decision": decision, "comment": comment}
    return client.post(url, data, headers=HX if htmx else {})


def fragment(response) -> str:
    body = response.content.decode()
    assert response.status_code == 200, body[:500]
    assert "<html" not in body
    return body


def desk_count(body: str, key: str) -> int:
    return int(re.search(rf'data-testid="count-{key}"[^>]*>(\d+)<', body).group(1))


# Draft and submit -------------------------------------------------------------------------


def test_draft_then_submit_before_due_date(world, period, as_user, unit_staff):
    client = as_user(unit_staff)
    assert form_version(client.get(task_url(world.task_a)).content.decode()) == 0

    body = fragment(save(client, world.task_a, report_data(version=0, percent=30)))
    assert "草稿已保存。" in body
    report = ProgressReport.objects.get()
    assert (report.status, report.version, report.percent) == (ReportStatus.DRAFT, 1, 30)
    assert (report.unit, report.author, report.period) == (world.unit_a, unit_staff, period)
    assert report.submitted_at is None
    assert form_version(body) == 1

    body = fragment(save(client, world.task_a, report_data(version=1, action="submit", percent=40)))
    assert "已报送，等待督查室审核。" in body
    report.refresh_from_db()
    assert (report.status, report.version, report.percent) == (ReportStatus.SUBMITTED, 2, 40)
    assert report.submitted_at == shanghai(2026, 3, 10, 9, 0)
    assert report.is_late is False
    assert 'name="narrative"' not in body  # read-only once submitted
    assert "逾期报送" not in body


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        (shanghai(2026, 3, 25, 23, 30), False),  # still the due day in Shanghai (15:30 UTC)
        (shanghai(2026, 3, 26, 0, 30), True),  # the next day in Shanghai, though 25th in UTC
        (shanghai(2026, 3, 31, 18, 0), True),
    ],
)
def test_submission_after_the_due_date_is_late(
    moment, late, world, period, clock, as_user, unit_staff
):
    clock.move_to(moment, tick=False)
    client = as_user(unit_staff)
    body = fragment(save(client, world.task_a, report_data(action="submit")))
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    assert report.is_late is late
    assert ("逾期报送" in body) is late


def test_narrative_is_required_to_submit_but_not_for_a_draft(world, period, as_user,
                                                              unit_staff):  # fmt: skip
    client = as_user(unit_staff)
    body = fragment(save(client, world.task_a, report_data(narrative="  ", action="submit")))
    assert "请填写工作进展。" in field_block(body, "id_narrative")
    assert "请按提示修改后再保存。" in body
    assert not ProgressReport.objects.exists()
    body = fragment(save(client, world.task_a, report_data(narrative="  ", action="draft")))
    assert "草稿已保存" in body  # a draft keeps whatever is filled in so far
    assert ProgressReport.objects.get().status == "draft"


@pytest.mark.parametrize(
    ("percent", "message"),
    [
        ("120", "完成进度不能超过 100。"),
        ("abc", "完成进度请填 0 到 100 的整数。"),
        ("-5", "完成进度不能小于 0。"),
        ("", "请填写完成进度。"),
    ],
)
def test_bad_percent_is_shown_beside_the_field(
    percent, message, world, period, as_user, unit_staff
):
    client = as_user(unit_staff)
    narrative = "医共体总院已挂牌运行"
    body = fragment(save(client, world.task_a, report_data(percent=percent, narrative=narrative)))
    assert message in field_block(body, "id_percent")
    assert narrative in body  # what the user typed is kept in the form
    assert not ProgressReport.objects.exists()
    assert ProgressReport.history.count() == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "“家庭医生签约服务率”的实际值请填数字。"), ("-3", "实际值不能为负数。")],
)
def test_bad_target_actual_is_shown_beside_the_field(
    value, message, world, period, as_user, unit_staff
):
    target = world.task_a.targets.get()
    client = as_user(unit_staff)
    data = report_data(**{f"target_{target.pk}": value})
    body = fragment(save(client, world.task_a, data))
    assert message in field_block(body, f"id_target_{target.pk}")
    assert not ProgressReport.objects.exists()
    assert not TargetActual.objects.exists()


def test_bad_edit_leaves_the_saved_draft_as_it_was(world, period, as_user, unit_staff):
    client = as_user(unit_staff)
    save(client, world.task_a, report_data(percent=30, narrative="第一稿"))
    before = snapshot()
    body = fragment(
        save(client, world.task_a, report_data(version=1, percent=120, narrative="二稿"))
    )
    assert "完成进度不能超过 100。" in body
    assert snapshot() == before


def test_target_actual_is_saved_with_the_draft(world, period, as_user, unit_staff):
    target = world.task_a.targets.get()
    client = as_user(unit_staff)
    body = fragment(save(client, world.task_a, report_data(**{f"target_{target.pk}": "45.5"})))
    actual = TargetActual.objects.get()
    assert (actual.target, actual.value) == (target, Decimal("45.5"))
    assert 'value="45.5"' in body
    target.refresh_from_db()
    assert target.latest_actual is None  # only an approved report moves the target


def test_bad_percent_without_htmx_still_says_what_is_wrong(world, period, as_user, unit_staff):
    client = as_user(unit_staff)
    response = save(client, world.task_a, report_data(percent="120"), htmx=False)
    body = client.get(response.url).content.decode() if response.status_code == 302 else ""
    if not body:
        body = response.content.decode()
    assert not ProgressReport.objects.exists()
    assert "完成进度不能超过 100" in body


@pytest.mark.parametrize("status", [TaskStatus.NOT_STARTED, TaskStatus.OVERDUE])
def test_overdue_task_needs_problems_and_next_steps_on_submit(
    status, world, period, as_user, unit_staff
):
    task = world.task_a
    task.deadline = dt.date(2026, 3, 1)  # already past on 10 March
    task.status = status
    task.save()
    client = as_user(unit_staff)
    page = client.get(task_url(task)).content.decode()
    assert "任务滞后或逾期，必填" in page

    fragment(save(client, task, report_data()))  # a draft may leave them empty
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.DRAFT

    body = fragment(save(client, task, report_data(version=1, action="submit")))
    assert "任务滞后或逾期，请填写存在问题。" in field_block(body, "id_problems")
    assert "任务滞后或逾期，请填写下步计划。" in field_block(body, "id_next_steps")
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)

    data = report_data(version=1, action="submit", problems="编制未到位", next_steps="4月底前补齐")
    fragment(save(client, task, data))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert (report.problems, report.next_steps) == ("编制未到位", "4月底前补齐")


def test_behind_task_needs_explanation_even_before_its_deadline(world, period, as_user, unit_staff):
    world.task_a.status = TaskStatus.BEHIND
    world.task_a.save()
    body = fragment(save(as_user(unit_staff), world.task_a, report_data(action="submit")))
    assert "任务滞后或逾期，请填写存在问题。" in body
    assert not ProgressReport.objects.exists()


# Co-units ------------------------------------------------------------------------------


def test_co_unit_writes_cooperation_and_lead_unit_sees_it(
    world, period, as_user, unit_staff, other_unit_staff
):
    co = as_user(other_unit_staff)
    url = reverse("tasks:cooperation-save", args=[world.task_a.pk])
    body = fragment(co.post(url, {"text": "  "}, headers=HX))
    assert "请填写配合情况。" in body
    assert not Cooperation.objects.exists()

    body = fragment(co.post(url, {"text": "已派出3名公卫医生驻点指导"}, headers=HX))
    assert "配合情况已保存" in body
    fragment(co.post(url, {"text": "已派出5名公卫医生驻点指导"}, headers=HX))
    cooperation = Cooperation.objects.get()  # one per unit and period, updated in place
    assert (cooperation.unit, cooperation.author) == (world.unit_b, other_unit_staff)
    assert cooperation.period == period

    page = as_user(unit_staff).get(task_url(world.task_a)).content.decode()
    assert "配合单位情况" in page
    assert "疾病预防控制中心" in page and "已派出5名公卫医生驻点指导" in page
    assert "已派出3名" not in page


# Review ---------------------------------------------------------------------------------


@pytest.fixture
def submitted(world, period, as_user, unit_staff):
    """Unit A's report on task_a, submitted from the page (version 2) with a target actual."""
    target = world.task_a.targets.get()
    client = as_user(unit_staff)
    save(client, world.task_a, report_data(percent=65, **{f"target_{target.pk}": "45.5"}))
    save(
        client,
        world.task_a,
        report_data(version=1, action="submit", percent=65, **{f"target_{target.pk}": "45.5"}),
    )
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    return report


def test_return_needs_a_comment_and_shows_on_the_desk(
    world, submitted, as_user, bureau_admin, unit_staff
):
    admin = as_user(bureau_admin)
    body = fragment(review(admin, submitted, "return", "  "))
    assert "退回时请写明退回原因" in body
    submitted.refresh_from_db()
    assert (submitted.status, submitted.version) == (ReportStatus.SUBMITTED, 2)

    body = fragment(review(admin, submitted, "return", "请补充签约人数和签约率"))
    assert "已退回“推进紧密型医共体建设”的报送。" in body
    submitted.refresh_from_db()
    assert (submitted.status, submitted.version) == (ReportStatus.RETURNED, 3)
    assert submitted.reviewer == bureau_admin

    staff = as_user(unit_staff)
    desk = staff.get(reverse("tasks:my-tasks")).content.decode()
    assert desk_count(desk, "returned") == 1
    assert desk_count(desk, "due") == 0
    assert "已退回" in desk and "退回意见：请补充签约人数和签约率" in desk
    page = staff.get(task_url(world.task_a)).content.decode()
    assert "请补充签约人数和签约率" in page
    assert form_version(page) == 3  # editable again


def test_resubmitting_keeps_every_version(
    world, submitted, clock, as_user, bureau_admin, unit_staff
):
    admin, staff = as_user(bureau_admin), as_user(unit_staff)
    clock.shift(3600)
    review(admin, submitted, "return", "请补充签约人数")
    clock.shift(3600)
    version = form_version(staff.get(task_url(world.task_a)).content.decode())
    fragment(save(staff, world.task_a, report_data(version=version, percent=70)))
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.RETURNED  # a draft edit keeps it with the unit
    clock.shift(3600)
    fragment(save(staff, world.task_a, report_data(version=4, percent=70, action="submit")))
    clock.shift(3600)
    review(admin, submitted, "approve", "同意")
    submitted.refresh_from_db()
    assert (submitted.status, submitted.version) == (ReportStatus.APPROVED, 6)

    history = submitted.history.order_by("history_date")
    assert sorted(set(history.values_list("version", flat=True))) == [1, 2, 3, 4, 5, 6]
    statuses = [s for s, _ in history.values_list("status", "version").distinct()]
    assert statuses == ["draft", "submitted", "returned", "returned", "submitted", "approved"]
    page = admin.get(task_url(world.task_a)).content.decode()
    timeline = page.split('id="timeline"')[1]
    for version in range(1, 7):
        assert f"第 {version} 版" in timeline
    assert "退回了报送（完成进度 65%，第 3 版）：请补充签约人数" in timeline
    assert "审核通过了报送（完成进度 70%，第 6 版）：同意" in timeline


def test_approve_moves_task_progress_and_target_actual(
    world, submitted, as_user, bureau_admin, leader
):
    plan_url = reverse("reports:plan-detail", args=[world.plan.pk])
    reader = as_user(leader)
    assert "65%" not in reader.get(plan_url).content.decode()

    body = fragment(review(as_user(bureau_admin), submitted, "approve"))
    assert "已通过“推进紧密型医共体建设”的报送。" in body
    world.task_a.refresh_from_db()
    assert world.task_a.progress == 65
    target = world.task_a.targets.get()
    assert target.latest_actual == Decimal("45.5")

    assert "65%" in reader.get(plan_url).content.decode()
    page = reader.get(task_url(world.task_a)).content.decode()
    assert re.search(r'data-testid="task-progress"[^>]*>65%<', page)
    assert re.search(r'data-testid="target-actual"[^>]*>45\.5%<', page)


def test_full_progress_marks_the_task_done(world, period, as_user, unit_staff, bureau_admin):
    client = as_user(unit_staff)
    save(client, world.task_a, report_data(percent=100, action="submit"))
    review(as_user(bureau_admin), ProgressReport.objects.get(), "approve")
    world.task_a.refresh_from_db()
    assert (world.task_a.progress, world.task_a.status) == (100, TaskStatus.DONE)


def test_approving_twice_is_refused(world, submitted, as_user, bureau_admin):
    admin = as_user(bureau_admin)
    review(admin, submitted, "approve")
    submitted.refresh_from_db()
    before = snapshot()
    body = fragment(review(admin, submitted, "approve"))
    assert "这份报送已通过，不能审核。" in body
    assert snapshot() == before
    response = review(admin, submitted, "return", "再退回", htmx=False)
    assert response.status_code == 302
    assert "这份报送已通过，不能退回。" in admin.get(response.url).content.decode()
    assert snapshot() == before


def test_draft_cannot_be_reviewed(world, period, as_user, unit_staff, bureau_admin):
    save(as_user(unit_staff), world.task_a, report_data())
    report = ProgressReport.objects.get()
    body = fragment(review(as_user(bureau_admin), report, "approve"))
    assert "这份报送草稿，不能审核。" in body
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)


@pytest.mark.parametrize("approve_first", [False, True])
def test_submitted_or_approved_report_cannot_be_edited(
    approve_first, world, submitted, as_user, unit_staff, bureau_admin
):
    if approve_first:
        review(as_user(bureau_admin), submitted, "approve")
    submitted.refresh_from_db()
    staff = as_user(unit_staff)
    page = staff.get(task_url(world.task_a)).content.decode()
    assert 'name="narrative"' not in page
    before = snapshot()
    body = fragment(
        save(staff, world.task_a, report_data(version=submitted.version, narrative="偷偷改一下"))
    )
    label = "已通过" if approve_first else "已报送"
    assert f"本期进展{label}，不能再修改。" in body
    assert snapshot() == before


# Two people, one report ------------------------------------------------------------------


@pytest.mark.parametrize("existing_draft", [False, True])
def test_second_save_from_a_stale_form_is_refused(
    existing_draft, world, period, clock, as_user, unit_staff, second_staff
):
    zhang, li = as_user(unit_staff), as_user(second_staff)
    if existing_draft:
        save(zhang, world.task_a, report_data(narrative="最初的草稿"))
    version_zhang = form_version(zhang.get(task_url(world.task_a)).content.decode())
    version_li = form_version(li.get(task_url(world.task_a)).content.decode())
    assert version_zhang == version_li

    clock.move_to(shanghai(2026, 3, 10, 14, 5), tick=False)
    first = report_data(version=version_zhang, narrative="张三：医共体总院已完成挂牌", percent=50)
    fragment(save(zhang, world.task_a, first))
    clock.shift(120)
    second = report_data(version=version_li, narrative="李明：另一份写法", percent=60)
    body = fragment(save(li, world.task_a, second))

    assert f"{unit_staff.display_name} 在 03-10 14:05 已修改了这份报送" in body
    assert "完成进度 50%" in body and "张三：医共体总院已完成挂牌" in body
    assert "您的修改没有保存" in body
    report = ProgressReport.objects.get()
    assert report.narrative == "张三：医共体总院已完成挂牌"
    assert (report.percent, report.author) == (50, unit_staff)
    assert report.version == version_zhang + 1


def test_stale_form_without_htmx_shows_the_message_and_keeps_the_text(
    world, period, as_user, unit_staff, second_staff
):
    zhang, li = as_user(unit_staff), as_user(second_staff)
    save(zhang, world.task_a, report_data(narrative="张三写的"), htmx=False)
    response = save(li, world.task_a, report_data(version=0, narrative="李明写的"), htmx=False)
    assert response.status_code == 400
    page = response.content.decode()
    assert "已修改了这份报送" in page and "李明写的" in page
    assert ProgressReport.objects.get().narrative == "张三写的"


# Receipt ---------------------------------------------------------------------------------


def test_receipt_adjustment_reopen_and_confirm(world, period, as_user, unit_staff, bureau_admin):
    staff, admin = as_user(unit_staff), as_user(bureau_admin)
    url = reverse("tasks:receipt", args=[world.task_a.pk])
    assignment = TaskUnit.objects.get(task=world.task_a, unit=world.unit_a)
    assert 'id="receipt-panel"' in staff.get(task_url(world.task_a)).content.decode()
    assert "待签收" in staff.get(reverse("tasks:my-tasks")).content.decode()

    body = fragment(staff.post(url, {"action": "adjust", "reason": " "}, headers=HX))
    assert "请写明需要调整的理由" in body
    assignment.refresh_from_db()
    assert assignment.receipt == TaskUnit.Receipt.PENDING

    body = fragment(
        staff.post(url, {"action": "adjust", "reason": "牵头单位应为基层卫生股"}, headers=HX)
    )
    assert "已提交调整申请" in body
    assignment.refresh_from_db()
    assert (assignment.receipt, assignment.receipt_note) == ("adjust", "牵头单位应为基层卫生股")
    assert assignment.receipt_by == unit_staff

    receipts = admin.get(reverse("tasks:plan-receipts", args=[world.plan.pk])).content.decode()
    assert "牵头单位应为基层卫生股" in receipts and "已调整，请重新签收" in receipts
    response = admin.post(reverse("tasks:receipt-reopen", args=[assignment.pk]))
    assert response.url == reverse("tasks:plan-receipts", args=[world.plan.pk])
    assignment.refresh_from_db()
    assert assignment.receipt == TaskUnit.Receipt.PENDING

    body = fragment(staff.post(url, {"action": "confirm"}, headers=HX))
    assert "已签收。" in body and 'id="receipt-panel"' not in body
    assignment.refresh_from_db()
    assert assignment.receipt == TaskUnit.Receipt.CONFIRMED
    assert assignment.receipt_by == unit_staff
    assert assignment.receipt_at == shanghai(2026, 3, 10, 9, 0)
    receipts = admin.get(reverse("tasks:plan-receipts", args=[world.plan.pk])).content.decode()
    assert re.search(r'data-testid="receipt-pending"[^>]*>1<', receipts)  # task_b still pending


def test_unknown_receipt_action_is_a_400(world, as_user, unit_staff):
    response = as_user(unit_staff).post(
        reverse("tasks:receipt", args=[world.task_a.pk]), {"action": "delete"}
    )
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


# Delays ----------------------------------------------------------------------------------


def delay(client, task, new_deadline, reason):
    url = reverse("tasks:delay-create", args=[task.pk])
    return client.post(url, {"new_deadline": new_deadline, "reason": reason}, headers=HX)


def decide(client, request, decision, comment=""):
    url = reverse("tasks:delay-decide", args=[request.pk])
    return client.post(url, {"decision": decision, "comment": comment})


@pytest.mark.parametrize(
    ("new_deadline", "reason", "message"),
    [
        ("2026-12-01", "需要更多时间", "新的时限应晚于原时限（2026-12-31）。"),
        ("2026-12-31", "需要更多时间", "新的时限应晚于原时限（2026-12-31）。"),
        ("2027-03-31", "  ", "请写明延期理由。"),
        ("", "需要更多时间", "请选择新的完成时限。"),
        ("2027/13/40", "需要更多时间", "日期格式不对。"),
    ],
)
def test_bad_delay_request_is_refused(new_deadline, reason, message, world, as_user, unit_staff):
    body = fragment(delay(as_user(unit_staff), world.task_a, new_deadline, reason))
    assert message in body
    assert not DelayRequest.objects.exists()


def test_delay_request_approved_moves_the_deadline(world, clock, as_user, unit_staff, bureau_admin):
    staff, admin = as_user(unit_staff), as_user(bureau_admin)
    body = fragment(delay(staff, world.task_a, "2027-03-31", "省级配套文件尚未出台"))
    assert "延期申请已提交" in body
    assert "已申请延至 2027-03-31" in body
    body = fragment(delay(staff, world.task_a, "2027-06-30", "再申请一次"))
    assert "这项任务已有一份待审批的延期申请。" in body
    request = DelayRequest.objects.get()
    assert (request.old_deadline, request.new_deadline) == (
        dt.date(2026, 12, 31),
        dt.date(2027, 3, 31),
    )
    assert request.status == DelayRequest.Status.PENDING

    queue = admin.get(reverse("tasks:review-list")).content.decode()
    assert "省级配套文件尚未出台" in queue
    clock.shift(3600)
    response = decide(admin, request, "approve")
    assert response.url == reverse("tasks:review-list")
    request.refresh_from_db()
    world.task_a.refresh_from_db()
    assert request.status == DelayRequest.Status.APPROVED
    assert request.decided_by == bureau_admin
    assert world.task_a.deadline == dt.date(2027, 3, 31)

    page = staff.get(task_url(world.task_a)).content.decode()
    assert "2027年3月31日" in page
    timeline = page.split('id="timeline"')[1]
    assert "申请延期：2026-12-31 → 2027-03-31" in timeline
    assert "同意延期至 2027-03-31" in timeline
    assert "完成时限：2026-12-31 → 2027-03-31" in timeline

    response = decide(admin, request, "refuse", "重复审批")
    assert "不能重复审批" in admin.get(response.url).content.decode()
    request.refresh_from_db()
    assert request.status == DelayRequest.Status.APPROVED


def test_refusing_a_delay_needs_a_comment(world, as_user, unit_staff, bureau_admin):
    staff, admin = as_user(unit_staff), as_user(bureau_admin)
    delay(staff, world.task_a, "2027-03-31", "人手不足")
    request = DelayRequest.objects.get()
    response = decide(admin, request, "refuse", " ")
    assert "不同意延期时请写明理由。" in admin.get(response.url).content.decode()
    request.refresh_from_db()
    assert request.status == DelayRequest.Status.PENDING

    decide(admin, request, "refuse", "年度任务不宜延期")
    request.refresh_from_db()
    world.task_a.refresh_from_db()
    assert request.status == DelayRequest.Status.REFUSED
    assert world.task_a.deadline == dt.date(2026, 12, 31)
    page = staff.get(task_url(world.task_a)).content.decode()
    assert "不同意延期至 2027-03-31，意见：年度任务不宜延期" in page
    fragment(delay(staff, world.task_a, "2027-02-28", "调整后再次申请"))  # allowed again
    assert DelayRequest.objects.filter(status=DelayRequest.Status.PENDING).count() == 1


# Leaders' comments ----------------------------------------------------------------------


def test_leader_comment_shows_on_the_lead_units_desk(world, period, as_user, leader, unit_staff):
    reader = as_user(leader)
    url = reverse("tasks:comment-add", args=[world.task_a.pk])
    body = fragment(reader.post(url, {"text": " "}, headers=HX))
    assert "请填写批示内容。" in body
    assert not LeaderComment.objects.exists()

    body = fragment(reader.post(url, {"text": "医共体建设要在6月底前见到实效"}, headers=HX))
    assert "批示已发送" in body
    assert LeaderComment.objects.get().author == leader

    desk = as_user(unit_staff).get(reverse("tasks:my-tasks")).content.decode()
    row = desk.split(f'id="desk-task-{world.task_a.pk}"')[1].split("</tr>")[0]
    assert "批示：医共体建设要在6月底前见到实效" in row
    assert leader.display_name in row
    page = as_user(unit_staff).get(task_url(world.task_a)).content.decode()
    assert "领导批示" in page and "医共体建设要在6月底前见到实效" in page


# The review queue -------------------------------------------------------------------------


def test_review_queue_lists_submitted_reports_oldest_first(
    world, period, clock, unit_staff, other_unit_staff, bureau_admin, as_user
):
    task_c = make_task(section=world.section, lead=world.unit_a, title="推进家庭医生签约服务")
    task_d = make_task(section=world.section, lead=world.unit_a, title="完善分级诊疗制度")

    def submit(task, user, *, action="submit"):
        services.report_save(
            task=task,
            period=period,
            user=user,
            version=None,
            narrative=f"{task.title}进展",
            percent=10,
            problems="",
            next_steps="",
            actuals={},
            submit=action == "submit",
        )
        clock.shift(600)

    submit(task_c, unit_staff)
    submit(world.task_b, other_unit_staff)
    submit(task_d, unit_staff, action="draft")
    submit(world.task_a, unit_staff)

    queue = list(review_queue(user=bureau_admin))
    assert [r.task for r in queue] == [task_c, world.task_b, world.task_a]
    page = as_user(bureau_admin).get(reverse("tasks:review-list")).content.decode()
    assert re.search(r'data-testid="queue-count"[^>]*>3<', page)
    positions = [page.index(t.title) for t in (task_c, world.task_b, world.task_a)]
    assert positions == sorted(positions)
    assert task_d.title not in page


# Periods ---------------------------------------------------------------------------------


def period_form(body: str) -> dict:
    """The suggested values; dates read as ISO whether rendered 2026-01-01 or 2026/01/01."""
    fields = re.findall(r'<input type="(?:text|date)" name="(\w+)" value="([^"]*)"', body)
    return {name: value.replace("/", "-") if name != "label" else value for name, value in fields}


@pytest.mark.parametrize(
    ("cycle", "first", "second"),
    [
        (
            Plan.Cycle.MONTHLY,
            {
                "label": "2026年3月",
                "start": "2026-03-01",
                "end": "2026-03-31",
                "due_date": "2026-03-25",
            },
            {
                "label": "2026年4月",
                "start": "2026-04-01",
                "end": "2026-04-30",
                "due_date": "2026-04-25",
            },
        ),
        (
            Plan.Cycle.QUARTERLY,
            {
                "label": "2026年第一季度",
                "start": "2026-01-01",
                "end": "2026-03-31",
                "due_date": "2026-03-25",
            },
            {
                "label": "2026年第二季度",
                "start": "2026-04-01",
                "end": "2026-06-30",
                "due_date": "2026-06-25",
            },
        ),
    ],
)
def test_periods_page_suggests_the_current_period_by_cycle(
    cycle, first, second, world, as_user, bureau_admin
):
    world.plan.reporting_cycle = cycle
    world.plan.save()
    admin = as_user(bureau_admin)
    url = reverse("tasks:plan-periods", args=[world.plan.pk])
    page = admin.get(url).content.decode()
    assert "还没有开启报送期" in page
    assert period_form(page) == first

    response = admin.post(url, first)
    assert response.status_code == 302
    period = ReportingPeriod.objects.get()
    assert period.label == first["label"] and period.status == ReportingPeriod.Status.OPEN
    page = admin.get(url).content.decode()
    assert f"已开启报送期“{first['label']}”" in page
    assert period_form(page) == second


def test_suggested_dates_fill_the_date_pickers(world, as_user, bureau_admin):
    page = as_user(bureau_admin).get(reverse("tasks:plan-periods", args=[world.plan.pk]))
    body = page.content.decode()
    assert '<input type="date" name="start" value="2026-03-01"' in body
    assert '<input type="date" name="due_date" value="2026-03-25"' in body


@pytest.mark.parametrize(
    ("year", "today", "cycle", "label"),
    [
        (2025, dt.date(2026, 11, 20), Plan.Cycle.MONTHLY, "2025年12月"),  # the year is over
        (2025, dt.date(2026, 11, 20), Plan.Cycle.QUARTERLY, "2025年第四季度"),
        (2027, dt.date(2026, 11, 20), Plan.Cycle.MONTHLY, "2027年1月"),  # not started yet
        (2026, dt.date(2026, 11, 20), Plan.Cycle.MONTHLY, "2026年11月"),
        (2026, dt.date(2026, 11, 20), Plan.Cycle.QUARTERLY, "2026年第四季度"),
        (2026, dt.date(2026, 5, 1), Plan.Cycle.QUARTERLY, "2026年第二季度"),
    ],
)
def test_suggestion_is_the_period_holding_today(year, today, cycle, label, world):
    plan = PlanFactory(bureau=world.bureau, year=year, title=f"{year}年工作要点")
    plan.reporting_cycle = cycle
    plan.save()
    assert services.period_suggest(plan=plan, today=today)["label"] == label


def test_suggestion_skips_periods_already_opened(world):
    today = dt.date(2026, 11, 20)
    for month in (11, 12):
        ReportingPeriod.objects.create(
            plan=world.plan,
            label=f"2026年{month}月",
            start=dt.date(2026, month, 1),
            end=dt.date(2026, month, 30 + month - 11),
            due_date=dt.date(2026, month, 25),
        )
    # Today's November is open, December too: the rest of the year is taken, so what follows
    # the last period (as before) rather than a month long past.
    assert services.period_suggest(plan=world.plan, today=today)["label"] == "2027年1月"
    ReportingPeriod.objects.filter(label="2026年12月").delete()
    assert services.period_suggest(plan=world.plan, today=today)["label"] == "2026年12月"


def test_periods_page_states_the_rule_once(world, as_user, bureau_admin):
    page = as_user(bureau_admin).get(reverse("tasks:plan-periods", args=[world.plan.pk]))
    body = page.content.decode()
    rule = "截止日后报送记为逾期报送；督查室关闭报送期后不能再报送。"
    assert body.count(rule) == 1
    assert "截止日后仍可报送" not in body and "截止后的报送期不能再报送" not in body


@pytest.mark.parametrize(
    ("cycle", "last_end", "label"),
    [
        (Plan.Cycle.MONTHLY, dt.date(2026, 12, 31), "2027年1月"),
        (Plan.Cycle.QUARTERLY, dt.date(2026, 9, 30), "2026年第四季度"),
        (Plan.Cycle.QUARTERLY, dt.date(2026, 12, 31), "2027年第一季度"),
    ],
)
def test_suggestion_rolls_over_quarters_and_years(cycle, last_end, label, world):
    world.plan.reporting_cycle = cycle
    world.plan.save()
    ReportingPeriod.objects.create(
        plan=world.plan,
        label="上一期",
        start=last_end.replace(day=1),
        end=last_end,
        due_date=last_end,
    )
    assert services.period_suggest_next(plan=world.plan)["label"] == label


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "label": "3月下半月",
                "start": "2026-03-15",
                "end": "2026-04-15",
                "due_date": "2026-04-10",
            },
            "与已有报送期的日期重叠",
        ),
        (
            {
                "label": "2026年2月",
                "start": "2026-02-01",
                "end": "2026-03-01",
                "due_date": "2026-02-25",
            },
            "与已有报送期的日期重叠",
        ),
        (
            {"label": "倒置", "start": "2026-05-31", "end": "2026-05-01", "due_date": "2026-05-31"},
            "结束日期不能早于开始日期。",
        ),
        (
            {
                "label": "截止过早",
                "start": "2026-05-01",
                "end": "2026-05-31",
                "due_date": "2026-04-30",
            },
            "报送截止日不能早于开始日期。",
        ),
    ],
)
def test_bad_or_overlapping_period_is_refused(data, message, world, period, as_user, bureau_admin):
    response = as_user(bureau_admin).post(reverse("tasks:plan-periods", args=[world.plan.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(ReportingPeriod.objects.all()) == [period]


def test_periods_open_only_on_published_plans(world, bureau_admin, as_user):
    draft = PlanFactory(bureau=world.bureau, status=Plan.Status.DRAFT, title="2027年工作要点")
    with pytest.raises(ValidationError, match="工作要点发布后才能开启报送期"):
        services.period_open(
            plan=draft,
            label="2027年1月",
            start=dt.date(2027, 1, 1),
            end=dt.date(2027, 1, 31),
            due_date=dt.date(2027, 1, 25),
        )
    response = as_user(bureau_admin).post(
        reverse("tasks:plan-periods", args=[draft.pk]),
        {
            "label": "2027年1月",
            "start": "2027-01-01",
            "end": "2027-01-31",
            "due_date": "2027-01-25",
        },
    )
    assert response.status_code == 400
    assert "工作要点发布后才能开启报送期" in response.content.decode()
    assert not ReportingPeriod.objects.exists()


def test_closing_the_period_refuses_reporting(world, period, as_user, bureau_admin, unit_staff):
    staff = as_user(unit_staff)
    fragment(save(staff, world.task_a, report_data(narrative="截止前的草稿")))
    response = as_user(bureau_admin).post(reverse("tasks:period-close", args=[period.pk]))
    assert response.url == reverse("tasks:plan-periods", args=[world.plan.pk])
    period.refresh_from_db()
    assert period.status == ReportingPeriod.Status.CLOSED

    before = snapshot()
    for data in (
        report_data(version=1, narrative="截止后改稿"),
        report_data(version=1, action="submit"),
    ):
        body = fragment(save(staff, world.task_a, data))
        assert 'data-testid="workspace-error"' in body
        assert "不能填报" in body or "已截止" in body
    assert snapshot() == before
    with pytest.raises(ValidationError, match="2026年3月已截止，不能再报送。"):
        services.report_save(
            task=world.task_a,
            period=period,
            user=unit_staff,
            version=1,
            narrative="x",
            percent=1,
            problems="",
            next_steps="",
            actuals={},
            submit=True,
        )


def test_refusal_after_closing_names_the_closed_period(world, period, as_user, unit_staff):
    services.period_close(period=period)
    body = fragment(save(as_user(unit_staff), world.task_a, report_data()))
    assert "2026年3月已截止" in body


def test_form_loaded_for_a_closed_period_is_not_saved_into_the_next(
    world, period, clock, as_user, unit_staff, bureau_admin
):
    staff = as_user(unit_staff)
    assert form_version(staff.get(task_url(world.task_a)).content.decode()) == 0  # March form
    services.period_close(period=period)
    services.period_open(
        plan=world.plan,
        label="2026年4月",
        start=dt.date(2026, 4, 1),
        end=dt.date(2026, 4, 30),
        due_date=dt.date(2026, 4, 25),
    )
    # The page's form carries the period it was opened for, as a browser would post it.
    data = report_data(version=0, narrative="3月工作进展", action="submit", period=period.pk)
    body = save(staff, world.task_a, data).content.decode()
    assert not ProgressReport.objects.exists()
    assert "已截止" in body
