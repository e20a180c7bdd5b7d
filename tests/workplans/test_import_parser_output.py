"""What the parser now reports, through the import: warnings beside their lines, a task table's
columns (and re-reading them as the admin chose), summaries refused, a mixed document's summary
part folded away, achievements shown but never published, range and 力争 targets.

All through the real parser: a pasted table whose 备注 column in fact lists the co-units (the
admin re-maps it), an Excel 分工表, a real summary and a notice without its plan.
"""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import workplans
from workplans import drafts
from workplans.imports import (
    DraftConflict,
    check_importable,
    plan_import_create,
    plan_import_discard,
    plan_import_reparse,
)
from workplans.models import Plan, PlanImport, Target, Task
from workplans.parsing import PlanImportError, PlanOutline, SectionOutline, TaskOutline
from workplans.parsing.outline import MIXED, ParseWarning, TableColumn, TargetOutline
from workplans.services.plans import plan_create_from_outline

SAMPLES = Path(workplans.__file__).parent / "samples"
HX = {"HX-Request": "true"}
FORBIDDEN = "只有督查室（管理员）可以导入工作要点"

PLAN_TEXT = """2026年测试区卫生健康工作要点
一、深化医药卫生体制改革
1.推进区域医疗中心建设。以医政医管股为牵头单位，疾控中心配合，2026年6月底前完成医共体章程修订。\
全区家庭医生签约服务率达到45%以上。
2.加强疫情监测预警工作。由疾控中心牵头。一是健全疫情监测体系和信息报告制度。二是规范开展哨点监测工作。
"""

# 备注 is read as a remark (ignored); in this table it in fact lists the co-units.
TABLE_TEXT = (
    "2026年测试区卫生健康工作要点任务分工表\n"
    "序号\t重点任务\t具体措施\t牵头科室\t备注\t完成时限\n"
    "1\t推进医共体建设\t完善医共体章程，年内实现乡镇全覆盖。\t医政医管股\t疾控中心\t6月底前\n"
    "2\t做好免疫规划\t适龄儿童免疫规划疫苗接种率保持在95%以上。\t疾控中心\t医政医管股\t三季度\n"
)
TABLE_HEADERS = ["序号", "重点任务", "具体措施", "牵头科室", "备注", "完成时限"]

SUMMARY_TEXT = """2025年某区卫生健康工作总结
一、医疗服务能力持续提升
1.全年完成门诊量120万人次，同比增长8%。新建社区卫生服务中心2家。
二、公共卫生服务扎实推进
2.适龄儿童免疫规划疫苗接种率达到98%。
"""


# ---------------------------------------------------------------------------------------------
# Helpers


def review_url(plan_import) -> str:
    return reverse("workplans:import-review", args=[plan_import.pk])


def reparse_url(plan_import) -> str:
    return reverse("workplans:import-reparse", args=[plan_import.pk])


def body_of(response) -> str:
    return response.content.decode()


def snapshot(plan_import) -> tuple:
    plan_import.refresh_from_db()
    return plan_import.version, plan_import.status, plan_import.outline


def all_tasks(outline: dict) -> list[dict]:
    return [task for _, _, task in drafts.iter_tasks(outline)]


def roles_of(outline: dict) -> list[str]:
    return [column["role"] for column in outline["columns"]]


def remap(version: int, **roles) -> dict:
    """The column form as a browser posts it: every column's select, a few changed."""
    current = ["number", "title", "text", "lead", "ignored", "deadline"]
    for key, role in roles.items():
        current[int(key.removeprefix("c"))] = role
    return {"version": version, **{f"column_{i}": role for i, role in enumerate(current)}}


def source_pane(body: str) -> str:
    return body.split('class="source-text"', 1)[1]


@pytest.fixture
def draft(world, bureau_admin) -> PlanImport:
    return plan_import_create(user=bureau_admin, bureau=world.bureau, text=PLAN_TEXT)


@pytest.fixture
def table_draft(world, bureau_admin) -> PlanImport:
    plan_import = plan_import_create(
        user=bureau_admin, bureau=world.bureau, filename="分工表.txt", text=TABLE_TEXT
    )
    assert roles_of(plan_import.outline) == [
        "number",
        "title",
        "text",
        "lead",
        "ignored",
        "deadline",
    ]
    assert all(task["co_units"] == [] for task in all_tasks(plan_import.outline))
    return plan_import


