"""Task tables pasted as text (workplans/parsing/text_tables.py) and the table reader
(workplans/parsing/tables.py): the three cell styles, merged grouping cells, section rows,
people in leader columns, ignored columns, metadata above the table, a cut-off last row, the
columns report, warnings at their lines, and an admin's re-mapping of columns."""

import datetime as dt
import time

import pytest

from workplans.parsing import UnitMatcher, parse_document
from workplans.parsing.outline import line_number
from workplans.parsing.reading import read_pasted_text
from workplans.parsing.tables import header_role, looks_like_person, outline_from_rows, read_header
from workplans.parsing.text_tables import find_cards, find_text_table

TITLE = "2024年某县卫生健康工作要点任务分工表"


def parse(text: str, **kwargs):
    return parse_document(read_pasted_text(text), **kwargs)


def tasks(outline):
    return [task for section in outline.sections for task in section.tasks]


def rows_of(outline):
    """(number, title, text, lead, co, deadline) of each task."""
    return [
        (t.number, t.title, t.text, t.lead_units, t.co_units, t.deadline) for t in tasks(outline)
    ]


def roles(outline):
    return [(c.index, c.header, c.role) for c in outline.columns]


def messages(outline):
    return [str(w) for w in outline.warnings]


def line_of(text: str, phrase: str) -> int:
    return line_number(text, text.index(phrase))


# ---------------------------------------------------------------------------------------------
# The three cell styles give the same reading

HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
ROWS = [
    ["1", "推进医共体建设", "完善医共体章程，年内实现乡镇全覆盖。", "医政股",
     "基层卫生股、县人民医院", "6月底前"],
    ["2", "加强疫苗接种", "适龄儿童免疫规划疫苗接种率保持在95%以上。", "县疾控中心",
     "各乡镇卫生院", "年底前"],
    ["3", "公开招聘人才", "公开招聘卫生专业技术人员50名。", "人事股", "办公室", "三季度"],
]  # fmt: skip
EXPECTED = [
    ("1", "推进医共体建设", ROWS[0][2], ["医政股"], ["基层卫生股", "县人民医院"],
     dt.date(2024, 6, 30)),
    ("2", "加强疫苗接种", ROWS[1][2], ["县疾控中心"], ["各乡镇卫生院"], dt.date(2024, 12, 31)),
    ("3", "公开招聘人才", ROWS[2][2], ["人事股"], ["办公室"], dt.date(2024, 9, 30)),
]  # fmt: skip


def pipe_text(*, outer=True, rule=True):
    def line(cells):
        body = " | ".join(cells)
        return f"| {body} |" if outer else body

    lines = [TITLE, line(HEADER)] + ([line(["---"] * len(HEADER))] if rule else [])
    return "\n".join(lines + [line(row) for row in ROWS])


def spaces_text(gap="  "):
    return "\n".join([TITLE, gap.join(HEADER)] + [gap.join(row) for row in ROWS])


def cells_text():
    return "\n".join([TITLE, *HEADER] + [cell for row in ROWS for cell in row])


@pytest.mark.parametrize(
    "text",
    [
        pipe_text(),
        pipe_text(outer=False),
        pipe_text(rule=False),
        pipe_text(outer=False, rule=False),
        spaces_text(),
        spaces_text("    "),
        spaces_text("\t"),
        cells_text(),
    ],
    ids=["pipe", "pipe-bare", "pipe-no-rule", "pipe-bare-no-rule", "spaces", "wide", "tabs",
         "cells"],
)  # fmt: skip
def test_each_cell_style_gives_the_rows(text):
    outline = parse(text)
    assert outline.title == "2024年某县卫生健康工作要点"
    assert outline.year == 2024
    assert rows_of(outline) == EXPECTED
    figures = [[(x.value, x.unit) for x in t.targets] for t in tasks(outline)]
    assert figures == [[], [(95, "%")], [(50, "名")]]
    assert roles(outline) == [
        (0, "序号", "number"),
        (1, "重点任务", "title"),
        (2, "具体措施", "text"),
        (3, "牵头单位", "lead"),
        (4, "配合单位", "co"),
        (5, "完成时限", "deadline"),
    ]
    assert outline.warnings == []


@pytest.mark.parametrize("text", [pipe_text(), spaces_text(), spaces_text("\t"), cells_text()])
def test_task_and_target_spans_point_into_the_source(text):
    outline = parse(text)
    source = outline.source_text
    for task in tasks(outline):
        a, b = task.span
        assert task.text in source[a:b]
        for target in task.targets:
            x, y = target.span
            assert source[x:y] == target.text


def test_text_table_rows_carry_the_offsets_of_their_cells():
    text = pipe_text()
    table = find_text_table(text)
    assert table.style == "pipe" and table.task_rows == 3
    for row, offsets in zip(table.rows, table.cell_offsets, strict=True):
        for cell, offset in zip(row, offsets, strict=True):
            assert text[offset : offset + len(cell)] == cell


def test_prose_with_a_stray_pipe_stays_prose():
    text = "\n".join(
        [
            "2024年某县卫生健康工作要点",
            "一、深化医药卫生体制改革",
            "（一）推进医共体建设。重点任务|牵头单位：医政股，年内实现乡镇全覆盖。",
            "（二）加强疫苗接种。接种率保持在95%以上。",
            "二、加强队伍建设",
            "（三）公开招聘人才。招聘 | 卫生专业技术人员50名。",
        ]
    )
    assert find_text_table(text) is None
    outline = parse(text)
    assert outline.columns == []
    assert [(s.number, len(s.tasks)) for s in outline.sections] == [("一", 2), ("二", 1)]


def test_a_label_and_its_value_is_not_a_header():
    text = "重点任务：控烟  牵头单位：疾控中心\n1  推进控烟  疾控中心\n2  推进健康促进  健康教育所"
    assert find_text_table(text) is None


# ---------------------------------------------------------------------------------------------
# One cell per line: 序号 resync rows, fewer cells, units broken over lines, empty sections


