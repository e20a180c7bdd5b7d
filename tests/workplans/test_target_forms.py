"""Issue #12: the forms a quantified target takes (ranges, 分别…左右, 余/多, magnitudes, money,
力争/确保), indicators that end at a word, and achievements (results already reported) apart
from targets — find_figures(text, results_only=…) → (targets, achievements)."""

import time

import pytest

from workplans.parsing.numbers import chinese_to_int, normalise, split_magnitude
from workplans.parsing.targets import find_figures, find_targets


def figures(targets):
    return [(t.value, t.comparator, t.unit) for t in targets]


def only(text, **kwargs):
    targets, achievements = find_figures(text, **kwargs)
    assert achievements == []
    (target,) = targets
    return target


# (text, value, comparator, unit, value_max, normalised_value, normalised_unit)
FORMS = [
    pytest.param("全年开展药品抽检不少于30种", 30, ">=", "种", None, 30, "种", id="bushaoyu"),
    pytest.param("医疗费用增长幅度控制在10%以内", 10, "<=", "%", None, 10, "%", id="yinei"),
    pytest.param("推荐1至2家社区卫生服务中心", 1, ">=", "家", 2, 1, "家", id="range-zhi"),
    pytest.param("推荐1—2家社区卫生服务中心", 1, ">=", "家", 2, 1, "家", id="range-emdash"),
    pytest.param("推荐1-2家社区卫生服务中心", 1, ">=", "家", 2, 1, "家", id="range-hyphen"),
    pytest.param("推荐1～2家社区卫生服务中心", 1, ">=", "家", 2, 1, "家", id="range-wave"),
    pytest.param("推荐1到2家社区卫生服务中心", 1, ">=", "家", 2, 1, "家", id="range-dao"),
    pytest.param("招录定向医学生12至15名", 12, ">=", "名", 15, 12, "名", id="range-ming"),
    pytest.param("新建三至五家社区卫生服务站", 3, ">=", "家", 5, 3, "家", id="range-chinese"),
    pytest.param("平均住院日控制在8~10天", 8, ">=", "天", 10, 8, "天", id="range-tilde"),
    pytest.param("公开招聘卫生专业技术人员2000名", 2000, "=", "名", None, 2000, "名", id="ming"),
    pytest.param("培训乡村医生1.2万名", 1.2, "=", "万名", None, 12000, "名", id="wan-ming"),
    pytest.param("培训乡村医生2000余名", 2000, ">", "名", None, 2000, "名", id="yu"),
    pytest.param("培训乡村医生2000多名", 2000, ">", "名", None, 2000, "名", id="duo"),
    pytest.param("开展筛查1万余人", 1, ">", "万人", None, 10000, "人", id="wan-yu"),
    pytest.param("争取上级项目资金500万元", 500, "=", "万元", None, 5_000_000, "元", id="wanyuan"),
    pytest.param("争取专项债券资金1.5亿元", 1.5, "=", "亿元", None, 150_000_000, "元", id="yiyuan"),
    pytest.param(
        "安排专项资金不低于3200万元", 3200, ">=", "万元", None, 32_000_000, "元", id="bdy"
    ),
    pytest.param("全年完成健康体检1.2万人次", 1.2, "=", "万人次", None, 12000, "人次", id="renci"),
    pytest.param("居民健康素养水平达到百分之三十", 30, ">=", "%", None, 30, "%", id="baifenzhi"),
    pytest.param("孕产妇死亡率控制在10/10万以下", 10, "<=", "/10万", None, 10, "/10万", id="rate"),
    pytest.param("开展“双随机”抽查284户次", 284, "=", "户次", None, 284, "户次", id="huci"),
    pytest.param(
        "开展健康知识讲座不少于100场次", 100, ">=", "场次", None, 100, "场次", id="changci"
    ),
    pytest.param("组织开展城乡环境卫生整治行动不少于2轮", 2, ">=", "轮", None, 2, "轮", id="lun"),
    pytest.param("电子病历系统应用水平平均达到4级以上", 4, ">=", "级", None, 4, "级", id="ji"),
    pytest.param(
        "每千人口拥有3岁以下婴幼儿托位数达到4.0个", 4, ">=", "个", None, 4, "个", id="per-capita"
    ),
]


