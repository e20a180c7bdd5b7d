"""The staff desk (我的任务): counts, filters, keyword search, the HTMX fragment, bad filters,
and a query count that does not grow with the number of tasks."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks import services
from tasks.models import Cooperation, LeaderComment, ProgressReport, ReportStatus
from tests.factories import SectionFactory, make_task
from tests.tasks.helpers import HX
from workplans.models import Task, TaskUnit

pytestmark = pytest.mark.usefixtures("clock")

DESK = "tasks:my-tasks"


def count(body: str, key: str) -> int:
    return int(re.search(rf'data-testid="count-{key}"[^>]*>(\d+)<', body).group(1))


def rows(body: str) -> list[int]:
    """Task ids of the desk rows, in page order."""
    return [int(pk) for pk in re.findall(r'<tr id="desk-task-(\d+)"', body)]


def row(body: str, task) -> str:
    return body.split(f'id="desk-task-{task.pk}"')[1].split("</tr>")[0]


@pytest.fixture
def desk(world, period, unit_staff, bureau_admin, other_unit_staff):
    """Unit A's tasks in every state of the March period (task_a itself is still due)."""
    section_2 = SectionFactory(plan=world.plan, number="二", title="提升基层服务能力", order=2)
    tasks = {
        "returned": make_task(
            section=world.section,
            lead=world.unit_a,
            title="完善分级诊疗制度",
            deadline=dt.date(2026, 6, 30),
        ),
        "draft": make_task(
            section=section_2,
            lead=world.unit_a,
            title="推进家庭医生签约服务",
            text="重点人群签约率稳步提高",
            deadline=dt.date(2026, 9, 30),
        ),
        "submitted": make_task(
            section=section_2, lead=world.unit_a, title="建设基层特色科室", deadline=None
        ),
        "approved": make_task(
            section=section_2,
            lead=world.unit_a,
            co=[world.unit_b],
            title="开展健康县区创建",
            deadline=dt.date(2026, 3, 31),
        ),
    }

    def report(task, submit):
        return services.report_save(
            task=task,
            period=period,
            user=unit_staff,
            version=None,
            narrative="进展",
            percent=30,
            problems="",
            next_steps="",
            actuals={},
            submit=submit,
        )

    services.report_return(
        report=report(tasks["returned"], True), user=bureau_admin, comment="请补充转诊人次"
    )
    report(tasks["draft"], False)
    report(tasks["submitted"], True)
    services.report_approve(report=report(tasks["approved"], True), user=bureau_admin)
    tasks["due"] = world.task_a
    tasks["section_2"] = section_2
    return tasks


def test_counts_at_the_top(world, desk, as_user, unit_staff, other_unit_staff):
    body = as_user(unit_staff).get(reverse(DESK)).content.decode()
    assert {k: count(body, k) for k in ("due", "returned")} == {"due": 1, "returned": 1}
    assert "退回意见：请补充转诊人次" in row(body, desk["returned"])
    assert "已退回" in row(body, desk["returned"])
    assert "待报送" in row(body, desk["due"])
    assert "草稿" in row(body, desk["draft"])
    assert "已通过" in row(body, desk["approved"])
    assert world.task_b.title not in body

    # Unit B leads task_b (due) and co-leads task_a and 健康县区创建: co rows are not counted.
    body = as_user(other_unit_staff).get(reverse(DESK)).content.decode()
    assert (count(body, "due"), count(body, "returned")) == (1, 0)
    assert "待填配合情况" in row(body, world.task_a)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("due", ["due"]),
        ("returned", ["returned"]),
        ("draft", ["draft"]),
        ("submitted", ["submitted"]),
        ("approved", ["approved"]),
        ("", ["due", "returned", "draft", "submitted", "approved"]),
    ],
)
def test_filter_by_state(state, expected, desk, as_user, unit_staff):
    body = as_user(unit_staff).get(reverse(DESK), {"state": state}).content.decode()
    assert sorted(rows(body)) == sorted(desk[key].pk for key in expected)
    assert count(body, "due") == 1  # the counts stay those of the whole desk


def test_due_link_lists_as_many_rows_as_it_counts(world, desk, as_user, other_unit_staff):
    body = as_user(other_unit_staff).get(reverse(DESK), {"state": "due"}).content.decode()
    assert len(rows(body)) == count(body, "due")


def test_filter_by_section(world, desk, as_user, unit_staff):
    client = as_user(unit_staff)
    body = client.get(reverse(DESK), {"section": desk["section_2"].pk}).content.decode()
    assert sorted(rows(body)) == sorted(desk[k].pk for k in ("draft", "submitted", "approved"))
    assert "二、提升基层服务能力" in body  # offered in the section filter
    other = client.get(reverse(DESK), {"section": 999_999}).content.decode()
    assert rows(other) == []
    assert "没有符合筛选条件的任务。" in other


def test_filter_by_deadline(world, desk, as_user, unit_staff):
    body = as_user(unit_staff).get(reverse(DESK), {"deadline_before": "2026-06-30"})
    assert sorted(rows(body.content.decode())) == sorted(
        [desk["returned"].pk, desk["approved"].pk]  # 6-30 itself included; no-deadline excluded
    )


