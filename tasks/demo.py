"""The demo bureau: units as named in the 2021 Heshan plan, one user per role, the plan itself."""

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from tasks import services as reporting
from tasks.models import ReportingPeriod
from tasks.services.calendar import calendar_fill_if_empty, this_year
from tasks.services.schedules import beat_schedules_install
from workplans import drafts
from workplans.imports import plan_import_create, plan_import_edit, plan_import_publish
from workplans.models import Bureau, Plan, Task, Unit, User
from workplans.parsing.quality import normalise

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "workplans" / "samples"
DEMO_PLAN_SOURCE = SAMPLES_DIR / "2021-heshan-health-plan.txt"
# Hand-checked outline of the same document, with the office's demo assignment of units.
DEMO_PLAN_FILE = SAMPLES_DIR / "2021-heshan-health-plan.json"
DEMO_PASSWORD = "demo2026"
DEMO_BUREAU = "益阳市赫山区卫生健康局"

K = Unit.Kind
DEMO_UNITS: list[tuple[str, str, str]] = [
    ("办公室", K.OFFICE, ""),
    ("党建办公室", K.OFFICE, "党建办、机关党委"),
    ("人事股", K.OFFICE, "人事教育股"),
    ("规划财务股", K.OFFICE, "财务股"),
    ("医政医管股", K.OFFICE, "医政股"),
    ("基层卫生股", K.OFFICE, ""),
    ("疾病预防控制股", K.OFFICE, "疾控股"),
    ("妇幼健康股", K.OFFICE, ""),
    ("中医股", K.OFFICE, ""),
    ("政策法规股", K.OFFICE, "法规股"),
    ("老龄健康股", K.OFFICE, ""),
    ("人口监测与家庭发展股", K.OFFICE, "人口家庭股"),
    ("爱国卫生运动委员会办公室", K.OFFICE, "爱卫办"),
    ("疾病预防控制中心", K.AFFILIATE, "疾控中心、区疾病预防控制中心、区疾控中心"),
    ("卫生健康综合监督执法局", K.AFFILIATE, "卫生监督所、区卫生健康综合监督执法局"),
    ("120急救指挥中心", K.AFFILIATE, "急救中心"),
    ("妇幼保健院", K.HOSPITAL, "区妇幼保健院"),
    ("中医医院", K.HOSPITAL, "区中医医院"),
    ("市第三人民医院", K.HOSPITAL, "三医院、第三人民医院"),
    ("乡镇卫生院", K.TOWNSHIP, "各乡镇卫生院"),
    ("笔架山乡卫生院", K.TOWNSHIP, ""),
    ("衡龙桥镇卫生院", K.TOWNSHIP, ""),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    units: tuple[str, ...] = ()


DEMO_USERS = [
    DemoUser("duchashi", "王督查", User.Role.ADMIN),
    DemoUser("juzhang", "李局长", User.Role.LEADER),
    DemoUser("yizheng", "张医政", User.Role.STAFF, ("医政医管股",)),
    DemoUser("jikong", "刘疾控", User.Role.STAFF, ("疾病预防控制中心",)),
    DemoUser("fuyou", "陈妇幼", User.Role.STAFF, ("妇幼保健院", "妇幼健康股")),
    DemoUser("bangong", "赵办公", User.Role.STAFF, ("办公室",)),
    DemoUser("jiceng", "孙基层", User.Role.STAFF, ("基层卫生股", "乡镇卫生院")),
]


@dataclass
class SeedResult:
    created: list[str] = field(default_factory=list)

    def note(self, what: str) -> None:
        self.created.append(what)


@transaction.atomic
def demo_seed() -> SeedResult:
    """Create what is missing of the demo; rows that exist are left exactly as they are."""
    result = SeedResult()
    bureau, created = Bureau.objects.get_or_create(
        name=DEMO_BUREAU, defaults={"short_name": "赫山区卫健局"}
    )
    if created:
        result.note(f"机构 {bureau.name}")

    for position, (name, kind, aliases) in enumerate(DEMO_UNITS, start=1):
        _, created = Unit.objects.get_or_create(
            bureau=bureau,
            name=name,
            defaults={"kind": kind, "aliases": aliases, "sort_order": position},
        )
        if created:
            result.note(f"单位 {name}")

    units = {u.name: u for u in Unit.objects.filter(bureau=bureau)}
    for spec in DEMO_USERS:
        if User.objects.filter(username=spec.username).exists():
            continue
        user = User(
            username=spec.username,
            full_name=spec.full_name,
            bureau=bureau,
            role=spec.role,
            is_staff=spec.role == User.Role.ADMIN,
        )
        user.set_password(DEMO_PASSWORD)
        # The shared demo password must not stay in use on a real deployment.
        user.must_change_password = settings.DEMO_PASSWORDS_MUST_CHANGE
        user.full_clean()
        user.save()
        user.units.set([units[name] for name in spec.units])
        result.note(f"用户 {spec.username}")

    for name in beat_schedules_install():
        result.note(f"定时任务 {name}")
    fixture = json.loads(DEMO_PLAN_FILE.read_text(encoding="utf-8"))
    calendar_fill_if_empty(bureau=bureau, years=[fixture["year"], this_year()])
    if not Plan.objects.filter(
        bureau=bureau, year=fixture["year"], title=fixture["title"]
    ).exists():
        admin = User.objects.get(username=DEMO_USERS[0].username)
        plan_import = plan_import_create(
            user=admin,
            bureau=bureau,
            filename=DEMO_PLAN_SOURCE.name,
            data=DEMO_PLAN_SOURCE.read_bytes(),
        )
        plan_import = plan_import_edit(
            plan_import=plan_import,
            version=plan_import.version,
            user=admin,
            change=lambda outline: _assign_like_the_office(outline, fixture),
        )
        plan = plan_import_publish(plan_import=plan_import, version=plan_import.version, user=admin)
        _start_reporting(plan)
        result.note(f"工作要点 {fixture['title']}（含报送期和一份待审核的报送）")
    return result


def _assign_like_the_office(outline: dict, fixture: dict) -> None:
    """Give each imported task the units and deadline the office chose for the demo.

    Tasks are matched to the hand-checked fixture by their text; the document gives no
    deadlines, so tasks are due at year end, as offices assign them.
    """
    by_text = {
        normalise(task["text"]): task
        for section in fixture["sections"]
        for task in section["tasks"]
    }
    year_end = dt.date(fixture["year"], 12, 31).isoformat()
    for _, _, task in drafts.iter_tasks(outline):
        chosen = by_text.get(normalise(task["text"]))
        if chosen is None:
            raise ValidationError(f"演示数据与导入结果不一致：找不到任务“{task['title']}”。")
        task["lead_units"] = chosen["demo_lead_units"] or chosen["lead_units"]
        task["co_units"] = chosen["demo_co_units"] or chosen["co_units"]
        task["deadline"] = task["deadline"] or year_end


def _start_reporting(plan: Plan) -> None:
    """Monthly periods for the plan's year, December still open, and one report to review."""
    for _ in range(12):
        reporting.period_open(plan=plan, **reporting.period_suggest_next(plan=plan))
    for period in plan.periods.order_by("start")[:11]:
        reporting.period_close(period=period)
    december = plan.periods.get(status=ReportingPeriod.Status.OPEN)
    staff = User.objects.get(username="jikong")
    task = (
        Task.objects.filter(
            plan=plan, assignments__unit__name="疾病预防控制中心", assignments__role="lead"
        )
        .order_by("order")
        .first()
    )
    reporting.receipt_confirm(task=task, user=staff)
    reporting.report_save(
        task=task,
        period=december,
        user=staff,
        version=None,
        narrative="完成全年传染病监测预警和应急演练，发热门诊哨点运行正常。",
        percent=95,
        problems="基层应急物资储备仍有缺口。",
        next_steps="年底前完成物资补充和培训考核。",
        actuals={},
        submit=True,
    )
    leader = User.objects.get(username="juzhang")
    reporting.leader_comment_add(task=task, user=leader, text="请抓紧补齐应急物资，年底前办结。")
    reporting.statuses_and_unreported_recompute(plan_ids=[plan.pk])