@pytest.mark.parametrize(
    ("text", "value", "comparator", "unit", "value_max", "normalised", "normalised_unit"), FORMS
)
def test_target_forms(text, value, comparator, unit, value_max, normalised, normalised_unit):
    target = only(text)
    assert (target.value, target.comparator, target.unit) == (value, comparator, unit)
    assert target.value_max == value_max
    assert target.normalised_value == normalised
    assert target.normalised_unit == normalised_unit
    assert not target.approximate


def test_a_range_is_one_target_whatever_its_dash():
    for dash in ("至", "—", "-", "～", "~", "–", "－", "——", "到"):
        targets, _ = find_figures(f"推荐1{dash}2家符合条件的社区卫生服务中心申报")
        assert [(t.value, t.value_max, t.comparator) for t in targets] == [(1, 2, ">=")], dash


def test_fenbie_with_zuoyou_gives_one_approximate_target_each():
    first, second = find_targets("地区生产总值和财政收入分别增长5.2%、8%左右")
    assert figures([first, second]) == [(5.2, "=", "%"), (8, "=", "%")]
    assert first.approximate and second.approximate
    assert first.indicator == "地区生产总值增长"
    assert second.indicator == "财政收入增长"
    assert second.text == "8%左右"


def test_zuoyou_alone_is_approximate_and_equal():
    target = only("基层医疗卫生机构门急诊人次增长6%左右")
    assert (target.value, target.comparator, target.approximate) == (6, "=", True)
    assert target.text.endswith("左右")


def test_yishang_closing_a_list_applies_to_every_figure():
    targets = find_targets("门诊和住院患者满意度分别为95%和90%以上")
    assert figures(targets) == [(95, ">=", "%"), (90, ">=", "%")]


def test_every_target_has_a_normalised_value_and_unit():
    targets = find_targets(
        "签约率达到45%，新增床位200张，培训1.2万人次，投入3000万元，推荐1—2家，每千人口托位数达到3个"
    )
    assert len(targets) == 6
    for target in targets:
        assert target.normalised_value is not None
        assert target.normalised_unit


def test_to_json_carries_the_new_fields():
    data = only("力争推荐1—2家符合条件的社区卫生服务中心").to_json()
    assert data["value"] == 1 and data["value_max"] == 2 and data["comparator"] == ">="
    assert data["qualifier"] == "力争"
    assert data["normalised_value"] == 1 and data["normalised_unit"] == "家"
    money = only("争取专项债券资金2.3亿元").to_json()
    assert money["value"] == 2.3 and money["unit"] == "亿元"
    assert money["normalised_value"] == 230_000_000 and money["normalised_unit"] == "元"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        pytest.param("力争全年完成健康体检人数达到1.2万名", "力争", id="lizheng-words-before"),
        pytest.param("确保孕产妇死亡率控制在10/10万以下", "确保", id="quebao"),
        pytest.param("县人民医院力争创建2个省级重点专科", "力争", id="lizheng-mid-clause"),
        pytest.param("力争到2025年底，全区家庭医生签约率达到45%", "力争", id="lizheng-time-clause"),
        pytest.param("全区家庭医生签约率达到45%", None, id="none"),
        pytest.param("确保安全生产，培训200人次", None, id="quebao-other-clause"),
    ],
)
def test_qualifier_of_a_target(text, qualifier):
    assert only(text).qualifier == qualifier


def test_qualifier_carries_over_parallel_clauses_and_joined_figures():
    a, b = find_targets("力争签约率达到35%，重点人群签约率达到60%")
    assert a.qualifier == b.qualifier == "力争"
    c, d = find_targets("力争乡镇卫生院门诊和住院诊疗目录病种分别达100种和60种")
    assert c.qualifier == d.qualifier == "力争"
    (e,) = find_targets("力争签约率达到35%。培训乡村医生200名")[1:]
    assert e.qualifier is None


