"""Document shapes beyond the samples (issue 12): notices around their plan, a notice without
it, one paragraph pasted alone, summaries and backgrounds whose figures are results."""

import datetime as dt

import pytest

from workplans.parsing import PlanImportError
from workplans.parsing.plan_text import parse_text

NOTICE_THEN_PLAN = """关于印发《临川县2024年卫生健康工作要点》的通知
临卫发  〔2024〕 7 号
各乡镇卫生院，局机关各股室：
现将《临川县2024年卫生健康工作要点》印发给你们，请结合实际认真抓好落实。
一、提高思想认识。各单位要把工作要点作为全年工作的主线。
二、按时报送进展。请于2024年6月30日前报送上半年进展情况。
临川县卫生健康局
2024327
(此件主动公开)
附件
临川县2024年卫生健康工作要点
一、深化医药卫生体制改革
（一）推进医共体建设。年内实现医共体全覆盖。
（二）做实家庭医生签约服务。重点人群签约率达到75%以上。
二、加强公共卫生服务
（一）做好预防接种。适龄儿童免疫规划疫苗接种率保持在95%以上。
"""

NOTICE_ONLY = """关于印发《临川县2024年卫生健康工作要点》的通知
各乡镇卫生院，局机关各股室：
现将《临川县2024年卫生健康工作要点》印发给你们，请认真贯彻落实。
一、加强组织领导。各单位主要负责同志要亲自抓。
二、按时报送进展。请于每季度末前报送进展情况。
临川县卫生健康局
2024年3月27日
附件：临川县2024年卫生健康工作要点.docx
"""

ONE_PARAGRAPH = (
    "（二）提升老年健康服务水平。二级及以上综合性医院设立老年医学科的比例达到60%以上，"
    "新增安宁疗护病床50张，新增医养结合机构5家，为1.2万名失能老年人提供上门健康服务，"
    "组织开展老年健康宣传活动不少于20场。"
)

SUMMARY = """石桥县卫生健康局2023年工作总结
一、基层卫生服务能力持续提升
（一）全县家庭医生重点人群签约率达到76.4%，同比提高3.2个百分点。
（二）完成村卫生室标准化改造12个，新建中医馆3个。
二、公共卫生工作扎实推进
（一）全年报告法定传染病1862例，报告及时率100%。
"""

SUMMARY_THEN_PLAN = """鹤鸣区卫生健康局2023年工作总结及2024年工作计划
一、2023年工作完成情况
（一）基层服务能力稳步提升。全区8家社区卫生服务中心全部达到基本标准，重点人群签约率达到76.4%。
二、2024年工作计划
（一）推进医共体建设。年底前建成紧密型城市医疗集团2个。
（二）提升签约服务质量。重点人群签约率达到80%以上。
"""

FIVE_YEAR_BACKGROUND = """桐阳市“十四五”卫生健康事业发展规划
第一章 发展背景
一、“十三五”时期主要成就
（一）居民健康水平持续提高。2020年全市人均预期寿命提高到82.25岁，婴儿死亡率为2.38‰。
（二）医疗资源持续增加。每千人口床位数达到6.82张。
第二章 主要任务
二、提升医疗服务能力
（一）建设区域医疗中心。到2025年建成区域医疗中心2个。
（二）加强重点专科建设。新增省级重点专科10个以上。
"""


def figures(items, kind="targets"):
    return [(f.value, f.comparator, f.unit) for item in items for f in getattr(item, kind)]


def test_a_notice_is_skipped_and_its_plan_read_after_the_attachment_line():
    outline = parse_text(NOTICE_THEN_PLAN)
    assert outline.kind == "plan"
    assert outline.title == "临川县2024年卫生健康工作要点"
    assert [s.title for s in outline.sections] == ["深化医药卫生体制改革", "加强公共卫生服务"]
    tasks = list(outline.iter_tasks())
    assert [t.title for t in tasks] == ["推进医共体建设", "做实家庭医生签约服务", "做好预防接种"]
    # The notice's 报送 date is not a task deadline, and its paragraphs are not sections.
    assert all(t.deadline != dt.date(2024, 6, 30) for t in tasks)
    assert outline.doc_number == "临卫发〔2024〕7号"  # written 临卫发  〔2024〕 7 号
    assert outline.issued_date == dt.date(2024, 3, 27)  # written 2024327
    assert outline.issuer == "临川县卫生健康局"


