"""End to end: file bytes → read_upload → parse_document, for text, Word and Excel, the gold
samples, and the parse_plan command's JSON contract."""

import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

from workplans.parsing import PlanImportError, UnitMatcher, parse_document
from workplans.parsing.quality import score_document
from workplans.parsing.reading import read_upload

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "workplans" / "samples"
GOLD = ROOT / "tests" / "fixtures" / "gold"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
PLAN_SAMPLES = [p for p in SAMPLE_FILES if not json.loads((GOLD / f"{p.stem}.json").read_text(
    "utf-8")).get("not_a_plan")]  # fmt: skip
HESHAN = SAMPLES / "2021-heshan-health-plan.txt"
COMPILATION = SAMPLES / "health-experience-compilation.txt"


def parse_file(path: Path, **kwargs):
    return parse_document(read_upload(path.name, path.read_bytes()), **kwargs)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def triples(targets):
    return [(t.value, t.comparator, t.unit) for t in targets]


def items_with(outline, phrase):
    """Every task and sub-item whose text holds the phrase (a parent and its sub-item both do)."""
    return [task for task in outline.iter_tasks() if phrase in task.text]


# ---------------------------------------------------------------------------------------------
# (a) Word built from the Heshan sample, one paragraph per line


def heshan_docx_bytes() -> bytes:
    document = docx.Document()
    for line in HESHAN.read_text("utf-8").split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_heshan_docx_gives_the_same_outline_as_the_txt():
    from_docx = parse_document(read_upload("2021-heshan-health-plan.docx", heshan_docx_bytes()))
    from_txt = parse_file(HESHAN)
    assert from_docx.to_json() == from_txt.to_json()
    gold = json.loads((GOLD / "2021-heshan-health-plan.json").read_text("utf-8"))
    assert [(s.number, s.title) for s in from_docx.sections] == [
        (s["number"], s["title"]) for s in gold["sections"]
    ]
    assert [len(s.tasks) for s in from_docx.sections] == [len(s["tasks"]) for s in gold["sections"]]
    assert Counter(triples(t for task in from_docx.iter_tasks() for t in task.targets)) == Counter(
        (t["value"], t["comparator"], t["unit"])
        for s in gold["sections"]
        for task in s["tasks"]
        for t in task["targets"]
    )


# ---------------------------------------------------------------------------------------------
# (b) Word: a notice paragraph and a task table

NOTICE_TITLE = "关于印发《2024年某县卫生健康工作要点》的通知"
TABLE_HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
TABLE_ROWS = [
    ["1", "推进紧密型医共体建设", "完善医共体章程，年内实现乡镇全覆盖。", "医政股",
     "基层卫生股、县人民医院", "6月底前"],
    ["2", "加强疫苗接种", "适龄儿童免疫规划疫苗接种率保持在95%以上。", "县疾控中心",
     "各乡镇卫生院", "年底前"],
    ["3", "公开招聘人才", "公开招聘卫生专业技术人员50名。", "人事股", "", "三季度"],
]  # fmt: skip


def county_units():
    return UnitMatcher(
        {
            "医政医管股": ["医政股"],
            "基层卫生股": [],
            "疾病预防控制中心": ["疾控中心", "县疾控中心"],
            "县人民医院": ["人民医院"],
            "人事股": [],
        }
    )


