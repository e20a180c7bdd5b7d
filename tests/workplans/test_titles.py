"""lead_title and inline_title: a task's title ends at a clause boundary, never inside a word."""

import pytest

from workplans.parsing.structure import TITLE_LIMIT, inline_title, lead_title
from workplans.parsing.units import jieba_module

FIRST_CLAUSE = [
    pytest.param(
        "加强队伍建设。公开招聘医学专业技术人员60名。", "加强队伍建设", id="lead-sentence"
    ),
    pytest.param("健全医共体理事会制度，6月底前出台章程。", "健全医共体理事会制度", id="clause"),
    pytest.param(
        "以宝山“北转型”为契机,鼓励区域性医疗中心开展技术攻关",
        "以宝山“北转型”为契机",
        id="modifier-clause",
    ),
    pytest.param(
        "推进县人民医院胸痛、卒中、创伤、危重孕产妇救治、危重儿童和新生儿救治“五大中心”建设；"
        "开展县级医院临床重点专科建设",
        "推进县人民医院胸痛、卒中、创伤、危重孕产妇救治、危重儿童和新生儿救治“五大中心”建设",
        id="long-clause-whole",
    ),
    pytest.param(
        "逐步建立基于胸痛中心、卒中中心、创伤中心、危重孕产妇救治中心、危重儿童和新生儿救治中心"
        "“五大中心”的急危重症患者救治体系",
        "逐步建立基于胸痛中心、卒中中心、创伤中心、危重孕产妇救治中心、危重儿童和新生儿救治中心"
        "“五大中心”的急危重症患者救治体系",
        id="sixty-characters",
    ),
    pytest.param(
        "推进“三医联动，六医统筹”集成改革，开展试点",
        "推进“三医联动，六医统筹”集成改革",
        id="comma-inside-quotes",
    ),
    pytest.param(
        "推进新一轮(2023—2025年度,共三年)重点学科建设,研究制定考核办法",
        "推进新一轮(2023—2025年度,共三年)重点学科建设",
        id="comma-inside-brackets",
    ),
    pytest.param(
        "推进区域PCAC升级,建设社区家庭医生“1+1+1电子签约系统",
        "推进区域PCAC升级",
        id="unclosed-quote",
    ),
    pytest.param("完善医共体管理体制", "完善医共体管理体制", id="no-punctuation"),
]


@pytest.mark.parametrize(("body", "title"), FIRST_CLAUSE)
def test_title_is_the_first_clause(body, title):
    assert lead_title(body) == title


GLUED = [
    pytest.param(
        "提升基层服务能力一是推进乡镇卫生院等级评审，力争新增2家", "提升基层服务能力", id="yishi"
    ),
    pytest.param("强化政治理论武装一是严格落实“第一议题”制度", "强化政治理论武装", id="yishi-2"),
    pytest.param(
        "持之以恒正风肃纪一是开展医药领域腐败问题集中整治", "持之以恒正风肃纪", id="yishi-idiom"
    ),
    pytest.param(
        "加强疫情监测预警工作加强疫情监测和常态化预警能力建设，健全制度",
        "加强疫情监测预警工作",
        id="repeated-words",
    ),
    pytest.param("加强疫苗接种工作持续推进老年人疫苗接种", "加强疫苗接种工作", id="adverb"),
    pytest.param(
        "加强重点人群疫情防控重点做好老年人和患基础性疾病群体的防控工作",
        "加强重点人群疫情防控",
        id="zhongdian",
    ),
    pytest.param(
        "持续推进优质资源扩容和均衡布局推进中山医院吴淞医院迁建",
        "持续推进优质资源扩容和均衡布局",
        id="verb-again",
    ),
    pytest.param(
        "强化卫生健康规划引领和政策研究开展《宝山区卫生健康事业发展规划》中期评估",
        "强化卫生健康规划引领和政策研究",
        id="pos-vn-end",
    ),
    pytest.param(
        "深入开展爱国卫生运动巩固国家卫生城区创建成果", "深入开展爱国卫生运动", id="yundong"
    ),
    pytest.param("做好老年健康服务工作推进医养结合", "做好老年健康服务工作", id="gongzuo-tuijin"),
    pytest.param("深化医药卫生体制改革推进分级诊疗", "深化医药卫生体制改革", id="gaige"),
    pytest.param("做好妇幼健康工作落实母婴安全五项制度", "做好妇幼健康工作", id="luoshi-object"),
    pytest.param("优化营商环境提升政务服务效能", "优化营商环境", id="tisheng-object"),
    pytest.param("加强疫情防控工作重点做好老年人防护", "加强疫情防控工作", id="zhongdian-verb"),
    pytest.param(
        "强化信访事项办理继续压实卫生健康信访工作责任制", "强化信访事项办理", id="jixu-yashi"
    ),
]