# Indicators: what is measured, ending at a word and without leading verbs or adverbs.
@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        pytest.param(
            "推荐1—2家符合条件的社区卫生服务中心申报创建第三批示范性社区康复中心",
            "推荐符合条件的社区卫生服务中心",
            id="count-noun-phrase-ends-before-the-verb",
        ),
        pytest.param("推动2家综合性医院互联网医院上线", "综合性医院互联网医院", id="tuidong"),
        pytest.param("选派十名骨干医师下沉乡镇卫生院", "选派骨干医师", id="xuanpai"),
        pytest.param("力争全年完成健康体检人数达到1.2万名", "健康体检人数", id="lizheng-quannian"),
        pytest.param(
            "二级以上医院电子病历系统应用水平分级评价平均达到4级以上",
            "二级以上医院电子病历系统应用水平分级评价",
            id="pingjun",
        ),
        pytest.param(
            "实现市县两级疾控机构实验室检测能力达标率100%",
            "市县两级疾控机构实验室检测能力达标率",
            id="da-inside-a-word",
        ),
        pytest.param(
            "公立医院人员支出占业务支出比例逐步提高到40%",
            "公立医院人员支出占业务支出比例",
            id="trailing-adverb",
        ),
        pytest.param(
            "每个县（市、区）至少建成1个安宁疗护病区",
            "每个县（市、区）建成安宁疗护病区",
            id="zhishao-inside",
        ),
        pytest.param("6月底前完成3家社区卫生服务中心改造", "社区卫生服务中心改造", id="month"),
        pytest.param("三是推进两家域外医院医联体建设", "推进域外医院医联体", id="inline-marker"),
        pytest.param("全年门诊量同比增长12.5%", "门诊量同比增长", id="change-kept"),
        pytest.param("卫生健康财政投入年均增长9.8%", "卫生健康财政投入年均增长", id="nianjun"),
    ],
)
def test_indicator_names_the_measure(text, indicator):
    targets, achievements = find_figures(text)
    (figure,) = targets + achievements
    assert figure.indicator == indicator


def test_a_long_count_phrase_is_cut_at_a_word_not_inside_one():
    text = "推荐2家符合条件的基层医疗卫生机构互联网医院远程会诊中心示范点建设单位名单"
    (target,) = find_targets(text)
    noun = target.indicator.removeprefix("推荐")
    assert noun and text.find(noun) != -1
    end = text.find(noun) + len(noun)
    # Ends at a word boundary: jieba keeps the cut point between two of its words.
    from workplans.parsing.units import jieba_module

    cuts = set()
    position = 0
    for word in jieba_module().lcut(text):
        position += len(word)
        cuts.add(position)
    assert end in cuts


def test_listed_subjects_each_get_the_figure():
    a, b = find_targets("法定传染病报告率和报告及时率均达到98%以上")
    assert (a.indicator, b.indicator) == ("法定传染病报告率", "法定传染病报告及时率")
    assert figures([a, b]) == [(98, ">=", "%"), (98, ">=", "%")]
    c, d = find_targets("高血压、2型糖尿病患者基层规范管理服务率达到65%以上")
    assert c.indicator == "高血压患者基层规范管理服务率"
    assert d.indicator == "2型糖尿病患者基层规范管理服务率"
    e, f = find_targets("孕产妇死亡率和婴儿死亡率分别为0.63‰和2.52‰")
    assert (e.indicator, f.indicator) == ("孕产妇死亡率", "婴儿死亡率")
    # A combined category is one measure.
    (g,) = find_targets("县级医院三、四级手术占比提高到35%以上")
    assert g.indicator == "县级医院三、四级手术占比"


def test_a_second_count_in_a_clause_shares_the_verb():
    a, b = find_targets("新增省级临床重点专科2个、市级临床重点专科3个")
    assert (a.indicator, b.indicator) == ("新增省级临床重点专科", "新增市级临床重点专科")
    assert b.text == "市级临床重点专科3个"


def test_the_starting_point_of_a_change_is_not_a_figure():
    _, achievements = find_figures(
        "人均基本公共卫生服务经费补助标准由40元提高到74元", results_only=True
    )
    assert [(a.value, a.unit) for a in achievements] == [(74, "元")]
    assert achievements[0].indicator == "人均基本公共卫生服务经费补助标准"