def notice_table_docx_bytes(*, title_paragraph: str | None = None) -> bytes:
    document = docx.Document()
    document.add_paragraph(NOTICE_TITLE)
    document.add_paragraph(
        "各乡镇卫生院，局机关各股室：现将《2024年某县卫生健康工作要点》印发给你们，请认真贯彻落实。"
    )
    if title_paragraph:
        document.add_paragraph(title_paragraph)
    table = document.add_table(rows=1, cols=len(TABLE_HEADER))
    for cell, text in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
        cell.text = text
    for row in TABLE_ROWS:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_task_table_gives_tasks_units_deadlines_and_targets():
    outline = parse_document(
        read_upload("通知.docx", notice_table_docx_bytes()), units=county_units(), year=2024
    )
    assert [(s.number, s.title) for s in outline.sections] == [("一", "工作任务")]
    tasks = outline.sections[0].tasks
    assert [(t.number, t.title) for t in tasks] == [
        ("1", "推进紧密型医共体建设"),
        ("2", "加强疫苗接种"),
        ("3", "公开招聘人才"),
    ]
    assert [t.text for t in tasks] == [row[2] for row in TABLE_ROWS]
    assert [(t.lead_units, t.co_units) for t in tasks] == [
        (["医政医管股"], ["基层卫生股", "县人民医院"]),
        (["疾病预防控制中心"], ["各乡镇卫生院"]),
        (["人事股"], []),
    ]
    assert [(t.deadline, t.deadline_text) for t in tasks] == [
        (dt.date(2024, 6, 30), "6月底前"),
        (dt.date(2024, 12, 31), "年底前"),
        (dt.date(2024, 9, 30), "三季度"),
    ]
    assert [triples(t.targets) for t in tasks] == [[], [(95, ">=", "%")], [(50, "=", "名")]]
    assert outline.unknown_units == ["各乡镇卫生院"]
    assert all(not t.subtasks for t in tasks)


def test_docx_title_paragraph_above_the_table_gives_title_and_year():
    data = notice_table_docx_bytes(title_paragraph="2024年某县卫生健康工作要点")
    outline = parse_document(read_upload("通知.docx", data), units=county_units())
    assert outline.title == "2024年某县卫生健康工作要点"
    assert outline.year == 2024
    assert outline.sections[0].tasks[0].deadline == dt.date(2024, 6, 30)


def test_docx_notice_title_names_the_plan_and_its_year():
    outline = parse_document(read_upload("通知.docx", notice_table_docx_bytes()))
    assert outline.title == "2024年某县卫生健康工作要点"
    assert outline.year == 2024


# ---------------------------------------------------------------------------------------------
# (c) Excel 分工表: title row, merged section and task cells, several units per cell

XLSX_TITLE = "2023年某区卫生健康工作要点任务分工表"


def district_units():
    return UnitMatcher(
        {
            "医政医管科": ["医政科"],
            "基层卫生科": [],
            "疾病预防控制中心": ["疾控中心", "区疾控中心"],
            "区人民医院": ["人民医院"],
            "财务科": [],
        }
    )