@pytest.mark.parametrize("written", ["临卫发2024-7", "临卫发〔2024〕7", "临卫发[2024]7号"])
def test_a_doc_number_without_its_brackets_or_hao_is_read_the_standard_way(written):
    outline = parse_text(NOTICE_THEN_PLAN.replace("临卫发  〔2024〕 7 号", written))
    assert outline.doc_number == "临卫发〔2024〕7号"


def test_a_notice_without_its_plan_yields_no_tasks_and_says_so():
    outline = parse_text(NOTICE_ONLY)
    assert outline.sections == []
    assert len(outline.warnings) == 1
    message = str(outline.warnings[0])
    assert "《临川县2024年卫生健康工作要点》" in message and "没有生成任务" in message


def test_one_paragraph_with_many_targets_is_one_task_never_refused():
    outline = parse_text(ONE_PARAGRAPH)
    tasks = list(outline.iter_tasks())
    assert len(outline.sections) == 1 and len(tasks) == 1
    assert tasks[0].title == "提升老年健康服务水平"
    assert len(tasks[0].targets) == 5
    assert (60, ">=", "%") in figures(tasks)


def test_a_bare_paragraph_without_a_marker_is_one_task_with_a_warning():
    text = ONE_PARAGRAPH.removeprefix("（二）")
    outline = parse_text(text)
    assert len(list(outline.iter_tasks())) == 1
    assert any("整段作为一项任务" in w.message for w in outline.warnings)


def test_a_sentence_of_intent_is_still_refused():
    with pytest.raises(PlanImportError, match="未识别到工作要点的结构"):
        parse_text("今年我们要做好卫生健康工作，努力提高群众满意度。继续加强队伍建设。")


def test_a_compilation_is_refused_even_when_its_articles_have_headings():
    text = (
        "清河市基层卫生健康工作经验交流材料汇编\n抓实医共体建设\n桃溪县卫生健康局\n"
        "一、强化顶层设计。成立领导小组，出台实施方案。\n二、推动资源下沉。选派医师156名。\n"
    )
    with pytest.raises(PlanImportError, match="汇编"):
        parse_text(text)


def test_a_summary_gives_achievements_and_no_plan_tasks():
    outline = parse_text(SUMMARY)
    assert outline.kind == "summary"
    assert outline.sections == []
    items = [task for section in outline.summary for task in section.tasks]
    assert len(items) == 3
    assert figures(items) == []
    found = figures(items, "achievements")
    assert (76.4, ">=", "%") in found or (76.4, "=", "%") in found
    assert (1862, "=", "例") in found


def test_a_summary_then_a_plan_keeps_both_apart_and_takes_the_plan_year():
    outline = parse_text(SUMMARY_THEN_PLAN)
    assert outline.kind == "mixed"
    assert outline.year == 2024
    assert [s.title for s in outline.sections] == ["2024年工作计划"]
    assert [s.title for s in outline.summary] == ["2023年工作完成情况"]
    plan_tasks = list(outline.iter_tasks())
    assert figures(plan_tasks, "achievements") == []
    assert (80, ">=", "%") in figures(plan_tasks)
    assert plan_tasks[0].deadline == dt.date(2024, 12, 31)
    summary_items = [task for section in outline.summary for task in section.tasks]
    assert figures(summary_items) == []
    assert figures(summary_items, "achievements")


def test_a_background_chapter_is_set_apart_as_results():
    outline = parse_text(FIVE_YEAR_BACKGROUND)
    assert outline.kind == "mixed"
    assert [s.title for s in outline.sections] == ["提升医疗服务能力"]
    background = [task for section in outline.summary for task in section.tasks]
    assert figures(background) == []
    assert (82.25, "=", "岁") in [(v, "=", u) for v, _, u in figures(background, "achievements")]
    assert any("回顾与成绩" in w.message for w in outline.warnings)


