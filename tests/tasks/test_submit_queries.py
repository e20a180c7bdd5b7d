"""How many SQL statements the task page costs: a submission from the page (POST .../report/
with HX-Request, as bench/desk.py sends it) and the page itself (GET), pinned so that any
regression fails here.

Counted are the statements a request runs, without transaction control: each test runs inside a
transaction, so the service's own transaction is a SAVEPOINT / RELEASE pair here (BEGIN / COMMIT
in production, which bench/desk.py does not count either).
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks import services
from tasks.models import ProgressReport, ReportStatus, TargetActual
from tests.factories import SectionFactory, TargetFactory, UnitFactory, UserFactory, make_task
from tests.tasks.helpers import HX, report_data
from workplans.models import User

pytestmark = pytest.mark.usefixtures("clock")

# session, the user with the bureau and units, the task (with plan, targets and the user's part
# in it), the plan's periods (with this task's sent ones), the report locked with its actuals; the
# report's UPDATE and its history row, the actuals' upsert and their history rows; the co-units'
# 配合情况 shown on the answer.
SUBMIT_STATEMENTS = 10
# session, the user (with the bureau and units), task, targets, assignments, periods, report,
# actuals, attachments, 配合情况, delays, comments, escalations, the history of the task, its
# units, its targets and its reports, sub-items and the bell's count.
PAGE_STATEMENTS = 19

TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b")


# The idle timeout (config.security.IdleTimeoutMiddleware) stamps the session at most once a
# minute; the clock moves between these requests, so that write is left out of the page's own.
SESSION_STAMP = re.compile(r'^\s*UPDATE "django_session"')


def statements(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if not TRANSACTION_CONTROL.match(q["sql"]) and not SESSION_STAMP.match(q["sql"])
    ]


def with_targets(task, count: int) -> list:
    return [
        TargetFactory(task=task, indicator=f"指标{i}", text=f"指标{i}达到{40 + i}%以上", order=i)
        for i in range(1, count + 1)
    ]


@pytest.fixture
def co_unit_staff(world) -> User:
    unit = UnitFactory(bureau=world.bureau, name="妇幼保健院")
    return UserFactory(username="staff_c", bureau=world.bureau, units=[unit])


@pytest.fixture
def drafted(world, period, as_user, unit_staff, other_unit_staff, co_unit_staff):
    """A task led by unit A with 3 targets and 2 co-units that have written their 配合情况, and
    unit A's draft with actuals for the first two targets."""
    co_units = [world.unit_b, co_unit_staff.units.get()]
    task = make_task(section=world.section, lead=world.unit_a, co=co_units, title="推进医养结合")
    targets = with_targets(task, 3)
    for user in (other_unit_staff, co_unit_staff):
        services.cooperation_save(task=task, period=period, user=user, text=f"{user.username}配合")
    actuals = {f"target_{targets[0].pk}": "41", f"target_{targets[1].pk}": "42"}
    response = as_user(unit_staff).post(
        reverse("tasks:report-save", args=[task.pk]), report_data(percent=20, **actuals), headers=HX
    )
    assert "草稿已保存。" in response.content.decode()
    return task, targets


