"""The import services (create, edit under a version check, add unit, publish, discard), the
draft operations they apply, and the import_plan management command."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

import workplans
from tests.factories import UnitFactory, UserFactory
from workplans import drafts
from workplans.imports import (
    DraftConflict,
    plan_import_add_unit,
    plan_import_create,
    plan_import_discard,
    plan_import_edit,
    plan_import_publish,
)
from workplans.models import Plan, PlanImport, Target, Task, TaskUnit, Unit, User
from workplans.parsing import PlanImportError

SAMPLES = Path(workplans.__file__).parent / "samples"

PLAN_TEXT = """2026年测试区卫生健康工作要点
一、深化医药卫生体制改革
1.推进区域医疗中心建设。以医政医管股为牵头单位，疾控中心配合，2026年6月底前完成医共体章程修订。\
全区家庭医生签约服务率达到45%以上。
2.加强疫情监测预警工作。由疾控中心牵头。一是健全疫情监测体系和信息报告制度。二是规范开展哨点监测工作。
二、提升基层服务能力
3.加强队伍建设。公开招聘卫生专业技术人员50名。大力引进、培养医学学科带头人。推行区级公立医院中层管理人员晋升职务制度。
"""

UNKNOWN_UNIT_TEXT = """2026年测试区中医药工作要点
一、提升中医药服务能力
1.推广中医药适宜技术。以市第三人民医院、区中医医院为牵头单位，开展中医药适宜技术推广。
2.加强中医药人才培养。由医政医管股牵头，组织中医药骨干人才培训。
"""


def all_tasks(outline: dict) -> list[dict]:
    return [task for _, _, task in drafts.iter_tasks(outline)]


def task_by_title(outline: dict, title: str) -> dict:
    (task,) = [task for task in all_tasks(outline) if task["title"] == title]
    return task


def rename_first_section(title: str):
    def change(outline: dict) -> None:
        drafts.edit_section(outline, outline["sections"][0]["id"], title=title)

    return change


@pytest.fixture
def draft(world, bureau_admin) -> PlanImport:
    return plan_import_create(user=bureau_admin, bureau=world.bureau, text=PLAN_TEXT)


@pytest.fixture
def colleague(world) -> User:
    return UserFactory(
        username="admin_b", full_name="李督查", bureau=world.bureau, role=User.Role.ADMIN
    )


# ---------------------------------------------------------------------------------------------
# plan_import_create


def test_create_from_pasted_text(draft, world, bureau_admin):
    assert (draft.title, draft.year) == ("2026年测试区卫生健康工作要点", 2026)
    assert draft.bureau == world.bureau
    assert draft.source_kind == PlanImport.Kind.PASTE
    assert draft.status == PlanImport.Status.DRAFT
    assert draft.version == 1
    assert draft.created_by == draft.updated_by == bureau_admin
    assert draft.source_text.startswith("2026年测试区卫生健康工作要点")
    outline = draft.outline
    assert [s["number"] for s in outline["sections"]] == ["一", "二"]
    ids = [s["id"] for s in outline["sections"]] + [t["id"] for t in all_tasks(outline)]
    ids += [g["id"] for t in all_tasks(outline) for g in t["targets"]]
    assert len(ids) == len(set(ids))
    assert outline["next_id"] > max(int(i[1:]) for i in ids)
    first = task_by_title(outline, "推进区域医疗中心建设")
    assert first["lead_units"] == ["医政医管股"]
    assert first["co_units"] == ["疾病预防控制中心"]  # found through the alias 疾控中心
    assert first["deadline"] == "2026-06-30"
    assert first["id"].startswith("t")
    assert first["targets"][0]["id"].startswith("g")
    assert [t["title"] for t in task_by_title(outline, "加强疫情监测预警工作")["subtasks"]] == [
        "健全疫情监测体系和信息报告制度",
        "规范开展哨点监测工作",
    ]


def test_create_from_a_file(world, bureau_admin):
    name = "2018-changning-health-plan.txt"
    plan_import = plan_import_create(
        user=bureau_admin, bureau=world.bureau, filename=name, data=(SAMPLES / name).read_bytes()
    )
    assert plan_import.source_kind == PlanImport.Kind.TEXT
    assert plan_import.source_name == name
    assert (plan_import.title, plan_import.year) == ("2018年全市卫生计生工作要点", 2018)
    assert "孕产妇死亡率" in plan_import.source_text
    for task in all_tasks(plan_import.outline):
        start, end = task["span"]
        assert plan_import.source_text[start:end].strip() == task["text"].strip()


def test_summary_is_flagged(world, bureau_admin):
    name = "2020-yiwu-summary-and-2021-plan.txt"
    plan_import = plan_import_create(
        user=bureau_admin, bureau=world.bureau, filename=name, data=(SAMPLES / name).read_bytes()
    )
    assert plan_import.summary_found
    assert plan_import.year == 2021


def test_year_is_required_when_the_title_has_none(world, bureau_admin):
    text = PLAN_TEXT.replace("2026年测试区", "测试区")
    with pytest.raises(PlanImportError, match="无法从文件中识别年度"):
        plan_import_create(user=bureau_admin, bureau=world.bureau, text=text)
    assert PlanImport.objects.count() == 0
    plan_import = plan_import_create(user=bureau_admin, bureau=world.bureau, text=text, year=2027)
    assert plan_import.year == 2027


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("plan.txt", b"", "文件是空的"),
        ("plan.pdf", b"%PDF-1.4\n", "不支持的文件类型"),
        ("plan.docx", b"not a zip at all", "文件已损坏"),
        ("health-experience-compilation.txt", None, "不是工作要点"),
    ],
)
def test_bad_files_raise_and_save_nothing(filename, data, message, world, bureau_admin):
    data = (SAMPLES / filename).read_bytes() if data is None else data
    with pytest.raises(PlanImportError, match=message):
        plan_import_create(user=bureau_admin, bureau=world.bureau, filename=filename, data=data)
    assert PlanImport.objects.count() == 0


def test_blank_pasted_text_raises(world, bureau_admin):
    with pytest.raises(PlanImportError, match="粘贴的内容是空的"):
        plan_import_create(user=bureau_admin, bureau=world.bureau, text=" \n ")


def test_reimport_replaces_the_draft_and_invalidates_open_pages(draft, world, colleague):
    plan_import_edit(
        plan_import=draft, version=1, user=colleague, change=rename_first_section("改过的板块")
    )
    again = plan_import_create(user=colleague, bureau=world.bureau, text=PLAN_TEXT)
    assert again.pk == draft.pk
    assert again.version == 3
    assert again.outline["sections"][0]["title"] == "深化医药卫生体制改革"  # parsed afresh
    assert again.updated_by == colleague
    assert again.created_by != colleague  # still the first importer
    assert PlanImport.objects.count() == 1
    with pytest.raises(DraftConflict):  # a page loaded before the re-import
        plan_import_edit(
            plan_import=again,
            version=2,
            user=colleague,
            change=rename_first_section("旧页面的修改"),
        )


def test_same_plan_in_two_bureaus_gives_two_drafts(draft, world, other_bureau_admin):
    theirs = plan_import_create(user=other_bureau_admin, bureau=world.other_bureau, text=PLAN_TEXT)
    assert theirs.pk != draft.pk
    assert theirs.bureau == world.other_bureau
    draft.refresh_from_db()
    assert draft.version == 1


def test_unit_matching_uses_the_bureaus_units_and_aliases(world, bureau_admin):
    UnitFactory(bureau=world.bureau, name="中医医院", aliases="区中医医院")
    UnitFactory(bureau=world.bureau, name="市第三人民医院", is_active=False)
    UnitFactory(bureau=world.other_bureau, name="市第三人民医院")
    plan_import = plan_import_create(user=bureau_admin, bureau=world.bureau, text=UNKNOWN_UNIT_TEXT)
    task = task_by_title(plan_import.outline, "推广中医药适宜技术")
    assert task["lead_units"] == ["市第三人民医院", "中医医院"]
    assert plan_import.outline["unknown_units"] == ["市第三人民医院"]


# ---------------------------------------------------------------------------------------------
# plan_import_edit


def test_edit_applies_the_change_and_bumps_the_version(draft, colleague):
    edited = plan_import_edit(
        plan_import=draft, version=1, user=colleague, change=rename_first_section("深化医改")
    )
    assert edited.version == 2
    assert edited.updated_by == colleague
    draft.refresh_from_db()
    assert draft.outline["sections"][0]["title"] == "深化医改"
    assert draft.version == 2


def test_edit_against_an_old_version_is_refused(draft, bureau_admin, colleague):
    bureau_admin.full_name = "张督查"
    bureau_admin.save()
    plan_import_edit(
        plan_import=draft, version=1, user=bureau_admin, change=rename_first_section("张督查的标题")
    )
    with pytest.raises(DraftConflict) as caught:
        plan_import_edit(
            plan_import=draft,
            version=1,
            user=colleague,
            change=rename_first_section("李督查的标题"),
        )
    assert isinstance(caught.value, ValidationError)
    assert "张督查" in caught.value.messages[0]
    assert "修改了这份草稿" in caught.value.messages[0]
    draft.refresh_from_db()
    assert draft.version == 2
    assert draft.outline["sections"][0]["title"] == "张督查的标题"
    assert draft.updated_by == bureau_admin


def test_a_failing_change_saves_nothing(draft, bureau_admin):
    first = task_by_title(draft.outline, "推进区域医疗中心建设")

    def change(outline: dict) -> None:
        drafts.edit_task(
            outline,
            first["id"],
            title="半途而废",
            deadline=None,
            deadline_text="",
            lead_units=["医政医管股"],
            co_units=["医政医管股"],
        )

    with pytest.raises(ValidationError, match="同一单位不能既牵头又配合"):
        plan_import_edit(plan_import=draft, version=1, user=bureau_admin, change=change)
    draft.refresh_from_db()
    assert draft.version == 1
    assert task_by_title(draft.outline, "推进区域医疗中心建设") == first


@pytest.mark.parametrize("close", [plan_import_publish, plan_import_discard])
def test_closed_imports_cannot_be_edited(close, draft, bureau_admin):
    close(plan_import=draft, version=1, user=bureau_admin)
    draft.refresh_from_db()
    before = (draft.version, draft.outline)
    with pytest.raises(ValidationError, match="不能再修改"):
        plan_import_edit(
            plan_import=draft,
            version=draft.version,
            user=bureau_admin,
            change=rename_first_section("关闭后的修改"),
        )
    draft.refresh_from_db()
    assert (draft.version, draft.outline) == before


# ---------------------------------------------------------------------------------------------
# plan_import_add_unit


@pytest.fixture
def unknown_draft(world, bureau_admin) -> PlanImport:
    UnitFactory(bureau=world.bureau, name="中医医院", aliases="区中医医院")
    return plan_import_create(user=bureau_admin, bureau=world.bureau, text=UNKNOWN_UNIT_TEXT)


def test_add_unit_creates_it_in_the_bureau(unknown_draft, world, bureau_admin):
    edited = plan_import_add_unit(
        plan_import=unknown_draft,
        version=1,
        user=bureau_admin,
        name=" 市第三人民医院 ",
        kind=Unit.Kind.HOSPITAL,
    )
    unit = Unit.objects.get(name="市第三人民医院")
    assert unit.bureau == world.bureau
    assert unit.kind == Unit.Kind.HOSPITAL
    assert edited.version == 2
    assert edited.outline["unknown_units"] == []
    task = task_by_title(edited.outline, "推广中医药适宜技术")
    assert task["lead_units"] == ["市第三人民医院", "中医医院"]


def test_add_unit_without_a_kind_is_other(unknown_draft, bureau_admin):
    plan_import_add_unit(
        plan_import=unknown_draft, version=1, user=bureau_admin, name="市第三人民医院", kind=""
    )
    assert Unit.objects.get(name="市第三人民医院").kind == Unit.Kind.OTHER


def test_add_unit_needs_a_name(unknown_draft, bureau_admin):
    units = Unit.objects.count()
    with pytest.raises(ValidationError, match="单位名称不能为空"):
        plan_import_add_unit(
            plan_import=unknown_draft, version=1, user=bureau_admin, name="  ", kind="other"
        )
    assert Unit.objects.count() == units


def test_add_unit_with_an_old_version_creates_no_unit(unknown_draft, bureau_admin, colleague):
    plan_import_edit(
        plan_import=unknown_draft,
        version=1,
        user=colleague,
        change=rename_first_section("改过的板块"),
    )
    with pytest.raises(DraftConflict):
        plan_import_add_unit(
            plan_import=unknown_draft,
            version=1,
            user=bureau_admin,
            name="市第三人民医院",
            kind="hospital",
        )
    assert not Unit.objects.filter(name="市第三人民医院").exists()


def test_add_an_existing_unit_reuses_it(unknown_draft, world, bureau_admin):
    existing = UnitFactory(bureau=world.bureau, name="市第三人民医院", kind=Unit.Kind.HOSPITAL)
    plan_import_add_unit(
        plan_import=unknown_draft, version=1, user=bureau_admin, name="市第三人民医院", kind="other"
    )
    assert list(Unit.objects.filter(name="市第三人民医院")) == [existing]
    existing.refresh_from_db()
    assert existing.kind == Unit.Kind.HOSPITAL


# ---------------------------------------------------------------------------------------------
# plan_import_publish


def test_publish_creates_the_plan(draft, world, bureau_admin):
    plan = plan_import_publish(plan_import=draft, version=1, user=bureau_admin)
    assert (plan.bureau, plan.status) == (world.bureau, Plan.Status.PUBLISHED)
    assert (plan.title, plan.year) == (draft.title, draft.year)
    assert plan.sections.count() == 2
    tasks = Task.objects.filter(plan=plan)
    assert tasks.count() == len(all_tasks(draft.outline)) == 5
    parent = tasks.get(title="加强疫情监测预警工作")
    assert parent.parent is None
    assert set(tasks.filter(parent=parent).values_list("title", flat=True)) == {
        "健全疫情监测体系和信息报告制度",
        "规范开展哨点监测工作",
    }
    assert TaskUnit.objects.filter(task__plan=plan).count() == 3
    assert Target.objects.filter(task__plan=plan).count() == 2
    draft.refresh_from_db()
    assert (draft.status, draft.plan, draft.version) == (PlanImport.Status.PUBLISHED, plan, 2)
    assert draft.updated_by == bureau_admin


def test_publish_refuses_unknown_units_and_creates_nothing(unknown_draft, bureau_admin):
    plans, tasks = Plan.objects.count(), Task.objects.count()
    with pytest.raises(ValidationError, match="尚未添加") as caught:
        plan_import_publish(plan_import=unknown_draft, version=1, user=bureau_admin)
    assert "市第三人民医院" in caught.value.messages[0]
    assert "中医医院" not in caught.value.messages[0].replace("市第三人民医院", "")
    assert (Plan.objects.count(), Task.objects.count()) == (plans, tasks)
    unknown_draft.refresh_from_db()
    assert (unknown_draft.status, unknown_draft.version) == (PlanImport.Status.DRAFT, 1)


def test_publish_refuses_a_unit_stopped_since_the_import(draft, world, bureau_admin):
    """A unit made inactive after the draft was parsed is not a name the bureau knows any more:
    publishing names it instead of handing it tasks (one rule for a bureau's unit names)."""
    Unit.objects.filter(pk=world.unit_b.pk).update(is_active=False)
    with pytest.raises(ValidationError, match="尚未添加") as caught:
        plan_import_publish(plan_import=draft, version=1, user=bureau_admin)
    assert "疾病预防控制中心" in caught.value.messages[0]
    assert not Plan.objects.filter(title=draft.title).exists()


def test_adding_a_stopped_unit_by_name_uses_it_again(draft, world, bureau_admin):
    Unit.objects.filter(pk=world.unit_b.pk).update(is_active=False)
    plan_import_add_unit(
        plan_import=draft, version=1, user=bureau_admin, name="疾病预防控制中心", kind=""
    )
    assert Unit.objects.get(pk=world.unit_b.pk).is_active
    draft.refresh_from_db()
    plan = plan_import_publish(plan_import=draft, version=draft.version, user=bureau_admin)
    assert TaskUnit.objects.filter(task__plan=plan, unit=world.unit_b).exists()


def test_publish_refuses_a_duplicate_title_and_creates_nothing(world, bureau_admin):
    text = PLAN_TEXT.replace("2026年测试区卫生健康工作要点", world.plan.title)
    plan_import = plan_import_create(user=bureau_admin, bureau=world.bureau, text=text)
    counts = (Plan.objects.count(), Task.objects.count(), TaskUnit.objects.count())
    with pytest.raises(ValidationError, match="本局已有同名"):
        plan_import_publish(plan_import=plan_import, version=1, user=bureau_admin)
    assert counts == (Plan.objects.count(), Task.objects.count(), TaskUnit.objects.count())
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.DRAFT


def test_the_same_title_in_another_bureau_does_not_block_publishing(world, other_bureau_admin):
    text = PLAN_TEXT.replace("2026年测试区卫生健康工作要点", world.plan.title)
    UnitFactory(bureau=world.other_bureau, name="医政医管股")
    UnitFactory(bureau=world.other_bureau, name="疾病预防控制中心", aliases="疾控中心")
    plan_import = plan_import_create(user=other_bureau_admin, bureau=world.other_bureau, text=text)
    plan = plan_import_publish(plan_import=plan_import, version=1, user=other_bureau_admin)
    assert plan.bureau == world.other_bureau
    assert {u.bureau_id for u in Unit.objects.filter(assignments__task__plan=plan)} == {
        world.other_bureau.pk
    }


def test_publish_with_an_old_version_is_refused(draft, bureau_admin, colleague):
    plan_import_edit(
        plan_import=draft, version=1, user=colleague, change=rename_first_section("改过的板块")
    )
    with pytest.raises(DraftConflict):
        plan_import_publish(plan_import=draft, version=1, user=bureau_admin)
    assert not Plan.objects.filter(title=draft.title).exists()


def test_publish_twice_is_refused(draft, bureau_admin):
    plan_import_publish(plan_import=draft, version=1, user=bureau_admin)
    with pytest.raises(ValidationError, match="不能再修改"):
        plan_import_publish(plan_import=draft, version=2, user=bureau_admin)
    assert Plan.objects.filter(title=draft.title).count() == 1


def test_publish_keeps_the_reviewed_edits(draft, bureau_admin):
    first = task_by_title(draft.outline, "推进区域医疗中心建设")
    third = task_by_title(draft.outline, "加强队伍建设")

    def change(outline: dict) -> None:
        drafts.edit_task(
            outline,
            first["id"],
            title="推进区域医疗中心提质建设",
            deadline="2026-09-30",
            deadline_text="9月底前",
            lead_units=["疾病预防控制中心"],
            co_units=["医政医管股"],
        )
        drafts.save_target(
            outline,
            third["id"],
            third["targets"][0]["id"],
            indicator="招聘卫生专业技术人员",
            comparator=">=",
            value="60",
            unit="名",
        )
        drafts.split_task(outline, third["id"], at_sentence=2)

    plan_import_edit(plan_import=draft, version=1, user=bureau_admin, change=change)
    plan = plan_import_publish(plan_import=draft, version=2, user=bureau_admin)
    task = Task.objects.get(plan=plan, title="推进区域医疗中心提质建设")
    assert str(task.deadline) == "2026-09-30"
    assert task.deadline_text == "9月底前"
    roles = {(a.unit.name, a.role) for a in task.assignments.all()}
    assert roles == {("疾病预防控制中心", TaskUnit.Role.LEAD), ("医政医管股", TaskUnit.Role.CO)}
    target = Target.objects.get(task__plan=plan, indicator="招聘卫生专业技术人员")
    assert (target.comparator, target.value, target.task.title) == (">=", 60, "加强队伍建设")
    assert Task.objects.filter(plan=plan).count() == 6


# ---------------------------------------------------------------------------------------------
# plan_import_discard


def test_discard_then_a_new_import_creates_a_new_draft(draft, world, bureau_admin):
    plan_import_discard(plan_import=draft, version=1, user=bureau_admin)
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (PlanImport.Status.DISCARDED, 2)
    with pytest.raises(ValidationError, match="不能再修改"):
        plan_import_discard(plan_import=draft, version=2, user=bureau_admin)
    new = plan_import_create(user=bureau_admin, bureau=world.bureau, text=PLAN_TEXT)
    assert new.pk != draft.pk
    assert (new.status, new.version) == (PlanImport.Status.DRAFT, 1)
    assert not Plan.objects.filter(title=draft.title).exists()


def test_discard_with_an_old_version_is_refused(draft, bureau_admin, colleague):
    plan_import_edit(
        plan_import=draft, version=1, user=colleague, change=rename_first_section("改过的板块")
    )
    with pytest.raises(DraftConflict):
        plan_import_discard(plan_import=draft, version=1, user=bureau_admin)
    draft.refresh_from_db()
    assert draft.status == PlanImport.Status.DRAFT


# ---------------------------------------------------------------------------------------------
# Draft operations


def test_split_and_merge_round_trip(draft):
    outline = draft.outline
    third = task_by_title(outline, "加强队伍建设")
    original = dict(third)
    drafts.split_task(outline, third["id"], at_sentence=2)
    section = outline["sections"][1]
    assert [t["text"] for t in section["tasks"]] == [
        "3.加强队伍建设。公开招聘卫生专业技术人员50名。",
        "大力引进、培养医学学科带头人。推行区级公立医院中层管理人员晋升职务制度。",
    ]
    new = section["tasks"][1]
    assert new["id"] == f"t{outline['next_id'] - 1}"
    assert new["span"][0] == third["span"][1]
    drafts.merge_with_previous(outline, new["id"])
    assert len(section["tasks"]) == 1
    assert section["tasks"][0]["span"] == original["span"]
    assert section["tasks"][0]["text"].replace("\n", "") == original["text"]


@pytest.mark.parametrize("at", [0, 4, 99])
def test_split_outside_the_text_is_refused(at, draft):
    third = task_by_title(draft.outline, "加强队伍建设")
    with pytest.raises(ValidationError, match="拆分"):
        drafts.split_task(draft.outline, third["id"], at_sentence=at)


def test_a_subtask_cannot_be_moved_alone(draft):
    sub = task_by_title(draft.outline, "规范开展哨点监测工作")
    with pytest.raises(ValidationError, match="分项任务随其上级任务移动"):
        drafts.move_task(draft.outline, sub["id"], section_id=draft.outline["sections"][1]["id"])


@pytest.mark.parametrize(
    ("value", "comparator", "message"),
    [
        ("abc", ">=", "不是数字"),
        ("-1", ">=", "不能为负数"),
        ("Infinity", ">=", "目标值"),
        ("5", "≈", "比较方式"),
        pytest.param(
            "NaN",
            ">=",
            "目标值",
        ),
    ],
)
def test_save_target_validates(value, comparator, message, draft):
    third = task_by_title(draft.outline, "加强队伍建设")
    with pytest.raises(ValidationError, match=message):
        drafts.save_target(
            draft.outline,
            third["id"],
            None,
            indicator="指标",
            comparator=comparator,
            value=value,
            unit="%",
        )
    assert len(third["targets"]) == 1


def test_a_target_is_edited_only_through_its_own_task(draft):
    first = task_by_title(draft.outline, "推进区域医疗中心建设")
    third = task_by_title(draft.outline, "加强队伍建设")
    with pytest.raises(ValidationError, match="不属于这项任务"):
        drafts.save_target(
            draft.outline,
            third["id"],
            first["targets"][0]["id"],
            indicator="指标",
            comparator=">=",
            value="1",
            unit="%",
        )


def test_decimal_target_values_are_kept(draft):
    third = task_by_title(draft.outline, "加强队伍建设")
    drafts.save_target(
        draft.outline,
        third["id"],
        None,
        indicator="床位使用率",
        comparator="<=",
        value="92.5",
        unit="%",
    )
    assert third["targets"][-1]["value"] == 92.5


# ---------------------------------------------------------------------------------------------
# import_plan command


def run_import_plan(*args) -> str:
    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def test_command_imports_a_draft(world, bureau_admin):
    path = SAMPLES / "2018-changning-health-plan.txt"
    output = run_import_plan(str(path), "--bureau", world.bureau.name)
    plan_import = PlanImport.objects.get()
    assert plan_import.bureau == world.bureau
    assert plan_import.status == PlanImport.Status.DRAFT
    assert plan_import.created_by == bureau_admin
    assert plan_import.source_name == path.name
    assert f"已导入草稿 #{plan_import.pk}" in output
    assert "请在“导入工作要点”页面核对后发布" in output
    assert not Plan.objects.filter(title=plan_import.title).exists()


def test_command_publishes(world, bureau_admin):
    path = SAMPLES / "2018-changning-health-plan.txt"
    output = run_import_plan(str(path), "--bureau", world.bureau.name, "--publish")
    plan_import = PlanImport.objects.get()
    plan = Plan.objects.get(bureau=world.bureau, title="2018年全市卫生计生工作要点")
    assert plan.status == Plan.Status.PUBLISHED
    assert plan_import.status == PlanImport.Status.PUBLISHED
    assert plan_import.plan == plan
    assert Task.objects.filter(plan=plan).count() == len(all_tasks(plan_import.outline))
    assert "已发布" in output


def test_command_mentions_the_summary(world, bureau_admin):
    path = SAMPLES / "2020-yiwu-summary-and-2021-plan.txt"
    output = run_import_plan(str(path), "--bureau", world.bureau.name)
    assert "年度工作总结" in output


def test_command_works_for_a_bureau_without_admins(world):
    assert not User.objects.filter(bureau=world.other_bureau, role=User.Role.ADMIN).exists()
    path = SAMPLES / "2018-changning-health-plan.txt"
    try:
        run_import_plan(str(path), "--bureau", world.other_bureau.name, "--publish")
    except CommandError as error:  # refusing in Chinese would be acceptable too
        assert re.search(r"[\u4e00-\u9fff]", str(error))
        assert PlanImport.objects.count() == 0
        return
    plan_import = PlanImport.objects.get()
    assert plan_import.bureau == world.other_bureau
    assert plan_import.status == PlanImport.Status.PUBLISHED


def test_command_year_option(world, bureau_admin, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TEXT.replace("2026年测试区", "测试区"), encoding="utf-8")
    run_import_plan(str(path), "--bureau", world.bureau.name, "--year", "2027")
    assert PlanImport.objects.get().year == 2027


def test_command_unknown_bureau(world):
    path = SAMPLES / "2018-changning-health-plan.txt"
    with pytest.raises(CommandError, match="没有名为“不存在的卫生健康局”的机构"):
        run_import_plan(str(path), "--bureau", "不存在的卫生健康局")
    assert PlanImport.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "无法读取文件"),
        ("plan.pdf", b"%PDF-1.4\n", "不支持的文件类型"),
        ("empty.txt", b"", "文件是空的"),
        ("notes.txt", "今年要做好卫生健康工作。".encode(), "未识别到工作要点的结构"),
    ],
)
def test_command_bad_file(name, content, message, world, tmp_path):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run_import_plan(str(path), "--bureau", world.bureau.name)
    assert PlanImport.objects.count() == 0


def test_command_publish_refused_for_unknown_units(world, bureau_admin, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(UNKNOWN_UNIT_TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match="未发布：.*尚未添加"):
        run_import_plan(str(path), "--bureau", world.bureau.name, "--publish")
    assert PlanImport.objects.get().status == PlanImport.Status.DRAFT
    assert not Plan.objects.filter(title="2026年测试区中医药工作要点").exists()
