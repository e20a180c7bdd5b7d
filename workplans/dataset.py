"""Synthetic benchmark data: bureaus with units, users and one published plan full of tasks.

Everything is generated in memory from `random.Random(seed)` and inserted with bulk_create, so a
run is deterministic (same seed, same rows) and 50 bureaus x 300 tasks take seconds. bulk_create
bypasses simple_history, so no history rows are written; that is fine for benchmark data.

There is no reporting-period model yet: `periods` only says how far into the year (P/12) the
data is, which shapes each task's progress and status and each target's latest actual value.
Reporting periods and reports will be generated once their models exist (issue 5).
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from tasks.models import Target, Task, TaskStatus, TaskUnit
from workplans.models import Bureau, Plan, Section, Unit, User

BATCH_SIZE = 2000
DATASET_PASSWORD = "dataset2026"
MAX_PERIODS = 12


class DatasetError(ValueError):
    """Bad arguments or a dataset that already exists; the message is for the operator."""


# --- Place names --------------------------------------------------------------------------------
# Cities and districts are two syllables each, combined deterministically from these lists.
CITY_FIRST = list("青临安平永宁清长新泰华兴云丰广德嘉庆昌汉")
CITY_SECOND = list("州阳江源川山水城宁安")
DISTRICT_FIRST = list("石桃梅柳松金玉龙凤鹤白红黄翠碧望湘沅资岳雁鹿芙蓉樟枫双")
DISTRICT_SECOND = list("山湖江河溪源城阳塘峰林桥岭浦湾田坪洲")
TOWN_FIRST = list("白石桃花新大高长龙牛马沙泉杨竹茶荷铁黄兰青罗")
TOWN_SECOND = list("田坪桥塘港铺湾市口岭溪冲坝垸河林")

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董曾彭蒋邓")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华丹玲波斌宇浩凯鹏欣婷健文红亮")

SECTION_NUMBERS = ["一", "二", "三", "四", "五", "六", "七", "八"]

# --- Units --------------------------------------------------------------------------------------
K = Unit.Kind


@dataclass(frozen=True)
class UnitSpec:
    name: str
    kind: str
    aliases: str  # "{lvl}" becomes 区 or 县
    tags: tuple[str, ...]


CORE_UNITS = [
    UnitSpec("办公室", K.OFFICE, "局办公室", ("office", "party", "safety")),
    UnitSpec("人事股", K.OFFICE, "人事教育股", ("hr", "support")),
    UnitSpec("规划财务股", K.OFFICE, "财务股", ("finance", "support", "reform")),
    UnitSpec("医政医管股", K.OFFICE, "医政股", ("medical", "reform")),
    UnitSpec("基层卫生股", K.OFFICE, "", ("primary",)),
    UnitSpec("疾病预防控制股", K.OFFICE, "疾控股", ("cdc",)),
    UnitSpec("妇幼健康股", K.OFFICE, "", ("maternal",)),
    UnitSpec(
        "疾病预防控制中心",
        K.AFFILIATE,
        "疾控中心、{lvl}疾控中心、{lvl}疾病预防控制中心",
        ("cdc",),
    ),
    UnitSpec(
        "卫生健康综合监督执法局",
        K.AFFILIATE,
        "卫生监督所、{lvl}卫生健康综合监督执法局",
        ("supervision",),
    ),
    UnitSpec("妇幼保健院", K.HOSPITAL, "{lvl}妇幼保健院", ("maternal",)),
    UnitSpec("人民医院", K.HOSPITAL, "{lvl}人民医院", ("medical",)),
    UnitSpec("中医医院", K.HOSPITAL, "{lvl}中医医院、{lvl}中医院", ("tcm",)),
    UnitSpec("乡镇卫生院", K.TOWNSHIP, "各乡镇卫生院", ("primary", "township")),
]
OPTIONAL_UNITS = [
    UnitSpec("党建办公室", K.OFFICE, "党建办、机关党委", ("party", "conduct")),
    UnitSpec("中医股", K.OFFICE, "中医药股", ("tcm",)),
    UnitSpec("政策法规股", K.OFFICE, "法规股", ("supervision", "reform")),
    UnitSpec("老龄健康股", K.OFFICE, "", ("aging",)),
    UnitSpec("人口监测与家庭发展股", K.OFFICE, "人口家庭股", ("aging",)),
    UnitSpec("爱国卫生运动委员会办公室", K.OFFICE, "爱卫办", ("healthy",)),
    UnitSpec("卫生应急办公室", K.OFFICE, "应急办", ("safety",)),
    UnitSpec("职业健康股", K.OFFICE, "", ("supervision",)),
    UnitSpec("科技教育股", K.OFFICE, "科教股", ("support",)),
    UnitSpec("行政审批股", K.OFFICE, "审批股", ("supervision",)),
    UnitSpec("纪检监察室", K.OFFICE, "驻局纪检组", ("conduct",)),
    UnitSpec("卫生健康信息中心", K.AFFILIATE, "信息中心", ("support",)),
    UnitSpec("120急救指挥中心", K.AFFILIATE, "急救中心", ("medical", "safety")),
    UnitSpec("计划生育协会", K.AFFILIATE, "计生协", ("aging",)),
    UnitSpec("健康教育所", K.AFFILIATE, "健教所", ("healthy",)),
    UnitSpec("第二人民医院", K.HOSPITAL, "二医院、{lvl}第二人民医院", ("medical",)),
    UnitSpec("精神病医院", K.HOSPITAL, "{lvl}精神病医院", ("cdc", "medical")),
]
UNITS_MIN, UNITS_MAX = 15, 25
MIN_NAMED_TOWNSHIPS = 2


# --- Plan sections, task phrases and targets ----------------------------------------------------
@dataclass(frozen=True)
class TargetSpec:
    indicator: str
    comparator: str
    unit: str
    low: int
    high: int
    template: str  # "{v}" becomes the value

    @property
    def cumulative(self) -> bool:
        """Counts (名, 家, 人次, 万元) accumulate over the year; rates (%) are levels."""
        return self.unit != "%"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    titles: tuple[str, ...]
    objects: tuple[str, ...]
    targets: tuple[TargetSpec, ...]


T = TargetSpec
SECTIONS = [
    SectionSpec(
        "party",
        ("切实加强党的全面领导", "全面加强党的建设", "坚持党建引领卫生健康高质量发展"),
        (
            "党史学习教育常态化长效化",
            "基层党组织标准化规范化建设",
            "公立医院党委领导下的院长负责制",
            "意识形态工作责任制",
            "“党建+业务”融合发展",
            "党员干部教育培训",
        ),
        (
            T("党员干部教育培训覆盖率", ">=", "%", 95, 100, "党员干部教育培训覆盖率达{v}%"),
            T("党员集中培训", ">=", "人次", 200, 1500, "开展党员集中培训{v}人次以上"),
        ),
    ),
    SectionSpec(
        "reform",
        ("深入推进医药卫生体制改革", "持续深化医药卫生体制改革"),
        (
            "紧密型医共体建设",
            "公立医院高质量发展",
            "现代医院管理制度建设",
            "药品耗材集中带量采购",
            "医疗服务价格动态调整",
            "医保支付方式改革",
            "分级诊疗制度建设",
            "公立医院薪酬制度改革",
        ),
        (
            T("县域内就诊率", ">=", "%", 85, 92, "县域内就诊率力争达到{v}%"),
            T(
                "医疗服务收入占医疗收入比例",
                ">=",
                "%",
                30,
                40,
                "公立医院医疗服务收入占医疗收入比例达到{v}%以上",
            ),
            T("住院次均费用增幅", "<=", "%", 3, 8, "住院次均费用增幅控制在{v}%以内"),
        ),
    ),
    SectionSpec(
        "cdc",
        ("切实完善公共卫生服务体系", "着力加强疾病预防控制"),
        (
            "重大传染病防控",
            "免疫规划工作",
            "结核病防治",
            "艾滋病综合防治",
            "慢性病综合防控示范区建设",
            "严重精神障碍患者服务管理",
            "疾控体系改革",
            "传染病监测预警能力建设",
        ),
        (
            T(
                "适龄儿童免疫规划疫苗接种率",
                ">=",
                "%",
                90,
                95,
                "适龄儿童免疫规划疫苗接种率保持在{v}%以上",
            ),
            T("肺结核患者成功治疗率", ">=", "%", 88, 92, "肺结核患者成功治疗率达到{v}%以上"),
            T(
                "严重精神障碍患者规范管理率",
                ">=",
                "%",
                80,
                90,
                "严重精神障碍患者规范管理率达{v}%以上",
            ),
            T("高血压患者规范管理率", ">=", "%", 60, 70, "高血压患者规范管理率达到{v}%"),
        ),
    ),
    SectionSpec(
        "medical",
        ("着力提升医疗服务能力", "切实增强卫生健康服务能力"),
        (
            "临床重点专科建设",
            "胸痛、卒中、创伤中心建设",
            "医疗质量安全管理",
            "改善就医感受提升患者体验主题活动",
            "医院感染防控",
            "检查检验结果互认",
            "远程医疗服务网络建设",
            "无偿献血工作",
        ),
        (
            T("学科带头人", ">=", "名", 3, 15, "引进培养学科带头人{v}名以上"),
            T("患者满意度", ">=", "%", 90, 95, "患者满意度达到{v}%以上"),
            T("无偿献血", ">=", "人次", 3000, 12000, "完成无偿献血{v}人次以上"),
        ),
    ),
    SectionSpec(
        "primary",
        ("持续夯实基层卫生服务网络", "巩固提升基层医疗卫生服务能力"),
        (
            "家庭医生签约服务",
            "“优质服务基层行”活动",
            "村卫生室标准化建设",
            "乡村医生队伍建设",
            "基本公共卫生服务项目",
            "乡镇卫生院服务能力提升",
            "社区医院建设",
            "基层卫生人才定向培养",
        ),
        (
            T("家庭医生签约服务率", ">=", "%", 35, 75, "家庭医生签约服务率达{v}%以上"),
            T(
                "65岁及以上老年人健康管理率",
                ">=",
                "%",
                65,
                75,
                "65岁及以上老年人健康管理率达到{v}%",
            ),
            T("标准化村卫生室", "=", "家", 3, 20, "新建标准化村卫生室{v}家"),
            T("定向培养乡村医生", ">=", "名", 5, 40, "招录定向培养乡村医生{v}名"),
        ),
    ),
    SectionSpec(
        "maternal",
        ("全力保障妇幼健康", "全面提升妇幼健康服务水平"),
        (
            "母婴安全五项制度",
            "出生缺陷综合防治",
            "农村妇女“两癌”筛查",
            "儿童保健服务",
            "危重孕产妇救治网络建设",
            "适龄女生HPV疫苗接种",
        ),
        (
            T("孕产妇系统管理率", ">=", "%", 90, 95, "孕产妇系统管理率达到{v}%以上"),
            T(
                "农村妇女“两癌”筛查",
                ">=",
                "人次",
                3000,
                20000,
                "完成农村妇女“两癌”筛查{v}人次",
            ),
            T("3岁以下儿童系统管理率", ">=", "%", 90, 95, "3岁以下儿童系统管理率达{v}%以上"),
        ),
    ),
    SectionSpec(
        "tcm",
        ("传承创新发展中医药事业", "推动中医药振兴发展"),
        (
            "基层中医馆建设",
            "中医药适宜技术推广",
            "名老中医药专家传承工作室建设",
            "中医治未病服务",
            "中西医协同",
            "中医优势专科建设",
        ),
        (
            T("基层中医馆", "=", "家", 2, 12, "建成基层中医馆{v}家"),
            T("中医药适宜技术培训", ">=", "人次", 200, 1500, "开展中医药适宜技术培训{v}人次"),
            T(
                "能提供中医药服务的村卫生室占比",
                ">=",
                "%",
                70,
                85,
                "能提供中医药服务的村卫生室占比达到{v}%",
            ),
        ),
    ),
    SectionSpec(
        "aging",
        ("积极应对人口老龄化", "促进人口长期均衡发展"),
        (
            "医养结合服务",
            "老年友善医疗机构创建",
            "普惠托育服务体系建设",
            "计划生育特殊家庭扶助关怀",
            "安宁疗护试点",
            "生育支持政策",
        ),
        (
            T("老年友善医疗机构", "=", "家", 3, 15, "创建老年友善医疗机构{v}家"),
            T(
                "二级及以上综合医院设立老年医学科比例",
                ">=",
                "%",
                50,
                80,
                "二级及以上综合医院设立老年医学科比例达到{v}%",
            ),
            T(
                "计划生育特殊家庭扶助金",
                "=",
                "万元",
                50,
                600,
                "足额发放计划生育特殊家庭扶助金{v}万元",
            ),
        ),
    ),
    SectionSpec(
        "healthy",
        ("深入推进健康城市建设", "扎实推进健康中国行动"),
        (
            "国家卫生城镇创建",
            "爱国卫生运动",
            "健康细胞建设",
            "病媒生物防制",
            "控烟履约工作",
            "健康素养促进行动",
            "城乡环境卫生整治",
        ),
        (
            T("居民健康素养水平", ">=", "%", 25, 35, "居民健康素养水平达到{v}%以上"),
            T("国家卫生乡镇", "=", "家", 1, 4, "创建国家卫生乡镇{v}家"),
            T("15岁以上人群吸烟率", "<=", "%", 20, 24, "15岁以上人群吸烟率控制在{v}%以下"),
        ),
    ),
    SectionSpec(
        "supervision",
        ("依法加强卫生健康综合监管", "提升综合监督执法效能"),
        (
            "“双随机、一公开”监管",
            "医疗机构依法执业监管",
            "公共场所和生活饮用水卫生监督",
            "职业病危害专项治理",
            "打击非法行医专项行动",
            "医疗乱象专项整治",
        ),
        (
            T("“双随机”抽查任务完成率", "=", "%", 100, 100, "“双随机”抽查任务完成率达到{v}%"),
            T("监督检查医疗机构", ">=", "家", 50, 400, "监督检查医疗机构{v}家以上"),
            T("职业健康检查", ">=", "人次", 1000, 10000, "完成重点行业职业健康检查{v}人次"),
        ),
    ),
    SectionSpec(
        "support",
        ("强化人才和信息化支撑", "夯实卫生健康发展支撑体系"),
        (
            "卫生健康人才引进培养",
            "住院医师规范化培训",
            "全民健康信息平台建设",
            "电子健康档案和电子病历应用",
            "“互联网+医疗健康”服务",
            "医疗卫生重点项目建设",
        ),
        (
            T("卫生专业技术人才", ">=", "名", 10, 80, "引进卫生专业技术人才{v}名以上"),
            T("上级项目资金", ">=", "万元", 500, 8000, "争取上级项目资金{v}万元以上"),
            T("基层医务人员培训", ">=", "人次", 300, 3000, "培训基层医务人员{v}人次以上"),
        ),
    ),
    SectionSpec(
        "safety",
        ("统筹发展和安全", "守牢卫生健康安全底线"),
        (
            "卫生应急体系建设",
            "平安医院建设",
            "安全生产专项整治",
            "突发公共卫生事件应急演练",
            "医疗纠纷预防和处理",
            "信访维稳工作",
        ),
        (
            T("卫生应急演练", ">=", "人次", 100, 800, "组织卫生应急演练{v}人次以上"),
            T("医疗纠纷人民调解成功率", ">=", "%", 90, 98, "医疗纠纷人民调解成功率达{v}%以上"),
        ),
    ),
    SectionSpec(
        "conduct",
        ("持之以恒正风肃纪", "深入推进清廉医院建设"),
        (
            "清廉医院建设",
            "医药领域腐败问题集中整治",
            "医德医风建设",
            "行风建设",
            "党风廉政建设责任制",
        ),
        (
            T("廉政谈话", ">=", "人次", 100, 600, "开展廉政谈话{v}人次以上"),
            T("行风问题整改率", "=", "%", 100, 100, "群众反映行风问题整改率达到{v}%"),
        ),
    ),
]
SECTIONS_MIN, SECTIONS_MAX = 6, 8

VERBS = ["推进", "深化", "加强", "持续推进", "扎实推进", "全面推进", "强化", "统筹推进", "做好"]
CLAUSES_HOW = [
    "制定年度实施方案",
    "明确责任分工和时间节点",
    "建立工作台账，实行清单化管理",
    "完善工作机制",
    "加大资金投入和政策保障",
    "强化部门协同和上下联动",
]
CLAUSES_AIM = [
    "确保各项措施落地见效",
    "推动工作提质增效",
    "切实提升群众获得感",
    "形成可复制可推广的经验",
    "按时完成上级下达的目标任务",
]
CLOSINGS = [
    "定期开展督导检查，及时通报工作进展。",
    "将工作情况纳入年度绩效考核。",
    "{deadline_text}完成阶段性工作并报送进展情况。",
    "",
]
TARGET_SHARE = 0.4


# --- Helpers ------------------------------------------------------------------------------------
def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _pairs(first: list[str], second: list[str]) -> list[str]:
    return [a + b for a in first for b in second if a != b]


def _bureau_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(full name, short name) for `count` bureaus: districts grouped under a few cities."""
    cities = _pairs(CITY_FIRST, CITY_SECOND)
    districts = _pairs(DISTRICT_FIRST, DISTRICT_SECOND)
    rng.shuffle(cities)
    rng.shuffle(districts)
    names: list[tuple[str, str]] = []
    used: set[str] = set()
    city_index = district_index = 0
    while len(names) < count:
        city = cities[city_index % len(cities)]
        city_index += 1
        for _ in range(rng.randint(3, 9)):
            if len(names) == count:
                break
            district = districts[district_index % len(districts)]
            district_index += 1
            level = "区" if rng.random() < 0.55 else "县"
            place = f"{district}{level}"
            name = f"{city}市{place}卫生健康局"
            suffix = 1
            while name in used:  # only once every city/district pair has been used
                suffix += 1
                place = f"{district}{suffix}{level}"
                name = f"{city}市{place}卫生健康局"
            used.add(name)
            names.append((name, f"{place}卫健局"))
    return names