# Achievements: results already reported.
SUMMARY = [
    pytest.param("全区人均预期寿命提高到82.25岁", [(82.25, "=", "岁")], id="shouming"),
    pytest.param("居民健康素养水平达到31.7%", [(31.7, "=", "%")], id="dadao-is-equal"),
    pytest.param(
        "孕产妇死亡率和婴儿死亡率分别为0.63‰和2.52‰",
        [(0.63, "=", "‰"), (2.52, "=", "‰")],
        id="fenbie-wei",
    ),
    pytest.param("完成家庭医生签约12.6万人", [(12.6, "=", "万人")], id="wancheng"),
    pytest.param("门诊量同比增长12.5%", [(12.5, "=", "%")], id="tongbi"),
    pytest.param("家庭医生签约率达45%以上", [(45, ">=", "%")], id="yishang-kept"),
    pytest.param("年门诊量超过200万人次", [(200, ">", "万人次")], id="chaoguo-kept"),
    pytest.param("引进高层次人才30余名", [(30, ">", "名")], id="yu-kept"),
    pytest.param("婴儿死亡率下降至2.38‰", [(2.38, "=", "‰")], id="jiangzhi-is-equal"),
    pytest.param(
        "居民健康素养水平达到24.6%，较2015年提高15.2个百分点",
        [(24.6, "=", "%"), (15.2, "=", "个百分点")],
        id="then-change",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SUMMARY)
def test_in_a_summary_every_figure_is_an_achievement(text, expected):
    targets, achievements = find_figures(text, results_only=True)
    assert targets == []
    assert figures(achievements) == expected
    for achievement in achievements:
        assert achievement.qualifier is None
        assert achievement.normalised_value is not None


def test_a_change_without_a_subject_takes_the_one_before_it():
    _, (level, change) = find_figures(
        "居民健康素养水平达到24.6%，较2015年提高15.2个百分点", results_only=True
    )
    assert level.indicator == "居民健康素养水平"
    assert change.indicator == "居民健康素养水平较2015年提高"
    _, (growth, size) = find_figures("全年门诊量同比增长12.5%，超过200万人次")
    assert size.indicator == "门诊量"


# In a plan: result wording makes an achievement, the rest stays a target.
PLAN = [
    pytest.param(
        "全区已建成12家标准化村卫生室，今年新建3家", [(3, "=", "家")], [(12, "=", "家")], id="yi"
    ),
    pytest.param("累计完成家庭医生签约服务5000人次", [], [(5000, "=", "人次")], id="leiji"),
    pytest.param("全年门诊量同比增长12.5%", [], [(12.5, "=", "%")], id="tongbi"),
    pytest.param("住院人次比上年增长8%", [], [(8, "=", "%")], id="bishangnian"),
    pytest.param("孕产妇死亡率较2022年下降15%", [], [(15, "=", "%")], id="jiao-year"),
    pytest.param("截至目前，全区共有卫生院15所", [], [(15, "=", "所")], id="jiezhi-gongyou"),
    pytest.param("全区现有执业医师1200名", [], [(1200, "=", "名")], id="xianyou"),
    pytest.param("上年完成了健康体检3.5万人次", [], [(3.5, "=", "万人次")], id="le"),
    pytest.param("签约率已达到45%", [], [(45, "=", "%")], id="yi-dadao"),
    pytest.param(
        "目前全区家庭医生签约率为40%，今年提高到45%以上",
        [(45, ">=", "%")],
        [(40, "=", "%")],
        id="mugian-then-target",
    ),
    # A commitment wins over 累计 / 比上年: 力争累计建成20家 is a target.
    pytest.param("力争累计建成20家智慧健康驿站", [(20, "=", "家")], [], id="lizheng-leiji"),
    pytest.param("确保门诊量比上年增长10%", [(10, "=", "%")], [], id="quebao-bishangnian"),
    # 已 in a modifier (已纳入管理的) is not a result.
    pytest.param("对已纳入管理的患者，规范管理率达到80%", [(80, ">=", "%")], [], id="yi-de"),
    pytest.param("在现有基础上提高5个百分点", [(5, "=", "个百分点")], [], id="xianyou-jichu"),
    pytest.param("全年完成健康体检1.2万人次", [(1.2, "=", "万人次")], [], id="wancheng-plan"),
]


@pytest.mark.parametrize(("text", "targets", "achievements"), PLAN)
def test_result_wording_in_a_plan_makes_an_achievement(text, targets, achievements):
    found_targets, found_achievements = find_figures(text)
    assert figures(found_targets) == targets
    assert figures(found_achievements) == achievements
    assert figures(find_targets(text)) == targets


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("创建第2批示范区", id="ordinal"),
        pytest.param("约500名医务人员参加", id="estimate-yue"),
        pytest.param("近3年新增的医疗机构", id="estimate-jin"),
        pytest.param("规范开展血清学等6个维度的日常监测工作", id="deng"),
        pytest.param("每季度开展一次经济运行分析", id="yici"),
        pytest.param("为5岁以下儿童、65岁及以上老年人提供健康管理服务", id="ages"),
        pytest.param("县人民医院力争达到三级医院服务能力", id="grade-name"),
    ],
)
def test_ordinals_estimates_and_ages_are_neither(text):
    assert find_figures(text) == ([], [])
    assert find_figures(text, results_only=True) == ([], [])