@pytest.mark.parametrize(("body", "title"), GLUED)
def test_a_heading_glued_to_its_body_is_the_title(body, title):
    assert lead_title(body) == title


NOT_GLUED = [
    pytest.param("推动建设完善公共卫生体系", id="two-verbs"),
    pytest.param(
        "推进基层中医药服务能力提升工程“十四五”行动计划落实", id="nengli-tisheng-gongcheng"
    ),
    pytest.param("推进市中医医院国家中医特色重点医院建设", id="tese-zhongdian"),
    pytest.param("实施母婴安全行动提升计划和健康儿童行动提升计划", id="xingdong-tisheng"),
    pytest.param("支持社区卫生服务中心、乡镇卫生院利用闲置床位开展医养结合服务", id="pivot-object"),
    pytest.param("组织医务人员开展义诊活动", id="pivot-people"),
    pytest.param("以信息化建设推进分级诊疗制度落实", id="preposition"),
    pytest.param("加强疫情防控重点人群健康管理", id="zhongdian-noun"),
    pytest.param("实施基层服务能力提升工程", id="short-body"),
    pytest.param("实施基层卫生人才能力提升培训项目", id="compound-in-two-words"),
    pytest.param("市卫健委认真贯彻落实国家政策", id="subject-first"),
    pytest.param("大力宣传全面二孩生育政策", id="adjective-quanmian"),
    pytest.param("牵头协调落实推动坚持计划生育目标管理", id="run-of-verbs"),
    pytest.param("统筹推进医疗服务体系不断完善、医疗服务能力不断提升", id="subject-predicate"),
    pytest.param("确定入党积极分子10名", id="jiji-fenzi"),
    pytest.param("定期研究解决工作推进中的困难问题", id="tuijin-zhong"),
    pytest.param("请结合实际认真抓好贯彻落实", id="request"),
]


@pytest.mark.parametrize("body", NOT_GLUED)
def test_a_clause_is_not_cut_where_a_noun_meets_a_verb(body):
    assert lead_title(body + "，完善相关制度。") == body


def test_an_over_long_clause_is_cut_between_words():
    body = "推进" + "县人民医院危重孕产妇救治中心和危重儿童和新生儿救治中心" * 4 + "建设"
    title = lead_title(body)
    assert len(title) <= TITLE_LIMIT
    assert body.startswith(title)
    words = jieba_module().lcut(body)
    openings = {"".join(words[:n]) for n in range(1, len(words) + 1)}
    assert title in openings  # not 救治中 or 新生儿救
    assert not title.endswith(("和", "、"))


def test_a_heading_line_of_its_own_keeps_its_whole_sentence():
    body = "以深化体制机制改革为重点,持续推进医共体内涵建设。"
    assert lead_title(body) == "以深化体制机制改革为重点"
    assert lead_title(body, heading_line=True) == "以深化体制机制改革为重点,持续推进医共体内涵建设"
    # Only a heading alone on its line: with a body after it, the first clause still.
    assert lead_title(body + "深化财务制度。", heading_line=True) == "以深化体制机制改革为重点"


@pytest.mark.parametrize(
    ("item", "title"),
    [
        pytest.param(
            "一是巩固国家卫生城区创建成果，年内完成复审迎检。",
            "巩固国家卫生城区创建成果",
            id="clause",
        ),
        pytest.param(
            "二是推进县人民医院胸痛、卒中、创伤、危重孕产妇救治、危重儿童和新生儿救治"
            "“五大中心”建设；",
            "推进县人民医院胸痛、卒中、创伤、危重孕产妇救治、危重儿童和新生儿救治“五大中心”建设",
            id="no-40-cut",
        ),
        pytest.param(
            "三是开展心脑血管疾病、癌症等重大慢性病早筛早诊",
            "开展心脑血管疾病、癌症等重大慢性病早筛早诊",
            id="no-punctuation",
        ),
    ],
)
def test_inline_item_titles_follow_the_same_rules(item, title):
    assert inline_title(item) == title