def test_a_task_without_its_own_date_ends_with_its_last_dated_item():
    text = (
        "2024年某县卫生健康工作要点\n一、推进信息化\n"
        "（一）建设医共体信息平台。一是3月底前完成招标；二是9月底前上线运行。\n"
    )
    task = next(parse_text(text).iter_tasks())
    assert len(task.subtasks) == 2
    assert task.deadline == dt.date(2024, 9, 30)


def test_a_notice_listing_its_attachments_above_the_signature_yields_no_tasks():
    text = (
        "某区卫生健康委员会关于印发2024年工作要点和重点任务分工方案的通知\n"
        "委机关各科室：\n现将工作要点和分工方案印发给你们，并就有关事项通知如下。\n"
        "一、明确任务分工。各牵头科室要制定推进计划。\n"
        "二、按时报送进度。请于每月25日前报送任务进展。\n"
        "附件：1.某区卫生健康委员会2024年工作要点\n      2.2024年重点任务分工方案\n"
        "某区卫生健康委员会\n2024年4月2日\n"
    )
    outline = parse_text(text)
    assert outline.sections == [] and outline.warnings
    assert "没有生成任务" in outline.warnings[0].message


def test_meeting_news_is_refused_even_with_yishi_erhshi_points():
    text = (
        "3月15日，市卫生健康委召开2024年全市卫生健康工作会议。\n"
        "会议指出，2023年全市卫生健康事业取得新成效，完成医改8个一体化。\n"
        "会议强调，一是要深化医改；二是要强化公共卫生。（记者 张敏）\n"
    )
    with pytest.raises(PlanImportError, match="新闻报道或会议消息"):
        parse_text(text)


def test_a_summary_without_a_summary_title_is_known_by_its_section_titles():
    text = (
        "根据通知要求，现将本委2023年度绩效任务完成情况报告如下。\n"
        "一、总体情况\n2023年，46项绩效任务全部完成，建议提案318件全部办结。\n"
        "二、主要做法和工作成效\n（一）推动优质资源扩容。新增床位1200张，建成区域医疗中心2个。\n"
        "三、存在的问题\n（一）基层人才仍然不足。\n"
    )
    outline = parse_text(text)
    assert outline.kind == "summary" and outline.sections == []
    assert [s.title for s in outline.summary] == ["总体情况", "主要做法和工作成效", "存在的问题"]
    items = [task for section in outline.summary for task in section.tasks]
    assert (1200, "张") in [(f.value, f.unit) for f in figures_of(items, "achievements")]


def figures_of(items, kind):
    return [f for item in items for f in getattr(item, kind)]


def test_a_web_page_title_printed_twice_above_its_chrome_still_opens_the_summary():
    text = (
        "某县卫生健康局2023年工作总结_某县人民政府\n某县卫生健康局2023年工作总结\n"
        "索引号：1143/2024-00031 | 发布机构：某县卫生健康局 | 发布日期：2024-01-15\n"
        "一、基层服务能力提升\n（一）新建村卫生室12个，签约率达到76.4%。\n"
    )
    outline = parse_text(text)
    assert outline.kind == "summary"
    items = [task for section in outline.summary for task in section.tasks]
    assert [(f.value, f.unit) for f in figures_of(items, "achievements")] == [
        (12, "个"),
        (76.4, "%"),
    ]


def test_general_requirements_are_left_out_but_their_goals_kept():
    text = (
        "某县基层卫生能力提升三年行动计划（2024—2026年）\n"
        "一、总体要求\n（一）指导思想。坚持以人民健康为中心。\n"
        "（二）基本原则。坚持政府主导、坚持补齐短板。\n"
        "（三）工作目标。到2026年，乡镇卫生院服务能力达标率达到90%以上。\n"
        "二、重点任务\n（一）推进村卫生室标准化建设。新建村卫生室20个。\n"
        "三、保障措施\n（一）加强组织领导。成立工作专班。\n"
    )
    outline = parse_text(text)
    assert [s.title for s in outline.sections] == ["总体要求", "重点任务", "保障措施"]
    assert [t.title for t in outline.sections[0].tasks] == ["工作目标"]
    assert [(t.value, t.comparator) for t in outline.sections[0].tasks[0].targets] == [(90, ">=")]
    assert any("总体要求" in w.message and "指导思想" in w.message for w in outline.warnings)