# ---------------------------------------------------------------------------------------------
# The draft keeps the parser's new output


def test_the_draft_keeps_warnings_columns_kind_summary_and_achievements():
    achieved = TargetOutline("门诊量120万人次", "门诊量", "=", 120, "万人次", span=(5, 14))
    target = TargetOutline(
        "力争新建1—2家", "新建", ">=", 1, "家", span=(30, 38), value_max=2, qualifier="力争"
    )
    task = TaskOutline("1", "推进医共体建设", "…", targets=[target], achievements=[achieved])
    summary_task = TaskOutline("1", "去年的工作", "…", achievements=[achieved])
    outline = PlanOutline(
        title="2026年工作要点",
        year=2026,
        sections=[SectionOutline("一", "改革", tasks=[task])],
        kind=MIXED,
        summary=[SectionOutline("一", "2025年工作回顾", tasks=[summary_task])],
        warnings=[ParseWarning(3, "这一部分是工作总结")],
        columns=[TableColumn(0, "序号", "number"), TableColumn(1, "重点任务", "title")],
    )
    draft = drafts.draft_from_outline(outline)
    assert draft["kind"] == "mixed"
    assert draft["warnings"] == [{"line": 3, "message": "这一部分是工作总结"}]
    assert draft["columns"][1] == {"index": 1, "header": "重点任务", "role": "title"}
    assert draft["summary"][0]["tasks"][0]["achievements"][0]["text"] == "门诊量120万人次"
    node = draft["sections"][0]["tasks"][0]
    assert node["achievements"][0]["span"] == [5, 14]
    assert node["achievements"][0]["value"] == 120
    assert node["targets"][0]["value_max"] == 2
    assert node["targets"][0]["qualifier"] == "力争"
    assert node["targets"][0]["id"].startswith("g")


def test_split_and_merge_carry_achievements(draft):
    outline = draft.outline
    task = all_tasks(outline)[0]
    task["achievements"] = [{"text": "全区家庭医生签约服务率达到45%以上", "indicator": "签约率"}]
    drafts.split_task(outline, task["id"], at_sentence=2)
    (new,) = [t for t in outline["sections"][0]["tasks"] if t["number"] == f"{task['number']}之二"]
    assert new["achievements"] and not task["achievements"]
    drafts.merge_with_previous(outline, new["id"])
    assert task["achievements"][0]["indicator"] == "签约率"


def test_an_old_draft_without_the_new_keys_still_renders(admin_client, draft):
    outline = draft.outline
    for key in ("kind", "summary", "warnings", "columns"):
        outline.pop(key, None)
    for task in all_tasks(outline):
        task.pop("achievements", None)
        for target in task["targets"]:
            for key in ("value_max", "approximate", "qualifier"):
                target.pop(key, None)
    draft.outline = outline
    draft.save()
    for headers in ({}, HX):
        response = admin_client.get(review_url(draft), headers=headers)
        assert response.status_code == 200
        body = body_of(response)
        assert "推进区域医疗中心建设" in body
        assert "解析提示" not in body
        assert "表格各列的读法" not in body
        assert "年度总结部分" not in body


# ---------------------------------------------------------------------------------------------
# Warnings beside their lines


@pytest.fixture
def warned_draft(draft) -> PlanImport:
    outline = draft.outline
    outline["warnings"] = [
        {"line": 4, "message": "“一是…二是…”读作分项，请核对"},
        {"line": 2, "message": '<script>alert("x")</script>疑似 & 未识别的单位'},
        {"line": 0, "message": "全文没有找到发文字号"},
        {"line": 999, "message": "超出原文的行"},
    ]
    draft.outline = outline
    draft.save()
    return draft