CELLS_QUIRKS = "\n".join(
    [
        TITLE,
        *["序号", "重点任务", "具体措施", "牵头领导", "牵头单位", "配合单位", "完成时限"],
        "一、深化医药卫生体制改革",
        "81",
        "推进医共体建设",
        "完善医共体章程，年内实现乡镇全覆盖。",
        "张伟",
        "医政股",
        "基层卫生股、",
        "县人民医院",
        "6月底前",
        "82",
        "加强疫苗接种",
        "适龄儿童免疫规划疫苗接种率保持在95%以上。",
        "李局长",
        "县疾控中心",
        "年底前",  # no 配合单位: a row with fewer cells
        "二、加强老龄健康服务",  # a section with no rows under it
        "三、加强队伍建设",
        "85",  # 83 and 84 left out
        "公开招聘人才",
        "公开招聘卫生专业技术人员50名。",
        "王五",
        "人事股",
        "办公室",
        "长期推进",
    ]
)


def test_cells_rows_are_resynced_by_their_numbers():
    outline = parse(CELLS_QUIRKS)
    assert [(s.number, s.title, [t.number for t in s.tasks]) for s in outline.sections] == [
        ("一", "深化医药卫生体制改革", ["81", "82"]),
        ("二", "加强老龄健康服务", []),
        ("三", "加强队伍建设", ["85"]),
    ]
    assert rows_of(outline) == [
        ("81", "推进医共体建设", "完善医共体章程，年内实现乡镇全覆盖。", ["医政股"],
         ["基层卫生股", "县人民医院"], dt.date(2024, 6, 30)),
        ("82", "加强疫苗接种", "适龄儿童免疫规划疫苗接种率保持在95%以上。", ["县疾控中心"], [],
         dt.date(2024, 12, 31)),
        ("85", "公开招聘人才", "公开招聘卫生专业技术人员50名。", ["人事股"], ["办公室"], None),
    ]  # fmt: skip
    assert tasks(outline)[2].ongoing is True


def test_people_in_a_leader_column_are_never_units():
    outline = parse(CELLS_QUIRKS, units=UnitMatcher({"医政股": [], "人事股": []}))
    units = {u for t in tasks(outline) for u in t.lead_units + t.co_units}
    assert not units & {"张伟", "李局长", "王五"}
    assert (3, "牵头领导", "leader") in roles(outline)
    assert "张伟" not in outline.unknown_units


@pytest.mark.parametrize(
    "name, person",
    [("张伟", True), ("李局长", True), ("王副局长", True), ("赵六同志", True),
     ("医政股", False), ("人事科", False), ("纪检组", False), ("县人民医院", False),
     ("办公室", False), ("各乡镇卫生院", False)],
)  # fmt: skip
def test_looks_like_person(name, person):
    assert looks_like_person(name) is person


# ---------------------------------------------------------------------------------------------
# Merged grouping cells: a row with fewer cells belongs to the group above


def test_spaces_row_without_its_task_cell_is_a_sub_item_of_the_group():
    text = "\n".join(
        [
            "临溪县2024年深化医改重点任务台账",
            "序号  目标任务  细化分工  主要责任单位  配合单位  完成时限",
            "1  （一）推进医共体建设  完善医共体章程。  县卫健局医政股  县人社局  2024年6月底前",
            "2  推进药品耗材统一采购，目录一致率达到90%以上。  县人民医院  县医保局  2024年9月底前",
            "3  （二）提升基层服务能力  新增2家乡镇卫生院达到推荐标准。  县卫健局基层股  县人民医院"
            "  年底前",
        ]
    )
    outline = parse(text)
    assert outline.year == 2024 and outline.title == "临溪县2024年深化医改"
    group, single = tasks(outline)
    assert (group.number, group.title, group.text) == (
        "一",
        "推进医共体建设",
        "（一）推进医共体建设",
    )
    assert (group.lead_units, group.deadline, group.targets) == ([], None, [])
    assert [(s.number, s.title, s.lead_units, s.co_units, s.deadline) for s in group.subtasks] == [
        ("1", "完善医共体章程", ["县卫健局医政股"], ["县人社局"], dt.date(2024, 6, 30)),
        ("2", "推进药品耗材统一采购", ["县人民医院"], ["县医保局"], dt.date(2024, 9, 30)),
    ]
    assert [(t.value, t.unit) for t in group.subtasks[1].targets] == [(90, "%")]
    assert (single.number, single.title, single.subtasks) == ("3", "（二）提升基层服务能力"[3:], [])


def test_tab_row_missing_its_leading_merged_cells_joins_the_task_above():
    text = "\n".join(
        [
            TITLE,
            "\t".join(HEADER),
            "1\t推进医共体建设\t完善医共体章程。\t医政股\t基层卫生股\t6月底前",
            "推动2家医院互联网医院上线。\t医政股\t县人民医院\t年底前",
            "2\t加强疫苗接种\t接种率保持在95%以上。\t县疾控中心\t\t年底前",
        ]
    )
    outline = parse(text)
    group, second = tasks(outline)
    assert (group.number, group.title, group.text) == ("1", "推进医共体建设", "推进医共体建设")
    assert [(s.number, s.text, s.lead_units, s.co_units) for s in group.subtasks] == [
        ("1", "完善医共体章程。", ["医政股"], ["基层卫生股"]),
        ("2", "推动2家医院互联网医院上线。", ["医政股"], ["县人民医院"]),
    ]
    assert (second.number, second.co_units, second.deadline) == ("2", [], dt.date(2024, 12, 31))


def test_cells_group_rows_with_their_own_numbers():
    text = "\n".join(
        [
            "溪山市2024年老龄健康工作任务分解表",
            *["序号", "重点任务", "细化分工", "牵头单位", "配合单位", "完成时限"],
            *["1", "（一）健全老年健康服务体系", "推进老年医学科建设，设置比例达到70%以上。",
              "老龄健康科", "医政医管科", "2024年10月底前"],
            *["2", "开展老年友善医疗机构创建，新建15家。", "老龄健康科", "各区县卫生健康局",
              "年底前"],
            *["3", "（二）深入推进医养结合", "推动医疗卫生机构与养老机构签约合作。", "老龄健康科",
              "市民政局", "持续推进"],
        ]
    )  # fmt: skip
    outline = parse(text)
    group, other = tasks(outline)
    assert (group.number, group.title) == ("一", "健全老年健康服务体系")
    assert [(s.number, s.title, s.deadline) for s in group.subtasks] == [
        ("1", "推进老年医学科建设", dt.date(2024, 10, 31)),
        ("2", "开展老年友善医疗机构创建", dt.date(2024, 12, 31)),
    ]
    assert (other.number, other.title, other.ongoing) == ("3", "深入推进医养结合", True)


