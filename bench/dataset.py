"""Synthetic benchmark data: bureaus with units, users, one published plan full of tasks, and
a year of monthly progress reporting on it.

    python bench/make_dataset.py --bureaus 50 --tasks-per-plan 300 --periods 12 [--year Y]

writes it into the database DATABASE_URL names (the project's settings); bench scripts call
`dataset_generate` directly.

Everything is generated in memory from `random.Random(seed)` and inserted with bulk_create, so a
run is deterministic (same seed, same rows); 50 bureaus x 300 tasks x 12 periods (~210,000 rows)
take about twenty seconds, most of it in ProgressReport's bulk insert. bulk_create bypasses
simple_history (no history rows) and fills auto_now / auto_now_add fields (ReportingPeriod
.opened_at, ProgressReport.created_at / updated_at) with the time of the run; that is fine for
benchmark data.

Reporting with `periods` P: each plan gets P monthly periods of the year (`2026年3月`, due on the
25th), the first P-1 closed and the last open. Each task follows one pace all year, which gives
its completion at the end of every month (rising, in steps of 5). About 85% of tasks have one
report per closed period by their lead unit, written by one of the bureau's staff: approved
except for some submitted (not yet reviewed) or returned ones in the last two closed periods,
submitted within the month, ~10% after the due date (is_late). The task's progress and its
targets' latest_actual are what the office last approved (as report_approve leaves them), and
its status is the engine's (workplans/services/statuses.py) as of the open period's end;
tasks with no approved report keep their completion as of the end of period P. Target actuals
(TargetActual) are on each task's latest report, and on its latest approved report when that is
an older one. About 30% of tasks have a draft in the open period.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from tasks.models import ProgressReport, ReportingPeriod, ReportStatus, TargetActual
from tasks.services.periods import statuses_and_unreported_recompute
from workplans.models import Bureau, Plan, Section, Target, Task, TaskStatus, TaskUnit, Unit, User

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

# --- Reporting ----------------------------------------------------------------------------------
REPORT_SHARE = 0.85  # tasks whose lead unit reported in every closed period
DRAFT_SHARE = 0.3  # tasks with a draft saved in the open period
LATE_SHARE = 0.1  # reports submitted after the due date (still within their month)
DUE_DAY = 25

REPORT_OPENINGS = [
    "本月，我单位围绕“{title}”",
    "{month}月以来，我单位聚焦“{title}”",
    "对照年度工作要点，我单位就“{title}”",
    "按照局党组部署，我单位持续抓好“{title}”",
    "{month}月，我单位把“{title}”列入重点工作",
]
# (highest percent the stage covers, what the unit did)
STAGE_ACTIONS = [
    (
        0,
        [
            "开展前期调研，摸清工作底数，起草实施方案初稿",
            "收集上级文件和兄弟单位经验做法，谋划工作思路",
        ],
    ),
    (
        30,
        [
            "制定印发实施方案，召开专题部署会，明确责任分工和时间节点",
            "成立工作专班，建立工作台账，细化任务清单",
        ],
    ),
    (
        70,
        [
            "按照序时进度有序推进各项工作",
            "压茬推进重点工作，每周调度工作进展",
            "结合日常工作同步推进，阶段性成效初步显现",
        ],
    ),
    (
        99,
        [
            "进入攻坚阶段，集中力量推进剩余工作",
            "对照目标任务逐项销号，查漏补缺",
            "主要工作基本完成，正在组织自查评估",
        ],
    ),
    (
        100,
        [
            "各项工作已全面完成，正在整理佐证材料、开展总结评估",
            "已按期完成全年目标任务，形成工作总结",
        ],
    ),
]
REPORT_DETAILS = [
    "开展督导检查{n}次",
    "组织业务培训{n}场、培训{m}人次",
    "召开工作推进会{n}次",
    "印发工作通知和方案{n}份",
    "深入乡镇卫生院和村卫生室实地指导{n}次",
    "完成现场核查{n}家",
    "发放宣传资料{m}份",
    "收集整理佐证材料{n}份",
    "向局党组专题汇报{n}次",
]
PROBLEMS = [
    "部分乡镇工作推进不平衡，个别单位进度滞后。",
    "专业技术人员不足，基层人员身兼数职，工作力量较为薄弱。",
    "项目资金拨付进度较慢，影响部分工作按期推进。",
    "基层信息化基础薄弱，数据上报不够及时准确。",
    "群众知晓率和参与度有待进一步提高。",
    "部门之间协调联动不够顺畅，个别事项推进较慢。",
]
NEXT_STEPS = [
    "下月将加强督导调度，确保按时间节点完成任务。",
    "继续加大培训和宣传力度，提高基层工作质量。",
    "主动对接财政部门，加快项目资金拨付。",
    "对进度滞后的单位进行通报约谈，压实工作责任。",
    "做好阶段性总结，梳理经验做法，查找短板弱项。",
    "加强与相关部门沟通协调，形成工作合力。",
]
RETURN_COMMENTS = [
    "佐证材料不全，请补充相关文件和照片后重新报送。",
    "完成进度与工作进展描述不一致，请核实后重新报送。",
    "存在问题和下步计划过于笼统，请具体说明。",
    "量化指标实际值未填写完整，请补充。",
]
APPROVE_COMMENTS = ["", "", "", "", "同意。", "进展符合序时要求。", "请继续按计划推进。"]


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


def _pace(rng: random.Random) -> float:
    """How fast a task moves against its schedule, for the whole year."""
    roll = rng.random()
    if roll < 0.06:
        return 0.0  # stalled
    if roll < 0.25:
        return rng.uniform(0.4, 0.85)  # behind
    return rng.uniform(0.9, 1.2)  # on track


def _expected(start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    """Share of the task's time that has elapsed by `as_of`."""
    if as_of < start:
        return 0.0
    if as_of >= deadline:
        return 1.0
    return (as_of - start).days / max((deadline - start).days, 1)