def test_a_submission_from_the_page_takes_a_fixed_number_of_statements(
    drafted, clock, as_user, unit_staff
):
    task, targets = drafted
    client = as_user(unit_staff)
    clock.shift(60)
    values = {f"target_{targets[0].pk}": "45.5", f"target_{targets[1].pk}": "42"}
    values[f"target_{targets[2].pk}"] = "60"  # first, changed, unchanged and new actuals
    data = report_data(version=1, action="submit", percent=50, **values)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("tasks:report-save", args=[task.pk]), data, headers=HX)

    body = response.content.decode()
    assert response.status_code == 200, body[:500]
    done = statements(captured)
    assert len(done) == SUBMIT_STATEMENTS, "\n".join(done)
    # The answer: the report card (read-only now, with every actual and both 配合情况) and the
    # save's line for the top of the timeline.
    assert 'id="report-panel"' in body and 'id="task-workspace"' not in body
    assert "已报送，等待督查室审核。" in body and 'name="narrative"' not in body
    for text in ("指标1：</strong>45.5%", "指标2：</strong>42%", "指标3：</strong>60%"):
        assert text in body
    assert "staff_b配合" in body and "staff_c配合" in body
    assert 'hx-swap-oob="afterbegin:#timeline-list"' in body
    assert "报送了进展（完成进度 50%，第 2 版）" in body

    report = ProgressReport.objects.get(task=task)
    assert (report.status, report.version, report.percent) == (ReportStatus.SUBMITTED, 2, 50)
    saved = dict(TargetActual.objects.filter(report=report).values_list("target_id", "value"))
    assert saved == {targets[0].pk: Decimal("45.5"), targets[1].pk: 42, targets[2].pk: 60}
    history = TargetActual.history.filter(report_id=report.pk).order_by("history_id")
    rows = [(h.target_id, h.history_type, h.value, h.history_user) for h in history]
    assert rows == [
        (targets[0].pk, "+", 41, unit_staff),
        (targets[1].pk, "+", 42, unit_staff),
        (targets[0].pk, "~", Decimal("45.5"), unit_staff),  # the unchanged one is not rewritten
        (targets[2].pk, "+", 60, unit_staff),
    ]
    page = client.get(reverse("tasks:task-detail", args=[task.pk])).content.decode()
    timeline = page.split('id="timeline"')[1]
    assert timeline.index("报送了进展（完成进度 50%，第 2 版）") < timeline.index("保存了进展草稿")


def long_history(world, period, task, clock, unit_staff, bureau_admin, leader) -> None:
    """Rounds of reporting, returns, comments, 催办 with replies, moves between sections and a
    delay on the task: more timeline entries than the page lists comments and escalations."""
    other_section = SectionFactory(plan=world.plan, number="二", title="强化公共卫生", order=2)
    targets = list(task.targets.all())
    version = None
    for round_ in range(1, 13):
        clock.shift(60)
        report = services.report_save(
            task=task,
            period=period,
            user=unit_staff,
            version=version,
            narrative=f"第{round_}次报送",
            percent=round_ * 5,
            problems="人手不足",
            next_steps="下月补齐",
            actuals={t.pk: Decimal(round_) for t in targets},
            submit=True,
        )
        report = services.report_return(report=report, user=bureau_admin, comment=f"退回{round_}")
        version = report.version
        services.leader_comment_add(task=task, user=leader, text=f"批示{round_}")
        (escalation,) = services.urge_by_hand(task=task, user=bureau_admin, note=f"催办{round_}")
        services.escalation_reply(escalation=escalation, user=unit_staff, text=f"回复{round_}")
        task.section = other_section if round_ % 2 else world.section
        task.save()
    delay = services.delay_request(
        task=task, user=unit_staff, new_deadline=dt.date(2027, 3, 31), reason="配套文件未出台"
    )
    services.delay_decide(delay=delay, user=bureau_admin, approve=True, comment="同意")


def test_the_task_page_takes_the_same_statements_whatever_its_size(
    world, period, clock, as_user, unit_staff, bureau_admin, leader
):
    one = make_task(section=world.section, lead=world.unit_a, co=[world.unit_b], title="一项指标")
    with_targets(one, 1)
    five = make_task(section=world.section, lead=world.unit_a, co=[world.unit_b], title="五项指标")
    with_targets(five, 5)
    long = make_task(section=world.section, lead=world.unit_a, co=[world.unit_b], title="动态很长")
    with_targets(long, 3)
    long_history(world, period, long, clock, unit_staff, bureau_admin, leader)

    client = as_user(unit_staff)
    counts = {}
    for task in (one, five, long):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("tasks:task-detail", args=[task.pk]))
        assert response.status_code == 200
        counts[task.title] = len(statements(captured))
        body = response.content.decode()
    assert counts == dict.fromkeys(counts, PAGE_STATEMENTS), counts

    timeline = body.split('id="timeline"')[1]
    assert timeline.count('class="tl-') > 60
    assert "修改了所属板块：一、深化医药卫生体制改革 → 二、强化公共卫生" in timeline
    assert "退回了报送（完成进度 60%，第 24 版）：退回12" in timeline
    assert "回复催办：回复1" in timeline and "批示：批示1" in timeline
