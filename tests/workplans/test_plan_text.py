"""parse_text on synthetic plans: the structure rules hold beyond the four sample documents."""

import datetime as dt

import pytest

from workplans.parsing import PlanImportError, UnitMatcher
from workplans.parsing.plan_text import parse_text


def shape(outline):
    """[(section number, title, [(task number, title, [(sub number, title), ...]), ...]), ...]"""
    return [
        (
            section.number,
            section.title,
            [
                (task.number, task.title, [(sub.number, sub.title) for sub in task.subtasks])
                for task in section.tasks
            ],
        )
        for section in outline.sections
    ]


def triples(item):
    return [(t.value, t.comparator, t.unit) for t in item.targets]


def all_items(outline):
    return list(outline.iter_tasks())


def item(outline, number_path):
    """`"一/二"` → the section 一's task 二; `"一/1/2"` → its sub-item 2."""
    section_number, task_number, *sub = number_path.split("/")
    section = next(s for s in outline.sections if s.number == section_number)
    task = next(t for t in section.tasks if t.number == task_number)
    return next(s for s in task.subtasks if s.number == sub[0]) if sub else task


NESTED_CHINESE = """2024年某县卫生健康工作要点

一、深化医药卫生体制改革
（一）推进紧密型县域医共体建设。完善医共体管理体制，年底前实现医共体全覆盖。
1.健全医共体理事会制度，6月底前出台章程。
2.推进医共体内人员统筹使用，全年下派医师不少于30名。
（二）深化公立医院改革。推进公立医院高质量发展。
二、加强公共卫生服务
（一）做好疾病预防控制工作。适龄儿童免疫规划疫苗接种率保持在95%以上。
"""

ARABIC_WITH_PARENS = """2024年某区卫生健康工作要点
一、提升基层服务能力
1.加强村卫生室建设。
（1）新建标准化村卫生室10所。
（2）三季度完成村医培训。
2.做实家庭医生签约服务。家庭医生签约服务率达到45%以上。
"""

CIRCLED = """2024年某区卫生健康工作要点
一、做好妇幼健康工作
①孕产妇系统管理率达到90%以上。
②开展两癌筛查5000人。
③上半年完成出生缺陷防治项目评估。
二、提升医疗服务
1.加强医疗服务。
①推进互联网医院建设，推动2家医院上线。
②优化预约诊疗，预约诊疗率超过50%。
"""

PARAGRAPHS = """2024年某区卫生健康工作要点
一、加强人才队伍建设
加强队伍建设。公开招聘医学专业技术人员60名，下半年完成岗前培训。
深化人事制度改革。推进县管乡用，选派10名骨干医师下沉乡镇卫生院。
二、加强卫生应急
完善应急预案。组织开展应急演练不少于4次。
"""

GLUED = """2024年某区卫生健康工作要点
一、做好疫情防控
1.加强疫情监测预警工作加强疫情监测和常态化预警能力建设，健全信息报告制度。
2.加强疫苗接种工作持续推进老年人疫苗接种，接种率达到90%以上。
3.做好医疗救治保障。扩充救治床位200张。
4.推进健康乡村建设推动乡村医疗卫生体系建设，完善村卫生室布局。
5.强化医疗质量安全监管持续开展医疗质量检查。
"""

INLINE = """2024年某区卫生健康工作要点
一、推进健康城区建设
1.深化爱国卫生运动。全年创建省级卫生村10个。一是巩固国家卫生城区创建成果，年内完成复审迎检。二是推进农村改厕，完成改厕500户。三是开展健康促进医院创建，创建率达到60%以上。
2.加强健康教育。
"""

GAPS = """2024年某区卫生健康工作要点
一、加强党的建设
（一）抓好党史学习教育。
二、深化改革
（七）推进医保支付方式改革。
（八）推进药品集中带量采购。
三、强化保障
四、其他工作
（九）做好信访工作。
"""

