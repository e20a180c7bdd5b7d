"""One rule for each fact: the period being reported, and the status, whoever changes the task.

- With March and April both open on 5 April, the desk row and the task page both say March until
  March's report is sent, then April (the README states this rule).
- Approval computes the task's status through the engine in its own transaction: nothing waits
  for a job after the commit.
- An edit in Django admin (后台) recomputes the status and restarts 签收 of a new lead unit, with
  history naming the admin, as the portal does.
"""

import datetime as dt

import pytest
from django.urls import reverse

from tasks import services
from tasks.models import ProgressReport
from tasks.selectors import desk_for
from tasks.services.periods import reporting_period_for
from tests.factories import MilestoneFactory, UnitFactory, UserFactory
from tests.tasks.helpers import HX, report_data, shanghai
from workplans.models import Task, TaskStatus, TaskUnit


@pytest.fixture
def march_and_april(world, time_machine):
    """5 April 2026: March (due 25 March, still open for late reports) and April both open."""
    time_machine.move_to(shanghai(2026, 4, 5, 9, 0), tick=False)
    march = services.period_open(
        plan=world.plan,
        label="2026年3月",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 3, 25),
    )
    april = services.period_open(
        plan=world.plan,
        label="2026年4月",
        start=dt.date(2026, 4, 1),
        end=dt.date(2026, 4, 30),
        due_date=dt.date(2026, 4, 25),
    )
    return march, april


def desk_row(user, task):
    return next(row for row in desk_for(user=user).rows if row.task.pk == task.pk)


def test_desk_and_task_page_report_the_same_period(world, march_and_april, unit_staff, as_user):
    march, april = march_and_april
    client = as_user(unit_staff)

    assert desk_row(unit_staff, world.task_a).period == march
    assert desk_row(unit_staff, world.task_a).state == "due"
    assert reporting_period_for(world.task_a) == march
    page = client.get(reverse("tasks:task-detail", args=[world.task_a.pk])).content.decode()
    assert "本期进展 · 2026年3月" in page
    assert f'name="period" value="{march.pk}"' in page
    desk = client.get(reverse("tasks:my-tasks")).content.decode()
    assert "2026年3月" in desk and "2026年4月" not in desk

    data = report_data(action="submit", period=march.pk, problems="无", next_steps="继续")
    response = client.post(reverse("tasks:report-save", args=[world.task_a.pk]), data, headers=HX)
    assert response.status_code == 200
    assert ProgressReport.objects.get(task=world.task_a).period == march

    # March is sent: both move on to April, together.
    assert desk_row(unit_staff, world.task_a).period == april
    assert desk_row(unit_staff, world.task_a).state == "due"
    assert reporting_period_for(world.task_a) == april
    page = client.get(reverse("tasks:task-detail", args=[world.task_a.pk])).content.decode()
    assert "本期进展 · 2026年4月" in page


def test_a_returned_march_report_keeps_march_on_both(world, march_and_april, unit_staff):
    march, _ = march_and_april
    ProgressReport.objects.create(
        task=world.task_a,
        period=march,
        unit=world.unit_a,
        author=unit_staff,
        status="returned",
        version=2,
    )
    assert desk_row(unit_staff, world.task_a).period == march
    assert desk_row(unit_staff, world.task_a).state == "returned"
    assert reporting_period_for(world.task_a) == march