# ---------------------------------------------------------------------------------------------
# Sections, metadata, cut-off rows, ignored columns, warnings


def test_pipe_section_rows_and_an_empty_section_are_kept():
    text = "\n".join(
        [
            "澜江省2024年工作要点任务分工表（续表）",
            "| 序号 | 工作任务 | 责任处室 | 协同配合单位 | 完成时限 |",
            "|---|---|---|---|---|",
            "| 八、提升妇幼健康服务水平 | | | | |",
            "| 81 | 实施母婴安全行动提升计划。 | 妇幼健康处 | 医政处 | 2024年12月 |",
            "| 85 | 推进妇女两癌筛查扩面提质。 | 妇幼健康处 | 财务处、疾控处 | 持续推进 |",
            "| 九、加强老龄健康服务体系建设 | | | | |",
            "| 十、推动中医药传承创新发展 | | | | |",
            "| 90 | 推进中医药综合改革。 | 中医药处 | | 2024年8月—2025年9月 |",
        ]
    )
    outline = parse(text)
    assert outline.title == "澜江省2024年工作要点"
    assert [(s.number, s.title, [t.number for t in s.tasks]) for s in outline.sections] == [
        ("八", "提升妇幼健康服务水平", ["81", "85"]),
        ("九", "加强老龄健康服务体系建设", []),
        ("十", "推动中医药传承创新发展", ["90"]),
    ]
    first, second, third = tasks(outline)
    assert (first.lead_units, first.deadline) == (["妇幼健康处"], dt.date(2024, 12, 31))
    assert (second.co_units, second.ongoing) == (["财务处", "疾控处"], True)
    assert (third.co_units, third.deadline) == ([], dt.date(2025, 9, 30))
    assert (1, "工作任务", "title") in roles(outline)
    assert (2, "责任处室", "lead") in roles(outline)


def test_metadata_printed_twice_above_the_table_is_not_rows():
    meta = [
        "索引号：11511200MB1C23456L/2024-00031",
        "发布机构：青川市卫生健康委员会",
        "发文日期：2024-03-18",
        "文号：青卫发〔2024〕7号",
    ]
    text = "\n".join(
        [*meta, "青川市卫生健康委员会关于印发工作要点的通知", *meta,
         "青川市2024年卫生健康工作要点任务分解表", *HEADER, *ROWS[0], *ROWS[1]]
    )  # fmt: skip
    outline = parse(text)
    assert outline.title == "青川市2024年卫生健康工作要点"
    assert outline.doc_number == "青卫发〔2024〕7号"
    assert [t.number for t in tasks(outline)] == ["1", "2"]
    assert all("索引号" not in t.text for t in outline.iter_tasks())


def test_a_cut_off_last_row_is_kept_and_warned():
    text = "\n".join(
        [
            "江阳市2024年卫生监督重点工作台账",
            "序号|工作任务|分管领导|责任科室|完成时限|工作评价",
            "---|---|---|---|---|---",
            "1|开展医疗机构依法执业专项监督检查。|周文斌|监督科|2024年6月底前|群众满意度测评",
            "2|加强学校卫生监督，开展春秋季开学专项检查，对全市中小学",
        ]
    )
    outline = parse(text)
    first, last = tasks(outline)
    assert (first.lead_units, first.deadline) == (["监督科"], dt.date(2024, 6, 30))
    assert last.text == "加强学校卫生监督，开展春秋季开学专项检查，对全市中小学"
    assert f"第{line_of(text, '2|加强')}行：最后一行似乎不完整" in messages(outline)
    assert roles(outline)[2:] == [
        (2, "分管领导", "leader"),
        (3, "责任科室", "lead"),
        (4, "完成时限", "deadline"),
        (5, "工作评价", "ignored"),
    ]
    assert "周文斌" not in [u for t in outline.iter_tasks() for u in t.lead_units + t.co_units]


def test_warnings_name_the_line_of_an_unknown_header_and_an_empty_lead():
    text = "\n".join(
        [
            TITLE,
            "序号\t重点任务\t牵头单位\t配合单位\t完成时限\t进展情况\t分类",
            "1\t推进医共体建设，年内实现乡镇全覆盖。\t医政股\t财务股\t6月底前\t已启动\t按时",
            "2\t公开招聘卫生专业技术人员50名。\t\t人事股\t三季度\t\t",
        ]
    )
    outline = parse(text)
    assert messages(outline) == [
        "第2行：表头“分类”未识别，已忽略该列",
        "第4行：无法确定牵头单位（该行牵头单位为空）",
    ]
    assert roles(outline)[5:] == [(5, "进展情况", "ignored"), (6, "分类", "ignored")]
    assert [t.text for t in tasks(outline)] == [
        "推进医共体建设，年内实现乡镇全覆盖。",
        "公开招聘卫生专业技术人员50名。",
    ]


def test_an_unreadable_deadline_is_warned_and_kept_as_written():
    text = "\n".join(
        [TITLE, "  ".join(HEADER), "1  推进医共体建设  完善章程。  医政股  财务股  待定"]
    )
    outline = parse(text)
    (task,) = tasks(outline)
    assert (task.deadline, task.deadline_text) == (None, "待定")
    assert messages(outline) == ["第3行：完成时限“待定”未能识别为日期"]


def test_row_text_gets_inline_sub_items_and_their_targets():
    text = "\n".join(
        [
            TITLE,
            "| 序号 | 工作任务 | 牵头单位 | 完成时限 |",
            "| 1 | 加强慢病管理。一是高血压规范管理率达到60%；二是新增家庭医生团队10支。 | 基层股"
            " | 年底前 |",
            "| 2 | 做好免疫规划。（1）接种率保持在95%以上；（2）完成查漏补种。 | 疾控中心"
            " | 三季度 |",
        ]
    )
    outline = parse(text)
    first, second = tasks(outline)
    assert first.title == "加强慢病管理"
    assert [(s.number, s.title) for s in first.subtasks] == [
        ("1", "高血压规范管理率达到60%"),
        ("2", "新增家庭医生团队10支"),
    ]
    assert [[(t.value, t.unit) for t in s.targets] for s in first.subtasks] == [
        [(60, "%")],
        [(10, "支")],
    ]
    assert first.targets == [] and first.lead_units == ["基层股"]
    assert [s.title for s in second.subtasks] == ["接种率保持在95%以上", "完成查漏补种"]
    source = outline.source_text
    for task in outline.iter_tasks():
        for target in task.targets:
            assert source[target.span[0] : target.span[1]] == target.text


