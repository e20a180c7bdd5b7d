"""UnitMatcher.find: the units a task names as responsible, with and without a bureau's list."""

import pytest

from workplans.parsing.units import UnitMatcher, trailing_assignment


def bureau():
    return UnitMatcher(
        {
            "疾病预防控制中心": ["疾控中心", "区疾控中心"],
            "医政医管科": ["医政科"],
            "财务科": [],
            "区人民医院": ["人民医院"],
        }
    )


# (text, lead, co) without a dictionary: names as written.
AS_WRITTEN = [
    pytest.param(
        "加强党员教育管理。（责任科室：组干科、机关党委）",
        ["组干科", "机关党委"],
        [],
        id="zeren-keshi",
    ),
    pytest.param("完成门诊改造。（责任单位：区人民医院）", ["区人民医院"], [], id="zeren-only"),
    pytest.param(
        "推进医共体建设（牵头单位：医政科；配合单位：财务科、基层卫生科）",
        ["医政科"],
        ["财务科", "基层卫生科"],
        id="qiantou-peihe",
    ),
    pytest.param(
        "推进医共体建设。牵头部门：医政医管处；配合部门：规划处",
        ["医政医管处"],
        ["规划处"],
        id="qiantou-bumen",
    ),
    pytest.param("做好信访工作。责任处室：办公室", ["办公室"], [], id="zeren-chushi"),
    pytest.param(
        "推进信息化建设。（牵头：规划信息处；配合：市卫生健康信息中心、各区县卫生健康局）",
        ["规划信息处"],
        ["市卫生健康信息中心", "各区县卫生健康局"],
        id="bare-labels",
    ),
    pytest.param(
        "（牵头处室：驻委纪检监察组；配合处室：医政医管处、药政处）",
        ["驻委纪检监察组"],
        ["医政医管处", "药政处"],
        id="chushi-zu",
    ),
    pytest.param("区卫健局会同区财政局制定实施方案", ["区卫健局"], ["区财政局"], id="huitong"),
    pytest.param(
        "组干科会同纪检监察组开展医药领域腐败问题集中整治",
        ["组干科"],
        ["纪检监察组"],
        id="huitong-zu",
    ),
    pytest.param("医政科会疾控中心开展全区医疗机构院感检查", ["医政科"], ["疾控中心"], id="hui"),
    pytest.param(
        "区卫健局会同区医保局、区财政局联合印发实施方案",
        ["区卫健局"],
        ["区医保局", "区财政局"],
        id="huitong-two",
    ),
    pytest.param(
        "由疾控中心牵头，医政科配合，完成实验室建设",
        ["疾控中心"],
        ["医政科"],
        id="you-qiantou-peihe",
    ),
    pytest.param(
        "医政科牵头，疾控中心、区人民医院配合",
        ["医政科"],
        ["疾控中心", "区人民医院"],
        id="bare-qiantou",
    ),
    pytest.param("医政科负责，财务科配合。", ["医政科"], ["财务科"], id="bare-fuze"),
    pytest.param(
        "责任单位：医政科（牵头）、疾控中心、妇幼保健院",
        ["医政科"],
        ["疾控中心", "妇幼保健院"],
        id="marked-lead-in-list",
    ),
    pytest.param(
        "推进改革。（牵头单位：医政科；分管领导：王伟；责任人：张三）",
        ["医政科"],
        [],
        id="people-labels",
    ),
    pytest.param("牵头领导：李局长；牵头单位：医政科 王伟", ["医政科"], [], id="leader-then-unit"),
    pytest.param("责任单位：医政科（王伟）、财务科", ["医政科", "财务科"], [], id="name-aside"),
    pytest.param(
        "责任单位：各镇人民政府、区医保局和区财政局",
        ["各镇人民政府", "区医保局", "区财政局"],
        [],
        id="he-between-units",
    ),
    pytest.param(
        "责任单位：人口监测与家庭发展科", ["人口监测与家庭发展科"], [], id="yu-inside-a-name"
    ),
    pytest.param(
        "责任单位：医政科，财务科；基层卫生科",
        ["医政科", "财务科", "基层卫生科"],
        [],
        id="comma-semicolon-list",
    ),
    pytest.param(
        "（牵头单位：区卫健局；责任单位：各镇街）", ["区卫健局", "各镇街"], [], id="kept-as-written"
    ),
    pytest.param(
        "以市第三人民医院、区中医医院为牵头单位，组建医共体",
        ["市第三人民医院", "区中医医院"],
        [],
        id="yi-wei-qiantou-danwei",
    ),
]