def test_approval_sets_the_status_through_the_engine_in_its_transaction(
    world, period, clock, unit_staff, bureau_admin, as_user, django_capture_on_commit_callbacks
):
    """10 March, a task due 31 March whose milestone expects 80 % by 1 March: a 40 % report,
    once approved, makes it 滞后 at once (the old code left it 未启动 until a job ran)."""
    task = world.task_a
    Task.objects.filter(pk=task.pk).update(deadline=dt.date(2026, 3, 31))
    MilestoneFactory(task=task, date=dt.date(2026, 3, 1), percent=80)
    data = report_data(action="submit", percent=40, problems="进度慢", next_steps="加快")
    as_user(unit_staff).post(reverse("tasks:report-save", args=[task.pk]), data)
    report = ProgressReport.objects.get(task=task)

    with django_capture_on_commit_callbacks() as callbacks:
        services.report_approve(report=report, user=bureau_admin)
    task.refresh_from_db()
    assert task.progress == 40
    assert task.status == TaskStatus.BEHIND
    assert callbacks == []  # nothing left for after the commit
    latest = task.history.order_by("-history_id").first()
    assert latest.status == TaskStatus.BEHIND and latest.progress == 40
    assert latest.history_user == bureau_admin


def test_a_100_percent_report_is_done_by_the_rules_not_by_hand(world, period, clock, bureau_admin):
    task = world.task_b
    staff = UserFactory(username="staff_b_done", bureau=world.bureau, units=[world.unit_b])
    report = services.report_save(
        task=task,
        period=period,
        user=staff,
        version=None,
        narrative="全部完成",
        percent=100,
        problems="",
        next_steps="",
        actuals={},
        submit=True,
    )
    services.report_approve(report=report, user=bureau_admin)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


# Edits in Django admin ------------------------------------------------------------------


def admin_change_data(task: Task, **overrides) -> dict:
    """The Task change form as the browser would post it, with its three inlines."""
    assignments = list(TaskUnit.objects.filter(task=task).order_by("pk"))
    data = {
        "plan": task.plan_id,
        "section": task.section_id,
        "parent": "",
        "number": task.number,
        "order": task.order,
        "title": task.title,
        "text": task.text,
        "units": [a.unit_id for a in assignments],
        "start_date": "",
        "deadline": task.deadline.isoformat() if task.deadline else "",
        "deadline_text": task.deadline_text,
        "weight": str(task.weight),
        "assignments-TOTAL_FORMS": len(assignments),
        "assignments-INITIAL_FORMS": len(assignments),
        "targets-TOTAL_FORMS": 0,
        "targets-INITIAL_FORMS": 0,
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
        "_save": "保存",
    }
    for index, assignment in enumerate(assignments):
        prefix = f"assignments-{index}-"
        data |= {
            prefix + "id": assignment.pk,
            prefix + "task": task.pk,
            prefix + "unit": assignment.unit_id,
            prefix + "role": assignment.role,
            prefix + "receipt": assignment.receipt,
            prefix + "receipt_note": assignment.receipt_note,
        }
    data |= overrides
    return data


def test_admin_deadline_edit_recomputes_the_status_at_once(world, clock, bureau_admin, login):
    task = world.task_b
    assert task.status == TaskStatus.NOT_STARTED
    url = reverse("admin:workplans_task_change", args=[task.pk])
    response = login(bureau_admin).post(url, admin_change_data(task, deadline="2026-03-01"))
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.deadline == dt.date(2026, 3, 1)
    assert task.status == TaskStatus.OVERDUE
    assert task.history.order_by("-history_id").first().history_user == bureau_admin


def test_admin_lead_unit_change_restarts_receipt(
    world, period, clock, unit_staff, bureau_admin, login
):
    task = world.task_a
    services.receipt_confirm(task=task, user=unit_staff)
    lead = TaskUnit.objects.get(task=task, role=TaskUnit.Role.LEAD)
    assert lead.receipt == TaskUnit.Receipt.CONFIRMED
    new_unit = UnitFactory(bureau=world.bureau, name="基层卫生股")
    index = list(TaskUnit.objects.filter(task=task).order_by("pk")).index(lead)
    data = admin_change_data(task, **{f"assignments-{index}-unit": new_unit.pk})
    url = reverse("admin:workplans_task_change", args=[task.pk])
    response = login(bureau_admin).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    lead.refresh_from_db()
    assert lead.unit == new_unit
    assert lead.receipt == TaskUnit.Receipt.PENDING
    assert lead.receipt_by is None
    assert lead.history.order_by("-history_id").first().history_user == bureau_admin