def test_a_document_pasted_without_line_breaks_is_cut_at_its_headings():
    filler = (
        "围绕群众看病就医的急难愁盼问题，统筹资源配置，完善工作机制，确保各项措施落地见效。" * 2
    )
    sections = [("一", "深化医药卫生体制改革"), ("二", "加强公共卫生体系建设")]
    body = "".join(
        f"{n}、{title}（一）推进{title}重点工作。{filler}（二）完善{title}保障机制。{filler}"
        for n, title in sections
    )
    assert len(body) > 400  # one line, as some PDF viewers copy it
    outline = parse_text("2024年某县卫生健康工作要点\n" + body)
    assert [s.title for s in outline.sections] == [title for _, title in sections]
    assert [len(s.tasks) for s in outline.sections] == [2, 2]


def test_long_term_work_is_ongoing_with_no_date():
    text = "2024年某县卫生健康工作要点\n一、加强监管\n（一）规范医疗服务行为。此项工作长期推进。\n"
    task = next(parse_text(text).iter_tasks())
    assert task.deadline is None and task.ongoing is True


def test_a_closing_aside_names_the_units_of_the_whole_task_not_its_last_item():
    text = (
        "2024年某县卫生健康工作要点\n一、加强党建\n（一）推进清廉医院建设。一是完善制度；"
        "二是开展专项整治（牵头科室：党建办；配合科室：医政科、财务科）。\n"
    )
    task = next(parse_text(text).iter_tasks())
    assert task.lead_units == ["党建办"]
    assert task.co_units == ["医政科", "财务科"]
    assert task.subtasks[-1].lead_units == []


def test_a_heading_line_is_the_title_even_with_a_comma_in_it():
    text = (
        "2024年某县卫生健康工作要点\n一、深化医改\n"
        "（一）以医共体建设为重点，推进县域综合医改。\n完善医共体章程，年底前实现全覆盖。\n"
    )
    task = next(parse_text(text).iter_tasks())
    assert task.title == "以医共体建设为重点，推进县域综合医改"


def test_a_multi_year_plan_takes_its_first_year_and_its_later_deadlines():
    text = (
        "某县医养结合服务提升行动方案（2024—2026年）\n一、重点任务\n"
        "（一）建设医养结合机构。到2026年，每个乡镇建成1家医养结合机构。\n"
    )
    outline = parse_text(text)
    assert outline.year == 2024
    assert next(outline.iter_tasks()).deadline == dt.date(2026, 12, 31)


def test_parts_are_sections_and_an_empty_part_over_numbered_sections_is_dropped():
    text = (
        "推进实施某行动2024年工作计划\n第一部分：整体工作安排\n（一）拟研究制定的文件\n"
        "研究制定工作规则。\n（二）重点举措\n1.研究建立工作机制。\n2.组织培训和座谈。\n"
        "第二部分：各专项行动重点任务\n一、健康知识普及行动\n（一）工作目标\n"
        "建立健康科普专家库，遴选专家1000名。\n"
    )
    outline = parse_text(text)
    assert outline.title == "推进实施某行动2024年工作计划"
    assert [(s.number, s.title) for s in outline.sections] == [
        ("第一部分", "整体工作安排"),
        ("一", "健康知识普及行动"),
    ]
    assert [t.title for t in outline.sections[0].tasks] == ["拟研究制定的文件", "重点举措"]


def test_a_heading_with_its_first_item_glued_on_is_cut_in_two():
    text = (
        "2015年某市妇幼健康工作要点\n一、加强妇女保健\n"
        "（二）健全妇女保健服务体系1.婚前期保健。开展婚前医学检查。\n2.孕产期保健。规范产前检查。\n"
    )
    task = next(parse_text(text).iter_tasks())
    assert task.title == "健全妇女保健服务体系"
    assert [sub.title for sub in task.subtasks] == ["婚前期保健", "孕产期保健"]