@pytest.mark.parametrize(("text", "lead", "co"), AS_WRITTEN)
def test_units_named_as_responsible_are_kept_as_written(text, lead, co):
    assert UnitMatcher().find(text) == (lead, co)


NO_UNITS = [
    pytest.param("各科室、各单位等按职责分工落实。", id="an-zhize-luoshi"),
    pytest.param("（各相关单位按职责分工负责）", id="ge-xiangguan-danwei"),
    pytest.param("责任单位：医政科、疾控中心等按职责分工落实", id="list-an-zhize"),
    pytest.param("加强与医保局的协作，与医保局协同推进支付方式改革", id="yu-yibaoju"),
    pytest.param("积极配合医保局做好支付方式改革", id="peihe-object"),
    pytest.param("由各地结合实际负责落实", id="you-gedi"),
    pytest.param("组织医务人员开展义诊活动", id="pivot"),
    pytest.param("区红十字会开展应急救护培训", id="hongshizihui"),
    pytest.param("各医疗机构负责做好院感防控", id="fuze-zuohao"),
    pytest.param("以县人民医院、县中医院为牵头医院，巩固医共体运行机制", id="qiantou-yiyuan"),
    pytest.param("分管领导：王伟；责任人：张三", id="people-only"),
    pytest.param("推进社会办医，加强社会监督", id="shehui"),
    pytest.param("主持指挥部日常工作，接管酒店专班、协助冷链专班", id="xiezhu-object"),
    pytest.param("急救人员定期参加医共体牵头医院急诊岗位培训", id="qiantou-yiyuan-noun"),
    pytest.param("组织市级医疗机构与医学院校协同开展临床研究", id="pivot-xietong"),
    pytest.param("积极探索计生协参与儿童早期发展服务机制", id="canyu-object"),
]


@pytest.mark.parametrize("text", NO_UNITS)
def test_prose_people_and_duty_clauses_name_no_unit(text):
    assert UnitMatcher().find(text) == ([], [])


def test_with_a_dictionary_aliases_map_to_canonical_names_and_unknown_names_are_reported():
    units = bureau()
    text = "推进医共体建设（牵头单位：医政科；配合单位：财务科、基层卫生科）"
    assert units.find(text) == (["医政医管科"], ["财务科", "基层卫生科"])
    assert units.find("区疾控中心会同医政科制定方案") == (["疾病预防控制中心"], ["医政医管科"])
    assert units.find("（责任单位：各镇街）") == ([], [])  # not unit-like, not in the list
    assert units.unknown == ["基层卫生科"]


def test_with_a_dictionary_people_and_duty_clauses_still_name_no_unit():
    units = bureau()
    assert units.find("（牵头单位：医政科；分管领导：王伟；责任人：张三）") == (["医政医管科"], [])
    assert units.find("医政科、财务科等按职责分工落实") == ([], [])
    assert units.unknown == []


def test_resolve_keeps_a_unit_column_as_written_but_not_people():
    units = UnitMatcher()
    assert units.resolve("医政科\n王伟") == ["医政科"]
    assert units.resolve("各镇街、区直各单位") == ["各镇街", "区直各单位"]  # as written
    assert units.resolve("镇卫生院、各村（社区）") == ["镇卫生院", "各村（社区）"]
    assert units.resolve("区委编办/区人社局") == ["区委编办", "区人社局"]
    assert units.resolve("分管副局长") == []


def test_a_closing_assignment_aside_is_found_for_the_caller_to_lift():
    text = "三是健全医德医风长效机制。（牵头处室：驻委纪检监察组；配合处室：医政医管处、药政处）"
    start = trailing_assignment(text)
    assert text[start:].startswith("（牵头处室")
    assert trailing_assignment("完成改造（医政科牵头，财务科配合）。") == 4
    assert trailing_assignment("三是健全医德医风长效机制。") is None


def test_a_unit_named_after_its_work_is_still_a_unit():
    matcher = UnitMatcher()
    assert matcher.find("定期召开调度会议。（健康中国行动推进办负责）") == (
        ["健康中国行动推进办"],
        [],
    )
    assert matcher.find("由县医改工作领导小组办公室牵头，县财政局配合") == (
        ["县医改工作领导小组办公室"],
        ["县财政局"],
    )
    assert matcher.find("推进医共体建设工作，完善工作机制") == ([], [])