def test_qianyue_is_not_an_estimate():
    _, (achievement,) = find_figures("家庭医生签约服务累计签约12.6万人")
    assert (achievement.value, achievement.unit, achievement.normalised_value) == (
        12.6,
        "万人",
        126000,
    )


def test_spans_point_at_the_figure_in_the_document():
    before = "一、总体情况\n"
    text = "全区已建成12家标准化村卫生室，今年新建3家，争取资金1.5亿元。"
    document = before + text
    targets, achievements = find_figures(text, offset=len(before))
    for figure in targets + achievements:
        a, b = figure.span
        assert document[a:b].strip() == figure.text


def test_a_long_text_without_punctuation_stays_fast():
    text = "新建3家社区卫生服务站签约率达到45%以上三个一批培训2000余名" * 3000
    started = time.perf_counter()
    targets, _ = find_figures(text)
    assert len(targets) == 9000
    assert time.perf_counter() - started < 10


def test_numbers_normalise_a_magnitude():
    assert split_magnitude("万名") == (10_000, "名")
    assert split_magnitude("千万元") == (10_000_000, "元")
    assert split_magnitude("/10万") == (1, "/10万")
    assert split_magnitude("百分点") == (1, "百分点")
    assert normalise(1.2, "万名") == (12000, "名")
    assert normalise(1.5, "亿元") == (150_000_000, "元")
    assert normalise(43, "%") == (43, "%")
    assert chinese_to_int("万") == 10000
    assert chinese_to_int("三万") == 30000
    assert chinese_to_int("一百零八") == 108


def test_a_count_that_says_which_things_a_share_counts_is_not_a_target():
    targets = find_targets(
        "100%的社区卫生服务中心、90%以上的乡镇卫生院能够提供6类以上中医药技术服务，新建3家卫生院"
    )
    assert figures(targets) == [(100, "=", "%"), (90, ">=", "%"), (3, "=", "家")]
    assert [t.indicator for t in targets[:2]] == ["社区卫生服务中心", "乡镇卫生院"]


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        pytest.param("落实基本公共卫生服务经费人均89元", "基本公共卫生服务经费人均", id="renjun"),
        pytest.param("全县已有5家乡镇卫生院达到推荐标准", "乡镇卫生院", id="yiyou"),
        pytest.param("全年共争取上级资金1.28亿元", "争取上级资金", id="gong"),
        pytest.param(
            "新建村卫生室15所，改造提升20所", "改造提升村卫生室", id="verb-of-the-same-things"
        ),
    ],
)
def test_more_indicators(text, indicator):
    targets, achievements = find_figures(text)
    assert (targets + achievements)[-1].indicator == indicator


# A check on real published plans: figures without a measure word, ratios, ages in indicators.
@pytest.mark.parametrize(
    ("text", "value", "comparator", "unit", "normalised", "normalised_unit", "indicator"),
    [
        pytest.param(
            "体检人数达1000万以上", 1000, ">=", "万", 10_000_000, "", "体检人数", id="wan-bare"
        ),
        pytest.param("总量达到1.5亿", 1.5, "=", "亿", 150_000_000, "", "总量", id="yi-bare"),
        pytest.param("服务人次超过200万", 200, ">", "万", 2_000_000, "", "服务人次", id="chaoguo"),
        pytest.param(
            "体检人数达1000万人次以上",
            1000,
            ">=",
            "万人次",
            10_000_000,
            "人次",
            "体检人数",
            id="measure-word-kept",
        ),
    ],
)
def test_a_bare_magnitude_is_a_figure(
    text, value, comparator, unit, normalised, normalised_unit, indicator
):
    target = only(text)
    assert (target.value, target.comparator, target.unit) == (value, comparator, unit)
    assert (target.normalised_value, target.normalised_unit) == (normalised, normalised_unit)
    assert target.indicator == indicator
    data = target.to_json()
    assert data["unit"] == unit and data["normalised_unit"] == normalised_unit