def test_warnings_are_listed_at_the_top_and_marked_in_the_source(admin_client, warned_draft):
    body = body_of(admin_client.get(review_url(warned_draft)))
    panel = body.split('id="parse-warnings"', 1)[1].split("</section>", 1)[0]
    assert "解析提示" in panel
    # In line order, each linked to its marker in the source pane.
    assert panel.index("第 2 行") < panel.index("第 4 行")
    assert 'href="#warn-0">第 4 行</a>' in panel
    assert 'href="#warn-1">第 2 行</a>' in panel
    assert "全文没有找到发文字号" in panel
    assert 'href="#warn-2"' not in panel  # the whole document: no line to jump to
    assert "超出原文的行" in panel and 'href="#warn-3"' not in panel
    source = source_pane(body)
    assert 'id="warn-0"' in source and 'id="warn-1"' in source
    assert 'id="warn-2"' not in source and 'id="warn-3"' not in source
    assert 'class="parse-warning"' in source
    assert "<script>" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;疑似 &amp; 未识别的单位" in source


def test_a_warning_sits_at_the_end_of_its_line(warned_draft):
    from workplans.selectors import draft_source_html

    html = str(
        draft_source_html(source_text=warned_draft.source_text, outline=warned_draft.outline)
    )
    lines = html.split("\n")
    assert len(lines) == warned_draft.source_text.count("\n") + 1  # the note adds no line
    assert lines[3].endswith("</mark>") and 'id="warn-0"' in lines[3]
    assert 'id="warn-1"' in lines[1]
    # The task and target marks still nest: as many open as close.
    assert html.count("<mark") == html.count("</mark>")


def test_a_real_mixed_document_warns_at_its_summary(admin_client):
    name = "2020-yiwu-summary-and-2021-plan.txt"
    data = (SAMPLES / name).read_bytes()
    payload = {"file": SimpleUploadedFile(name, data), "text": "", "year": ""}
    response = admin_client.post(reverse("workplans:import-list"), payload)
    assert response.status_code == 302
    plan_import = PlanImport.objects.get()
    outline = plan_import.outline
    assert outline["kind"] == "mixed"
    assert outline["summary"] and outline["warnings"]
    body = body_of(admin_client.get(review_url(plan_import)))
    assert "解析提示" in body
    assert 'class="parse-warning"' in source_pane(body)
    details = body.split('id="summary-part"', 1)[1].split("</details>", 1)[0]
    assert "年度总结部分（不导入）" in details
    assert "已取得：" in details


# ---------------------------------------------------------------------------------------------
# Summaries and documents without tasks


def test_a_summary_is_refused_at_import(world, bureau_admin):
    with pytest.raises(PlanImportError) as error:
        plan_import_create(user=bureau_admin, bureau=world.bureau, text=SUMMARY_TEXT)
    message = error.value.message
    assert message.startswith("这份文件是工作总结（找到 ")
    assert "项已取得的成绩），不是工作要点，不能导入为任务。" in message
    assert PlanImport.objects.count() == 0


NOTICE_ONLY_TEXT = """关于印发《测试区2026年卫生健康工作要点》的通知
各科室：
现将《测试区2026年卫生健康工作要点》印发给你们，请认真贯彻落实。
测试区卫生健康局
2026年3月2日
附件：测试区2026年卫生健康工作要点.docx
"""


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SUMMARY_TEXT, "这份文件是工作总结（找到"),
        (NOTICE_ONLY_TEXT, "没有《测试区2026年卫生健康工作要点》的正文（它在附件中）"),
    ],
    ids=["summary", "notice-without-its-plan"],
)
def test_the_upload_page_refuses_what_is_not_a_plan(text, message, htmx, admin_client):
    response = admin_client.post(
        reverse("workplans:import-list"), {"text": text, "year": ""}, headers=HX if htmx else {}
    )
    assert response.status_code == 400
    assert message in body_of(response)
    assert PlanImport.objects.count() == 0


def test_no_tasks_without_warnings_still_gets_a_message():
    with pytest.raises(PlanImportError, match="没有找到任何任务"):
        check_importable(PlanOutline(title="2026年要点", year=2026))


# ---------------------------------------------------------------------------------------------
# A mixed draft on the review page; targets and achievements