def _choose_deadline(rng: random.Random, year: int) -> tuple[dt.date, str]:
    roll = rng.random()
    if roll < 0.5:
        return dt.date(year, 12, 31), rng.choice(["年底前", "12月底前", "全年"])
    if roll < 0.65:
        return dt.date(year, 6, 30), rng.choice(["6月底前", "上半年"])
    if roll < 0.75:
        return dt.date(year, 9, 30), "9月底前"
    if roll < 0.85:
        return dt.date(year, 11, 30), "11月底前"
    if roll < 0.9:
        return dt.date(year, 3, 31), "一季度"
    month, day = rng.randint(2, 12), rng.randint(1, 28)
    return dt.date(year, month, day), f"{month}月{day}日前"


def _progress_and_status(
    rng: random.Random, start: dt.date, deadline: dt.date, as_of: dt.date
) -> tuple[int, str]:
    """Progress as of the end of period P, from the share of the task's time that has elapsed."""
    if as_of < start:
        expected = 0.0
    elif as_of >= deadline:
        expected = 1.0
    else:
        expected = (as_of - start).days / max((deadline - start).days, 1)
    roll = rng.random()
    if roll < 0.06:
        pace = 0.0  # stalled
    elif roll < 0.25:
        pace = rng.uniform(0.4, 0.85)  # behind
    else:
        pace = rng.uniform(0.9, 1.2)  # on track
    if expected >= 1.0 and pace >= 0.9:
        progress = 100
    else:
        progress = min(95, round(min(1.0, expected * pace) * 20) * 5)
    if progress == 100:
        status = TaskStatus.DONE
    elif deadline < as_of:
        status = TaskStatus.OVERDUE
    elif progress == 0:
        status = TaskStatus.NOT_STARTED if expected < 0.2 else TaskStatus.BEHIND
    elif progress < expected * 100 - 15:
        status = TaskStatus.BEHIND
    else:
        status = TaskStatus.ON_TRACK
    return progress, status