WRAPPED = """关于印发《2023年宝山区卫生健康工作要点》的通知_政府信息公开
扫一扫在手机打开当前页
字体:大 中 小
信息来源:区卫生健康委 发布时间:2023-03-24
浏览量:128
发文字号:宝卫〔2023〕4号
发文日期:2023-03-20
各医疗卫生单位，委机关各科室：
现将《2023年宝山区卫生健康工作要点》印发给你们，请结合实际认真贯彻落实。
上海市宝山区卫生健康委员会
2023年3月20日
2023年宝山区卫生健康工作要点
2023年是全面贯彻党的二十大精神的开局之年。
一、加强公共卫生体系建设
1.完善疾控体系。推进区疾控中心达标建设，年底前完成改扩建。
2.加强卫生应急。开展应急演练不少于4次。
二、提升医疗服务能力
1.推进互联网医院建设。推动2家综合性医院互联网医院上线。
上海市宝山区卫生健康委员会
2023年3月20日
扫一扫在手机打开当前页
附件下载:
浏览量:256
"""

SUMMARY_THEN_PLAN = """义乌市卫生健康局2020年工作总结和2021年工作思路
2020年卫生健康工作总结
一、疫情防控取得重大成果
1.全年完成核酸检测120万人次。
2.建成发热门诊12个。
二、医改持续深化
1.医共体建设走在前列。
2021年卫生健康工作要点
一、持续抓好疫情防控
1.巩固疫情防控成果。坚持外防输入、内防反弹，疫苗接种率达到90%以上。
2.加强发热门诊建设。
二、深化医药卫生体制改革
1.推进医共体建设。力争乡镇卫生院门诊和住院诊疗目录病种分别达 100 种和 60 种。
"""

UNITS_TEXT = """2024年某区卫生健康工作要点
一、加强疾病防控
1.推进疾控体系改革。以区疾控中心、医政科为牵头单位，完成实验室达标建设。
2.做好慢病管理。高血压患者规范管理率达到60%以上。牵头单位：基层卫生科；配合单位：区人民医院、区妇幼保健院。
3.做好重大传染病防控。由疾控中心负责，医政科配合。
"""

ALL_DOCUMENTS = [
    NESTED_CHINESE,
    ARABIC_WITH_PARENS,
    CIRCLED,
    PARAGRAPHS,
    GLUED,
    INLINE,
    GAPS,
    WRAPPED,
    SUMMARY_THEN_PLAN,
    UNITS_TEXT,
]


def bureau_units():
    return UnitMatcher(
        {
            "疾病预防控制中心": ["疾控中心", "区疾控中心"],
            "医政医管科": ["医政科"],
            "基层卫生科": [],
            "区人民医院": ["人民医院"],
        }
    )


def test_chinese_sections_with_parenthesised_tasks_and_arabic_sub_items():
    outline = parse_text(NESTED_CHINESE)
    assert shape(outline) == [
        ("一", "深化医药卫生体制改革", [
            ("一", "推进紧密型县域医共体建设",
             [("1", "健全医共体理事会制度"), ("2", "推进医共体内人员统筹使用")]),
            ("二", "深化公立医院改革", []),
        ]),
        ("二", "加强公共卫生服务", [("一", "做好疾病预防控制工作", [])]),
    ]  # fmt: skip
    task = item(outline, "一/一")
    assert (task.deadline, task.deadline_text) == (dt.date(2024, 12, 31), "年底前")
    assert task.text.startswith("（一）推进紧密型县域医共体建设。")
    assert task.text.endswith("全年下派医师不少于30名。")  # the parent spans its sub-items
    assert (item(outline, "一/一/1").deadline, item(outline, "一/一/1").deadline_text) == (
        dt.date(2024, 6, 30),
        "6月底前",
    )
    assert triples(item(outline, "一/一/2")) == [(30, ">=", "名")]
    assert triples(task) == []  # the sub-item's target is not repeated on the parent
    assert triples(item(outline, "二/一")) == [(95, ">=", "%")]


def test_arabic_tasks_with_parenthesised_arabic_sub_items():
    outline = parse_text(ARABIC_WITH_PARENS)
    assert shape(outline) == [
        ("一", "提升基层服务能力", [
            ("1", "加强村卫生室建设", [
                ("1", "新建标准化村卫生室10所"),
                ("2", "三季度完成村医培训"),
            ]),
            ("2", "做实家庭医生签约服务", []),
        ]),
    ]  # fmt: skip
    assert triples(item(outline, "一/1/1")) == [(10, "=", "所")]
    assert item(outline, "一/1/2").deadline == dt.date(2024, 9, 30)
    # A task naming no date of its own ends with its last dated item.
    assert item(outline, "一/1").deadline == dt.date(2024, 9, 30)
    assert triples(item(outline, "一/2")) == [(45, ">=", "%")]