@pytest.fixture
def mixed_draft(draft) -> PlanImport:
    outline = draft.outline
    outline["kind"] = "mixed"
    outline["summary"] = [
        {
            "number": "一",
            "title": "2025年工作回顾",
            "tasks": [
                {
                    "number": "1",
                    "title": "医疗服务能力持续提升",
                    "text": "…",
                    "achievements": [{"text": "全年完成门诊量120万人次", "indicator": "门诊量"}],
                    "subtasks": [
                        {
                            "number": "1",
                            "title": "新建社区卫生服务中心",
                            "achievements": [{"text": "新建社区卫生服务中心2家"}],
                            "subtasks": [],
                        }
                    ],
                }
            ],
        }
    ]
    first = all_tasks(outline)[0]
    first["achievements"] = [
        {"text": "签约服务率已达到40%", "indicator": "签约服务率", "value": 40, "unit": "%"}
    ]
    first["targets"].append(
        {
            "id": "g900",
            "text": "力争新增1—2家",
            "indicator": "新增医联体",
            "comparator": ">=",
            "value": 1,
            "value_max": 2,
            "unit": "家",
            "qualifier": "力争",
            "approximate": False,
            "span": None,
        }
    )
    first["targets"].append(
        {
            "id": "g901",
            "text": "床位数1000张左右",
            "indicator": "床位数",
            "comparator": "=",
            "value": 1000,
            "unit": "张",
            "qualifier": "确保",
            "approximate": True,
            "span": None,
        }
    )
    draft.outline = outline
    draft.save()
    return draft


def test_a_mixed_draft_folds_its_summary_away_and_shows_achievements(admin_client, mixed_draft):
    body = body_of(admin_client.get(review_url(mixed_draft)))
    details = body.split('<details class="card summary-part" id="summary-part">', 1)[1]
    details = details.split("</details>", 1)[0]
    assert "<summary>年度总结部分（不导入）</summary>" in details
    assert "2025年工作回顾" in details
    assert "医疗服务能力持续提升" in details
    assert "已取得：全年完成门诊量120万人次" in details
    assert "已取得：新建社区卫生服务中心2家" in details  # a sub-item's, too
    tree = body.split('class="draft-tree"', 1)[1].split('class="draft-source"', 1)[0]
    task = tree.split('id="task-', 1)[1].split('class="draft-actions"', 1)[0]
    assert "已取得：签约服务率已达到40%" in task
    assert "力争 新增医联体 1—2家" in task
    assert 'class="target-tag stretch"' in task
    assert "确保 床位数 = 1000张左右" in task
    # Read-only: no form posts an achievement anywhere.
    assert "achievement" not in "".join(part for part in task.split("<form")[1:])


def test_publishing_ignores_achievements_and_summary_and_reads_the_qualifier(
    admin_client, world, mixed_draft
):
    outline = mixed_draft.outline
    legacy = {
        "id": "g902",
        "text": "力争覆盖率达到90%",
        "indicator": "覆盖率",
        "comparator": ">=",
        "value": 90,
        "unit": "%",
    }
    all_tasks(outline)[0]["targets"].append(legacy)  # an older draft: no qualifier
    mixed_draft.outline = outline
    mixed_draft.save()
    response = admin_client.post(
        reverse("workplans:import-publish", args=[mixed_draft.pk]), {"version": mixed_draft.version}
    )
    assert response.status_code == 302
    plan = Plan.objects.get(bureau=world.bureau, title=mixed_draft.title)
    assert not Task.objects.filter(plan=plan, title="医疗服务能力持续提升").exists()
    targets = {t.indicator: t for t in Target.objects.filter(task__plan=plan)}
    assert "签约服务率" not in targets and "门诊量" not in targets
    assert targets["新增医联体"].is_stretch
    assert targets["新增医联体"].value == 1  # the floor of 1—2家, with >=
    assert targets["新增医联体"].comparator == ">="
    assert not targets["床位数"].is_stretch
    assert targets["覆盖率"].is_stretch  # no qualifier: from its words


def test_the_qualifier_wins_over_the_words(world):
    task = {
        "title": "任务",
        "targets": [
            {"text": "确保达到，力争超过", "value": 1, "qualifier": "确保"},
            {"text": "达到", "value": 2, "qualifier": "力争"},
        ],
    }
    outline = {
        "title": "要点",
        "year": 2026,
        "sections": [{"number": "一", "title": "板块", "tasks": [task]}],
    }
    plan = plan_create_from_outline(bureau=world.bureau, outline=outline)
    assert [t.is_stretch for t in Target.objects.filter(task__plan=plan).order_by("order")] == [
        False,
        True,
    ]


