"""The plan as a 任务分工表: every sample plan goes text → plan → .xlsx → plan → .xlsx through the
real import services and comes back the same; who may download it; its query count."""

import calendar
import datetime as dt
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

import workplans
from reports.ledger import XLSX_CONTENT_TYPE
from reports.plan_table import plan_task_table
from tasks.demo import DEMO_UNITS
from tests.factories import BureauFactory, UnitFactory, UserFactory
from workplans import drafts
from workplans.imports import (
    plan_import_add_unit,
    plan_import_create,
    plan_import_edit,
    plan_import_publish,
    unit_names_known,
)
from workplans.models import Bureau, Plan, Task, TaskUnit, Unit, User
from workplans.parsing import PlanImportError, UnitMatcher
from workplans.parsing.tables import outline_from_rows

SAMPLES = sorted((Path(workplans.__file__).parent / "samples").glob("*.txt"))
# Not a plan: the importer refuses it, so there is nothing to export.
REFUSED = {"health-experience-compilation.txt"}
PLAN_SAMPLES = [path for path in SAMPLES if path.name not in REFUSED]


def admin_of(bureau: Bureau) -> User:
    return UserFactory(bureau=bureau, role=User.Role.ADMIN)


def assign_like_an_office(names: list[str]):
    """A review-page edit: lead and co-units for every task the plan left unassigned, and a
    deadline (a date only, no words) for some of those without one."""

    def change(outline: dict) -> None:
        for index, (_, _, task) in enumerate(drafts.iter_tasks(outline)):
            if not task["lead_units"]:
                task["lead_units"] = [names[index % len(names)]]
                co = {names[(index + 1) % len(names)], names[(index + 5) % len(names)]}
                task["co_units"] = sorted(co - set(task["lead_units"]))
            if not task["deadline"] and index % 3 != 2:
                month = 1 + index % 12
                day = 15 if index % 3 == 0 else calendar.monthrange(outline["year"], month)[1]
                task["deadline"] = dt.date(outline["year"], month, day).isoformat()
                task["deadline_text"] = None

    return change


def import_and_publish(*, bureau: Bureau, filename: str, data: bytes, assign=False) -> Plan:
    """The office's path: upload, add the units the file names that the bureau lacks, publish."""
    user = admin_of(bureau)
    draft = plan_import_create(user=user, bureau=bureau, filename=filename, data=data)
    if assign:
        names = list(Unit.objects.filter(bureau=bureau).values_list("name", flat=True))
        change = assign_like_an_office(names)
        draft = plan_import_edit(plan_import=draft, version=draft.version, user=user, change=change)
    missing = drafts.unit_names_used(draft.outline) - unit_names_known(bureau)
    for name in sorted(missing):
        draft = plan_import_add_unit(
            plan_import=draft, version=draft.version, user=user, name=name, kind=Unit.Kind.OTHER
        )
    return plan_import_publish(plan_import=draft, version=draft.version, user=user)


def bureau_with_demo_units() -> Bureau:
    bureau = BureauFactory()
    for position, (name, kind, aliases) in enumerate(DEMO_UNITS, start=1):
        UnitFactory(bureau=bureau, name=name, kind=kind, aliases=aliases, sort_order=position)
    return bureau


def bureau_like(source: Bureau) -> Bureau:
    """Another bureau with the same units (names, aliases, order)."""
    bureau = BureauFactory()
    for unit in Unit.objects.filter(bureau=source):
        UnitFactory(
            bureau=bureau,
            name=unit.name,
            kind=unit.kind,
            aliases=unit.aliases,
            sort_order=unit.sort_order,
        )
    return bureau


def cells(body: bytes) -> list[tuple]:
    workbook = load_workbook(BytesIO(body))
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