def test_circled_items_are_tasks_alone_and_sub_items_under_arabic_items():
    outline = parse_text(CIRCLED)
    assert shape(outline) == [
        ("一", "做好妇幼健康工作", [
            ("1", "孕产妇系统管理率达到90%以上", []),
            ("2", "开展两癌筛查5000人", []),
            ("3", "上半年完成出生缺陷防治项目评估", []),
        ]),
        ("二", "提升医疗服务", [
            ("1", "加强医疗服务", [("1", "推进互联网医院建设"), ("2", "优化预约诊疗")]),
        ]),
    ]  # fmt: skip
    assert triples(item(outline, "一/2")) == [(5000, "=", "人")]
    assert item(outline, "一/3").deadline_text == "上半年"
    assert triples(item(outline, "二/1/1")) == [(2, "=", "家")]
    assert triples(item(outline, "二/1/2")) == [(50, ">", "%")]


def test_paragraph_style_tasks_are_titled_by_their_lead_sentence():
    outline = parse_text(PARAGRAPHS)
    assert shape(outline) == [
        ("一", "加强人才队伍建设", [("1", "加强队伍建设", []), ("2", "深化人事制度改革", [])]),
        ("二", "加强卫生应急", [("1", "完善应急预案", [])]),
    ]
    first = item(outline, "一/1")
    assert first.text == "加强队伍建设。公开招聘医学专业技术人员60名，下半年完成岗前培训。"
    assert triples(first) == [(60, "=", "名")]
    assert (first.deadline, first.deadline_text) == (dt.date(2024, 12, 31), "下半年")
    assert triples(item(outline, "二/1")) == [(4, ">=", "次")]


def test_headings_glued_to_their_body_are_split_off_as_titles():
    outline = parse_text(GLUED)
    assert [t.title for t in outline.sections[0].tasks] == [
        "加强疫情监测预警工作",
        "加强疫苗接种工作",
        "做好医疗救治保障",
        "推进健康乡村建设",
        "强化医疗质量安全监管",
    ]
    glued = item(outline, "一/1")
    assert (
        glued.text == "1.加强疫情监测预警工作加强疫情监测和常态化预警能力建设，健全信息报告制度。"
    )
    assert triples(item(outline, "一/2")) == [(90, ">=", "%")]


def test_a_lead_sentence_is_not_cut_where_a_heading_noun_meets_a_verb():
    text = (
        "2024年某区卫生健康工作要点\n一、提升医疗质量\n"
        "1.实施基层服务能力提升工程。推进乡镇卫生院能力建设。\n"
    )
    (task,) = parse_text(text).sections[0].tasks
    assert task.title == "实施基层服务能力提升工程"


def test_glued_heading_ending_in_yundong_is_split():
    text = (
        "2024年某区卫生健康工作要点\n一、推进健康城区建设\n"
        "1.深入开展爱国卫生运动巩固国家卫生城区创建成果，开展城乡环境卫生整治。\n"
    )
    (task,) = parse_text(text).sections[0].tasks
    assert task.title == "深入开展爱国卫生运动"


def test_inline_yishi_erhsi_list_becomes_sub_items_holding_their_own_targets():
    outline = parse_text(INLINE)
    assert shape(outline) == [
        ("一", "推进健康城区建设", [
            ("1", "深化爱国卫生运动", [
                ("1", "巩固国家卫生城区创建成果"),
                ("2", "推进农村改厕"),
                ("3", "开展健康促进医院创建"),
            ]),
            ("2", "加强健康教育", []),
        ]),
    ]  # fmt: skip
    task = item(outline, "一/1")
    first, second, third = task.subtasks
    assert first.text == "一是巩固国家卫生城区创建成果，年内完成复审迎检。"
    assert (first.deadline, first.deadline_text) == (dt.date(2024, 12, 31), "年内")
    assert triples(first) == []
    assert triples(second) == [(500, "=", "户")]
    assert triples(third) == [(60, ">=", "%")]
    # The parent keeps only what is in its own text, outside the 一是…三是 items.
    assert triples(task) == [(10, "=", "个")]
    assert task.deadline == dt.date(2024, 12, 31)  # none of its own: its last item's
    for sub in task.subtasks:
        assert sub.text in task.text