# ---------------------------------------------------------------------------------------------
# A task table's columns: the service


def test_reparse_reads_a_column_as_chosen(table_draft, bureau_admin):
    updated = plan_import_reparse(
        plan_import=table_draft, version=1, user=bureau_admin, column_roles={4: "co"}
    )
    assert updated.version == 2
    assert updated.updated_by == bureau_admin
    version, status, outline = snapshot(table_draft)
    assert (version, status) == (2, PlanImport.Status.DRAFT)
    assert roles_of(outline) == ["number", "title", "text", "lead", "co", "deadline"]
    assert [c["header"] for c in outline["columns"]] == TABLE_HEADERS  # as written
    tasks = {task["title"]: task for task in all_tasks(outline)}
    assert tasks["推进医共体建设"]["co_units"] == ["疾病预防控制中心"]
    assert tasks["做好免疫规划"]["co_units"] == ["医政医管股"]
    assert table_draft.source_text == TABLE_TEXT.rstrip("\n")  # the source stays as imported


def test_the_chosen_roles_are_kept_in_the_draft_even_without_the_parsers_columns():
    previous = [{"index": 0, "header": "序号", "role": "number"}, {"index": 1, "header": "备注",
                "role": "ignored"}]  # fmt: skip
    draft = {"columns": []}
    drafts.keep_column_roles(draft, previous, {1: "co"})
    assert [c["role"] for c in draft["columns"]] == ["number", "co"]
    assert [c["header"] for c in draft["columns"]] == ["序号", "备注"]


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ({4: "assistant"}, "第 5 列的含义“assistant”无效"),
        ({6: "co"}, "表格中没有第 7 列"),
        ({-1: "co"}, "表格中没有第 0 列"),
        ({1: "ignored", 2: "leader"}, "至少要有一列读作“任务名称”或“具体内容”"),
    ],
    ids=["unknown-role", "column-out-of-range", "negative-column", "no-task-column"],
)
def test_reparse_refuses_bad_roles_and_saves_nothing(roles, message, table_draft, bureau_admin):
    before = snapshot(table_draft)
    with pytest.raises(ValidationError) as error:
        plan_import_reparse(
            plan_import=table_draft, version=1, user=bureau_admin, column_roles=roles
        )
    assert message in "；".join(error.value.messages)
    assert snapshot(table_draft) == before


def test_reparse_of_a_draft_without_a_table_is_refused(draft, bureau_admin):
    before = snapshot(draft)
    with pytest.raises(ValidationError, match="不是从任务分工表读出的"):
        plan_import_reparse(
            plan_import=draft, version=1, user=bureau_admin, column_roles={0: "title"}
        )
    assert snapshot(draft) == before


def test_reparse_against_an_old_version_is_refused(table_draft, bureau_admin):
    plan_import_reparse(
        plan_import=table_draft, version=1, user=bureau_admin, column_roles={4: "co"}
    )
    before = snapshot(table_draft)
    with pytest.raises(DraftConflict):
        plan_import_reparse(
            plan_import=table_draft, version=1, user=bureau_admin, column_roles={4: "ignored"}
        )
    assert snapshot(table_draft) == before


def test_reparse_of_a_closed_import_is_refused(table_draft, bureau_admin):
    plan_import_discard(plan_import=table_draft, version=1, user=bureau_admin)
    before = snapshot(table_draft)
    with pytest.raises(ValidationError, match="不能再修改"):
        plan_import_reparse(
            plan_import=table_draft, version=2, user=bureau_admin, column_roles={4: "co"}
        )
    assert snapshot(table_draft) == before


def test_a_reading_that_fails_to_parse_saves_nothing(table_draft, bureau_admin):
    # A stored source that no longer holds any task row: the re-parse fails, the draft stays.
    PlanImport.objects.filter(pk=table_draft.pk).update(
        source_text="序号\t重点任务\t具体措施\t牵头科室\t备注\t完成时限"
    )
    before = snapshot(table_draft)
    with pytest.raises(ValidationError, match="按新的列含义没能解析"):
        plan_import_reparse(
            plan_import=table_draft, version=1, user=bureau_admin, column_roles={4: "co"}
        )
    assert snapshot(table_draft) == before