def test_the_first_listed_unit_leads_where_the_document_says_so():
    text = (
        "某规划重点任务分工\n一、完善服务网络\n"
        "1.建成中医医疗服务网络。（国家中医药局、国家发展改革委、财政部负责。列第一位者为"
        "牵头部门或单位，其他有关部门和单位按职责分工负责，下同）\n"
        "2.加强人才培养。（教育部、国家中医药局负责）\n"
    )
    first, second = parse_text(text, year=2016).iter_tasks()
    assert (first.lead_units, first.co_units) == (["国家中医药局"], ["国家发展改革委", "财政部"])
    assert (second.lead_units, second.co_units) == (["教育部"], ["国家中医药局"])


def test_without_that_convention_units_named_together_all_lead():
    text = "某县2024年工作要点\n一、深化医改\n1.推进医共体建设。（县卫健局、县财政局负责）\n"
    task = next(parse_text(text).iter_tasks())
    assert (task.lead_units, task.co_units) == (["县卫健局", "县财政局"], [])


def test_under_a_summary_and_plan_title_the_summary_runs_until_the_plan_part():
    text = (
        "某区卫生健康局2022年工作总结和2023年工作计划\n一、疫情防控总体向好\n"
        "全年接种疫苗12万剂次。\n二、医改持续深化\n建成医共体2个。\n"
        "三、2023年工作计划\n（一）推进医疗集团建设。年底前建成1个。\n"
    )
    outline = parse_text(text)
    assert outline.kind == "mixed" and outline.year == 2023
    assert [s.title for s in outline.summary] == ["疫情防控总体向好", "医改持续深化"]
    assert [s.title for s in outline.sections] == ["2023年工作计划"]


def test_a_summary_and_plan_title_over_only_the_summary_is_a_summary():
    text = (
        "某区卫生健康局2022年工作总结和2023年工作计划\n一、疫情防控总体向好\n"
        "全年接种疫苗12万剂次。\n二、医改持续深化\n建成医共体2个。\n"
    )
    assert parse_text(text).kind == "summary"


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-30 来源:参考消息网 责任编辑:刘某\n参考消息网2024-05-30号报道\n"
        "近日，国家疾控局等部门印发行动方案。一是总体要求，提出到2025年疾控体系初步建成。"
        "二是加强传染病防控。三是强化组织保障。\n",
        "某州卫生健康监督抽查工作启动\n来源:某州卫生监督所 发表时间:2023-05-19\n"
        "某州2023年度双随机一公开监督抽查工作已全面启动。今年全州卫生监督机构将围绕公共场所、"
        "生活饮用水、医疗机构等重点领域，加强监督检查，提升监管效能，确保抽查任务按时完成。\n",
    ],
    ids=["news-agency-report", "a-paragraph-under-its-source"],
)
def test_news_pages_are_refused(text):
    with pytest.raises(PlanImportError):
        parse_text(text)


def test_a_long_range_plan_reads_its_later_years_as_deadlines():
    text = (
        "某市健康行动（2019—2030年）\n一、健康知识普及行动\n"
        "（一）提升健康素养。到2022年，居民健康素养水平不低于22%；到2030年，不低于30%。\n"
    )
    task = next(parse_text(text).iter_tasks())
    assert task.deadline == dt.date(2030, 12, 31)


def test_a_policy_interpretation_article_is_refused():
    text = (
        "引言\n随着人口老龄化加剧，老年人的健康问题日益受到关注。\n一、老年健康政策解读\n"
        "1.老龄健康促进行动实施方案\n国家发布了实施方案，旨在提高老年人健康素养。\n"
        "2.医养结合政策\n持续开展医养结合示范项目。\n"
    )
    with pytest.raises(PlanImportError, match="政策解读"):
        parse_text(text)


def test_a_summarys_sentence_starting_like_a_plan_part_does_not_start_the_plan():
    text = (
        "某区卫生健康局2022年工作总结和2023年工作计划\n一、医疗服务能力提升\n"
        "重点专科建设取得新进展，创建省级重点专科2个。\n二、公共卫生扎实推进\n建成发热门诊5个。\n"
    )
    outline = parse_text(text)
    assert outline.kind == "summary" and outline.sections == []