def test_numbering_gaps_are_kept_and_a_section_may_have_no_tasks():
    outline = parse_text(GAPS)
    assert shape(outline) == [
        ("一", "加强党的建设", [("一", "抓好党史学习教育", [])]),
        ("二", "深化改革", [
            ("七", "推进医保支付方式改革", []),
            ("八", "推进药品集中带量采购", []),
        ]),
        ("三", "强化保障", []),
        ("四", "其他工作", [("九", "做好信访工作", [])]),
    ]  # fmt: skip


def test_notice_web_chrome_and_signature_are_not_tasks():
    outline = parse_text(WRAPPED)
    assert shape(outline) == [
        ("一", "加强公共卫生体系建设", [("1", "完善疾控体系", []), ("2", "加强卫生应急", [])]),
        ("二", "提升医疗服务能力", [("1", "推进互联网医院建设", [])]),
    ]
    assert item(outline, "一/2").text == "2.加强卫生应急。开展应急演练不少于4次。"
    assert item(outline, "二/1").text == "1.推进互联网医院建设。推动2家综合性医院互联网医院上线。"
    wrapper_words = ["扫一扫", "字体", "信息来源", "浏览量", "附件下载", "发文字号", "现将",
                     "卫生健康委员会", "2023年3月20日", "开局之年"]  # fmt: skip
    for task in all_items(outline):
        for word in wrapper_words:
            assert word not in task.text
        assert task.deadline in (None, dt.date(2023, 12, 31))


def test_title_year_doc_number_issuer_and_issued_date_from_the_wrapper():
    outline = parse_text(WRAPPED)
    assert outline.title == "2023年宝山区卫生健康工作要点"
    assert outline.year == 2023
    assert outline.doc_number == "宝卫〔2023〕4号"
    assert outline.issuer == "上海市宝山区卫生健康委员会"
    assert outline.issued_date == dt.date(2023, 3, 20)  # not the web page's 2023-03-24
    assert outline.summary_found is False


def test_web_chrome_right_after_the_last_task_ends_the_body():
    text = (
        "2024年某区卫生健康工作要点\n一、加强公共卫生\n1.完善疾控体系。推进疾控中心达标建设。\n"
        "2.加强卫生应急。开展应急演练不少于4次。\n【打印本页】【关闭窗口】\n扫一扫在手机打开当前页\n"
    )
    outline = parse_text(text)
    assert item(outline, "一/2").text == "2.加强卫生应急。开展应急演练不少于4次。"


def test_signature_with_name_and_date_on_one_line_ends_the_body():
    text = (
        "2024年某区卫生健康工作要点\n一、加强公共卫生\n1.完善疾控体系。推进疾控中心达标建设。\n"
        "2.加强卫生应急。开展应急演练不少于4次。\n某区卫生健康局    2024年3月1日\n"
    )
    outline = parse_text(text)
    assert item(outline, "一/2").text == "2.加强卫生应急。开展应急演练不少于4次。"
    assert item(outline, "一/2").deadline is None
    assert outline.issuer == "某区卫生健康局"
    assert outline.issued_date == dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    "trailer",
    [
        pytest.param("2024年3月1日", id="bare-date-line"),
        pytest.param("某区卫生健康局办公室                2024年3月5日印发", id="banji-yinfa"),
        pytest.param("（此件主动公开）", id="cijian-gongkai"),
        pytest.param("附件：2024年重点任务分工表", id="fujian-line"),
    ],
)
def test_document_trailer_lines_are_not_part_of_the_last_task(trailer):
    text = (
        "2024年某区卫生健康工作要点\n一、加强公共卫生\n1.完善疾控体系。推进疾控中心达标建设。\n"
        f"2.加强卫生应急。开展应急演练不少于4次。\n{trailer}\n"
    )
    last = item(parse_text(text), "一/2")
    assert last.text == "2.加强卫生应急。开展应急演练不少于4次。"
    assert last.deadline is None


def test_year_end_summary_before_the_plan_is_skipped():
    outline = parse_text(SUMMARY_THEN_PLAN)
    assert outline.summary_found is True
    assert outline.title == "2021年卫生健康工作要点"
    assert outline.year == 2021
    assert shape(outline) == [
        ("一", "持续抓好疫情防控", [("1", "巩固疫情防控成果", []), ("2", "加强发热门诊建设", [])]),
        ("二", "深化医药卫生体制改革", [("1", "推进医共体建设", [])]),
    ]
    found = [triples(t) for t in all_items(outline)]
    assert found == [[(90, ">=", "%")], [], [(100, "=", "种"), (60, "=", "种")]]
    for task in all_items(outline):
        assert "核酸检测" not in task.text and "发热门诊12个" not in task.text