def test_reparse_uses_the_drafts_year(table_draft, bureau_admin):
    table_draft.year = 2027
    table_draft.save()
    plan_import_reparse(
        plan_import=table_draft, version=1, user=bureau_admin, column_roles={4: "co"}
    )
    assert snapshot(table_draft)[2]["year"] == 2027


# ---------------------------------------------------------------------------------------------
# A task table's columns: the review page and its form


def test_review_page_shows_each_column_and_its_reading(admin_client, table_draft):
    body = body_of(admin_client.get(review_url(table_draft)))
    panel = body.split('id="table-columns"', 1)[1].split("</section>", 1)[0]
    assert f'action="{reparse_url(table_draft)}"' in panel
    assert f'hx-post="{reparse_url(table_draft)}"' in panel
    assert "按新的列含义重新解析" in panel
    for index, header in enumerate(TABLE_HEADERS):
        assert f"<td>{header}</td>" in panel
        assert f'name="column_{index}"' in panel
    row = panel.split('data-column="4"', 1)[1].split("</tr>", 1)[0]
    assert '<option value="ignored" selected>忽略</option>' in row
    assert '<option value="co">配合单位</option>' in row
    assert "责任领导（人名，不作单位）" in row
    for label in ("序号", "板块", "任务名称", "具体内容", "牵头单位", "完成时限"):
        assert f">{label}</option>" in row


def test_a_text_draft_has_no_column_form(admin_client, draft):
    assert 'id="table-columns"' not in body_of(admin_client.get(review_url(draft)))


def test_a_closed_import_shows_the_columns_without_the_form(
    admin_client, table_draft, bureau_admin
):
    plan_import_discard(plan_import=table_draft, version=1, user=bureau_admin)
    body = body_of(admin_client.get(review_url(table_draft)))
    panel = body.split('id="table-columns"', 1)[1].split("</section>", 1)[0]
    assert "<select" not in panel and "<form" not in panel
    assert "<td>忽略</td>" in panel


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_remap_a_column_from_the_review_page(htmx, admin_client, table_draft):
    response = admin_client.post(
        reparse_url(table_draft), remap(1, c4="co"), headers=HX if htmx else {}
    )
    if htmx:
        assert response.status_code == 200
        body = body_of(response)
        assert "<html" not in body and 'id="draft-editor"' in body
    else:
        assert response.status_code == 302
        assert response.url == review_url(table_draft)
        body = body_of(admin_client.get(response.url))
    assert "已按新的列含义重新解析" in body
    row = body.split('data-column="4"', 1)[1].split("</tr>", 1)[0]
    assert '<option value="co" selected>配合单位</option>' in row
    assert 'name="version" value="2"' in body
    outline = snapshot(table_draft)[2]
    assert roles_of(outline)[4] == "co"
    assert {u for t in all_tasks(outline) for u in t["co_units"]} == {
        "疾病预防控制中心",
        "医政医管股",
    }


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (remap(1, c4="assistant"), "第 5 列的含义“assistant”无效"),
        ({**remap(1), "column_9": "co"}, "表格中没有第 10 列"),
        (remap(1, c1="ignored", c2="leader"), "至少要有一列读作“任务名称”或“具体内容”"),
        ({"version": 1}, "没有收到各列的含义"),
        ({"column_4": "co"}, "这个字段是必填项"),
    ],
    ids=["unknown-role", "column-out-of-range", "no-task-column", "no-columns", "no-version"],
)
def test_bad_roles_are_refused_on_the_page(data, message, htmx, admin_client, table_draft):
    before = snapshot(table_draft)
    response = admin_client.post(reparse_url(table_draft), data, headers=HX if htmx else {})
    if htmx:
        assert response.status_code == 200
        body = body_of(response)
        assert 'data-testid="draft-error"' in body
    else:
        assert response.status_code == 302
        body = body_of(admin_client.get(review_url(table_draft)))
    assert message in body
    assert snapshot(table_draft) == before


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_remap_on_an_old_version_shows_the_conflict(htmx, admin_client, table_draft):
    admin_client.post(reparse_url(table_draft), remap(1, c4="co"), headers=HX)
    before = snapshot(table_draft)
    response = admin_client.post(
        reparse_url(table_draft), remap(1, c4="ignored"), headers=HX if htmx else {}
    )
    body = body_of(response) if htmx else body_of(admin_client.get(review_url(table_draft)))
    assert "修改了这份草稿" in body
    assert snapshot(table_draft) == before
    assert roles_of(before[2])[4] == "co"


