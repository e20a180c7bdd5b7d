"""The 督办台账 workbook (reports/ledger.py) and its download (reports:plan-ledger), opened again
with openpyxl: layout, print setup, the known fixture row by row, the unit summary, the target
sheet, who sees which rows, the options and a fixed number of queries."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reports.ledger import XLSX_CONTENT_TYPE, LedgerOptions, ledger_workbook
from tasks import services
from tasks.models import Cooperation, ReportingPeriod
from tests.factories import (
    PlanFactory,
    SectionFactory,
    TargetFactory,
    UserFactory,
    make_task,
)
from tests.reports.conftest import submit
from tests.tasks.helpers import shanghai
from workplans.models import TaskStatus

HEADERS = [
    "序号",
    "工作板块",
    "重点任务",
    "量化指标",
    "牵头单位",
    "配合单位",
    "完成时限",
    "工作进展",
    "完成进度",
    "状态",
    "状态说明",
    "存在问题",
    "下步计划",
]
RED, YELLOW, GREEN, BLUE, GREY, ORANGE = (
    "00FFC7CE",
    "00FFEB9C",
    "00C6EFCE",
    "00DDEBF7",
    "00D9D9D9",
    "00F4B183",
)


def workbook(body: bytes):
    return load_workbook(BytesIO(body))


def export(plan, user, **options):
    return workbook(ledger_workbook(plan=plan, user=user, options=LedgerOptions(**options)))


def values(ws, first_row=4):
    return [list(row) for row in ws.iter_rows(min_row=first_row, values_only=True)]


def titles(ws) -> set[str]:
    return {row[2].strip() for row in values(ws) if row[2]}


# Layout ------------------------------------------------------------------------------------


def test_ledger_sheet_has_title_as_of_line_headers_and_frozen_header(fixture, bureau_admin):
    book = export(fixture["plan"], bureau_admin, as_of=dt.date(2026, 3, 10))
    assert book.sheetnames == ["台账", "单位汇总", "指标"]
    ws = book["台账"]
    assert ws["A1"].value == "2026年赫山区卫生健康工作要点落实情况台账（截至2026年3月10日）"
    assert "单位：赫山区卫生健康局" in ws["A2"].value
    assert "截至：2026年3月10日" in ws["A2"].value
    assert [c.value for c in ws[3]] == [*HEADERS, "领导批示"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:N1", "A2:N2"} <= merged
    assert ws.freeze_panes == "A4"


def test_sections_are_merged_rows_before_their_tasks(fixture, bureau_admin):
    ws = export(fixture["plan"], bureau_admin)["台账"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["A4"].value == "一、深化医药卫生体制改革"
    assert ws["A7"].value == "二、强化公共卫生服务"
    assert {"A4:N4", "A7:N7"} <= merged
    assert ws["A4"].font.name == "黑体"


def test_print_setup_is_a3_landscape_one_page_wide_with_titles_and_page_numbers(
    fixture, bureau_admin
):
    ws = export(fixture["plan"], bureau_admin)["台账"]
    assert ws.page_setup.paperSize == 8
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$3:$3"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_fonts_are_named_songti_for_body_and_heiti_for_headings(fixture, bureau_admin):
    ws = export(fixture["plan"], bureau_admin)["台账"]
    assert ws["A1"].font.name == "黑体"
    assert all(cell.font.name == "黑体" for cell in ws[3])
    assert all(cell.font.name == "宋体" for cell in ws[5])
    assert ws["C5"].alignment.wrap_text
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width
    assert ws.row_dimensions[5].height >= 20


def test_status_cells_are_filled_by_status_and_unreported(fixture, bureau_admin):
    ws = export(fixture["plan"], bureau_admin)["台账"]
    fills = {
        ws.cell(row, 3).value.strip(): ws.cell(row, 10)
        for row in range(5, ws.max_row + 1)
        if ws.cell(row, 2).value  # not a section row
    }
    expected = {
        "推进紧密型医共体建设": ("已完成", GREEN),
        "做好传染病监测预警": ("正常推进", BLUE),
        "建设区域卫生信息平台": ("逾期", RED),
        "完成机房改造": ("滞后", YELLOW),
        "开展妇幼健康促进行动": ("已完成", GREEN),
        "实施出生缺陷防治": ("滞后（未报送）", ORANGE),
        "推进健康城市建设": ("未启动（未报送）", ORANGE),
    }
    for title, (text, rgb) in expected.items():
        assert fills[title].value == text, title
        assert fills[title].fill.fgColor.rgb == rgb, title


def test_not_started_is_grey(world, clock, bureau_admin):
    make_task(section=world.section, lead=world.unit_a, start_date=dt.date(2026, 6, 1))
    services.statuses_and_unreported_recompute(plan_ids=[world.plan.pk])
    ws = export(world.plan, bureau_admin)["台账"]
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 10).value == "未启动")
    assert ws.cell(row, 10).fill.fgColor.rgb == GREY


def test_known_fixture_row_by_row(fixture, bureau_admin):
    ws = export(fixture["plan"], bureau_admin)["台账"]
    rows = values(ws)
    assert rows[0][0] == "一、深化医药卫生体制改革"
    comment = rows[1][13]
    assert comment.endswith("（3月10日）：总结经验，全区推广")
    assert rows[1][:13] == [
        "1",
        "深化医药卫生体制改革",
        "推进紧密型医共体建设",
        "家庭医生签约服务率 ≥43%（当前 45%）",
        "医政医管股",
        "疾病预防控制中心",
        "2026年12月31日",
        "医共体总院挂牌运行",
        1,
        "已完成",
        "进度已达 100%；指标均已达标（家庭医生签约服务率 最新 45%，要求 ≥43%）",
        "人才不足",
        "完善考核",
    ]
    assert rows[2] == [
        "2",
        "深化医药卫生体制改革",
        "做好传染病监测预警",
        None,
        "疾病预防控制中心",
        None,
        "2026年12月31日",
        "完成哨点布设",
        0.3,
        "正常推进",
        "报送 30%，应完成约 19%",
        None,
        None,
        None,
    ]
    assert rows[3][0] == "二、强化公共卫生服务"
    # Approved reports only (the default): the submitted report of task 3 is not shown.
    assert rows[4] == [
        "3",
        "强化公共卫生服务",
        "建设区域卫生信息平台",
        "孕产妇死亡率 力争≤17/10万（当前 未填报）",
        "医政医管股",
        None,
        "2026年2月28日",
        None,
        0,
        "逾期",
        "已过完成时限（2026年2月28日），进度 0%",
        None,
        None,
        None,
    ]
    assert rows[5][:3] == ["3.1", "强化公共卫生服务", "　完成机房改造"]
    assert rows[5][4] == "医政医管股"  # a sub-item is its task's
    assert rows[5][9:11] == [
        "滞后",
        "应完成约 19%（时间进度），尚无进展，落后 19 个百分点，超过容差 15",
    ]
    assert rows[8][9:11] == ["未启动（未报送）", "尚未到应有进展的时间，暂无进展"]
    assert [r[0] for r in rows[6:]] == ["4", "5", "6"]
    assert [r[4] for r in rows[6:]] == ["妇幼保健院", "妇幼保健院", "疾病预防控制中心"]
    assert rows[6][7] == "活动全部完成"
    assert ws.cell(6, 9).number_format == "0%"


def test_include_submitted_shows_the_report_waiting_for_review(fixture, bureau_admin):
    plan = fixture["plan"]
    approved_only = values(export(plan, bureau_admin)["台账"])
    with_submitted = values(export(plan, bureau_admin, include_submitted=True)["台账"])
    assert approved_only[4][7] is None
    assert with_submitted[4][7] == "（已报送，待审核）平台招标完成"
    assert with_submitted[4][11:13] == ["资金未到位", "争取专项资金"]
    assert with_submitted[4][8] == 0  # 完成进度 is what the office approved
    assert with_submitted[1][7] == approved_only[1][7] == "医共体总院挂牌运行"


def add_cooperation(fixture, task, unit, text, period=None):
    author = UserFactory(bureau=unit.bureau, units=[unit])
    return Cooperation.objects.create(
        task=task, period=period or fixture["period"], unit=unit, text=text, author=author
    )


def test_include_cooperation_appends_the_co_units_parts_attributed(fixture, world, bureau_admin):
    plan, tasks = fixture["plan"], fixture["tasks"]
    add_cooperation(fixture, world.task_a, world.unit_b, "派出3名公卫医生驻点指导")
    add_cooperation(fixture, tasks[5], world.unit_a, "协助开展筛查")  # 5: nothing reported
    without = values(export(plan, bureau_admin)["台账"])
    assert without[1][7] == "医共体总院挂牌运行" and without[7][7] is None
    ws = export(plan, bureau_admin, include_cooperation=True)["台账"]
    assert "进展含配合单位情况" in ws["A2"].value
    rows = values(ws)
    assert rows[1][7] == "医共体总院挂牌运行\n【配合单位 疾病预防控制中心】派出3名公卫医生驻点指导"
    assert rows[7][7] == "【配合单位 医政医管股】协助开展筛查"
    assert rows[2][7] == "完成哨点布设"  # no co-unit part: as it was


def test_include_cooperation_takes_the_reports_period(fixture, world, bureau_admin):
    january = ReportingPeriod.objects.create(
        plan=fixture["plan"],
        label="2026年1月",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 1, 31),
        due_date=dt.date(2026, 1, 25),
    )
    march = ReportingPeriod.objects.create(
        plan=fixture["plan"],
        label="2026年3月",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 3, 25),
    )
    add_cooperation(fixture, world.task_a, world.unit_b, "一月的配合", period=january)
    add_cooperation(fixture, world.task_a, world.unit_b, "二月的配合")
    add_cooperation(fixture, world.task_a, world.unit_b, "三月的配合", period=march)
    rows = values(export(fixture["plan"], bureau_admin, include_cooperation=True)["台账"])
    assert rows[1][7] == "医共体总院挂牌运行\n【配合单位 疾病预防控制中心】二月的配合"


def test_include_cooperation_from_the_query_string(fixture, world, bureau_admin, login):
    add_cooperation(fixture, world.task_a, world.unit_b, "派出3名公卫医生驻点指导")
    url = reverse("reports:plan-ledger", args=[fixture["plan"].pk])
    response = login(bureau_admin).get(url, {"include_cooperation": "1"})
    rows = values(workbook(b"".join(response.streaming_content))["台账"])
    assert rows[1][7].endswith("【配合单位 疾病预防控制中心】派出3名公卫医生驻点指导")
    response = login(bureau_admin).get(url, {"include_cooperation": "yes"})
    assert response.status_code == 400
    assert "“含配合单位情况”只能是 0 或 1" in response.content.decode()


def test_as_of_before_the_reports_leaves_progress_text_out(fixture, bureau_admin):
    ws = export(fixture["plan"], bureau_admin, as_of=dt.date(2026, 1, 31))["台账"]
    assert ws["A1"].value.endswith("（截至2026年1月31日）")
    rows = values(ws)
    assert all(row[7] is None for row in rows if row[1])
    assert [c.value for c in ws[3]] == HEADERS  # the only 批示 came on 10 March


def test_as_of_a_period_uses_its_end_date(fixture, bureau_admin):
    ws = export(fixture["plan"], bureau_admin, as_of=fixture["period"])["台账"]
    assert ws["A1"].value.endswith("（截至2026年2月28日）")
    assert values(ws)[1][7] == "医共体总院挂牌运行"


# The other sheets ------------------------------------------------------------------------


def test_unit_summary_counts_and_ranks_with_a_tie(fixture, bureau_admin):
    ws = export(fixture["plan"], bureau_admin)["单位汇总"]
    assert [c.value for c in ws[3]] == [
        "牵头单位",
        "牵头任务数",
        "已完成",
        "正常推进",
        "滞后",
        "逾期",
        "未启动",
        "未报送",
        "完成率",
        "排名",
    ]
    # Top-level tasks only (3.1 is not counted): 医政医管股 1 of 2 done, 妇幼保健院 1 of 2 (a tie
    # at 50 %, both first), 疾控 0 of 2 → third. Ties keep the units' own order.
    assert values(ws) == [
        ["医政医管股", 2, 1, 0, 0, 1, 0, 0, 0.5, 1],
        ["妇幼保健院", 2, 1, 0, 1, 0, 0, 1, 0.5, 1],
        ["疾病预防控制中心", 2, 0, 1, 0, 0, 1, 1, 0, 3],
        ["合计", 6, 2, 1, 1, 1, 1, 2, pytest.approx(2 / 6), None],
    ]
    assert ws["I4"].number_format == "0.0%"
    assert ws.freeze_panes == "A4"


def test_target_sheet_lists_every_target(fixture, bureau_admin):
    ws = export(fixture["plan"], bureau_admin)["指标"]
    assert [c.value for c in ws[3]] == ["任务", "指标", "目标值", "当前值", "是否达标", "牵头单位"]
    assert values(ws) == [
        ["1 推进紧密型医共体建设", "家庭医生签约服务率", "≥43%", "45%", "是", "医政医管股"],
        [
            "3 建设区域卫生信息平台",
            "孕产妇死亡率",
            "力争≤17/10万",
            "未填报",
            "未填报",
            "医政医管股",
        ],  # noqa: E501
    ]


# Who sees what -----------------------------------------------------------------------------


def test_staff_export_holds_only_their_units_tasks(fixture, unit_staff):
    book = export(fixture["plan"], unit_staff)
    ws = book["台账"]
    assert titles(ws) == {"推进紧密型医共体建设", "建设区域卫生信息平台", "完成机房改造"}
    assert [row[0] for row in values(ws) if not row[1]] == [
        "一、深化医药卫生体制改革",
        "二、强化公共卫生服务",
    ]
    assert "仅含本单位牵头或配合的任务" in ws["A2"].value
    assert all(row[4] == "医政医管股" for row in values(ws) if row[1])
    assert [row[0] for row in values(book["单位汇总"])] == ["医政医管股", "合计"]


def test_leader_gets_the_whole_plan(fixture, leader):
    ws = export(fixture["plan"], leader)["台账"]
    assert len([row for row in values(ws) if row[1]]) == 7


def test_filters_by_section_unit_and_status(fixture, bureau_admin):
    plan, two = fixture["plan"], fixture["section_two"]
    by_section = export(plan, bureau_admin, section_id=two.pk)["台账"]
    assert "推进紧密型医共体建设" not in titles(by_section)
    assert len([r for r in values(by_section) if r[1]]) == 5
    by_unit = export(plan, bureau_admin, unit_id=fixture["unit_c"].pk)["台账"]
    assert {r[2] for r in values(by_unit) if r[1]} == {"开展妇幼健康促进行动", "实施出生缺陷防治"}
    co_unit = export(plan, bureau_admin, unit_id=fixture["tasks"][1].lead_units[0].pk)["台账"]
    assert "推进紧密型医共体建设" in titles(co_unit)  # 疾控 co-leads it
    done = export(plan, bureau_admin, status=TaskStatus.DONE)["台账"]
    assert {r[9] for r in values(done) if r[1]} == {"已完成"}


def test_empty_export_gives_headers_and_a_note(fixture, bureau_admin):
    book = export(
        fixture["plan"], bureau_admin, section_id=fixture["section_two"].pk, status="on_track"
    )
    ws = book["台账"]
    assert [c.value for c in ws[3]] == HEADERS
    assert ws["A4"].value == "按所选条件没有任务"
    assert "A4:M4" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.max_row == 4
    assert book["单位汇总"]["A4"].value == "按所选条件没有任务"
    assert book["指标"]["A4"].value == "按所选条件没有任务"


def test_plan_without_tasks_says_so(world, bureau_admin):
    plan = PlanFactory(bureau=world.bureau, title="2027年赫山区卫生健康工作要点")
    ws = export(plan, bureau_admin)["台账"]
    assert ws["A4"].value == "这份工作要点还没有任务"


# The download ------------------------------------------------------------------------------


def test_download_is_an_xlsx_attachment_with_a_chinese_name(fixture, bureau_admin, login):
    url = reverse("reports:plan-ledger", args=[fixture["plan"].pk])
    response = login(bureau_admin).get(url, {"as_of": "2026-03-10", "include_submitted": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert "20260310.xlsx" in disposition
    ws = workbook(b"".join(response.streaming_content))["台账"]
    assert ws["A1"].value.endswith("（截至2026年3月10日）")
    assert values(ws)[4][7] == "（已报送，待审核）平台招标完成"


def test_a_past_years_plan_is_reported_as_of_its_year_end(fixture, bureau_admin, login):
    """Without a date, a 2026 plan downloaded in 2027 reads 截至2026年12月31日, not today."""
    url = reverse("reports:plan-ledger", args=[fixture["plan"].pk])
    with time_machine.travel(shanghai(2027, 2, 3, 9, 0), tick=False):
        response = login(bureau_admin).get(url)  # a session opened in 2027
    assert "20261231.xlsx" in response["Content-Disposition"]
    ws = workbook(b"".join(response.streaming_content))["台账"]
    assert ws["A1"].value.endswith("（截至2026年12月31日）")


def test_download_by_period_and_filters(fixture, bureau_admin, login):
    url = reverse("reports:plan-ledger", args=[fixture["plan"].pk])
    query = {"period": fixture["period"].pk, "status": "done", "unit": fixture["unit_c"].pk}
    response = login(bureau_admin).get(url, query)
    assert response.status_code == 200
    assert "20260228.xlsx" in response["Content-Disposition"]
    ws = workbook(b"".join(response.streaming_content))["台账"]
    assert {r[2] for r in values(ws) if r[1]} == {"开展妇幼健康促进行动"}


def test_staff_download_holds_no_other_units_row(fixture, other_unit_staff, login):
    url = reverse("reports:plan-ledger", args=[fixture["plan"].pk])
    response = login(other_unit_staff).get(url)
    assert response.status_code == 200
    book = workbook(b"".join(response.streaming_content))
    rows = [r for r in values(book["台账"]) if r[1]]
    own = {"推进紧密型医共体建设", "做好传染病监测预警", "推进健康城市建设"}
    assert {r[2] for r in rows} == own
    assert "妇幼保健院" not in {r[4] for r in rows}
    # 疾控 co-leads task 1 (led by 医政医管股): the summary counts only 疾控's own lead tasks.
    assert values(book["单位汇总"]) == [
        ["疾病预防控制中心", 2, 0, 1, 0, 0, 1, 1, 0, 1],
        ["合计", 2, 0, 1, 0, 0, 1, 1, 0, None],
    ]


def test_other_bureau_admin_gets_404(fixture, other_bureau_admin, login):
    url = reverse("reports:plan-ledger", args=[fixture["plan"].pk])
    assert login(other_bureau_admin).get(url).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"as_of": "2026-13-01"}, "截止日期应写成 YYYY-MM-DD"),
        ({"as_of": "昨天"}, "截止日期应写成 YYYY-MM-DD"),
        ({"include_submitted": "yes"}, "只能是 0 或 1"),
        ({"status": "lost"}, "没有这种任务状态"),
        ({"section": "abc"}, "板块"),
        ({"unit": "999999"}, "所选单位不存在"),
        ({"period": "999999"}, "所选报送期不存在"),
    ],
)
def test_bad_parameter_gives_400_in_chinese(fixture, bureau_admin, login, query, message):
    url = reverse("reports:plan-ledger", args=[fixture["plan"].pk])
    response = login(bureau_admin).get(url, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_period_of_another_plan_or_both_dates_give_400(fixture, world, bureau_admin, login):
    other = ReportingPeriod.objects.create(
        plan=world.other_plan,
        label="2026年2月",
        start=dt.date(2026, 2, 1),
        end=dt.date(2026, 2, 28),
        due_date=dt.date(2026, 2, 25),
    )
    url = reverse("reports:plan-ledger", args=[fixture["plan"].pk])
    client = login(bureau_admin)
    assert client.get(url, {"period": other.pk}).status_code == 400
    both = client.get(url, {"period": fixture["period"].pk, "as_of": "2026-03-01"})
    assert both.status_code == 400
    assert "只选择截止日期或报送期中的一个" in both.content.decode()


def test_plan_page_links_the_ledger_for_every_reader(fixture, bureau_admin, leader, unit_staff):
    from django.test import Client

    url = reverse("reports:plan-detail", args=[fixture["plan"].pk])
    ledger_url = reverse("reports:plan-ledger", args=[fixture["plan"].pk])
    for user in (bureau_admin, leader, unit_staff):
        client = Client()
        client.force_login(user)
        body = client.get(url).content.decode()
        assert f'href="{ledger_url}"' in body
        assert "导出督办台账（Excel）" in body
        assert ("仅含本单位的任务" in body) == user.is_unit_staff


# Queries -----------------------------------------------------------------------------------


def plan_of(world, size: int, admin, staff, leader):
    """A plan of `size` tasks, each with a target, a co-unit and its 配合情况, an approved report
    and a 批示."""
    plan = PlanFactory(bureau=world.bureau, title=f"{size}项任务的工作要点")
    section = SectionFactory(plan=plan, number="一", title="板块", order=1)
    period = services.period_open(
        plan=plan,
        label="2026年2月",
        start=dt.date(2026, 2, 1),
        end=dt.date(2026, 2, 28),
        due_date=dt.date(2026, 2, 25),
    )
    for i in range(size):
        task = make_task(section=section, lead=world.unit_a, co=[world.unit_b], number=str(i + 1))
        target = TargetFactory(task=task)
        report = submit(
            task,
            period,
            staff,
            percent=50,
            narrative=f"进展{i}",
            problems="无",
            next_steps="继续",
            actuals={target.pk: Decimal("40")},
        )
        services.report_approve(report=report, user=admin)
        services.leader_comment_add(task=task, user=leader, text=f"批示{i}")
        Cooperation.objects.create(
            task=task, period=period, unit=world.unit_b, text=f"配合{i}", author=leader
        )
    services.statuses_and_unreported_recompute(plan_ids=[plan.pk])
    return plan


# tasks (with section and parent), their units, their targets, the latest reports, the latest
# 批示, and the plan's bureau for the as-of line.
LEDGER_QUERIES = 6
# include_cooperation: the co-units' 配合情况 of all the tasks, one query more.
LEDGER_QUERIES_WITH_COOPERATION = LEDGER_QUERIES + 1


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("cooperation", [False, True])
def test_ledger_takes_a_fixed_number_of_queries(
    world, clock, bureau_admin, unit_staff, leader, django_assert_num_queries, size, cooperation
):
    plan = plan_of(world, size, bureau_admin, unit_staff, leader)
    plan = type(plan).objects.get(pk=plan.pk)  # the bureau not loaded yet
    queries = LEDGER_QUERIES_WITH_COOPERATION if cooperation else LEDGER_QUERIES
    options = LedgerOptions(include_cooperation=cooperation)
    with django_assert_num_queries(queries):
        body = ledger_workbook(plan=plan, user=bureau_admin, options=options)
    assert len([r for r in values(workbook(body)["台账"]) if r[1]]) == size


def test_download_takes_as_many_queries_for_30_tasks_as_for_3(
    world, clock, bureau_admin, unit_staff, leader, client
):
    counts = []
    for size in (3, 30):
        plan = plan_of(world, size, bureau_admin, unit_staff, leader)
        client.force_login(unit_staff)
        url = reverse("reports:plan-ledger", args=[plan.pk])
        client.get(reverse("tasks:my-tasks"))  # the session's first idle-timeout stamp
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"section": plan.sections.get().pk, "status": "on_track"})
            b"".join(response.streaming_content)
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
