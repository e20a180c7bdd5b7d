"""What the desk, the task page and the plan page say beside a task's deadline and progress.

- After an approved delay the deadline is the new date and the plan's wording is history:
  "2027年3月31日（已延期，原时限 2026年12月底）", never the new date beside the old wording as
  if both were the deadline. Without a delay the plan's wording stays beside the date.
- While the unit's report for the period waits for the office (or was returned), its figure
  stands beside the approved one: "本期报送 65%（待审核）".
- The report form's file input is a Chinese 选择文件 button (a label: it works without JS).
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks import services
from tasks.models import DelayRequest
from tests.factories import TaskFactory
from tests.tasks.helpers import HX, report_data

pytestmark = pytest.mark.usefixtures("clock")

DESK = "tasks:my-tasks"


def desk_row(body: str, task) -> str:
    return body.split(f'id="desk-task-{task.pk}"')[1].split("</tr>")[0]


def plan_row(body: str, task) -> str:
    return body.split(f'id="task-{task.pk}"')[1].split("</tr>")[0]


def deadline_on_page(body: str) -> str:
    match = re.search(r'data-testid="task-deadline">(.*?)</dd>', body, re.S)
    assert match, "the task page shows no deadline"
    return match.group(1)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def worded(world):
    """task_a as the plan words it: 2026年12月底, read as 2026-12-31."""
    task = world.task_a
    task.deadline, task.deadline_text = dt.date(2026, 12, 31), "2026年12月底"
    task.save()
    return task


def delay(task, staff, admin, *, to=dt.date(2027, 3, 31), approve=True):
    request = services.delay_request(task=task, user=staff, new_deadline=to, reason="文件未出台")
    return services.delay_decide(delay=request, user=admin, approve=approve, comment="不同意")


# The deadline after a delay -------------------------------------------------------------


def test_an_approved_delay_shows_the_new_deadline_and_the_old_one_as_history(
    world, period, worded, as_user, unit_staff, bureau_admin
):
    delay(worded, unit_staff, bureau_admin)
    client = as_user(unit_staff)

    page = client.get(reverse("tasks:task-detail", args=[worded.pk])).content.decode()
    assert text_of(deadline_on_page(page)) == "2027年3月31日（已延期，原时限 2026年12月底）"

    desk = desk_row(client.get(reverse(DESK)).content.decode(), worded)
    assert "2027-03-31" in desk
    assert "已延期，原时限 2026年12月底" in desk

    plan = client.get(reverse("reports:plan-detail", args=[world.plan.pk])).content.decode()
    row = plan_row(plan, worded)
    assert "2027-03-31" in row and "已延期，原时限 2026年12月底" in row


def test_without_wording_the_original_date_is_the_history(
    world, period, as_user, unit_staff, bureau_admin
):
    task = world.task_a  # 2026-12-31, no wording
    delay(task, unit_staff, bureau_admin, to=dt.date(2027, 3, 31))
    delay(task, unit_staff, bureau_admin, to=dt.date(2027, 6, 30))  # the first date stays
    page = as_user(unit_staff).get(reverse("tasks:task-detail", args=[task.pk])).content.decode()
    assert text_of(deadline_on_page(page)) == "2027年6月30日（已延期，原时限 2026年12月31日）"


@pytest.mark.parametrize("decided", ["pending", "refused"])
def test_without_an_approved_delay_the_plan_wording_stays(
    decided, period, worded, as_user, unit_staff, bureau_admin
):
    if decided == "pending":
        services.delay_request(
            task=worded, user=unit_staff, new_deadline=dt.date(2027, 3, 31), reason="配套文件未出台"
        )
    else:
        delay(worded, unit_staff, bureau_admin, approve=False)
    client = as_user(unit_staff)
    page = client.get(reverse("tasks:task-detail", args=[worded.pk])).content.decode()
    assert text_of(deadline_on_page(page)) == "2026年12月31日（2026年12月底）"
    desk = desk_row(client.get(reverse(DESK)).content.decode(), worded)
    assert "2026年12月底" in desk and "已延期" not in desk


def test_wording_that_only_repeats_the_date_is_not_repeated(world, period, as_user, unit_staff):
    task = world.task_a
    task.deadline_text = "2026年12月31日"
    task.save()
    page = as_user(unit_staff).get(reverse("tasks:task-detail", args=[task.pk])).content.decode()
    assert text_of(deadline_on_page(page)) == "2026年12月31日"


def test_a_delayed_sub_item_on_the_task_page(world, period, as_user, unit_staff, bureau_admin):
    parent = world.task_a
    item = TaskFactory(
        section=world.section,
        parent=parent,
        title="完成县域医共体章程修订",
        deadline=dt.date(2027, 3, 31),
        deadline_text="2026年6月底",
    )
    DelayRequest.objects.create(
        task=item,
        unit=world.unit_a,
        requested_by=unit_staff,
        old_deadline=dt.date(2026, 6, 30),
        new_deadline=dt.date(2027, 3, 31),
        reason="配套文件未出台",
        status=DelayRequest.Status.APPROVED,
    )
    page = as_user(unit_staff).get(reverse("tasks:task-detail", args=[parent.pk]))
    row = plan_row(page.content.decode(), item)
    assert "2027-03-31" in row and "已延期，原时限 2026年6月底" in row


def test_delays_cost_the_desk_no_query(world, period, as_user, unit_staff, bureau_admin):
    client = as_user(unit_staff)
    client.get(reverse(DESK))  # warm the session
    with CaptureQueriesContext(connection) as before:
        client.get(reverse(DESK))
    delay(world.task_a, unit_staff, bureau_admin)
    with CaptureQueriesContext(connection) as after:
        body = client.get(reverse(DESK)).content.decode()
    assert "已延期" in body
    assert len(after) == len(before)


# The period's figure beside the approved one --------------------------------------------


def submit(client, task, percent, version=0):
    data = report_data(version=version, action="submit", percent=percent)
    return client.post(reverse("tasks:report-save", args=[task.pk]), data, headers=HX)


def pending_on_page(body: str) -> str:
    match = re.search(r'<span id="pending-figure"[^>]*>(.*?)</span>', body, re.S)
    assert match, "the page has no place for the period's figure"
    return match.group(1).strip()


def test_a_submitted_figure_stands_beside_the_approved_one(
    world, period, as_user, unit_staff, bureau_admin
):
    task = world.task_a
    task.progress = 40
    task.save()
    client = as_user(unit_staff)
    answer = submit(client, task, 65).content.decode()
    # The answer to the save updates the figure in the page's header too (out of band).
    assert re.search(r'<span id="pending-figure"[^>]*hx-swap-oob="true"', answer)
    assert pending_on_page(answer) == "本期报送 65%（待审核）"

    page = client.get(reverse("tasks:task-detail", args=[task.pk])).content.decode()
    assert '<span data-testid="task-progress">40%</span>' in page
    assert pending_on_page(page) == "本期报送 65%（待审核）"
    desk = text_of(desk_row(client.get(reverse(DESK)).content.decode(), task))
    assert "进度 40% 本期报送 65%（待审核）" in desk

    report = task.reports.get()
    services.report_return(report=report, user=bureau_admin, comment="请补充转诊人次")
    page = client.get(reverse("tasks:task-detail", args=[task.pk])).content.decode()
    assert pending_on_page(page) == "本期报送 65%（已退回）"
    desk = text_of(desk_row(client.get(reverse(DESK)).content.decode(), task))
    assert "本期报送 65%（已退回）" in desk

    report.refresh_from_db()
    submit(client, task, 70, version=report.version)
    report.refresh_from_db()
    services.report_approve(report=report, user=bureau_admin)
    page = client.get(reverse("tasks:task-detail", args=[task.pk])).content.decode()
    assert '<span data-testid="task-progress">70%</span>' in page
    assert pending_on_page(page) == ""  # approved: the approved figure is the figure
    desk = text_of(desk_row(client.get(reverse(DESK)).content.decode(), task))
    assert "进度 70%" in desk and "本期报送 " not in desk


def test_a_draft_is_not_shown_as_a_figure(world, period, as_user, unit_staff):
    client = as_user(unit_staff)
    client.post(
        reverse("tasks:report-save", args=[world.task_a.pk]), report_data(percent=65), headers=HX
    )
    page = client.get(reverse("tasks:task-detail", args=[world.task_a.pk])).content.decode()
    assert pending_on_page(page) == ""
    assert "（待审核）" not in desk_row(client.get(reverse(DESK)).content.decode(), world.task_a)


def test_co_units_see_no_figure_of_theirs_on_the_desk(
    world, period, as_user, unit_staff, other_unit_staff
):
    submit(as_user(unit_staff), world.task_a, 65)
    desk = desk_row(as_user(other_unit_staff).get(reverse(DESK)).content.decode(), world.task_a)
    assert "本期报送 65%" not in desk  # unit B assists: its own state is 配合情况


# The file input ---------------------------------------------------------------------------


def test_the_attachment_input_is_a_chinese_button(world, period, as_user, unit_staff):
    page = as_user(unit_staff).get(reverse("tasks:task-detail", args=[world.task_a.pk]))
    body = page.content.decode()
    file_input = re.search(r'<input type="file"[^>]*>', body).group(0)
    assert 'id="id_attachment_file"' in file_input and "visually-hidden" in file_input
    assert '<label for="id_attachment_file" class="button file-button">选择文件</label>' in body
    assert '<label for="id_attachment_file">上传佐证材料</label>' in body  # the field's name