# ---------------------------------------------------------------------------------------------
# The admin's re-mapping of columns


def test_column_roles_re_read_a_column():
    text = "\n".join(
        [
            TITLE,
            "序号  工作任务  责任人  牵头单位  完成时限",
            "1  推进医共体建设，年内实现乡镇全覆盖。  医政股  财务股  6月底前",
        ]
    )
    outline = parse(text)
    assert roles(outline)[2] == (2, "责任人", "leader")
    assert tasks(outline)[0].lead_units == ["财务股"]
    again = parse(text, column_roles={2: "lead", 3: "co"})
    assert roles(again)[2:4] == [(2, "责任人", "lead"), (3, "牵头单位", "co")]
    (task,) = tasks(again)
    assert (task.lead_units, task.co_units) == (["医政股"], ["财务股"])
    # 完成时限 read past: the deadline comes from the task's own words, as in prose.
    ignored = parse(text, column_roles={4: "ignored"})
    assert (tasks(ignored)[0].deadline, tasks(ignored)[0].deadline_text) == (
        dt.date(2024, 12, 31),
        "年内",
    )


def test_column_roles_apply_to_a_word_or_excel_table():
    rows = [
        ["序号", "工作任务", "备注", "完成时限"],
        ["1", "推进医共体建设。", "医政股", "6月底前"],
    ]
    (section,) = outline_from_rows(
        rows, year=2024, units=UnitMatcher(), row_offsets=[0, 20], column_roles={2: "lead"}
    )
    assert section.tasks[0].lead_units == ["医政股"]


# ---------------------------------------------------------------------------------------------
# tables.py on rows (Word, Excel)


@pytest.mark.parametrize(
    "header, role",
    [("序号", "number"), ("重点任务", "title"), ("工作任务", "title"), ("目标任务", "text"),
     ("细化分工", "text"), ("牵头领导", "leader"), ("分管领导", "leader"), ("责任领导", "leader"),
     ("牵头单位", "lead"), ("牵头责任单位", "lead"), ("主要责任单位", "lead"),
     ("主体责任单位", "lead"), ("配合单位", "co"), ("协同配合单位", "co"),
     ("配合责任单位", "co"), ("责任处室", "lead"), ("责任科室", "lead"),
     ("完成时限", "deadline"), ("工作评价", "ignored"), ("进展情况", "ignored"),
     ("备注", "ignored"), ("完成情况", "ignored"), ("完成时限（月）", "deadline"),
     ("序 号", "number"), ("牵头单位：医政股", None), ("推进医共体建设", None)],
)  # fmt: skip
def test_header_words(header, role):
    assert header_role(header) == role


def test_rows_with_a_page_of_metadata_above_the_header():
    metadata = [["索引号", "113307"], ["发布机构", "某县卫健局"], ["发文日期", "2024-03-01"]] * 8
    rows = metadata + [
        ["序号", "工作任务", "牵头单位", "完成时限"],
        ["一", "深化医改", "", ""],
        ["1", "推进医共体建设。", "医政股", "6月底前"],
        ["二", "加强队伍建设", "", ""],
        ["三", "人才", "", ""],
        ["2", "招聘人才50名。", "人事股", "年底前"],
    ]
    sections = outline_from_rows(rows, year=2024, units=UnitMatcher(), row_offsets=[0] * 30)
    assert [(s.number, s.title, [t.number for t in s.tasks]) for s in sections] == [
        ("一", "深化医改", ["1"]),
        ("二", "加强队伍建设", []),
        ("三", "人才", ["2"]),
    ]


def test_a_unit_cell_broken_over_lines_in_a_word_cell():
    rows = [
        ["序号", "工作任务", "牵头单位", "配合单位"],
        ["1", "推进医共体建设。", "医政股", "财务股\n县人民医院\n各乡镇卫生院等"],
    ]
    (section,) = outline_from_rows(rows, year=2024, units=UnitMatcher(), row_offsets=[0, 20])
    assert section.tasks[0].co_units == ["财务股", "县人民医院", "各乡镇卫生院"]


# ---------------------------------------------------------------------------------------------
# Speed: a long pasted table stays fast, one cell per line with no 序号 included


def long_table(style: str, rows: int) -> str:
    header = ["重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    body = [
        [f"推进重点工作{i}", f"完善第{i}项制度，年内覆盖率达到{i % 90 + 5}%以上。", "医政股",
         "基层卫生股、财务股", "2024年6月底前"]
        for i in range(rows)
    ]  # fmt: skip
    if style == "cells":
        return "\n".join([TITLE, *header] + [c for row in body for c in row])
    return "\n".join([TITLE, "  ".join(header)] + ["  ".join(row) for row in body])


@pytest.mark.parametrize("style", ["cells", "spaces"])
def test_a_30k_character_table_parses_fast_and_in_linear_time(style):
    small, big = long_table(style, 270), long_table(style, 540)
    assert len(big) > 30_000
    timings = []
    for text in (small, big):
        start = time.perf_counter()
        outline = parse(text)
        timings.append(time.perf_counter() - start)
        assert len(tasks(outline)) == text.count("推进重点工作")
    assert timings[1] < 4.0
    assert timings[1] < 4 * timings[0] + 0.2


@pytest.mark.parametrize(
    "cell, units",
    [("医政股（张三）", ["医政股"]), ("财务股牵头", ["财务股"]),
     ("医政股、财务股等按职责分工落实", []), ("各股室按职责分工落实", []),
     ("县疾控中心；县人民医院", ["县疾控中心", "县人民医院"]), ("张三、李四", []),
     ("人口监测与家庭发展股", ["人口监测与家庭发展股"])],
)  # fmt: skip
def test_units_in_a_unit_cell_as_written(cell, units):
    rows = [["序号", "工作任务", "配合单位"], ["1", "推进医共体建设。", cell]]
    (section,) = outline_from_rows(rows, year=2024, units=UnitMatcher(), row_offsets=[0, 20])
    assert section.tasks[0].co_units == units


