"""find_targets: quantified commitments in a task's text, and the numbers that are not targets."""

import pytest

from workplans.parsing.targets import find_targets

# (text, [(value, comparator, unit), ...]) — sentences as Chinese health plans write them.
TARGETS = [
    # Floors: 以上, 不低于, 不少于, 提高到, a rate "reached".
    pytest.param("家庭医生签约服务率达43%以上", [(43, ">=", "%")], id="rate-da-yishang"),
    pytest.param(
        "将农村贫困人口大病住院医疗费用实际报销比例提高到80%以上",
        [(80, ">=", "%")],
        id="tigaodao-yishang",
    ),
    pytest.param("电子健康档案建档率提高到90%", [(90, ">=", "%")], id="tigaodao"),
    pytest.param("居民健康素养水平提高到25%以上", [(25, ">=", "%")], id="suyang-tigaodao"),
    pytest.param("高血压患者规范管理率不低于60%", [(60, ">=", "%")], id="budiyu"),
    pytest.param("全年开展义诊活动不少于20场", [(20, ">=", "场")], id="bushaoyu"),
    pytest.param("开展健康讲座不少于12次", [(12, ">=", "次")], id="bushaoyu-ci"),
    pytest.param(
        "适龄儿童免疫规划疫苗接种率保持在95%以上", [(95, ">=", "%")], id="baochizai-yishang"
    ),
    pytest.param("孕产妇系统管理率达到90%", [(90, ">=", "%")], id="rate-dadao-is-floor"),
    pytest.param("传染病报告及时率达100%", [(100, ">=", "%")], id="rate-da-100"),
    pytest.param("力争患病报告率达到5‰以上", [(5, ">=", "‰")], id="lizheng-dadao-permille"),
    pytest.param("严重精神障碍患者规范管理率达到80%以上", [(80, ">=", "%")], id="dadao-yishang"),
    pytest.param("传染病报告率达到95％以上", [(95, ">=", "%")], id="fullwidth-percent"),
    pytest.param("建设10个以上家庭医生工作室", [(10, ">=", "个")], id="count-yishang"),
    # Ceilings: 以下, 以内, 不超过, 不高于, 控制在, 降至.
    pytest.param("全市孕产妇死亡率控制在17/10万以下", [(17, "<=", "/10万")], id="per-100k"),
    pytest.param("5岁以下儿童死亡率控制在9‰以下", [(9, "<=", "‰")], id="permille-yixia"),
    pytest.param("医疗费用增长幅度控制在10%以内", [(10, "<=", "%")], id="kongzhizai-yinei"),
    pytest.param("平均住院日不超过9天", [(9, "<=", "天")], id="buchaoguo"),
    pytest.param("医疗卫生支出占比不高于8%", [(8, "<=", "%")], id="bugaoyu"),
    pytest.param("婴儿死亡率降至5‰", [(5, "<=", "‰")], id="jiangzhi"),
    pytest.param("出生缺陷发生率下降至2.5‰以下", [(2.5, "<=", "‰")], id="xiajiangzhi-decimal"),
    pytest.param("个人卫生支出占卫生总费用比例降低到27%以下", [(27, "<=", "%")], id="jiangdidao"),
    pytest.param("确保孕产妇死亡率控制在10/10万以下", [(10, "<=", "/10万")], id="queba-kongzhizai"),
    # Strict comparators: 超过 / 高于 (>), 低于 (<).
    pytest.param("门诊预约诊疗率超过50%", [(50, ">", "%")], id="chaoguo"),
    pytest.param("群众满意度高于90%", [(90, ">", "%")], id="gaoyu"),
    pytest.param("药占比低于30%", [(30, "<", "%")], id="diyu"),
    # Counts: a number of things to build, hire, train (=).
    pytest.param("公开招聘卫生专业技术人员50名", [(50, "=", "名")], id="zhaopin-ming"),
    pytest.param("年招收定向培养医学生14名", [(14, "=", "名")], id="zhaoshou-ming"),
    pytest.param("接收并安排农村订单定向免费培养医学本科生1名", [(1, "=", "名")], id="one-student"),
    pytest.param("推动2家综合性医院互联网医院上线", [(2, "=", "家")], id="tuidong-jia"),
    pytest.param("与12家乡镇卫生院联合组成区域紧密型医共体", [(12, "=", "家")], id="yigongti"),
    pytest.param("全年新增床位200张", [(200, "=", "张")], id="zhang"),
    pytest.param("完成农村改厕500户", [(500, "=", "户")], id="hu"),
    pytest.param("建成5个智慧健康驿站", [(5, "=", "个")], id="ge"),
    pytest.param("新增执业医师30人", [(30, "=", "人")], id="ren"),
    pytest.param("组建3支家庭医生团队", [(3, "=", "支")], id="zhi"),
    pytest.param("培训基层医务人员2000人次", [(2000, "=", "人次")], id="renci"),
    pytest.param("全年完成健康体检1.2万人次", [(1.2, "=", "万人次")], id="wan-renci"),
    pytest.param("争取上级项目资金578万元", [(578, "=", "万元")], id="wanyuan"),
    pytest.param("力争年内签约人数达到5万人", [(5, "=", "万人")], id="wanren"),
    pytest.param("力争创建2个省级重点专科", [(2, "=", "个")], id="lizheng-count"),
    pytest.param("开展老年人健康体检，提高5个百分点", [(5, "=", "个百分点")], id="points"),
    # 力争…达到 with a count stays "=" (the count rule); 分别达 gives two targets.
    pytest.param(
        "力争乡镇卫生院门诊和住院诊疗目录病种分别达 100 种和 60 种",
        [(100, "=", "种"), (60, "=", "种")],
        id="fenbie-two",
    ),
    pytest.param(
        "门诊和住院患者满意度分别达到95%和90%以上",
        [(95, ">=", "%"), (90, ">=", "%")],
        id="fenbie-rates",
    ),
    pytest.param(
        "签约率达到35%，重点人群签约率达到60%",
        [(35, ">=", "%"), (60, ">=", "%")],
        id="two-clauses",
    ),
    # Chinese numerals count only right after a verb.
    pytest.param("年内新建三家社区卫生服务站", [(3, "=", "家")], id="xinjian-sanjia"),
    pytest.param("培训五百人", [(500, "=", "人")], id="peixun-wubai"),
    pytest.param("选派十名骨干医师下沉乡镇卫生院", [(10, "=", "名")], id="xuanpai-shiming"),
    pytest.param("举办两期基层卫生人才培训班", [(2, "=", "期")], id="liangqi"),
    pytest.param(
        "推进两家域外医院与吴淞中心医院、区中西医结合医院医联体建设",
        [(2, "=", "家")],
        id="tuijin-liangjia",
    ),
    # A range is one target: the floor (>=) in value, the ceiling in value_max (issue #12).
    pytest.param(
        "推荐1—2家符合条件的社区卫生服务中心申报创建第三批示范性社区康复中心",
        [(1, ">=", "家")],
        id="range-dash",
    ),
    pytest.param("平均住院日控制在8~10天", [(8, ">=", "天")], id="range-tilde"),
    # An age inside the indicator is not a second target.
    pytest.param("0-6岁儿童健康管理率达到90%以上", [(90, ">=", "%")], id="age-range-in-indicator"),
    pytest.param(
        "65岁及以上老年人健康管理率达到70%以上", [(70, ">=", "%")], id="age-65-in-indicator"
    ),
    # A ratio per 1 000 people "reached" is a floor like a rate (corpus gold convention).
    pytest.param(
        "每千人口拥有3岁以下婴幼儿托位数达到3个", [(3, ">=", "个")], id="age-3-in-indicator"
    ),
    # Quoted names next to a real figure: only the figure counts.
    pytest.param(
        "完成“两癌”筛查1万人，落实“三个一批”要求", [(1, "=", "万人")], id="quoted-and-figure"
    ),
    pytest.param(
        "推荐1家符合条件的社区卫生服务中心创建第二批中医药特色示范社区卫生服务站",
        [(1, "=", "家")],
        id="ordinal-di-erpi-after-figure",
    ),
]