def test_admin_edit_that_keeps_the_lead_keeps_its_receipt(
    world, period, clock, unit_staff, bureau_admin, login
):
    task = world.task_a
    services.receipt_confirm(task=task, user=unit_staff)
    url = reverse("admin:workplans_task_change", args=[task.pk])
    response = login(bureau_admin).post(url, admin_change_data(task, title="推进紧密型医共体"))
    assert response.status_code == 302, response.content.decode()[:2000]
    lead = TaskUnit.objects.get(task=task, role=TaskUnit.Role.LEAD)
    assert lead.receipt == TaskUnit.Receipt.CONFIRMED


def test_admin_milestone_added_changes_the_status(world, clock, bureau_admin, login):
    """A milestone of 50 % by 1 March, entered in 后台 on 10 March: the task is 滞后 at once."""
    task = world.task_b
    data = admin_change_data(
        task,
        **{
            "milestones-TOTAL_FORMS": 1,
            "milestones-0-task": task.pk,
            "milestones-0-date": "2026-03-01",
            "milestones-0-percent": 50,
            "milestones-0-label": "完成方案制定",
        },
    )
    url = reverse("admin:workplans_task_change", args=[task.pk])
    response = login(bureau_admin).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.milestones.count() == 1
    assert task.status == TaskStatus.BEHIND


# Forms are validated, not ignored ---------------------------------------------------------


def test_an_overlong_comment_is_refused_with_its_reason(world, period, leader, as_user):
    """The form's limit used to be ignored: the text vanished and the leader was told to write
    something. Now the page says what is wrong and nothing is saved."""
    url = reverse("tasks:comment-add", args=[world.task_a.pk])
    response = as_user(leader).post(url, {"text": "批" * 2001}, headers=HX)
    body = response.content.decode()
    assert "批示：" in body and "2000" in body
    assert "请填写批示内容" not in body
    assert not world.task_a.comments.exists()


def test_an_overlong_urge_note_is_refused_on_the_bulletin(world, period, bureau_admin, login):
    client = login(bureau_admin)
    url = reverse("tasks:unit-urge", args=[period.pk, world.unit_a.pk])
    response = client.post(url, {"note": "催" * 1001}, follow=True)
    assert "催办说明：" in response.content.decode()
    from tasks.models import Escalation

    assert not Escalation.objects.exists()


def test_admin_tolerance_edit_recomputes_the_plans_statuses(world, clock, bureau_admin, login):
    """10 March: a task due 31 March with 20 % approved is 45 points behind its time; with the
    plan's tolerance raised to 60 in 后台 it is no longer 滞后, at once."""
    plan, task = world.plan, world.task_b
    Task.objects.filter(pk=task.pk).update(
        start_date=dt.date(2026, 1, 1), deadline=dt.date(2026, 3, 31), progress=20
    )
    from workplans.services.statuses import statuses_recompute

    statuses_recompute(plan_ids=[plan.pk])
    assert Task.objects.get(pk=task.pk).status == TaskStatus.BEHIND
    data = {
        "year": plan.year,
        "title": plan.title,
        "doc_number": plan.doc_number,
        "issuer": plan.issuer,
        "issued_date": "",
        "status": plan.status,
        "reporting_cycle": plan.reporting_cycle,
        "remind_days": plan.remind_days,
        "notice_after_days": plan.notice_after_days,
        "status_tolerance": 60,
        "sections-TOTAL_FORMS": 1,
        "sections-INITIAL_FORMS": 1,
        "sections-0-id": world.section.pk,
        "sections-0-plan": plan.pk,
        "sections-0-order": world.section.order,
        "sections-0-number": world.section.number,
        "sections-0-title": world.section.title,
        "_save": "保存",
    }
    url = reverse("admin:workplans_plan_change", args=[plan.pk])
    response = login(bureau_admin).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Task.objects.get(pk=task.pk).status == TaskStatus.ON_TRACK