@pytest.mark.parametrize(
    "text, items",
    [("做好免疫。（1）接种率达到95%；（2）完成补种。", ["接种率达到95%", "完成补种"]),
     ("做好免疫。①接种率达到95%；②完成补种。", ["接种率达到95%", "完成补种"]),
     ("做好免疫：1.接种率达到95%；2、完成补种。", ["接种率达到95%", "完成补种"]),
     ("筛查1.5万人，2.5万人次。", []),
     ("做好免疫。（1）接种率达到95%。", [])],
)  # fmt: skip
def test_inline_numbered_items_in_a_cell(text, items):
    rows = [["序号", "工作任务", "牵头单位"], ["1", text, "疾控中心"]]
    (section,) = outline_from_rows(rows, year=2024, units=UnitMatcher(), row_offsets=[0, 20])
    (task,) = section.tasks
    assert [s.title for s in task.subtasks] == items
    assert [s.number for s in task.subtasks] == [str(i + 1) for i in range(len(items))]


def test_a_second_header_row_is_not_a_task():
    rows = [
        ["序号", "重点任务", "责任单位", "责任单位", "完成时限"],
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "推进医共体建设。", "医政股", "财务股", "6月底前"],
    ]
    (section,) = outline_from_rows(rows, year=2024, units=UnitMatcher(), row_offsets=[0, 20, 40])
    assert [(t.number, t.lead_units, t.co_units) for t in section.tasks] == [
        ("1", ["医政股"], ["财务股"])
    ]


def test_a_repeated_header_and_the_signature_under_the_table_are_not_rows():
    text = "\n".join(
        [TITLE, *HEADER, *ROWS[0], *HEADER, *ROWS[1], *ROWS[2], "某县卫生健康局", "2024年3月1日"]
    )
    outline = parse(text)
    assert rows_of(outline) == EXPECTED
    assert outline.warnings == []
    assert outline.issuer == "某县卫生健康局" and outline.issued_date == dt.date(2024, 3, 1)


def test_prose_under_a_spaces_table_ends_it():
    text = (
        spaces_text() + "\n各单位要高度重视，认真抓好落实，确保各项任务按期完成。\n某县卫生健康局"
    )
    outline = parse(text)
    assert rows_of(outline) == EXPECTED


def test_a_paragraph_under_a_one_cell_per_line_table_is_not_a_row():
    text = cells_text() + "\n各单位要高度重视，认真抓好落实，确保各项任务按期完成。"
    outline = parse(text)
    assert rows_of(outline) == EXPECTED
    assert outline.warnings == []


@pytest.mark.parametrize("gap", ["\n", "  ", "\t"])
def test_a_section_row_written_as_its_numeral_and_title(gap):
    lines = [TITLE, gap.join(HEADER)] if gap != "\n" else [TITLE, *HEADER]
    for numeral, title, row in (("一", "深化医改", ROWS[0]), ("二、", "加强免疫", ROWS[1])):
        lines.append(f"{numeral}{gap}{title}")
        lines.append(gap.join(row))
    outline = parse("\n".join(lines))
    assert [(s.number, s.title, [t.number for t in s.tasks]) for s in outline.sections] == [
        ("一", "深化医改", ["1"]),
        ("二", "加强免疫", ["2"]),
    ]


# ---------------------------------------------------------------------------------------------
# Progress (督办) tables: headers carrying a year or a period, progress and next-period columns


@pytest.mark.parametrize(
    "header, role",
    [("2023年重点工作任务", "title"), ("2024年度重点任务", "title"),
     ("2023年10-12月份进展情况", "ignored"), ("2024年1-3月份进度安排", "ignored"),
     ("2024年7—9月进度安排", "ignored"), ("一季度完成情况", "ignored"),
     ("第四季度工作进展", "ignored"), ("上半年推进情况", "ignored"), ("下步工作计划", "ignored"),
     ("下一步工作打算", "ignored"), ("2024年完成时限", "deadline"), ("进度安排", "deadline"),
     ("2024年牵头单位", "lead"), ("主体单位", "lead"), ("主体责任单位", "lead")],
)  # fmt: skip
def test_header_words_after_a_year_or_a_period(header, role):
    assert header_role(header) == role


@pytest.mark.parametrize(
    "cells, expected",
    [(["序号", "重点任务", "牵头单位", "主体单位"], ["number", "title", "lead", "co"]),
     (["序号", "重点任务", "主体责任单位", "牵头部门"], ["number", "title", "co", "lead"]),
     (["序号", "重点任务", "牵头领导", "主体单位"], ["number", "title", "leader", "lead"])],
)  # fmt: skip
def test_the_principal_unit_assists_a_lead_unit_else_leads(cells, expected):
    assert read_header(cells)[0] == expected


PROGRESS_PIPE = """金水县卫生健康局2023年重点工作任务推进情况表（第四季度）
填报单位：县卫生健康局办公室　　填报时间：2024年1月5日
| 序号 | 2023年重点工作任务 | 牵头领导 | 牵头单位 | 主体单位 | 2023年10-12月份进展情况 | 2024年1-3月份进度安排 |
| --- | --- | --- | --- | --- | --- | --- |
| 一、深化医改 | | | | | | |
| 1 | 推进医共体建设，年底前实现乡镇全覆盖。 | 王建华 | 体改股 | 县人民医院、县中医院 | 已完成章程修订，投入资金312万元 | 3月底前开展年度评估 |
| 2 | 公开招聘卫生专业技术人员40名以上。 | 刘晓东、赵磊 | 人事股 | 各乡镇卫生院 | 已招聘到岗38名 | 启动2024年度招聘 |
| 二、加强行风建设 | | | | | | |
| 3 | 持续推进医药领域腐败问题集中整治。 | 王建华 | 纪检组 | 各医疗卫生单位 | 问题整改率达到95% | 开展“回头看” |
"""  # noqa: E501


def test_a_progress_table_reads_tasks_and_units_and_skips_progress_and_next_plans():
    outline = parse(PROGRESS_PIPE)
    assert outline.year == 2023
    assert [(s.number, s.title, [t.number for t in s.tasks]) for s in outline.sections] == [
        ("一", "深化医改", ["1", "2"]),
        ("二", "加强行风建设", ["3"]),
    ]
    first, second, third = tasks(outline)
    assert (first.title, first.lead_units, first.co_units) == (
        "推进医共体建设",
        ["体改股"],
        ["县人民医院", "县中医院"],
    )
    assert first.deadline == dt.date(2023, 12, 31)  # from the task, not the next quarter's plan
    assert (second.lead_units, second.co_units) == (["人事股"], ["各乡镇卫生院"])  # no people
    assert [(t.value, t.unit) for t in second.targets] == [(40, "名")]  # not 38 done so far
    assert first.targets == [] and third.targets == []
    assert (third.deadline, third.ongoing) == (None, True)
    assert [r for _, _, r in roles(outline)] == [
        "number",
        "title",
        "leader",
        "lead",
        "co",
        "ignored",
        "ignored",
    ]