def triples(targets):
    return [(t.value, t.comparator, t.unit) for t in targets]


@pytest.mark.parametrize(("text", "expected"), TARGETS)
def test_find_targets_reads_value_comparator_and_unit(text, expected):
    assert triples(find_targets(text)) == expected


@pytest.mark.parametrize(("text", "expected"), TARGETS)
def test_target_text_is_a_substring_of_the_input(text, expected):
    for target in find_targets(text):
        assert target.text
        assert target.text in text
        a, b = target.span
        assert text[a:b].strip() == target.text


@pytest.mark.parametrize(("text", "expected"), TARGETS)
def test_spans_shifted_by_offset_point_at_the_same_text(text, expected):
    before = "二、强化基层服务能力\n（三）做实家庭医生签约服务。"
    document = before + text + "。其他工作按计划推进。"
    shifted = find_targets(text, offset=len(before))
    assert triples(shifted) == triples(find_targets(text))
    for target in shifted:
        a, b = target.span
        assert document[a:b].strip() == target.text


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("家庭医生签约服务率达43%以上", "家庭医生签约服务率"),
        ("全市孕产妇死亡率控制在17/10万以下", "孕产妇死亡率"),
        ("5岁以下儿童死亡率控制在9‰以下", "5岁以下儿童死亡率"),
        (
            "将农村贫困人口大病住院医疗费用实际报销比例提高到80%以上",
            "农村贫困人口大病住院医疗费用实际报销比例",
        ),
        ("公开招聘卫生专业技术人员50名", "公开招聘卫生专业技术人员"),
        ("确保孕产妇死亡率控制在10/10万以下", "孕产妇死亡率"),
        ("高血压患者规范管理率不低于60%", "高血压患者规范管理率"),
        ("0-6岁儿童健康管理率达到90%以上", "0-6岁儿童健康管理率"),
    ],
)
def test_indicator_is_the_measure_without_comparator_words(text, indicator):
    (target,) = find_targets(text)
    assert target.indicator == indicator