def test_a_bare_magnitude_normalises_to_a_plain_number():
    assert split_magnitude("万") == (10_000, "")
    assert split_magnitude("亿") == (100_000_000, "")
    assert split_magnitude("千万") == (10_000_000, "")
    assert normalise(1.5, "亿") == (150_000_000, "")
    assert normalise(1000, "万") == (10_000_000, "")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("服务人口10万以上的乡镇开展试点", id="criterion-de"),
        pytest.param("进一步扩大财务放权，50万以下设备采购由医共体自主决定", id="criterion-noun"),
        pytest.param("完成三万以上", id="chinese-numeral"),
    ],
)
def test_a_magnitude_as_a_criterion_is_not_a_figure(text):
    assert find_figures(text) == ([], [])


@pytest.mark.parametrize(
    ("text", "value", "comparator", "unit", "indicator"),
    [
        pytest.param("健康浙江发展指数达85", 85, ">=", "", "健康浙江发展指数", id="index-da"),
        pytest.param("满意度得分达到90分", 90, ">=", "分", "满意度得分", id="score-fen"),
        pytest.param("综合评分不低于85", 85, ">=", "", "综合评分", id="budiyu"),
        pytest.param(
            "群众满意度测评得分提高到92.5", 92.5, ">=", "", "群众满意度测评得分", id="tigao"
        ),
        pytest.param("综合考核得分保持在90以上", 90, ">=", "", "综合考核得分", id="baochi"),
        pytest.param("考核得分不低于90分", 90, ">=", "分", "考核得分", id="fen-budiyu"),
    ],
)
def test_an_index_or_a_score_after_a_verb_of_reaching(text, value, comparator, unit, indicator):
    target = only(text)
    assert (target.value, target.comparator, target.unit) == (value, comparator, unit)
    assert target.indicator == indicator
    assert (target.normalised_value, target.normalised_unit) == (value, unit)
    data = target.to_json()
    assert data["unit"] == unit and data["normalised_unit"] == unit


def test_scores_in_a_list_are_one_each():
    a, b = find_targets("门诊和住院患者满意度得分分别达到85和90")
    assert figures([a, b]) == [(85, ">=", ""), (90, ">=", "")]
    assert (a.indicator, b.indicator) == ("门诊患者满意度得分", "住院患者满意度得分")


def test_an_index_in_a_summary_is_where_it_got():
    _, (achievement,) = find_figures("健康浙江发展指数达85", results_only=True)
    assert (achievement.value, achievement.comparator, achievement.unit) == (85, "=", "")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("工作进度达2025年要求", id="year"),
        pytest.param("总体考核指数达到2024", id="year-alone"),
        pytest.param("县医院达到三级医院水平", id="grade-name"),
        pytest.param("互联网医院达到3.0版", id="version"),
        pytest.param("名次提高到第3位", id="ordinal"),
        pytest.param("评价达到3A", id="letters"),
        pytest.param("这项工作十分重要", id="shifen"),
        pytest.param("完成三分之二", id="fraction"),
        pytest.param("上午8:30开始", id="clock"),
        pytest.param("比例达到1:2:3", id="three-terms"),
        pytest.param("主要目标达到\n1、加强基层建设", id="list-number-on-next-line"),
    ],
)
def test_unitless_numbers_that_are_not_figures(text):
    assert find_figures(text) == ([], [])


@pytest.mark.parametrize(
    ("text", "value", "comparator", "indicator"),
    [
        pytest.param("床人比不低于1:1.6", 1.6, ">=", "床人比", id="budiyu"),
        pytest.param("医护比达到1:1.2", 1.2, ">=", "医护比", id="dadao"),
        pytest.param("医护比1∶1.25", 1.25, "=", "医护比", id="ratio-sign"),
        pytest.param("医护比1：1.25", 1.25, "=", "医护比", id="fullwidth-colon"),
        pytest.param("医护比例保持在1:1.2以上", 1.2, ">=", "医护比例", id="bili-yishang"),
    ],
)
def test_a_ratio_is_one_figure(text, value, comparator, indicator):
    target = only(text)
    assert (target.value, target.comparator, target.unit) == (value, comparator, "比")
    assert target.indicator == indicator
    assert (target.normalised_value, target.normalised_unit) == (value, "比")
    assert target.text == text