def test_a_progress_table_copied_from_excel_with_quoted_multi_line_cells():
    text = "\n".join(
        [
            "水口区2024年卫生健康重点工作督办台账",
            "序号\t2024年重点工作任务\t牵头领导\t牵头单位\t主体单位\t完成时限\t"
            "2024年1-6月份进展情况\t2024年7-9月份进度安排",
            '1\t推进区妇幼保健院迁建项目。\t陈志远\t规划财务科\t"区妇幼保健院',
            '区住建局"\t2024年12月底前\t"已完成桩基工程。',
            '正在进行地下室施工。"\t完成主体施工',
            "2\t新增普惠托位200个。\t孙丽\t人口家庭科\t各街道办事处\t2024年11月\t已新增126个\t推进",
        ]
    )
    outline = parse(text)
    assert [(t.number, t.text, t.lead_units, t.co_units, t.deadline) for t in tasks(outline)] == [
        ("1", "推进区妇幼保健院迁建项目。", ["规划财务科"], ["区妇幼保健院", "区住建局"],
         dt.date(2024, 12, 31)),
        ("2", "新增普惠托位200个。", ["人口家庭科"], ["各街道办事处"], dt.date(2024, 11, 30)),
    ]  # fmt: skip
    assert outline.warnings == []


def test_a_progress_table_with_cells_broken_over_lines_in_spaces_style():
    header = ["序号", "2024年度重点任务", "责任领导", "牵头单位", "主体责任单位", "完成时限",
              "一季度完成情况", "下步工作计划"]  # fmt: skip
    first = ["1", "推进医共体建设，实现乡镇全覆盖。", "张三", "医政股", "县人民医院",
             "2024年6月底前", "已完成章程修订", "继续推进"]  # fmt: skip
    third = ["3", "实施公共卫生项目。", "王五", "公卫股", "各乡镇卫生院", "长期推进", "已启动",
             "继续"]  # fmt: skip
    text = "\n".join(
        [
            "某县卫生健康局2024年重点工作督办表",
            "  ".join(header),
            "  ".join(first),
            "2  完成疫苗接种工作，接种率保持在95%以上。  李四  疾控股  县疾控中心、",
            "各乡镇卫生院  年底前  进展顺利，",
            "已完成80%  加强督导",
            "  ".join(third),
        ]
    )
    outline = parse(text)
    assert [
        (t.number, t.lead_units, t.co_units, t.deadline, t.ongoing) for t in tasks(outline)
    ] == [
        ("1", ["医政股"], ["县人民医院"], dt.date(2024, 6, 30), False),
        ("2", ["疾控股"], ["县疾控中心", "各乡镇卫生院"], dt.date(2024, 12, 31), False),
        ("3", ["公卫股"], ["各乡镇卫生院"], None, True),
    ]
    targets = [[(t.value, t.unit) for t in task.targets] for task in tasks(outline)]
    assert targets == [[], [(95, "%")], []]


def test_a_task_opening_with_continuing_work_and_no_deadline_is_ongoing():
    rows = [
        ["序号", "重点任务", "牵头单位"],
        ["1", "持续推进行风建设。", "纪检组"],
        ["2", "持续加强宣传引导。", "办公室"],
        ["3", "推进医共体建设，年底前完成。", "医政股"],
    ]
    (section,) = outline_from_rows(rows, year=2024, units=UnitMatcher(), row_offsets=[0] * 4)
    assert [(t.ongoing, t.deadline) for t in section.tasks] == [
        (True, None),
        (False, None),
        (False, dt.date(2024, 12, 31)),
    ]


# ---------------------------------------------------------------------------------------------
# A page's information table is never a task table


INFO_TABLE = [
    "| 索引号: | 11341800MB1234567X/2024-00012 | 组配分类: | 规划计划 |",
    "| 发布机构: | 宣城市卫生健康委员会 | 生成日期: | 2024-02-01 |",
    "| 内容分类: | 工作计划 | 责任部门: | 办公室 |",
    "索引号:\t113418\t组配分类:\t规划计划",
]


def test_a_page_information_table_is_not_a_task_table():
    assert find_text_table("\n".join([*INFO_TABLE, "一、总体要求", "1. 推进医共体建设。"])) is None


def test_a_page_information_table_around_a_task_table_is_not_rows():
    text = "\n".join([*INFO_TABLE[:3], pipe_text(), *INFO_TABLE])
    outline = parse(text)
    assert rows_of(outline) == EXPECTED
    assert outline.warnings == []


# ---------------------------------------------------------------------------------------------
# Task cards: label lines, each followed by its value, one card a task


CARDS = """观音镇2024年卫生健康民生实事任务卡
（镇卫生健康工作领导小组办公室　2024年2月印发）
具体任务
为辖区65岁及以上老年人免费开展一次健康体检，体检人数不少于4500人。
责任单位
镇卫生院
配合单位
各村（社区）
完成时限
2024年9月底前
具体任务
建设镇卫生院中医馆，
配备中医诊疗设备。
责任单位
镇卫生院
镇中心学校
完成时限
2024年6月30日前
具体任务
完成2个村卫生室提质改造。
责任单位
镇社会事务办、镇财政所
配合单位
镇卫生院
完成时限
长期推进
"""


def test_task_cards_are_read_one_task_a_card():
    outline = parse(CARDS)
    assert outline.title == "观音镇2024年卫生健康民生实事"
    assert [(s.number, s.title) for s in outline.sections] == [("一", "工作任务")]
    assert [
        (t.number, t.title, t.lead_units, t.co_units, t.deadline, t.ongoing)
        for t in tasks(outline)
    ] == [
        ("1", "为辖区65岁及以上老年人免费开展一次健康体检", ["镇卫生院"], ["各村（社区）"],
         dt.date(2024, 9, 30), False),
        ("2", "建设镇卫生院中医馆", ["镇卫生院", "镇中心学校"], [], dt.date(2024, 6, 30), False),
        ("3", "完成2个村卫生室提质改造", ["镇社会事务办", "镇财政所"], ["镇卫生院"], None, True),
    ]  # fmt: skip
    first, second, _ = tasks(outline)
    assert first.text == CARDS.split("\n")[3]
    assert second.text.replace("\n", "") == "建设镇卫生院中医馆，配备中医诊疗设备。"
    assert [(t.value, t.unit) for t in first.targets] == [(4500, "人")]
    assert [r for _, _, r in roles(outline)] == ["title", "lead", "co", "deadline"]
    assert line_of(CARDS, "为辖区65岁") == 4