def test_numbered_items_glued_into_a_long_line_are_cut_apart():
    items = "".join(
        f"{n}.{what}，按照年度计划组织实施，确保各项任务按时保质完成并报送进展情况，"
        "及时总结推广各地的好经验好做法，形成一批可复制可推广的典型案例。"
        for n, what in enumerate(["组织召开推进会议", "推动专项行动落实", "开展年度监测评估",
                                  "研究建立统计调查制度", "组织开展试考核工作", "修订完善考核细则"],
                                 start=1)
    )  # fmt: skip
    glued = f"第一部分：整体工作安排（一）重点措施{items}"
    assert len(glued) > 400  # one line: pasted from a page that lost its line breaks
    outline = parse_text(f"某行动2020年工作计划\n{glued}")
    task = next(outline.iter_tasks())
    assert outline.sections[0].number == "第一部分"
    assert task.title == "重点措施"
    assert [sub.number for sub in task.subtasks] == ["1", "2", "3", "4", "5", "6"]


def test_a_dateline_marks_a_news_item_in_either_script():
    for text in (
        "国务院印发意见\n据新华社北京1月13日电 国务院近日印发关于加强爱国卫生工作的意见。"
        "意见提出，一是努力创造良好环境；二是全面提高文明卫生素质，争取到2020年国家卫生城市"
        "数量提高到全国城市总数的40%。\n",
        "七項舉措推進健康中國\n人民政協網北京1月24日電（記者 張春莉）國家衛生計生委要採取七項舉措，"
        "持續深化醫改，加快建立基本醫療衛生制度框架，推進計劃生育服務管理改革。\n",
    ):
        with pytest.raises(PlanImportError, match="新闻报道"):
            parse_text(text)


def test_a_half_year_summary_and_its_sections_are_known():
    text = (
        "县卫生局半年工作总结范文\n上半年，县卫生局在县委、县政府领导下扎实推进各项工作。\n"
        "一、上半年工作开展情况\n（一）医改稳步推进。全县完成家庭医生签约4.1万人。\n"
        "二、存在的问题\n（一）基层人才不足。\n"
    )
    outline = parse_text(text)
    assert outline.kind == "summary" and outline.sections == []


def test_a_sharing_sites_page_breaks_are_skipped_inside_the_plan():
    text = (
        "2021年某县卫生健康工作要点\n一、加强党的建设\n（一）增强四个意识。开展主题教育。\n"
        "2021年某县卫生健康工作要点.docx_第2页\n第2页 / 共5页\n"
        "（二）抓好党风廉政建设。落实两个责任。\n二、深化医改\n（一）推进医共体建设。年底前全覆盖。\n"
    )
    outline = parse_text(text)
    assert [len(s.tasks) for s in outline.sections] == [2, 1]
    assert "第2页" not in outline.sections[0].tasks[0].text


def test_a_page_whose_line_breaks_became_spaces_is_read_by_its_headings():
    intro = "各县（市、区）人民政府，市政府各部门：为贯彻落实健康中国战略，结合本市实际，" * 10
    text = (
        "某市人民政府关于推进健康某市行动的实施意见\n"
        f"{intro}现提出如下实施意见： 一、总体目标 到2022年，健康促进制度体系基本建成，"
        "居民健康素养水平不低于30%，重大慢性病过早死亡率持续下降。\n"
        "二、行动任务\n（一）全面实行健康影响因素干预。 1.实施健康知识普及行动。深入开展健康教育。"
        "\n2.实施合理膳食行动。推广减盐减油减糖。\n"
    )
    outline = parse_text(text)
    assert [(s.number, s.title) for s in outline.sections] == [
        ("一", "总体目标"),
        ("二", "行动任务"),
    ]
    task = outline.sections[1].tasks[0]
    assert task.title == "全面实行健康影响因素干预"
    assert [sub.title for sub in task.subtasks] == ["实施健康知识普及行动", "实施合理膳食行动"]


def test_a_heading_with_a_spaced_two_part_title_keeps_it_whole():
    text = (
        "2024年某县卫生健康工作要点\n一、坚持党建引领 推动全面从严治党\n"
        "（一）加强党的建设。开展主题教育。\n"
    )
    assert parse_text(text).sections[0].title == "坚持党建引领 推动全面从严治党"