def test_ratios_in_one_sentence_and_a_ratio_of_two_terms():
    a, b = find_targets("医护比达到1:1.2以上，床护比不低于1:0.6")
    assert figures([a, b]) == [(1.2, ">=", "比"), (0.6, ">=", "比")]
    assert (a.indicator, b.indicator) == ("医护比", "床护比")
    c = only("医护比2:3")
    assert (c.value, c.normalised_value, c.unit) == (3, 1.5, "比")


@pytest.mark.parametrize(
    ("text", "expected", "indicators"),
    [
        pytest.param(
            "婴儿死亡率和5岁以下儿童死亡率分别为0.63‰和2.52‰",
            [(0.63, "=", "‰"), (2.52, "=", "‰")],
            ["婴儿死亡率", "5岁以下儿童死亡率"],
            id="under-5",
        ),
        pytest.param(
            "人均预期寿命达到79岁，婴儿死亡率和5岁以下儿童死亡率分别为0.63‰和2.52‰",
            [(79, "=", "岁"), (0.63, "=", "‰"), (2.52, "=", "‰")],
            ["人均预期寿命", "婴儿死亡率", "5岁以下儿童死亡率"],
            id="after-a-life-span",
        ),
        pytest.param(
            "人均预期寿命达到79岁，65岁及以上老年人健康管理率和0—6岁儿童健康管理率分别达到70%和90%",
            [(79, "=", "岁"), (70, ">=", "%"), (90, ">=", "%")],
            ["人均预期寿命", "65岁及以上老年人健康管理率", "0—6岁儿童健康管理率"],
            id="65-and-0-6",
        ),
        pytest.param(
            "人均预期寿命79岁，3岁以下婴幼儿托位数达到4.5个",
            [(79, "=", "岁"), (4.5, "=", "个")],
            ["人均预期寿命", "3岁以下婴幼儿托位数"],
            id="under-3",
        ),
        pytest.param(
            "人均预期寿命达到80岁以上水平", [(80, ">=", "岁")], ["人均预期寿命"], id="life-span"
        ),
    ],
)
def test_an_age_in_an_indicator_is_not_a_figure(text, expected, indicators):
    targets, achievements = find_figures(text)
    assert achievements == []
    assert figures(targets) == expected
    assert [t.indicator for t in targets] == indicators


def test_a_change_of_a_life_span_is_an_age_to_reach():
    _, achievements = find_figures(
        "2020年全市人均预期寿命提高到82.25岁，比2015年增加1.36岁；孕产妇死亡率为2.38‰",
        results_only=True,
    )
    assert figures(achievements) == [(82.25, "=", "岁"), (1.36, "=", "岁"), (2.38, "=", "‰")]
    _, achievements = find_figures("平均期望寿命为81.88岁(较2018年增长0.99岁)", results_only=True)
    assert figures(achievements) == [(81.88, "=", "岁"), (0.99, "=", "岁")]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("人均基本公共卫生服务经费补助标准由40元提高到74元", id="you"),
        pytest.param("补助标准从40元提高至74元", id="cong"),
        pytest.param("补助标准由每人40元提高到74元", id="you-meiren"),
        pytest.param("补助标准由每人每年40元提高到74元", id="you-meiren-meinian"),
    ],
)
def test_only_where_a_change_got_to_is_an_achievement(text):
    targets, achievements = find_figures(text, results_only=True)
    assert targets == []
    assert [(a.value, a.unit) for a in achievements] == [(74, "元")]
    assert "由" not in achievements[0].indicator and "从" not in achievements[0].indicator


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("家庭医生签约率较上年提高2.1个百分点", id="jiao-shangnian"),
        pytest.param("居民健康素养水平较前一年提高2.1个百分点", id="jiao-qianyinian"),
        pytest.param("签约率比上年度提高2.1个百分点", id="bi-shangniandu"),
    ],
)
def test_a_change_on_last_year_is_an_achievement(text):
    for results_only in (False, True):
        targets, (achievement,) = find_figures(text, results_only=results_only)
        assert targets == []
        assert (achievement.value, achievement.comparator, achievement.unit) == (
            2.1,
            "=",
            "个百分点",
        )
    targets, (achievement,) = find_figures("家庭医生签约率达到45%，较上年提高2.1个百分点")
    assert figures(targets) == [(45, ">=", "%")]
    assert achievement.indicator == "家庭医生签约率较上年提高"