def test_task_cards_under_headers_with_prose_and_a_signature_below():
    cards = []
    for number, task, lead, deadline in (
        ("一", "新建社区健身广场5个。", "文旅局、住建局", "2024年12月底前"),
        ("二", "创建健康单位20个以上。", "卫健局", "2024年11月底前"),
    ):
        cards += [f"任务{number}", "具体任务", task, "责任单位", lead, "完成时限", deadline, ""]
    text = "\n".join(
        ["明水县2024年健康县城建设重点任务分解", "", *cards,
         "各单位要高度重视，认真抓好落实。", "明水县卫生健康局", "2024年3月1日"]
    )  # fmt: skip
    outline = parse(text)
    assert outline.title == "明水县2024年健康县城建设"
    assert [(t.number, t.text, t.lead_units, t.deadline) for t in tasks(outline)] == [
        ("一", "新建社区健身广场5个。", ["文旅局", "住建局"], dt.date(2024, 12, 31)),
        ("二", "创建健康单位20个以上。", ["卫健局"], dt.date(2024, 11, 30)),
    ]
    assert outline.issuer == "明水县卫生健康局" and outline.issued_date == dt.date(2024, 3, 1)


def test_task_cards_with_titled_headers_and_labels_with_their_value_on_one_line():
    text = """某区2024年健康促进重点任务清单
（一）推进健康细胞建设
工作任务
创建健康机关、健康学校等健康单位20个以上。
牵头单位：区卫健局
配合单位
区教育局
各街道办事处
完成时限：2024年11月底前
（二）深入开展控烟行动
工作任务
实现党政机关无烟机关全覆盖。
牵头单位：区卫健局
完成时限：长期推进
"""
    outline = parse(text)
    assert [(t.number, t.title, t.text, t.lead_units, t.co_units) for t in tasks(outline)] == [
        ("一", "推进健康细胞建设", "创建健康机关、健康学校等健康单位20个以上。", ["区卫健局"],
         ["区教育局", "各街道办事处"]),
        ("二", "深入开展控烟行动", "实现党政机关无烟机关全覆盖。", ["区卫健局"], []),
    ]  # fmt: skip
    assert [(t.deadline, t.ongoing) for t in tasks(outline)] == [
        (dt.date(2024, 11, 30), False),
        (None, True),
    ]


def test_task_cards_as_two_column_tables_copied_with_tabs_and_a_leader_label():
    text = "\n".join(
        ["某县2024年健康县城建设任务卡",
         "具体任务\t新建社区健身广场5个。", "责任单位\t文旅局", "责任领导\t张三",
         "完成时限\t2024年12月底前",
         "具体任务\t创建健康单位20个以上。", "责任单位\t卫健局", "责任领导\t李四",
         "完成时限\t2024年11月底前"]
    )  # fmt: skip
    outline = parse(text)
    assert [(t.text, t.lead_units, t.deadline) for t in tasks(outline)] == [
        ("新建社区健身广场5个。", ["文旅局"], dt.date(2024, 12, 31)),
        ("创建健康单位20个以上。", ["卫健局"], dt.date(2024, 11, 30)),
    ]


def test_section_headings_over_task_cards():
    text = "\n".join(
        ["2024年卫生健康民生实事任务卡", "一、医疗服务",
         "具体任务", "新建胸痛中心。", "责任单位", "县人民医院", "完成时限", "2024年9月底前",
         "具体任务", "新建卒中中心。", "责任单位", "县人民医院", "完成时限", "2024年10月底前",
         "二、公共卫生", "任务三",
         "具体任务", "开展窝沟封闭。", "责任单位", "县疾控中心", "完成时限", "2024年第三季度"]
    )  # fmt: skip
    outline = parse(text)
    assert [(s.number, s.title, [t.text for t in s.tasks]) for s in outline.sections] == [
        ("一", "医疗服务", ["新建胸痛中心。", "新建卒中中心。"]),
        ("二", "公共卫生", ["开展窝沟封闭。"]),
    ]
    assert [t.deadline for t in tasks(outline)] == [
        dt.date(2024, 9, 30),
        dt.date(2024, 10, 31),
        dt.date(2024, 9, 30),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a prose plan with one 牵头单位 line
        "某县2024年卫生健康工作要点\n一、深化医改\n（一）推进医共体建设。完善医共体章程，年内实现"
        "乡镇全覆盖。\n牵头单位：医政股\n（二）加强疫苗接种。适龄儿童免疫规划疫苗接种率保持在95%以上。"
        "\n二、公共卫生\n（三）开展爱国卫生运动。",
        # headings such as 工作目标 and 主要任务, and items each with their units and deadline
        "某县2024年卫生健康工作要点\n工作目标\n到2024年底，全县居民健康素养水平达到30%。\n主要任务\n"
        "（一）推进医共体建设\n牵头单位：医政股\n完成时限：2024年6月底前\n（二）加强疫苗接种\n"
        "牵头单位：疾控股\n完成时限：2024年12月底前\n保障措施\n加强组织领导。",
        # numbered tasks in prose, a 责任单位 and 完成时限 line under each
        "某县2024年卫生健康工作要点\n一、重点任务\n1.推进医共体建设。完善医共体章程。\n"
        "责任单位：医政股\n完成时限：6月底前\n2.加强疫苗接种。接种率保持在95%以上。\n"
        "责任单位：疾控股\n完成时限：年底前",
    ],
)
def test_a_prose_plan_with_unit_lines_is_not_task_cards(text):
    assert find_cards(text) is None
    outline = parse(text)
    assert outline.columns == []  # read as prose
    assert all(t.text and t.text != "牵头单位" for t in outline.iter_tasks())


@pytest.mark.parametrize(
    "header, role",
    [("截至6月底完成情况", "ignored"), ("1月至6月进展情况", "ignored"),
     ("本季度工作进展", "ignored"), ("下阶段工作计划", "ignored"), ("截止时间", "deadline")],
)  # fmt: skip
def test_more_header_words_after_a_period(header, role):
    assert header_role(header) == role