def test_filters_combine(world, desk, as_user, unit_staff):
    params = {"section": desk["section_2"].pk, "deadline_before": "2026-12-31", "state": "draft"}
    body = as_user(unit_staff).get(reverse(DESK), params).content.decode()
    assert rows(body) == [desk["draft"].pk]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("签约", True),
        ("家庭医生签约", True),
        ("家庭医生", True),
        ("签约率", True),
        (" 签约 ", True),
        ("疫苗", False),
        ("签约疫苗", False),
    ],
)
def test_keyword_search(query, found, desk, as_user, unit_staff):
    body = as_user(unit_staff).get(reverse(DESK), {"q": query}).content.decode()
    assert (desk["draft"].pk in rows(body)) is found
    if found:
        assert desk["returned"].pk not in rows(body)
    else:
        assert rows(body) == []


@pytest.mark.parametrize("params", [{"q": "疫苗"}, {"deadline_before": "2026-01-01"}])
def test_search_without_matches_says_nothing_matched(params, desk, as_user, unit_staff):
    body = as_user(unit_staff).get(reverse(DESK), params).content.decode()
    assert rows(body) == []
    assert "没有符合筛选条件的任务。" in body


def test_desk_fragment_for_htmx(desk, as_user, unit_staff):
    response = as_user(unit_staff).get(reverse(DESK), {"q": "签约"}, headers=HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="desk-table">')
    assert rows(body) == [desk["draft"].pk]
    assert "Vary" in response and "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "params",
    [{"deadline_before": "notadate"}, {"state": "bogus"}, {"section": "abc"}, {"q": "签" * 51}],
)
def test_invalid_filter_is_a_chinese_400(params, desk, as_user, unit_staff):
    response = as_user(unit_staff).get(reverse(DESK), params)
    assert response.status_code == 400
    body = response.content.decode()
    assert "请求有误" in body and "Traceback" not in body


def test_empty_desk_says_so(world, as_user):
    from tests.factories import UnitFactory, UserFactory

    lonely_unit = UnitFactory(bureau=world.bureau, name="财务股")
    user = UserFactory(bureau=world.bureau, units=[lonely_unit])
    body = as_user(user).get(reverse(DESK)).content.decode()
    assert "暂无交办给本单位的任务。" in body
    assert count(body, "due") == 0


# Query count ------------------------------------------------------------------------------


def add_tasks(world, period, user, admin, n: int, first_order: int) -> None:
    """n tasks for unit A in bulk: a third co-led, every fifth with a sub-item, reports in every
    state, leader comments and 配合情况, spread over two sections."""
    section_2 = world.plan.sections.exclude(pk=world.section.pk).first() or SectionFactory(
        plan=world.plan, number="二", title="提升基层服务能力", order=2
    )
    # Past every order the factories' sequence may already have used in this process.
    highest = world.plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0
    first_order += highest + 10_000
    tasks = Task.objects.bulk_create(
        Task(
            plan=world.plan,
            section=world.section if i % 2 else section_2,
            order=first_order + i,
            number=str(first_order + i),
            title=f"批量任务{first_order + i}",
            deadline=dt.date(2026, 1 + i % 12, 1),
        )
        for i in range(n)
    )
    units = []
    for i, task in enumerate(tasks):
        role = TaskUnit.Role.CO if i % 3 == 0 else TaskUnit.Role.LEAD
        units.append(TaskUnit(task=task, unit=world.unit_a, role=role))
        if role == TaskUnit.Role.CO:
            units.append(TaskUnit(task=task, unit=world.unit_b, role=TaskUnit.Role.LEAD))
    TaskUnit.objects.bulk_create(units)
    Task.objects.bulk_create(
        Task(
            plan=world.plan,
            section=task.section,
            parent=task,
            order=first_order + n + i,
            title=f"分项{first_order + i}",
        )
        for i, task in enumerate(tasks)
        if i % 5 == 1
    )
    statuses = list(ReportStatus.values)
    ProgressReport.objects.bulk_create(
        ProgressReport(
            task=task,
            period=period,
            unit=world.unit_a,
            author=user,
            narrative="进展",
            status=statuses[i % 4],
            review_comment="退回" if i % 4 == 2 else "",
        )
        for i, task in enumerate(tasks)
        if i % 3 and i % 7
    )
    LeaderComment.objects.bulk_create(
        LeaderComment(task=task, author=admin, text=f"批示{i}")
        for i, task in enumerate(tasks)
        if i % 4 == 0
    )
    Cooperation.objects.bulk_create(
        Cooperation(task=task, period=period, unit=world.unit_a, author=user, text="配合")
        for i, task in enumerate(tasks)
        if i % 6 == 0
    )


def test_query_count_does_not_grow_with_tasks(
    world, period, as_user, unit_staff, leader, django_assert_num_queries
):
    add_tasks(world, period, unit_staff, leader, 30, first_order=100)
    client = as_user(unit_staff)
    url = reverse(DESK)
    fragment_params = {"q": "批量任务", "state": "due"}
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as page_30:
        body = client.get(url).content.decode()
    page_queries = len(page_30)  # read now: the next request clears the connection's query log
    assert len(rows(body)) > 30
    with CaptureQueriesContext(connection) as fragment_30:
        client.get(url, fragment_params, headers=HX)
    fragment_queries = len(fragment_30)
    assert 5 < fragment_queries <= page_queries

    add_tasks(world, period, unit_staff, leader, 270, first_order=1000)
    with django_assert_num_queries(page_queries):
        body = client.get(url).content.decode()
    assert len(rows(body)) > 300
    with django_assert_num_queries(fragment_queries):
        body = client.get(url, fragment_params, headers=HX).content.decode()
    assert len(rows(body)) > 20  # the lead unit's due tasks among them