def plan_shape(plan: Plan) -> dict:
    """What must survive the round trip, by document order."""
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("section", "parent")
        .prefetch_related("assignments__unit", "targets")
        .order_by("order")
    )

    def units(task: Task, role: str) -> list[str]:
        return sorted(a.unit.name for a in task.assignments.all() if a.role == role)

    return {
        "title": (plan.title, plan.year),
        "sections": [(s.number, s.title) for s in plan.sections.order_by("order")],
        "tasks": [
            {
                "order": task.order,
                "section": task.section.number,
                "number": task.number,
                "title": task.title,
                "parent": task.parent.order if task.parent else None,
                "lead": units(task, TaskUnit.Role.LEAD),
                "co": units(task, TaskUnit.Role.CO),
                "deadline": task.deadline,
                "targets": [
                    (t.indicator, t.comparator, t.value, t.unit, t.is_stretch)
                    for t in task.targets.order_by("order")
                ],
            }
            for task in tasks
        ],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("sample", PLAN_SAMPLES, ids=lambda path: path.stem)
def test_sample_plan_round_trips_through_the_task_table(sample):
    bureau = bureau_with_demo_units()
    original = import_and_publish(
        bureau=bureau, filename=sample.name, data=sample.read_bytes(), assign=True
    )
    first = plan_task_table(plan=original)

    copy = import_and_publish(
        bureau=bureau_like(bureau), filename=f"{original.title}-任务分工表.xlsx", data=first
    )
    second = plan_task_table(plan=copy)

    assert plan_shape(copy) == plan_shape(original)
    assert cells(second) == cells(first)
    shape = plan_shape(original)["tasks"]
    assert shape and all(task["lead"] for task in shape)
    assert any(task["co"] for task in shape) and any(task["deadline"] for task in shape)


def test_every_sample_but_the_compilation_is_round_tripped():
    assert len(PLAN_SAMPLES) >= 4
    assert [path.name for path in SAMPLES if path.name in REFUSED] == sorted(REFUSED)


@pytest.mark.django_db
def test_the_experience_compilation_is_refused_so_has_no_table():
    bureau = bureau_with_demo_units()
    (path,) = [p for p in SAMPLES if p.name in REFUSED]
    with pytest.raises(PlanImportError):
        plan_import_create(
            user=admin_of(bureau), bureau=bureau, filename=path.name, data=path.read_bytes()
        )


@pytest.mark.django_db
def test_sub_items_come_back_as_sub_items_numbered_under_their_task():
    sample = next(p for p in PLAN_SAMPLES if "baoshan" in p.name)
    bureau = bureau_with_demo_units()
    plan = import_and_publish(bureau=bureau, filename=sample.name, data=sample.read_bytes())
    parent = Task.objects.filter(plan=plan, subtasks__isnull=False).order_by("order").first()
    subs = list(parent.subtasks.order_by("order"))
    rows = cells(plan_task_table(plan=plan))
    numbers = [row[0] for row in rows]
    at = numbers.index(parent.number)
    assert numbers[at + 1 : at + 1 + len(subs)] == [f"{parent.number}.{s.number}" for s in subs]
    assert [row[1] for row in rows[at + 1 : at + 1 + len(subs)]] == [s.title for s in subs]
    # The parent's row holds its own words only; each sub-item's are on its row.
    assert subs[0].text not in rows[at][2]


def test_task_table_layout(world):
    rows = cells(plan_task_table(plan=world.plan))
    assert rows[0][0] == "2026年赫山区卫生健康工作要点任务分工表"
    assert rows[2] == (
        "序号",
        "重点任务",
        "具体内容",
        "量化指标",
        "牵头单位",
        "配合单位",
        "完成时限",
    )
    assert rows[3][0] == "一、深化医药卫生体制改革"
    task_row = rows[4]
    assert task_row[1] == "推进紧密型医共体建设"
    assert task_row[3] == "家庭医生签约服务率 ≥43%"
    assert (task_row[4], task_row[5]) == ("医政医管股", "疾病预防控制中心")
    assert task_row[6] == "2026年12月底"
    sheet = load_workbook(BytesIO(plan_task_table(plan=world.plan))).active
    assert sheet.freeze_panes == "A4"
    assert "A4:G4" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.column_dimensions["C"].width >= 40
    assert sheet.cell(row=5, column=3).alignment.wrap_text


def test_a_deadline_without_its_words_comes_back_as_the_same_date(world):
    world.task_a.text = "推进紧密型医共体建设，家庭医生签约服务率达43%以上。"
    world.task_a.save()
    world.task_b.deadline = dt.date(2026, 6, 15)
    world.task_b.save()
    rows = cells(plan_task_table(plan=world.plan))
    assert [row[6] for row in rows[4:]] == ["2026年12月底", "2026年6月15日前"]

    copy = import_and_publish(
        bureau=bureau_like(world.bureau), filename="x.xlsx", data=plan_task_table(plan=world.plan)
    )
    assert [(t.title, t.deadline) for t in copy.tasks.order_by("order")] == [
        ("推进紧密型医共体建设", dt.date(2026, 12, 31)),
        ("做好传染病监测预警", dt.date(2026, 6, 15)),
    ]
    assert cells(plan_task_table(plan=copy)) == rows


def test_text_that_looks_like_a_formula_stays_text(world):
    world.task_a.text = "=1+1 推进紧密型医共体建设"
    world.task_a.save()
    sheet = load_workbook(BytesIO(plan_task_table(plan=world.plan))).active
    assert sheet.cell(row=5, column=3).value == "=1+1 推进紧密型医共体建设"
    assert sheet.cell(row=5, column=3).data_type == "s"


# ---------------------------------------------------------------------------------------------
# The download


def url(plan: Plan) -> str:
    return reverse("reports:plan-task-table", args=[plan.pk])


@pytest.mark.parametrize("who", ["bureau_admin", "leader"])
def test_admin_and_leader_download_the_task_table(who, request, world, login):
    client = login(request.getfixturevalue(who))
    response = client.get(url(world.plan))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = unquote(response["Content-Disposition"])
    assert "attachment" in disposition
    assert "2026年赫山区卫生健康工作要点-任务分工表.xlsx" in disposition
    rows = cells(b"".join(response.streaming_content))
    assert rows[0][0] == "2026年赫山区卫生健康工作要点任务分工表"


def test_unit_staff_gets_403(world, unit_staff, login):
    assert login(unit_staff).get(url(world.plan)).status_code == 403


def test_other_bureau_admin_gets_404(world, other_bureau_admin, login):
    assert login(other_bureau_admin).get(url(world.plan)).status_code == 404


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(url(world.plan))
    assert response.status_code == 302


def test_post_is_not_allowed(world, bureau_admin, login):
    assert login(bureau_admin).post(url(world.plan)).status_code == 405


@pytest.mark.parametrize("who", ["bureau_admin", "leader"])
def test_plan_page_links_the_task_table_for_admin_and_leader(who, request, world, login):
    body = login(request.getfixturevalue(who)).get(f"/plans/{world.plan.pk}/").content.decode()
    assert "导出任务分工表（Excel）" in body
    assert url(world.plan) in body


def test_plan_page_has_no_task_table_link_for_staff(world, unit_staff, login):
    body = login(unit_staff).get(f"/plans/{world.plan.pk}/").content.decode()
    assert "导出任务分工表" not in body


# ---------------------------------------------------------------------------------------------
# Queries


@pytest.mark.django_db
def test_query_count_is_the_same_for_a_small_and_a_big_plan():
    bureau = bureau_with_demo_units()
    counts = {}
    for stem in ("2021-heshan-health-plan", "2023-baoshan-health-plan"):
        sample = next(p for p in PLAN_SAMPLES if p.stem == stem)
        plan = import_and_publish(bureau=bureau, filename=sample.name, data=sample.read_bytes())
        with CaptureQueriesContext(connection) as queries:
            plan_task_table(plan=plan)
        counts[stem] = (len(queries), plan.tasks.count())
    (small_queries, small_tasks), (big_queries, big_tasks) = counts.values()
    assert big_tasks > 4 * small_tasks
    assert small_queries == big_queries == 4


# ---------------------------------------------------------------------------------------------
# The importer's reading of a hierarchical 序号 (workplans/parsing/tables.py)


def test_importer_reads_a_hierarchical_number_as_a_sub_item_of_the_task_above():
    rows = [
        ["序号", "重点任务", "具体内容", "牵头单位", "完成时限"],
        ["一、深化改革", "一、深化改革", "一、深化改革", "一、深化改革", "一、深化改革"],
        ["1", "推进医共体建设", "推进医共体建设。", "医政股", ""],
        ["1.1", "修订章程", "6月底前修订章程。", "办公室", "6月底前"],
        ["1.2", "统一管理", "统一人员管理。", "人事股", "年底前"],
        ["2.1", "建设中心", "建设区域医疗中心。", "医政股", ""],
    ]
    (section,) = outline_from_rows(rows, year=2026, units=UnitMatcher(), row_offsets=[0] * 6)
    first, second = section.tasks
    assert (first.number, first.title, first.lead_units, first.deadline) == (
        "1",
        "推进医共体建设",
        ["医政股"],
        None,
    )
    assert [(s.number, s.title, s.lead_units, s.deadline) for s in first.subtasks] == [
        ("1", "修订章程", ["办公室"], dt.date(2026, 6, 30)),
        ("2", "统一管理", ["人事股"], dt.date(2026, 12, 31)),
    ]
    # 2.1 with no task 2 above it is a task of its own, numbered as before.
    assert (second.number, second.title, second.subtasks) == ("21", "建设中心", [])