def test_task_cards_whose_header_holds_the_task_and_labels_hold_units_and_deadline():
    text = "\n".join(
        ["明水县2024年健康县城建设重点任务分解",
         "任务一：完善全民健身公共服务体系，新建社区健身广场5个。",
         "责任单位：文旅局、住建局", "配合单位：各乡镇", "完成时限：2024年12月底前",
         "任务二：开展健康细胞建设，创建健康单位20个以上。",
         "责任单位：卫健局", "完成时限：2024年11月底前"]
    )  # fmt: skip
    outline = parse(text)
    assert [
        (t.number, t.title, t.text, t.lead_units, t.co_units, t.deadline) for t in tasks(outline)
    ] == [
        ("一", "完善全民健身公共服务体系", "完善全民健身公共服务体系，新建社区健身广场5个。",
         ["文旅局", "住建局"], ["各乡镇"], dt.date(2024, 12, 31)),
        ("二", "开展健康细胞建设", "开展健康细胞建设，创建健康单位20个以上。", ["卫健局"], [],
         dt.date(2024, 11, 30)),
    ]  # fmt: skip


def test_an_unclosed_quote_in_a_tab_table_is_only_a_quote():
    rows = [list(r) for r in ROWS]
    rows[0][2] = '"互联网+医疗健康"示范'
    rows[1][5] = '"年底前'
    text = "\n".join([TITLE, "\t".join(HEADER)] + ["\t".join(r) for r in rows])
    outline = parse(text)
    assert [t.number for t in tasks(outline)] == ["1", "2", "3"]
    assert tasks(outline)[0].text == '"互联网+医疗健康"示范'


@pytest.mark.parametrize(
    "cell, units",
    [("各村（社区）", ["各村（社区）"]),
     ("镇社会事务办、各村（社区）", ["镇社会事务办", "各村（社区）"]),
     ("（县人民医院）", ["县人民医院"]), ("县人民医院）", ["县人民医院"])],
)  # fmt: skip
def test_a_bracket_closed_in_a_unit_name_stays(cell, units):
    rows = [["序号", "工作任务", "配合单位"], ["1", "推进医共体建设。", cell]]
    (section,) = outline_from_rows(rows, year=2024, units=UnitMatcher(), row_offsets=[0, 20])
    assert section.tasks[0].co_units == units


@pytest.mark.parametrize(
    "header, role",
    [("下步措施", "ignored"), ("下一步工作措施", "ignored"), ("下月工作安排", "ignored"),
     ("下半年重点任务", "title"), ("存在问题", "ignored"), ("完成进度", "ignored"),
     ("时间进度", "deadline")],
)  # fmt: skip
def test_next_steps_and_problems_in_a_progress_table_are_read_past(header, role):
    assert header_role(header) == role


def test_task_cards_with_bracketed_headers_rules_between_and_a_label_line_under_them():
    text = "\n".join(
        ["某县2024年健康县城建设任务卡",
         "【任务一】", "具体任务 新建社区健身广场5个。", "责任单位 文旅局",
         "完成时限 2024年12月底前", "——————————",
         "【任务二】", "具体任务 创建健康单位20个以上。", "责任单位 卫健局",
         "完成时限 2024年11月底前",
         "——————————",
         "责任单位：各单位要按照职责分工抓好落实。"]
    )  # fmt: skip
    outline = parse(text)
    assert [(t.number, t.text, t.lead_units, t.deadline) for t in tasks(outline)] == [
        ("一", "新建社区健身广场5个。", ["文旅局"], dt.date(2024, 12, 31)),
        ("二", "创建健康单位20个以上。", ["卫健局"], dt.date(2024, 11, 30)),
    ]


@pytest.mark.parametrize(
    "header", ["任务完成情况", "2023年度工作任务完成情况", "工作任务推进情况", "任务进展"]
)
def test_how_a_task_went_is_not_the_task(header):
    assert header_role(header) == "ignored"
    assert read_header(["序号", "重点任务", "牵头单位", header])[0][3] == "ignored"


def test_task_cards_with_an_empty_value_are_not_a_one_cell_per_line_table():
    text = "\n".join(
        ["2024年卫生健康民生实事任务卡",
         "具体任务", "新建胸痛中心。", "责任单位", "县人民医院", "完成时限",
         "具体任务", "新建卒中中心。", "责任单位", "县人民医院", "完成时限", "2024年10月底前",
         "具体任务", "开展窝沟封闭。", "责任单位", "县疾控中心", "配合单位", "完成时限",
         "2024年第三季度"]
    )  # fmt: skip
    outline = parse(text)
    assert [(t.text, t.lead_units, t.co_units, t.deadline) for t in tasks(outline)] == [
        ("新建胸痛中心。", ["县人民医院"], [], None),
        ("新建卒中中心。", ["县人民医院"], [], dt.date(2024, 10, 31)),
        ("开展窝沟封闭。", ["县疾控中心"], [], dt.date(2024, 9, 30)),
    ]


def test_a_single_card_with_its_task_units_and_deadline_is_read_as_one_task():
    text = (
        "具体任务\n全面落实疫情防控措施，完成发热门诊改造，全面完成老年人群疫苗接种。\n"
        "责任单位\n卫健局、文旅局\n配合单位\n各乡镇\n完成时限\n2023年1月底前\n"
    )
    outline = parse_document(read_pasted_text(text), year=2023)
    (task,) = list(outline.iter_tasks())
    assert task.text.startswith("全面落实疫情防控措施")
    assert (task.lead_units, task.co_units) == (["卫健局", "文旅局"], ["各乡镇"])
    assert task.deadline == dt.date(2023, 1, 31)


def test_a_lead_cell_joining_two_units_with_hui_gives_a_lead_and_a_co_unit():
    text = (
        "序号 | 工作任务 | 责任单位 | 完成时限\n"
        "1 | 提高疫情信息发布规范化水平 | 宣传处会办公室 | 2021年8月前\n"
        "2 | 做好政务公开工作 | 办公室 | 2021年8月前\n"
    )
    first, second = parse_document(read_pasted_text(text), year=2021).iter_tasks()
    assert (first.lead_units, first.co_units) == (["宣传处"], ["办公室"])
    assert (second.lead_units, second.co_units) == (["办公室"], [])