def fengong_xlsx_bytes(
    *, merge_title: bool = True, section_column: bool = True, last_deadline="年底前"
) -> bytes:
    """Row 1: the title (merged across); row 2: the header; rows 3-7: tasks. The section cells
    cover rows 3-5 and 6-7; 推进紧密型医共体建设 (and its 序号) covers the measure rows 3-4."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务分工"
    header = ["序号", "工作板块", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    rows = [
        [1, "一、深化医药卫生体制改革", "推进紧密型医共体建设",
         "完善医共体章程，年内实现乡镇全覆盖。", "医政科", "基层卫生科、区人民医院", "6月底前"],
        [None, None, None, "推动2家综合性医院互联网医院上线。", "医政科", "区人民医院",
         "2023年12月31日前"],
        [2, None, "深化公立医院改革", "公立医院医疗服务收入占比达到35%以上。", "医政科、财务科",
         "区疾控中心、区人民医院", "2023年12月31日前"],
        [3, "二、加强公共卫生服务", "做好免疫规划", "适龄儿童免疫规划疫苗接种率保持在95%以上。",
         "区疾控中心", "各社区卫生服务中心", "三季度"],
        [4, None, "做好慢病管理", "高血压患者规范管理率不低于60%，全年新增家庭医生团队10支。",
         "基层卫生科", "疾控中心、区人民医院", last_deadline],
    ]  # fmt: skip
    if not section_column:
        header.pop(1)
        for row in rows:
            row.pop(1)
    sheet["A1"] = XLSX_TITLE
    if merge_title:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A3:A4")  # 序号
    task_column = "C" if section_column else "B"
    sheet.merge_cells(f"{task_column}3:{task_column}4")  # 重点任务 over two 具体措施 rows
    if section_column:
        sheet.merge_cells("B3:B5")
        sheet.merge_cells("B6:B7")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse_xlsx(data: bytes, **kwargs):
    return parse_document(read_upload("分工表.xlsx", data), units=district_units(), **kwargs)


def test_xlsx_lead_and_co_units_are_canonical_names():
    outline = parse_xlsx(fengong_xlsx_bytes(), year=2023)
    expected = {
        "完善医共体章程": (["医政医管科"], ["基层卫生科", "区人民医院"]),
        "推动2家": (["医政医管科"], ["区人民医院"]),
        "公立医院医疗服务收入占比": (["医政医管科", "财务科"], ["疾病预防控制中心", "区人民医院"]),
        "适龄儿童": (["疾病预防控制中心"], ["各社区卫生服务中心"]),
        "高血压": (["基层卫生科"], ["疾病预防控制中心", "区人民医院"]),
    }
    for phrase, units in expected.items():
        assert units in [(t.lead_units, t.co_units) for t in items_with(outline, phrase)], phrase
    assert outline.unknown_units == ["各社区卫生服务中心"]


def test_xlsx_deadlines_from_the_deadline_column():
    outline = parse_xlsx(fengong_xlsx_bytes(), year=2023)
    expected = {
        "完善医共体章程": (dt.date(2023, 6, 30), "6月底前"),
        "推动2家": (dt.date(2023, 12, 31), "2023年12月31日前"),
        "公立医院医疗服务收入占比": (dt.date(2023, 12, 31), "2023年12月31日前"),
        "适龄儿童": (dt.date(2023, 9, 30), "三季度"),
        "高血压": (dt.date(2023, 12, 31), "年底前"),
    }
    for phrase, deadline in expected.items():
        found = [(t.deadline, t.deadline_text) for t in items_with(outline, phrase)]
        assert deadline in found, phrase


def test_xlsx_targets_come_from_the_measures_column():
    data = fengong_xlsx_bytes()
    outline = parse_xlsx(data, year=2023)
    targets = [t for task in outline.iter_tasks() for t in task.targets]
    assert Counter(triples(targets)) == Counter(
        [(2, "=", "家"), (35, ">=", "%"), (95, ">=", "%"), (60, ">=", "%"), (10, "=", "支")]
    )
    for task in outline.iter_tasks():
        for target in task.targets:
            assert target.text in task.text
        a, b = task.span
        assert task.text.split("\n")[0] in outline.source_text[a:b]


def test_xlsx_title_from_an_unmerged_title_row_drops_the_table_suffix():
    outline = parse_xlsx(fengong_xlsx_bytes(merge_title=False))
    assert outline.title == "2023年某区卫生健康工作要点"
    assert outline.year == 2023


def test_xlsx_task_cell_merged_over_two_measure_rows_without_section_column():
    outline = parse_xlsx(fengong_xlsx_bytes(section_column=False), year=2023)
    (section,) = outline.sections
    assert [t.title for t in section.tasks] == [
        "推进紧密型医共体建设",
        "深化公立医院改革",
        "做好免疫规划",
        "做好慢病管理",
    ]
    first = section.tasks[0]
    assert [s.text for s in first.subtasks] == [
        "完善医共体章程，年内实现乡镇全覆盖。",
        "推动2家综合性医院互联网医院上线。",
    ]
    assert [s.number for s in first.subtasks] == ["1", "2"]
    assert triples(first.subtasks[1].targets) == [(2, "=", "家")]
    assert first.subtasks[1].deadline == dt.date(2023, 12, 31)
    assert first.targets == []


def test_xlsx_title_and_year_from_a_merged_title_row():
    outline = parse_xlsx(fengong_xlsx_bytes())
    assert outline.title == "2023年某区卫生健康工作要点"
    assert outline.year == 2023


def test_xlsx_section_column_merged_over_rows_is_one_section():
    outline = parse_xlsx(fengong_xlsx_bytes(), year=2023)
    assert [(s.number, s.title) for s in outline.sections] == [
        ("一", "深化医药卫生体制改革"),
        ("二", "加强公共卫生服务"),
    ]
    assert [[t.title for t in s.tasks] for s in outline.sections] == [
        ["推进紧密型医共体建设", "深化公立医院改革"],
        ["做好免疫规划", "做好慢病管理"],
    ]


def test_xlsx_task_merged_over_two_measure_rows_is_one_task_with_two_subtasks():
    outline = parse_xlsx(fengong_xlsx_bytes(), year=2023)
    tasks = [t for t in outline.iter_tasks() if t.title == "推进紧密型医共体建设"]
    assert len(tasks) == 1
    assert [s.text for s in tasks[0].subtasks] == [
        "完善医共体章程，年内实现乡镇全覆盖。",
        "推动2家综合性医院互联网医院上线。",
    ]


def test_xlsx_first_measure_row_subtask_keeps_its_units_and_deadline():
    outline = parse_xlsx(fengong_xlsx_bytes(section_column=False), year=2023)
    first = outline.sections[0].tasks[0].subtasks[0]
    assert first.lead_units == ["医政医管科"]
    assert first.co_units == ["基层卫生科", "区人民医院"]
    assert (first.deadline, first.deadline_text) == (dt.date(2023, 6, 30), "6月底前")


def test_xlsx_excel_date_cell_is_a_deadline():
    outline = parse_xlsx(fengong_xlsx_bytes(last_deadline=dt.date(2023, 12, 31)), year=2023)
    (task,) = [t for t in outline.iter_tasks() if "高血压" in t.text]
    assert task.deadline == dt.date(2023, 12, 31)


def test_xlsx_target_spans_point_into_the_document_text():
    outline = parse_xlsx(fengong_xlsx_bytes(), year=2023)
    for task in outline.iter_tasks():
        for target in task.targets:
            a, b = target.span
            assert outline.source_text[a:b] == target.text


# ---------------------------------------------------------------------------------------------
# (d) The samples against their hand-made gold


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_scores_against_its_gold(path):
    gold = json.loads((GOLD / f"{path.stem}.json").read_text("utf-8"))
    if gold.get("not_a_plan"):
        with pytest.raises(PlanImportError) as caught:
            parse_file(path)
        assert has_chinese(caught.value.message)
        predicted = None
    else:
        predicted = parse_file(path).to_json()
    scores = score_document(predicted, gold)
    for kind in ("sections", "tasks", "targets"):
        assert scores[kind]["f1"] >= 0.95, (kind, scores[kind])


@pytest.mark.parametrize("path", PLAN_SAMPLES, ids=lambda p: p.stem)
def test_sample_metadata_matches_its_gold(path):
    gold = json.loads((GOLD / f"{path.stem}.json").read_text("utf-8"))
    outline = parse_file(path).to_json()
    for key in ("title", "year", "doc_number", "issued_date"):
        assert outline[key] == gold[key], key
    assert outline["summary_found"] == gold.get("summary_found", False)


@pytest.mark.parametrize(
    ("stem", "issuer"),
    [
        ("2018-changning-health-plan", "常宁市卫生和计划生育局"),
        ("2021-heshan-health-plan", "中共益阳市赫山区卫生健康局党组、益阳市赫山区卫生健康局"),
        ("2023-baoshan-health-plan", "上海市宝山区卫生健康委员会"),
    ],
)
def test_sample_issuer_comes_from_the_signature(stem, issuer):
    assert parse_file(SAMPLES / f"{stem}.txt").issuer == issuer


def test_every_sample_has_a_gold_file():
    assert SAMPLE_FILES
    for path in SAMPLE_FILES:
        assert (GOLD / f"{path.stem}.json").is_file(), path.name


def test_compilation_is_refused_as_not_a_plan():
    with pytest.raises(PlanImportError) as caught:
        parse_file(COMPILATION)
    assert "不是工作要点" in caught.value.message


# ---------------------------------------------------------------------------------------------
# (e) The parse_plan command

TOP_KEYS = {"title", "year", "issuer", "doc_number", "sections", "kind", "summary", "warnings"}
TOP_OPTIONAL_KEYS = {"issued_date", "summary_found", "unknown_units", "columns"}
SECTION_KEYS = {"number", "title", "tasks"}
TASK_KEYS = {"number", "title", "text", "lead_units", "co_units", "deadline", "deadline_text",
             "ongoing", "targets", "achievements", "subtasks"}  # fmt: skip
TARGET_KEYS = {"text", "indicator", "comparator", "value", "unit", "value_max", "approximate",
               "qualifier", "normalised_value", "normalised_unit"}  # fmt: skip
COMPARATORS = {">=", "<=", "=", ">", "<", None}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def assert_task_contract(task: dict) -> None:
    assert set(task) == TASK_KEYS
    assert isinstance(task["number"], str) and isinstance(task["title"], str)
    assert isinstance(task["text"], str) and task["text"]
    assert all(isinstance(u, str) for u in task["lead_units"] + task["co_units"])
    if task["deadline"] is None:
        assert task["deadline_text"] is None or isinstance(task["deadline_text"], str)
    else:
        assert ISO_DATE.match(task["deadline"])
        dt.date.fromisoformat(task["deadline"])
        assert isinstance(task["deadline_text"], str) and task["deadline_text"]
    for target in task["targets"] + task["achievements"]:
        assert set(target) == TARGET_KEYS
        assert isinstance(target["normalised_value"], int | float)
        assert target["comparator"] in COMPARATORS
        assert isinstance(target["value"], int | float) and not isinstance(target["value"], bool)
        assert isinstance(target["unit"], str) and target["unit"]
        assert isinstance(target["text"], str) and target["text"]
    for sub in task["subtasks"]:
        assert_task_contract(sub)


def assert_plan_contract(plan: dict) -> None:
    assert TOP_KEYS <= set(plan) <= TOP_KEYS | TOP_OPTIONAL_KEYS
    assert plan["kind"] in ("plan", "summary", "mixed")
    for warning in plan["warnings"]:
        assert set(warning) == {"line", "message"} and isinstance(warning["line"], int)
    assert isinstance(plan["title"], str) and plan["title"]
    assert plan["year"] is None or isinstance(plan["year"], int)
    if plan.get("issued_date") is not None:
        assert ISO_DATE.match(plan["issued_date"])
    assert plan["sections"]
    for section in plan["sections"]:
        assert set(section) == SECTION_KEYS
        for task in section["tasks"]:
            assert_task_contract(task)


def run_parse_plan(capsys, *args) -> dict:
    capsys.readouterr()
    call_command("parse_plan", *args)
    return json.loads(capsys.readouterr().out)


def command_inputs(tmp_path) -> list[Path]:
    docx_path = tmp_path / "2021-heshan-health-plan.docx"
    docx_path.write_bytes(heshan_docx_bytes())
    table_path = tmp_path / "notice-table.docx"
    table_path.write_bytes(notice_table_docx_bytes(title_paragraph="2024年某县卫生健康工作要点"))
    xlsx_path = tmp_path / "fengong.xlsx"
    xlsx_path.write_bytes(fengong_xlsx_bytes(merge_title=False))
    return [*PLAN_SAMPLES, docx_path, table_path, xlsx_path]


def test_parse_plan_prints_the_json_contract_without_touching_the_database(
    db, tmp_path, capsys, django_assert_num_queries
):
    for path in command_inputs(tmp_path):
        with django_assert_num_queries(0):
            plan = run_parse_plan(capsys, str(path))
        assert_plan_contract(plan)


def test_parse_plan_output_matches_parse_document(capsys):
    path = SAMPLES / "2023-baoshan-health-plan.txt"
    assert run_parse_plan(capsys, str(path)) == parse_file(path).to_json()


def test_parse_plan_year_option_overrides_the_title_year(capsys):
    plan = run_parse_plan(capsys, str(SAMPLES / "2018-changning-health-plan.txt"), "--year", "2030")
    assert plan["year"] == 2030
    deadlines = [
        task["deadline"]
        for section in plan["sections"]
        for task in section["tasks"]
        if task["deadline"]
    ]
    assert deadlines == ["2030-12-31"]


def test_parse_plan_writes_to_the_stdout_given_to_call_command():
    out = io.StringIO()
    call_command("parse_plan", str(SAMPLES / "2023-baoshan-health-plan.txt"), stdout=out)
    assert json.loads(out.getvalue())["title"] == "2023年宝山区卫生健康工作要点"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("empty.txt", b"", id="empty"),
        pytest.param("plan.pdf", b"%PDF-1.4 not a plan", id="pdf"),
        pytest.param("broken.docx", b"PK\x03\x04 truncated", id="broken-docx"),
        pytest.param("prose.txt", "随便写的一段话，没有任何结构。".encode(), id="no-structure"),
        pytest.param(COMPILATION.name, COMPILATION.read_bytes(), id="compilation"),
    ],
)
def test_parse_plan_bad_file_raises_command_error_in_chinese(tmp_path, capsys, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as caught:
        call_command("parse_plan", str(path))
    assert has_chinese(str(caught.value))
    assert capsys.readouterr().out == ""


def test_parse_plan_missing_file_raises_command_error(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("parse_plan", str(tmp_path / "没有这个文件.txt"))
    assert "无法读取文件" in str(caught.value)


# ---------------------------------------------------------------------------------------------
# (f) Task tables: the columns report, people and ignored columns, warnings, and the saved text
# of a Word or Excel table read again as pasted text (as an admin's re-mapping of columns does)


def leaders_docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("2024年某县卫生健康工作要点任务分工表")
    header = ["序号", "重点任务", "牵头领导", "牵头单位", "配合单位", "完成时限", "进展情况"]
    rows = [
        ["1", "推进紧密型医共体建设，年内实现乡镇全覆盖。", "张伟", "医政股", "县人民医院",
         "6月底前", "已启动"],
        ["2", "公开招聘卫生专业技术人员50名。", "李局长", "", "人事股", "三季度", ""],
    ]  # fmt: skip
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_table_reports_its_columns_and_warns_at_the_row():
    outline = parse_document(read_upload("分工表.docx", leaders_docx_bytes()))
    assert [(c.header, c.role) for c in outline.columns] == [
        ("序号", "number"),
        ("重点任务", "title"),
        ("牵头领导", "leader"),
        ("牵头单位", "lead"),
        ("配合单位", "co"),
        ("完成时限", "deadline"),
        ("进展情况", "ignored"),
    ]
    first, second = outline.sections[0].tasks
    assert (first.lead_units, first.co_units) == (["医政股"], ["县人民医院"])
    assert (second.lead_units, second.co_units) == ([], ["人事股"])
    # Line 1: the title paragraph; 2: the header row; 4: the second task's row.
    assert [str(w) for w in outline.warnings] == ["第4行：无法确定牵头单位（该行牵头单位为空）"]
    assert outline.source_text.split("\n")[3].startswith("2\t公开招聘")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("分工表.xlsx", fengong_xlsx_bytes(), id="xlsx"),
        pytest.param("分工表.xlsx", fengong_xlsx_bytes(section_column=False), id="xlsx-merged"),
        pytest.param("通知.docx", notice_table_docx_bytes(), id="docx"),
    ],
)
def test_saved_text_of_a_table_reads_as_the_table(name, data):
    from workplans.parsing.reading import read_pasted_text

    document = read_upload(name, data)
    from_file = parse_document(document, units=district_units(), year=2023)
    from_text = parse_document(read_pasted_text(document.text), units=district_units(), year=2023)
    assert from_text.to_json() == from_file.to_json()
    roles = {c.index: c.role for c in from_file.columns}
    again = parse_document(
        read_pasted_text(document.text), units=district_units(), year=2023, column_roles=roles
    )
    assert again.to_json() == from_file.to_json()