def test_count_indicator_takes_the_noun_after_the_number():
    (target,) = find_targets("年内新建三家社区卫生服务站")
    assert target.indicator.startswith("新建")
    assert "社区卫生服务站" in target.indicator
    assert target.text.endswith("新建三家")


def test_two_figures_joined_by_he_name_their_own_measure():
    # 分别: the n-th figure is the n-th measure listed (the corpus gold convention).
    first, second = find_targets("力争乡镇卫生院门诊和住院诊疗目录病种分别达 100 种和 60 种")
    assert first.indicator == "乡镇卫生院门诊诊疗目录病种"
    assert second.indicator == "乡镇卫生院住院诊疗目录病种"
    assert second.text == "60 种"


# Numbers that are not targets: years, dates, ordinals, slogans, names, ages, conditions,
# list counts, versions, programme sizes, titles and anything inside quotation marks.
NOT_TARGETS = [
    pytest.param("2021年继续推进紧密型县域医共体建设", id="year"),
    pytest.param("2023—2025年", id="year-range"),
    pytest.param("6月底前完成招标工作", id="date-month"),
    pytest.param("12月15日前报送年度总结", id="date-day"),
    pytest.param("编制“十四五”卫生健康发展规划", id="shisiwu-quoted"),
    pytest.param("编制十四五卫生健康发展规划", id="shisiwu-bare"),
    pytest.param("深化三医联动改革", id="sanyi-liandong"),
    pytest.param("落实“三个一批”要求", id="sangeyipi-quoted"),
    pytest.param("实施三个一批", id="sangeyipi-after-verb"),
    pytest.param("不断增强“四个意识”、坚定“四个自信”、做到“两个维护”", id="sigeyishi"),
    pytest.param("树牢四个意识", id="sigeyishi-bare"),
    pytest.param("开展建党100周年庆祝活动", id="anniversary"),
    pytest.param("5岁以下儿童死亡率有所下降", id="age-only"),
    pytest.param("做好65岁及以上重点人群分类分级健康服务", id="age-65"),
    pytest.param("对65岁以上老年人开展免费体检", id="age-65-yishang"),
    pytest.param("创建第二批中医药特色示范社区卫生服务站", id="ordinal-pi"),
    pytest.param("创建第2批示范区", id="ordinal-digit"),
    pytest.param("全面启动第六轮加强公共卫生体系建设三年行动计划", id="ordinal-lun"),
    pytest.param("加大老年人疫苗接种和第二剂次加强免疫接种推进力度", id="ordinal-jici"),
    pytest.param("规范开展哨点人群、病原学、血清学等6个维度的日常监测工作", id="deng-6-ge"),
    pytest.param("推进“便捷就医服务”数字化转型3.0版", id="version"),
    pytest.param("具有1年以上基层工作经历", id="condition-years"),
    pytest.param("深入实施26项健康浙江行动", id="programme-xiang"),
    pytest.param("全面推进15个专项行动", id="programme-ge"),
    pytest.param("启动实施《宝山区社区卫生服务中心强基增能三年(2023—2025年)行动计划》", id="title"),
    pytest.param("贯彻《关于建设100家示范社区卫生服务中心的通知》", id="figure-inside-title"),
    pytest.param("打造“15分钟健康服务圈”", id="figure-inside-quotes"),
    pytest.param("开展“百名医生进万家”活动", id="numeral-inside-quotes"),
    pytest.param("开展“5.12”国际护士节系列活动", id="date-inside-quotes"),
    pytest.param("推进家庭医生“1+1+1”签约", id="formula-inside-quotes"),
    pytest.param("开展卫生健康领域5G应用场景建设", id="5g"),
    pytest.param("贯彻落实三孩生育政策", id="sanhai"),
    pytest.param("二级及以上医院全部接入平台", id="grade"),
    pytest.param("建立三级综合防治网络", id="sanji"),
    pytest.param("继续推进区内6家区域性医疗中心服务能力提升", id="existing-qunei"),
    pytest.param("总结4家医养结合试点单位工作成效", id="existing-zongjie"),
    pytest.param("约500名医务人员参加", id="estimate-yue"),
    pytest.param("近3年新增的医疗机构", id="estimate-jin"),
    pytest.param("四是加强队伍建设", id="inline-marker"),
]


@pytest.mark.parametrize("text", NOT_TARGETS)
def test_numbers_that_are_not_targets_are_ignored(text):
    assert find_targets(text) == []


def test_empty_text_has_no_targets():
    assert find_targets("") == []


# Cases that once failed (each was a parser bug), kept as regressions.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "全年开展免费健康体检1,200人次",
            [(1200, "=", "人次")],
            id="thousands-separator",
        ),
        pytest.param(
            "每个乡镇至少建成1家标准化卫生院",
            [(1, ">=", "家")],
            id="zhishao-before-verb",
        ),
        pytest.param(
            "全区人均预期寿命达到79岁以上",
            [(79, ">=", "岁")],
            id="life-expectancy",
        ),
        pytest.param(
            "全区已建成12家标准化村卫生室，今年新建3家",
            [(3, "=", "家")],
            id="existing-yijiancheng",
        ),
    ],
)
def test_former_target_gaps(text, expected):
    assert triples(find_targets(text)) == expected