def test_a_plan_without_summary_reports_none():
    assert parse_text(ARABIC_WITH_PARENS).summary_found is False


def test_lead_and_co_units_map_aliases_to_canonical_names_and_report_unknown_ones():
    units = bureau_units()
    outline = parse_text(UNITS_TEXT, units=units)
    first, second, third = outline.sections[0].tasks
    assert first.lead_units == ["疾病预防控制中心", "医政医管科"]
    assert first.co_units == []
    assert second.lead_units == ["基层卫生科"]
    assert second.co_units == ["区人民医院", "区妇幼保健院"]
    assert third.lead_units == ["疾病预防控制中心"]
    assert third.co_units == ["医政医管科"]
    assert outline.unknown_units == ["区妇幼保健院"]
    assert triples(second) == [(60, ">=", "%")]


def test_without_a_unit_list_no_unit_is_reported_unknown():
    outline = parse_text(UNITS_TEXT)
    assert outline.unknown_units == []
    assert outline.sections[0].tasks[1].lead_units == ["基层卫生科"]


def test_year_argument_overrides_the_title_year():
    outline = parse_text(NESTED_CHINESE, year=2030)
    assert outline.year == 2030
    assert item(outline, "一/一").deadline == dt.date(2030, 12, 31)


def test_fallback_title_when_the_document_has_no_title_line():
    outline = parse_text(
        "一、加强公共卫生\n1.完善疾控体系。\n2.加强卫生应急。\n", fallback_title="某区要点"
    )
    assert outline.title == "某区要点"
    assert outline.year is None
    assert [t.title for t in outline.sections[0].tasks] == ["完善疾控体系", "加强卫生应急"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("随便写的一段话，没有任何结构。今年要把工作做好。", id="prose"),
        pytest.param("2024年某区卫生健康工作要点\n今年要把卫生健康工作做好。\n", id="title-only"),
        pytest.param("一、只有一个板块\n", id="one-empty-section"),
        pytest.param("", id="empty"),
    ],
)
def test_text_without_structure_is_refused_in_chinese(text):
    with pytest.raises(PlanImportError) as caught:
        parse_text(text)
    message = caught.value.message
    assert "工作要点" in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


@pytest.mark.parametrize("text", ALL_DOCUMENTS)
def test_task_and_target_spans_point_at_their_text(text):
    outline = parse_text(text, units=bureau_units())
    assert outline.source_text == text
    for task in all_items(outline):
        a, b = task.span
        assert text[a:b] == task.text
        for target in task.targets:
            a, b = target.span
            assert text[a:b].strip() == target.text
            assert target.text in task.text


# Hostile shapes (issue #13: a 42 KB line of 1.x。一是…二是… ended in RecursionError) ------------


def depth(task) -> int:
    return 1 + max((depth(sub) for sub in task.subtasks), default=0)


@pytest.mark.parametrize(
    "body",
    [
        "1.x。" + "一是开展检查。二是完善制度。" * 1500,
        "".join(f"1.{i}。一是开展检查二是完善制度" for i in range(1, 2500)),
        "（一）加强建设。" + "一是开展检查；二是完善制度；三是强化考核；" * 800,
    ],
)
def test_a_line_repeating_inline_lists_parses_with_bounded_depth(body):
    outline = parse_text("2026年某区卫生健康工作要点\n一、深化改革\n" + body)
    outline.to_json()  # was a RecursionError
    tasks = outline.sections[0].tasks
    assert tasks and max(depth(task) for task in tasks) <= 3
    assert all(len(task.subtasks) <= 30 for task in outline.iter_tasks())


def test_an_over_long_document_is_refused_with_a_message():
    from workplans.parsing import parse_document
    from workplans.parsing.reading import read_pasted_text

    line = "1.加强基层医疗卫生服务能力建设，家庭医生签约服务率达到43%以上。\n"
    text = "2026年某区卫生健康工作要点\n一、深化改革\n" + line * 16_000
    with pytest.raises(PlanImportError, match="正文过长"):
        parse_document(read_pasted_text(text))