# ---------------------------------------------------------------------------------------------
# Who may re-map


@pytest.mark.parametrize("role", ["unit_staff", "other_unit_staff", "leader"])
def test_non_admins_are_refused(role, table_draft, login, request):
    client = login(request.getfixturevalue(role))
    before = snapshot(table_draft)
    response = client.post(reparse_url(table_draft), remap(1, c4="co"))
    assert response.status_code == 403
    assert FORBIDDEN in body_of(response)
    assert snapshot(table_draft) == before


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_other_bureau_admin_gets_404(htmx, table_draft, other_bureau_admin, login):
    client = login(other_bureau_admin)
    before = snapshot(table_draft)
    response = client.post(reparse_url(table_draft), remap(1, c4="co"), headers=HX if htmx else {})
    assert response.status_code == 404
    assert "不存在" in body_of(response)
    assert table_draft.title not in body_of(response)
    assert snapshot(table_draft) == before


def test_anonymous_is_sent_to_login(table_draft, client):
    before = snapshot(table_draft)
    response = client.post(reparse_url(table_draft), remap(1, c4="co"))
    assert response.status_code == 302
    assert reverse("login") in response.url
    assert snapshot(table_draft) == before


def test_get_is_not_allowed(admin_client, table_draft):
    assert admin_client.get(reparse_url(table_draft)).status_code == 405


# ---------------------------------------------------------------------------------------------
# End to end with the real parser


def test_excel_table_remap_end_to_end(admin_client):
    from tests.workplans.test_parse_documents import fengong_xlsx_bytes

    payload = {
        "file": SimpleUploadedFile("分工表.xlsx", fengong_xlsx_bytes()),
        "text": "",
        "year": "2023",
    }
    assert admin_client.post(reverse("workplans:import-list"), payload).status_code == 302
    plan_import = PlanImport.objects.get()
    columns = plan_import.outline["columns"]
    body = body_of(admin_client.get(review_url(plan_import)))
    assert 'id="table-columns"' in body
    lead = next(c["index"] for c in columns if c["role"] == "lead")
    co = next(c["index"] for c in columns if c["role"] == "co")
    data = {"version": 1, **{f"column_{c['index']}": c["role"] for c in columns}}
    data[f"column_{co}"] = "ignored"
    response = admin_client.post(reparse_url(plan_import), data, headers=HX)
    assert "已按新的列含义重新解析" in body_of(response), body_of(response)[:2000]
    outline = snapshot(plan_import)[2]
    assert outline["columns"][co]["role"] == "ignored"
    assert outline["columns"][lead]["role"] == "lead"
    assert all(not task["co_units"] for task in all_tasks(outline))
    assert any(task["lead_units"] for task in all_tasks(outline))


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_pasted_table_remap_end_to_end(htmx, admin_client):
    response = admin_client.post(reverse("workplans:import-list"), {"text": TABLE_TEXT, "year": ""})
    assert response.status_code == 302
    plan_import = PlanImport.objects.get()
    outline = plan_import.outline
    assert [c["header"] for c in outline["columns"]] == TABLE_HEADERS
    assert roles_of(outline)[4] == "ignored"  # 备注, as read
    assert not any(task["co_units"] for task in all_tasks(outline))
    body = body_of(admin_client.get(review_url(plan_import)))
    assert '<option value="ignored" selected>忽略</option>' in body

    data = {"version": 1, **{f"column_{i}": role for i, role in enumerate(roles_of(outline))}}
    data["column_4"] = "co"  # this 备注 column lists the co-units
    response = admin_client.post(reparse_url(plan_import), data, headers=HX if htmx else {})
    assert response.status_code == (200 if htmx else 302)
    version, _, outline = snapshot(plan_import)
    assert version == 2
    assert roles_of(outline)[4] == "co"
    assert all(task["co_units"] for task in all_tasks(outline))
    assert {task["title"] for task in all_tasks(outline)} == {"推进医共体建设", "做好免疫规划"}