def _target_values(
    rng: random.Random, spec: TargetSpec, progress: int
) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """(value, baseline, latest_actual); the actual follows the task's progress."""
    value = rng.randint(spec.low, spec.high)
    if spec.unit == "万元":
        value = max(10, value // 10 * 10)
    share = min(1.0, progress / 100 * rng.uniform(0.85, 1.15))
    report = progress > 0 and rng.random() < 0.7
    if spec.cumulative:
        actual = Decimal(round(value * share)) if report else None
        return Decimal(value), None, actual
    if spec.comparator == "<=":
        baseline = value + rng.uniform(1, 5)
        level = baseline - (baseline - value) * share
    else:
        baseline = max(0.0, value - rng.uniform(2, 10))
        level = min(100.0, baseline + (value - baseline) * share)
    actual = Decimal(f"{level:.1f}") if report else None
    return Decimal(value), Decimal(f"{baseline:.1f}"), actual


@dataclass
class _BureauUnits:
    units: list[Unit]
    tags: list[tuple[str, ...]]


def _build_units(rng: random.Random, bureau: Bureau, level: str) -> _BureauUnits:
    target = rng.randint(UNITS_MIN, UNITS_MAX)
    room = target - len(CORE_UNITS) - MIN_NAMED_TOWNSHIPS
    optional = rng.sample(OPTIONAL_UNITS, rng.randint(0, min(room, len(OPTIONAL_UNITS))))
    optional.sort(key=OPTIONAL_UNITS.index)
    specs = list(CORE_UNITS[:-1]) + optional + [CORE_UNITS[-1]]
    towns = rng.sample(_pairs(TOWN_FIRST, TOWN_SECOND), target - len(specs))
    for town in towns:
        roll = rng.random()
        if roll < 0.6:
            specs.append(UnitSpec(f"{town}镇卫生院", K.TOWNSHIP, "", ("township",)))
        elif roll < 0.8:
            specs.append(UnitSpec(f"{town}乡卫生院", K.TOWNSHIP, "", ("township",)))
        else:
            specs.append(
                UnitSpec(f"{town}街道社区卫生服务中心", K.TOWNSHIP, f"{town}社区", ("township",))
            )
    units = [
        Unit(
            bureau=bureau,
            name=spec.name,
            kind=spec.kind,
            aliases=spec.aliases.format(lvl=level),
            sort_order=position,
        )
        for position, spec in enumerate(specs, start=1)
    ]
    return _BureauUnits(units=units, tags=[spec.tags for spec in specs])


def _pick_sections(rng: random.Random) -> list[SectionSpec]:
    count = rng.randint(SECTIONS_MIN, SECTIONS_MAX)
    first, middle, last = SECTIONS[0], SECTIONS[1:-1], SECTIONS[-1]
    chosen = [first] if rng.random() < 0.8 else []
    if rng.random() < 0.5:
        chosen.append(last)
    chosen += rng.sample(middle, count - len(chosen))
    return sorted(chosen, key=SECTIONS.index)


def _validate(*, bureaus: int, tasks_per_plan: int, periods: int, year: int, seed: int) -> None:
    if bureaus < 1:
        raise DatasetError(f"机构数量（--bureaus）须不小于 1，收到 {bureaus}。")
    if tasks_per_plan < 1:
        raise DatasetError(
            f"每份工作要点的任务数（--tasks-per-plan）须不小于 1，收到 {tasks_per_plan}。"
        )
    if not 1 <= periods <= MAX_PERIODS:
        raise DatasetError(f"报送期数（--periods）须在 1 到 {MAX_PERIODS} 之间，收到 {periods}。")
    if not 2000 <= year <= 2100:
        raise DatasetError(f"年度（--year）须在 2000 到 2100 之间，收到 {year}。")
    if seed < 0:
        raise DatasetError(f"随机种子（--seed）须为非负整数，收到 {seed}。")


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Entry point --------------------------------------------------------------------------------
def dataset_generate(
    *, bureaus: int, tasks_per_plan: int, periods: int, year: int, seed: int
) -> dict[str, int]:
    """Create the dataset in one transaction and return how many rows of each kind were made.

    Raises DatasetError (nothing written) on bad arguments or when a bureau or username this seed
    would create already exists.
    """
    _validate(bureaus=bureaus, tasks_per_plan=tasks_per_plan, periods=periods, year=year, seed=seed)
    try:
        with transaction.atomic():
            return _generate(
                rng=random.Random(seed),
                bureaus=bureaus,
                tasks_per_plan=tasks_per_plan,
                periods=periods,
                year=year,
                seed=seed,
            )
    except IntegrityError as exc:  # a concurrent run, or rows made by hand with the same names
        raise DatasetError(
            f"写入数据集时发生冲突，已全部撤销：{exc}；请先清空数据库或换一个 --seed。"
        ) from exc


def _generate(
    *, rng: random.Random, bureaus: int, tasks_per_plan: int, periods: int, year: int, seed: int
) -> dict[str, int]:
    names = _bureau_names(rng, bureaus)
    existing = []
    for chunk in _chunks([name for name, _ in names]):
        existing += Bureau.objects.filter(name__in=chunk).values_list("name", flat=True)
    if existing:
        shown = "、".join(sorted(existing)[:3]) + ("等" if len(existing) > 3 else "")
        raise DatasetError(f"数据集已存在：{shown}；请先清空数据库或换一个 --seed。")
    user_prefix = f"s{seed}_b"
    taken = User.objects.filter(username__startswith=user_prefix).values_list("username", flat=True)
    if taken.exists():
        raise DatasetError(
            f"数据集已存在：用户名 {taken.first()} 已被占用；请先清空数据库或换一个 --seed。"
        )

    as_of = _month_end(year, periods)
    password = make_password(DATASET_PASSWORD)  # hashed once, shared by every generated user

    # Bureaus, then everything that hangs off them, one bulk insert per table.
    bureau_rows = [Bureau(name=name, short_name=short) for name, short in names]
    Bureau.objects.bulk_create(bureau_rows, batch_size=BATCH_SIZE)

    per_bureau_units: list[_BureauUnits] = []
    for bureau in bureau_rows:
        level = "区" if "区卫生健康局" in bureau.name else "县"
        per_bureau_units.append(_build_units(rng, bureau, level))
    Unit.objects.bulk_create(
        [u for bu in per_bureau_units for u in bu.units], batch_size=BATCH_SIZE
    )

    users: list[User] = []
    memberships: list[tuple[User, list[Unit]]] = []
    for index, (bureau, bu) in enumerate(zip(bureau_rows, per_bureau_units, strict=True), 1):
        prefix = f"{user_prefix}{index:03d}_"
        common = {"bureau": bureau, "password": password}
        users.append(
            User(
                username=f"{prefix}admin",
                full_name=_person_name(rng),
                role=User.Role.ADMIN,
                is_staff=True,
                **common,
            )
        )
        users.append(
            User(
                username=f"{prefix}leader",
                full_name=_person_name(rng),
                role=User.Role.LEADER,
                **common,
            )
        )
        for number in range(1, rng.randint(4, 8) + 1):
            staff = User(
                username=f"{prefix}staff{number:02d}",
                full_name=_person_name(rng),
                role=User.Role.STAFF,
                **common,
            )
            users.append(staff)
            memberships.append((staff, rng.sample(bu.units, rng.randint(1, 2))))
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    Membership = User.units.through
    Membership.objects.bulk_create(
        [
            Membership(user_id=user.pk, unit_id=unit.pk)
            for user, units in memberships
            for unit in units
        ],
        batch_size=BATCH_SIZE,
    )

    plans: list[Plan] = []
    plan_sections: list[list[tuple[Section, SectionSpec]]] = []
    for bureau in bureau_rows:
        place = bureau.short_name.removesuffix("卫健局")
        plans.append(
            Plan(
                bureau=bureau,
                year=year,
                title=f"{year}年{place}卫生健康工作要点",
                doc_number=f"{place[0]}卫发〔{year}〕{rng.randint(1, 30)}号",
                issuer=f"中共{bureau.name}党组、{bureau.name}",
                issued_date=dt.date(year, rng.randint(1, 3), rng.randint(1, 28)),
                status=Plan.Status.PUBLISHED,
                reporting_cycle=Plan.Cycle.MONTHLY,
            )
        )
        specs = _pick_sections(rng)
        plan_sections.append(
            [
                (
                    Section(
                        plan=plans[-1],
                        number=SECTION_NUMBERS[position],
                        title=rng.choice(spec.titles),
                        order=position + 1,
                    ),
                    spec,
                )
                for position, spec in enumerate(specs)
            ]
        )
    Plan.objects.bulk_create(plans, batch_size=BATCH_SIZE)
    Section.objects.bulk_create(
        [section for sections in plan_sections for section, _ in sections], batch_size=BATCH_SIZE
    )

    tasks: list[Task] = []
    task_units: list[tuple[Task, list[tuple[Unit, str]]]] = []
    targets: list[tuple[Task, list[Target]]] = []
    for plan, sections, bu in zip(plans, plan_sections, per_bureau_units, strict=True):
        # Every section gets a task first (when there are enough), the rest fall anywhere.
        slots = list(range(len(sections)))[:tasks_per_plan]
        slots += rng.choices(range(len(sections)), k=tasks_per_plan - len(slots))
        slots.sort()
        titles_left = {
            spec.key: rng.sample(
                [verb + obj for obj in spec.objects for verb in VERBS],
                len(spec.objects) * len(VERBS),
            )
            for _, spec in sections
        }
        per_section_number: dict[int, int] = {}
        for order, slot in enumerate(slots, start=1):
            section, spec = sections[slot]
            per_section_number[slot] = per_section_number.get(slot, 0) + 1
            pool = titles_left[spec.key]
            # Past the phrase combinations titles repeat, as they sometimes do in real plans.
            title = pool.pop() if pool else rng.choice(VERBS) + rng.choice(spec.objects)
            deadline, deadline_text = _choose_deadline(rng, year)
            start_month = 1 if rng.random() < 0.7 else rng.randint(1, deadline.month)
            start = dt.date(year, start_month, 1)
            progress, status = _progress_and_status(rng, start, deadline, as_of)

            task_targets: list[Target] = []
            if rng.random() < TARGET_SHARE:
                for position, t_spec in enumerate(
                    rng.sample(spec.targets, rng.randint(1, min(2, len(spec.targets)))), 1
                ):
                    value, baseline, actual = _target_values(rng, t_spec, progress)
                    task_targets.append(
                        Target(
                            text=t_spec.template.format(v=f"{value.normalize():f}"),
                            indicator=t_spec.indicator,
                            comparator=t_spec.comparator,
                            value=value,
                            unit=t_spec.unit,
                            is_stretch="力争" in t_spec.template,
                            baseline=baseline,
                            latest_actual=actual,
                            order=position,
                        )
                    )
            closing = rng.choice(CLOSINGS).format(deadline_text=deadline_text)
            goal = (
                "到年底，" + "，".join(t.text for t in task_targets) + "。" if task_targets else ""
            )
            text = f"{title}，{rng.choice(CLAUSES_HOW)}，{rng.choice(CLAUSES_AIM)}。{goal}{closing}"
            task = Task(
                plan=plan,
                section=section,
                number=str(per_section_number[slot]),
                order=order,
                title=title,
                text=text,
                start_date=start,
                deadline=deadline,
                deadline_text=deadline_text,
                weight=Decimal(rng.choices(["1", "2", "3", "0.5", "1.5"], [60, 12, 5, 10, 13])[0]),
                progress=progress,
                status=status,
            )
            tasks.append(task)
            task_units.append((task, _assign_units(rng, bu, spec.key)))
            if task_targets:
                targets.append((task, task_targets))
    Task.objects.bulk_create(tasks, batch_size=BATCH_SIZE)

    assignment_rows = [
        TaskUnit(task_id=task.pk, unit_id=unit.pk, role=role)
        for task, assigned in task_units
        for unit, role in assigned
    ]
    TaskUnit.objects.bulk_create(assignment_rows, batch_size=BATCH_SIZE)
    target_rows = []
    for task, task_targets in targets:
        for target in task_targets:
            target.task_id = task.pk
            target_rows.append(target)
    Target.objects.bulk_create(target_rows, batch_size=BATCH_SIZE)

    return {
        "bureaus": len(bureau_rows),
        "units": sum(len(bu.units) for bu in per_bureau_units),
        "users": len(users),
        "user_units": sum(len(units) for _, units in memberships),
        "plans": len(plans),
        "sections": sum(len(sections) for sections in plan_sections),
        "tasks": len(tasks),
        "task_units": len(assignment_rows),
        "targets": len(target_rows),
        "targets_with_actual": sum(1 for t in target_rows if t.latest_actual is not None),
    }


def _assign_units(rng: random.Random, bu: _BureauUnits, section_key: str) -> list[tuple[Unit, str]]:
    """One lead unit matching the section where possible, plus 0-2 distinct co-units."""
    related = [u for u, tags in zip(bu.units, bu.tags, strict=True) if section_key in tags]
    offices = [u for u in bu.units if u.kind == K.OFFICE]
    lead = rng.choice(related or offices)
    chosen = [(lead, TaskUnit.Role.LEAD)]
    used = {id(lead)}
    helpers = [u for u in related if id(u) not in used]
    townships = [u for u in bu.units if u.kind == K.TOWNSHIP]
    for _ in range(rng.choices([0, 1, 2], [30, 40, 30])[0]):
        roll = rng.random()
        pool = helpers if roll < 0.4 else townships if roll < 0.6 else bu.units
        pool = [u for u in pool if id(u) not in used] or [u for u in bu.units if id(u) not in used]
        unit = rng.choice(pool)
        used.add(id(unit))
        chosen.append((unit, TaskUnit.Role.CO))
    return chosen