def _percent(expected: float, pace: float) -> int:
    """Completion in steps of 5; 100 only once the deadline has come and the pace was kept.
    Non-decreasing in `expected`, so a task's percents rise (or stay) from period to period."""
    if expected >= 1.0 and pace >= 0.9:
        return 100
    return min(95, round(min(1.0, expected * pace) * 20) * 5)


@dataclass
class _TargetPlan:
    target: Target
    spec: TargetSpec
    baseline: float
    jitter: float  # how far the actual runs ahead of (or behind) the task's percent
    reported: bool  # whether the unit fills this target in its reports


def _target_plan(rng: random.Random, spec: TargetSpec) -> _TargetPlan:
    value = rng.randint(spec.low, spec.high)
    if spec.unit == "万元":
        value = max(10, value // 10 * 10)
    if not spec.cumulative:
        if spec.comparator == "<=":
            baseline = value + rng.uniform(1, 5)
        else:
            baseline = max(0.0, value - rng.uniform(2, 10))
    else:
        baseline = 0.0
    target = Target(
        text=spec.template.format(v=value),
        indicator=spec.indicator,
        comparator=spec.comparator,
        value=Decimal(value),
        unit=spec.unit,
        is_stretch="力争" in spec.template,
        baseline=None if spec.cumulative else Decimal(f"{baseline:.1f}"),
    )
    return _TargetPlan(target, spec, baseline, rng.uniform(0.85, 1.15), rng.random() < 0.7)


def _actual(plan: _TargetPlan, percent: int) -> Decimal | None:
    """The value a report at `percent` gives for the target (None: not reported yet)."""
    if not plan.reported or percent == 0:
        return None
    share = min(1.0, percent / 100 * plan.jitter)
    value = float(plan.target.value)
    if plan.spec.cumulative:
        return Decimal(round(value * share))
    if plan.spec.comparator == "<=":
        level = plan.baseline - (plan.baseline - value) * share
    else:
        level = min(100.0, plan.baseline + (value - plan.baseline) * share)
    return Decimal(f"{level:.1f}")


def _closed_statuses(rng: random.Random, closed: int) -> list[str]:
    """Statuses of one task's reports in the closed periods: approved, except that the office
    has not reviewed (submitted) or has sent back (returned) some of the last two."""
    statuses = [ReportStatus.APPROVED] * closed
    if closed >= 1:
        roll = rng.random()
        if roll < 0.18:
            statuses[-1] = ReportStatus.SUBMITTED
        elif roll < 0.28:
            statuses[-1] = ReportStatus.RETURNED
    if closed >= 2:
        roll = rng.random()
        if roll < 0.03:
            statuses[-2] = ReportStatus.SUBMITTED
        elif roll < 0.07:
            statuses[-2] = ReportStatus.RETURNED
    return statuses


def _narrative(rng: random.Random, title: str, month: int, percent: int) -> str:
    action = next(texts for top, texts in STAGE_ACTIONS if percent <= top)
    details = rng.sample(REPORT_DETAILS, 2)
    n, m = rng.randint(1, 6), rng.randint(2, 60) * 10
    progress = (
        f"截至{month}月底，该项工作尚处于准备阶段。"
        if percent == 0
        else f"截至{month}月底，累计完成全年任务的{percent}%。"
    )
    return (
        rng.choice(REPORT_OPENINGS).format(title=title, month=month)
        + f"，{rng.choice(action)}；{details[0].format(n=n, m=m)}，{details[1].format(n=n, m=m)}。"
        + progress
    )


@dataclass
class _TaskPlan:
    """What the task's reports will say: its percent at the end of each month 1..P, the
    statuses of its reports in the closed periods (empty: it has none) and its targets."""

    task: Task
    bureau: int  # index into the bureau lists
    lead: Unit
    curve: list[int]
    statuses: list[str]
    draft: bool
    targets: list[_TargetPlan]


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


def _make_periods(plans: list[Plan], periods: int, year: int) -> list[list[ReportingPeriod]]:
    """P monthly periods per plan, due on the 25th; all closed but the last."""
    per_plan = []
    for plan in plans:
        rows = []
        for month in range(1, periods + 1):
            start = dt.date(year, month, 1)
            rows.append(
                ReportingPeriod(
                    plan=plan,
                    label=f"{year}年{month}月",
                    start=start,
                    end=_month_end(year, month),
                    due_date=dt.date(year, month, DUE_DAY),
                    status=(
                        ReportingPeriod.Status.OPEN
                        if month == periods
                        else ReportingPeriod.Status.CLOSED
                    ),
                )
            )
        per_plan.append(rows)
    return per_plan


def _make_reports(
    rng: random.Random,
    task_plans: list[_TaskPlan],
    plan_periods: list[list[ReportingPeriod]],
    staff: list[list[User]],
    admins: list[User],
) -> tuple[list[ProgressReport], list[tuple[ProgressReport, _TaskPlan]]]:
    """Every report, and the (report, task) pairs whose reports carry target actuals."""
    tz = timezone.get_default_timezone()
    reports: list[ProgressReport] = []
    with_actuals: list[tuple[ProgressReport, _TaskPlan]] = []
    for tp in task_plans:
        task, periods = tp.task, plan_periods[tp.bureau]
        authors, admin = staff[tp.bureau], admins[tp.bureau]
        behind = task.status in (TaskStatus.BEHIND, TaskStatus.OVERDUE)
        task_reports: list[ProgressReport] = []
        for index, status in enumerate(tp.statuses):
            period, percent = periods[index], tp.curve[index]
            late = rng.random() < LATE_SHARE
            day = rng.randint(DUE_DAY + 1, period.end.day) if late else rng.randint(12, DUE_DAY)
            submitted_at = dt.datetime(
                period.start.year,
                period.start.month,
                day,
                rng.randint(8, 17),
                rng.randint(0, 59),
                tzinfo=tz,
            )
            version = rng.randint(1, 3)
            report = ProgressReport(
                task_id=task.pk,
                period_id=period.pk,
                unit_id=tp.lead.pk,
                author_id=rng.choice(authors).pk,
                narrative=_narrative(rng, task.title, period.start.month, percent),
                percent=percent,
                problems=rng.choice(PROBLEMS) if behind or rng.random() < 0.3 else "",
                next_steps=rng.choice(NEXT_STEPS) if behind or rng.random() < 0.8 else "",
                status=status,
                version=version if status == ReportStatus.SUBMITTED else version + 1,
                submitted_at=submitted_at,
                is_late=late,
            )
            if status != ReportStatus.SUBMITTED:
                report.reviewer_id = admin.pk
                report.reviewed_at = submitted_at + dt.timedelta(hours=rng.randint(2, 96))
                report.review_comment = rng.choice(
                    RETURN_COMMENTS if status == ReportStatus.RETURNED else APPROVE_COMMENTS
                )
            task_reports.append(report)
        if task_reports:
            # Actuals on the latest report, and on the latest approved one (the figures the
            # office accepted, which the targets' latest_actual shows) when that is older.
            with_actuals.append((task_reports[-1], tp))
            approved = [r for r in task_reports if r.status == ReportStatus.APPROVED]
            if approved and approved[-1] is not task_reports[-1]:
                with_actuals.append((approved[-1], tp))
        if tp.draft:
            period, percent = periods[-1], tp.curve[-1]
            task_reports.append(
                ProgressReport(
                    task_id=task.pk,
                    period_id=period.pk,
                    unit_id=tp.lead.pk,
                    author_id=rng.choice(authors).pk,
                    narrative=_narrative(rng, task.title, period.start.month, percent),
                    percent=percent,
                    problems=rng.choice(PROBLEMS) if behind else "",
                    next_steps=rng.choice(NEXT_STEPS) if rng.random() < 0.5 else "",
                    status=ReportStatus.DRAFT,
                    version=rng.randint(1, 3),
                )
            )
        reports += task_reports
    return reports, with_actuals


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

    as_of = _month_end(year, periods)  # the open period's end: statuses are as of then
    month_ends = [_month_end(year, month) for month in range(1, periods + 1)]
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
    admins: list[User] = []  # per bureau: reviews the reports
    staff: list[list[User]] = []  # per bureau: write them
    for index, (bureau, bu) in enumerate(zip(bureau_rows, per_bureau_units, strict=True), 1):
        prefix = f"{user_prefix}{index:03d}_"
        common = {"bureau": bureau, "password": password}
        admins.append(
            User(
                username=f"{prefix}admin",
                full_name=_person_name(rng),
                role=User.Role.ADMIN,
                is_staff=True,
                **common,
            )
        )
        users.append(admins[-1])
        staff.append([])
        users.append(
            User(
                username=f"{prefix}leader",
                full_name=_person_name(rng),
                role=User.Role.LEADER,
                **common,
            )
        )
        for number in range(1, rng.randint(4, 8) + 1):
            staff_user = User(
                username=f"{prefix}staff{number:02d}",
                full_name=_person_name(rng),
                role=User.Role.STAFF,
                **common,
            )
            users.append(staff_user)
            staff[-1].append(staff_user)
            memberships.append((staff_user, rng.sample(bu.units, rng.randint(1, 2))))
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
    task_plans: list[_TaskPlan] = []
    for bureau_index, (plan, sections, bu) in enumerate(
        zip(plans, plan_sections, per_bureau_units, strict=True)
    ):
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
            pace = _pace(rng)
            curve = [_percent(_expected(start, deadline, end), pace) for end in month_ends]
            closed = periods - 1
            statuses = _closed_statuses(rng, closed) if rng.random() < REPORT_SHARE else []
            approved = [i for i, s in enumerate(statuses) if s == ReportStatus.APPROVED]
            # The task shows what the office last approved, as report_approve leaves it; tasks
            # with nothing approved keep the figure as of the end of period P.
            progress = curve[approved[-1]] if approved else curve[-1]

            target_plans: list[_TargetPlan] = []
            if rng.random() < TARGET_SHARE:
                for position, t_spec in enumerate(
                    rng.sample(spec.targets, rng.randint(1, min(2, len(spec.targets)))), 1
                ):
                    target_plan = _target_plan(rng, t_spec)
                    target_plan.target.order = position
                    if approved:
                        target_plan.target.latest_actual = _actual(target_plan, progress)
                    target_plans.append(target_plan)
            closing = rng.choice(CLOSINGS).format(deadline_text=deadline_text)
            goal = (
                "到年底，" + "，".join(t.target.text for t in target_plans) + "。"
                if target_plans
                else ""
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
            )
            tasks.append(task)
            assigned = _assign_units(rng, bu, spec.key)
            task_units.append((task, assigned))
            task_plans.append(
                _TaskPlan(
                    task=task,
                    bureau=bureau_index,
                    lead=assigned[0][0],
                    curve=curve,
                    statuses=statuses,
                    draft=rng.random() < DRAFT_SHARE,
                    targets=target_plans,
                )
            )
    Task.objects.bulk_create(tasks, batch_size=BATCH_SIZE)

    assignment_rows = [
        TaskUnit(task_id=task.pk, unit_id=unit.pk, role=role)
        for task, assigned in task_units
        for unit, role in assigned
    ]
    TaskUnit.objects.bulk_create(assignment_rows, batch_size=BATCH_SIZE)
    target_rows = []
    for tp in task_plans:
        for target_plan in tp.targets:
            target_plan.target.task_id = tp.task.pk
            target_rows.append(target_plan.target)
    Target.objects.bulk_create(target_rows, batch_size=BATCH_SIZE)

    # Reporting: P monthly periods per plan, reports in the closed ones, drafts in the open one.
    plan_periods = _make_periods(plans, periods, year)
    ReportingPeriod.objects.bulk_create(
        [period for rows in plan_periods for period in rows], batch_size=BATCH_SIZE
    )
    reports, with_actuals = _make_reports(rng, task_plans, plan_periods, staff, admins)
    ProgressReport.objects.bulk_create(reports, batch_size=BATCH_SIZE)
    actual_rows = []
    for report, tp in with_actuals:
        for target_plan in tp.targets:
            value = _actual(target_plan, report.percent)
            if value is not None:
                actual_rows.append(
                    TargetActual(report_id=report.pk, target_id=target_plan.target.pk, value=value)
                )
    TargetActual.objects.bulk_create(actual_rows, batch_size=BATCH_SIZE)

    # Statuses come from the engine, as of the open period's end, like the nightly job's.
    statuses_and_unreported_recompute(plan_ids=[plan.pk for plan in plans], today=as_of)

    by_status = dict.fromkeys(ReportStatus.values, 0)
    for report in reports:
        by_status[report.status] += 1
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
        "periods": sum(len(rows) for rows in plan_periods),
        "periods_open": len(plan_periods),
        "reports": len(reports),
        **{f"reports_{status}": count for status, count in by_status.items()},
        "target_actuals": len(actual_rows),
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


DESCRIPTION = (
    "生成基准测试用的合成数据：N 个机构（各含 15–25 个责任单位、督查室管理员、局领导和若干"
    "科室人员），每个机构一份已发布的年度工作要点（6–8 个板块、M 项任务，含牵头/配合单位、"
    "完成时限、权重、进度、状态和约四成任务的量化指标），以及按月报送的数据：--periods P"
    f"（1–{MAX_PERIODS}）为每份工作要点生成当年 1 至 P 月共 P 个报送期（每月 25 日截止），"
    "前 P-1 期已截止、第 P 期报送中；约 85% 的任务在每个已截止的报送期有一条牵头单位的进展"
    "报送（大多已通过，最近两期有部分已报送待审核或已退回，约一成逾期报送），最近一次报送"
    "附指标实际值；约 30% 的任务在报送中的一期有草稿。任务进度、状态和指标最新实际值取"
    "督查室最近审核通过的报送。全部在一个事务中批量写入；同一 --seed 生成完全相同的数据，"
    "机构已存在时报错且不写入任何数据。"
)


def _integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为整数，收到 “{value}”") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # a Chinese message, not argparse's exit
        raise DatasetError(f"参数有误：{message}")


def run(argv: list[str], out) -> dict[str, int]:
    """The command line: parse, generate, print one line in Chinese; DatasetError when refused."""
    parser = _Parser(prog="python bench/make_dataset.py", description=DESCRIPTION)
    parser.add_argument("--bureaus", type=_integer, required=True, metavar="N", help="机构数量")
    parser.add_argument(
        "--tasks-per-plan", type=_integer, required=True, metavar="M", help="每份工作要点的任务数"
    )
    parser.add_argument(
        "--periods", type=_integer, required=True, metavar="P", help=f"报送期数（1–{MAX_PERIODS}）"
    )
    parser.add_argument("--year", type=_integer, default=None, metavar="Y", help="年度（默认今年）")
    parser.add_argument("--seed", type=_integer, default=1, metavar="S", help="随机种子（默认 1）")
    options = parser.parse_args(argv)
    year = options.year if options.year is not None else timezone.localdate().year
    started = time.perf_counter()
    counts = dataset_generate(
        bureaus=options.bureaus,
        tasks_per_plan=options.tasks_per_plan,
        periods=options.periods,
        year=year,
        seed=options.seed,
    )
    elapsed = time.perf_counter() - started
    out.write(
        f"已生成 {year} 年数据集（seed={options.seed}）："
        f"机构 {counts['bureaus']} 个，责任单位 {counts['units']} 个，"
        f"用户 {counts['users']} 个（所在单位 {counts['user_units']} 条），"
        f"工作要点 {counts['plans']} 份，板块 {counts['sections']} 个，"
        f"任务 {counts['tasks']} 项，任务分工 {counts['task_units']} 条，"
        f"量化指标 {counts['targets']} 条（有实际值 {counts['targets_with_actual']} 条），"
        f"报送期 {counts['periods']} 个（报送中 {counts['periods_open']} 个，"
        f"每份工作要点 {options.periods} 期），"
        f"进展报送 {counts['reports']} 条（已通过 {counts['reports_approved']} 条，"
        f"已报送待审核 {counts['reports_submitted']} 条，"
        f"已退回 {counts['reports_returned']} 条，草稿 {counts['reports_draft']} 条），"
        f"指标实际值 {counts['target_actuals']} 条，"
        f"用时 {elapsed:.1f} 秒；所有账号密码：{DATASET_PASSWORD}\n"
    )
    return counts
