"""Every named URL of the project's own apps x every persona (issue #13).

The list of URLs is read from the URLconf, not typed in: a new endpoint without a row in EXPECTED
fails test_every_url_has_an_expected_outcome, so nobody can add a page and forget who may open it.

The Django admin (the `admin:` namespace) is left out on purpose: its pages are generated per
model and their scoping to the user's bureau is covered by tests/test_admin_scoping.py (and the
admin rows of tests/test_access.py).
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reports.models import ExportJob
from tasks import services
from tasks.models import (
    Attachment,
    CalendarDay,
    DelayRequest,
    Escalation,
    Notification,
    ProgressReport,
)
from tests.factories import TEST_PASSWORD, UserFactory
from workplans.imports import plan_import_create
from workplans.models import TaskUnit, User

# Namespaces that are not ours to describe here (see the module docstring).
EXCLUDED_NAMESPACES = {"admin"}

PERSONAS = [
    "anonymous",
    "unit_staff",  # staff of unit A, which leads task A
    "other_unit_staff",  # staff of unit B, which co-leads task A and leads task B
    "leader",
    "bureau_admin",
    "other_bureau_admin",
    "other_bureau_leader",
    "other_bureau_staff",
]
OTHER_BUREAU = {"other_bureau_admin", "other_bureau_leader", "other_bureau_staff"}

PLAN_TEXT = """2026年测试区卫生健康工作要点
一、深化医药卫生体制改革
1.推进区域医疗中心建设。以医政医管股为牵头单位，疾控中心配合，2026年6月底前完成医共体章程修订。\
全区家庭医生签约服务率达到45%以上。
2.加强疫情监测预警工作。由疾控中心牵头。一是健全疫情监测体系和信息报告制度。
"""


def url_names() -> set[str]:
    """Every named pattern in the URLconf, with its namespace, minus EXCLUDED_NAMESPACES."""
    names: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace
                if namespace in EXCLUDED_NAMESPACES:
                    continue
                walk(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


# ---------------------------------------------------------------------------------------------
# The objects each URL is about: all in `world`'s bureau, on task A (led by unit A, co unit B).


@dataclass
class Things:
    world: object
    users: dict
    period: object
    report: object
    attachment: object
    escalation: object
    export: object
    plan_import: object
    outline: dict
    notification: object
    delay: object
    assignment: object
    day: object
    titles: list = field(default_factory=list)


@pytest.fixture
def things(world, settings, tmp_path) -> Things:
    settings.MEDIA_ROOT = tmp_path / "media"
    users = {
        "unit_staff": UserFactory(username="staff_a", bureau=world.bureau, units=[world.unit_a]),
        "other_unit_staff": UserFactory(
            username="staff_b", bureau=world.bureau, units=[world.unit_b]
        ),
        "leader": UserFactory(username="leader_a", bureau=world.bureau, role=User.Role.LEADER),
        "bureau_admin": UserFactory(username="admin_a", bureau=world.bureau, role=User.Role.ADMIN),
        "other_bureau_admin": UserFactory(
            username="admin_x", bureau=world.other_bureau, role=User.Role.ADMIN
        ),
        "other_bureau_leader": UserFactory(
            username="leader_x", bureau=world.other_bureau, role=User.Role.LEADER
        ),
        "other_bureau_staff": UserFactory(
            username="staff_x", bureau=world.other_bureau, units=[world.other_unit]
        ),
    }
    staff, admin = users["unit_staff"], users["bureau_admin"]
    period = services.period_open(
        plan=world.plan,
        label="2026年3月",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 3, 25),
    )
    report = ProgressReport.objects.create(
        task=world.task_a,
        period=period,
        unit=world.unit_a,
        narrative="已完成章程修订初稿",
        author=staff,
    )
    attachment = Attachment.objects.create(
        report=report,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="evidence.pdf"),
        name="evidence.pdf",
        size=14,
        content_type="application/pdf",
        uploaded_by=staff,
    )
    escalation = Escalation.objects.create(
        task=world.task_a, period=period, unit=world.unit_a, step=Escalation.Step.NOTICE
    )
    export = ExportJob.objects.create(
        kind="ledger",
        plan=world.plan,
        created_by=admin,
        status=ExportJob.Status.DONE,
        file=ContentFile(b"PK\x05\x06" + bytes(18), name="ledger.xlsx"),
        filename="台账.xlsx",
    )
    plan_import = plan_import_create(user=admin, bureau=world.bureau, text=PLAN_TEXT)
    notification = Notification.objects.create(
        user=staff,
        title=f"请报送：{world.task_a.title}",
        url=reverse("tasks:task-detail", args=[world.task_a.pk]),
        key="access-test",
    )
    delay = DelayRequest.objects.create(
        task=world.task_a,
        unit=world.unit_a,
        requested_by=staff,
        new_deadline=dt.date(2027, 3, 31),
        reason="等待上级批复",
    )
    assignment = TaskUnit.objects.get(task=world.task_a, unit=world.unit_a)
    day, _ = CalendarDay.objects.get_or_create(
        bureau=world.bureau, date=dt.date(2026, 10, 1), defaults={"kind": CalendarDay.Kind.HOLIDAY}
    )
    return Things(
        world=world,
        users=users,
        period=period,
        report=report,
        attachment=attachment,
        escalation=escalation,
        export=export,
        plan_import=plan_import,
        outline=plan_import.outline,
        notification=notification,
        delay=delay,
        assignment=assignment,
        day=day,
        titles=[world.plan.title, world.task_a.title, world.task_b.title],
    )


def _first_task(t: Things) -> str:
    return t.outline["sections"][0]["tasks"][0]["id"]


def _first_target(t: Things) -> str:
    for section in t.outline["sections"]:
        for task in section["tasks"]:
            if task.get("targets"):
                return task["targets"][0]["id"]
    raise AssertionError("the sample plan has a target")


# ---------------------------------------------------------------------------------------------
# EXPECTED: url name -> (method, one expected outcome per persona in PERSONAS order); ARGS below
# says how to build the URL's arguments from `things`. Pages are fetched with GET; POST-only
# endpoints get an empty POST (the test client skips CSRF), so an insider's answer is the view's
# answer to empty input (400, or 302 where the view redirects with a message) and an outsider's is
# the access decision: 302 to the login page (anonymous), 403 or 404, never 200 or a 302 onwards.
# An outcome may also be a set of statuses, for an insider whose answer depends on the data.
# A key "name@variant" checks the same URL again on other objects.


NO_ARGS = lambda t: []  # noqa: E731
TASK_A = lambda t: [t.world.task_a.pk]  # noqa: E731
TASK_B = lambda t: [t.world.task_b.pk]  # noqa: E731
PLAN = lambda t: [t.world.plan.pk]  # noqa: E731
PERIOD = lambda t: [t.period.pk]  # noqa: E731
IMPORT = lambda t: [t.plan_import.pk]  # noqa: E731
EXPORT = lambda t: [t.export.pk]  # noqa: E731
ATTACHMENT = lambda t: [t.attachment.pk]  # noqa: E731
ESCALATION = lambda t: [t.escalation.pk]  # noqa: E731
ASSIGNMENT = lambda t: [t.assignment.pk]  # noqa: E731
IMPORT_TASK = lambda t: [t.plan_import.pk, _first_task(t)]  # noqa: E731
IMPORT_SECTION = lambda t: [t.plan_import.pk, t.outline["sections"][0]["id"]]  # noqa: E731
IMPORT_TARGET = lambda t: [t.plan_import.pk, _first_target(t)]  # noqa: E731
REPORT = lambda t: [t.report.pk]  # noqa: E731
DELAY = lambda t: [t.delay.pk]  # noqa: E731
NOTIFICATION = lambda t: [t.notification.pk]  # noqa: E731
PERIOD_UNIT = lambda t: [t.period.pk, t.world.unit_a.pk]  # noqa: E731
DAY = lambda t: [t.day.pk]  # noqa: E731

# fmt: off
EXPECTED: dict[str, tuple[str, tuple]] = {
    #                                         anon unitA unitB leadr admin xadmn xlead xstaf
    # config: the start page sends everyone on by role; login sends the logged-in home.
    "home":                               ("get",  (302, 302, 302, 302, 302, 302, 302, 302)),
    "healthz":                            ("get",  (200, 200, 200, 200, 200, 200, 200, 200)),
    "login":                              ("get",  (200, 302, 302, 302, 302, 302, 302, 302)),
    "logout":                             ("post", (302, 302, 302, 302, 302, 302, 302, 302)),
    "password_change":                    ("get",  (302, 200, 200, 200, 200, 200, 200, 200)),
    "password_change_done":               ("get",  (302, 200, 200, 200, 200, 200, 200, 200)),
    # workplans: plans are read by the whole bureau; imports belong to the bureau's admin.
    "workplans:plan-list":                ("get",  (302, 200, 200, 200, 200, 200, 200, 200)),
    "workplans:import-list":              ("get",  (302, 403, 403, 403, 200, 200, 403, 403)),
    "workplans:import-review":            ("get",  (302, 403, 403, 403, 200, 404, 403, 403)),
    "workplans:import-edit-task":         ("get",  (302, 403, 403, 403, 200, 404, 403, 403)),
    "workplans:import-publish":           ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-discard":           ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-add-unit":          ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-reparse":           ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-edit-section":      ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-merge-task":        ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-split-task":        ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-move-task":         ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-delete-task":       ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-add-target":        ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-edit-target":       ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "workplans:import-delete-target":     ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    # reports: the plan's pages for its bureau; dashboards for leaders and admins; exports are
    # the requesting user's own (an admin's export is 404 even to colleagues).
    "reports:plan-detail":                ("get",  (302, 200, 200, 200, 200, 404, 404, 404)),
    "reports:plan-ledger":                ("get",  (302, 200, 200, 200, 200, 404, 404, 404)),
    "reports:plan-task-table":            ("get",  (302, 403, 403, 200, 200, 404, 404, 404)),
    "reports:plan-dashboard":             ("get",  (302, 403, 403, 200, 200, 404, 404, 403)),
    "reports:leader-home":                ("get",  (302, 403, 403, 200, 200, 200, 200, 403)),
    "reports:oversight":                  ("get",  (302, 403, 403, 200, 200, 200, 200, 403)),
    "reports:period-bulletin":            ("get",  (302, 403, 403, 200, 200, 404, 404, 404)),
    "reports:ledger-export":              ("post", (302, 302, 302, 302, 302, 404, 404, 404)),
    "reports:export-list":                ("get",  (302, 200, 200, 200, 200, 200, 200, 200)),
    "reports:export-detail":              ("get",  (302, 404, 404, 404, 200, 404, 404, 404)),
    "reports:export-retry":               ("post", (302, 404, 404, 404, 400, 404, 404, 404)),
    "reports:export-download":            ("get",  (302, 404, 404, 404, 200, 404, 404, 404)),
    # tasks: task A is led by unit A with unit B co-operating; both may read it, only the lead
    # reports, uploads and answers the 督办单; unit B writes its cooperation note.
    "tasks:my-tasks":                     ("get",  (302, 200, 200, 403, 403, 403, 403, 200)),
    "tasks:task-detail":                  ("get",  (302, 200, 200, 200, 200, 404, 404, 404)),
    "tasks:report-save":                  ("post", (302, 400, 403, 403, 403, 404, 404, 404)),
    "tasks:attachment-upload":            ("post", (302, 302, 403, 403, 403, 404, 404, 404)),
    "tasks:cooperation-save":             ("post", (302, 403, 302, 403, 403, 404, 404, 404)),
    "tasks:receipt":                      ("post", (302, 400, 403, 403, 403, 404, 404, 404)),
    "tasks:delay-create":                 ("post", (302, 400, 403, 403, 403, 404, 404, 404)),
    "tasks:comment-add":                  ("post", (302, 403, 403, 302, 403, 404, 404, 404)),
    "tasks:task-urge":                    ("post", (302, 403, 403, 403, 302, 404, 404, 404)),
    "tasks:attachment-download":          ("get",  (302, 200, 200, 200, 200, 404, 404, 404)),
    "tasks:attachment-delete":            ("post", (302, 302, 403, 403, 403, 404, 404, 404)),
    "tasks:review-list":                  ("get",  (302, 403, 403, 403, 200, 200, 403, 403)),
    "tasks:report-review":                ("post", (302, 403, 403, 403, 400, 404, 403, 403)),
    "tasks:delay-decide":                 ("post", (302, 403, 403, 403, 400, 404, 403, 403)),
    "tasks:plan-periods":                 ("get",  (302, 403, 403, 403, 200, 404, 403, 403)),
    "tasks:period-close":                 ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "tasks:plan-receipts":                ("get",  (302, 403, 403, 403, 200, 404, 403, 403)),
    "tasks:receipt-remind":               ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "tasks:receipt-reopen":               ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "tasks:notification-list":            ("get",  (302, 200, 200, 200, 200, 200, 200, 200)),
    "tasks:notification-open":            ("get",  (302, 302, 404, 404, 404, 404, 404, 404)),
    "tasks:escalation-reply":             ("post", (302, 302, 403, 403, 403, 404, 404, 404)),
    "tasks:notice":                       ("get",  (302, 200, 200, 200, 200, 404, 404, 404)),
    "tasks:unit-urge":                    ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    "tasks:job-list":                     ("get",  (302, 403, 403, 403, 200, 200, 403, 403)),
    "tasks:calendar":                     ("get",  (302, 403, 403, 403, 200, 200, 403, 403)),
    "tasks:calendar-import":              ("post", (302, 403, 403, 403, 400, 400, 403, 403)),
    "tasks:calendar-day-save":            ("post", (302, 403, 403, 403, 400, 400, 403, 403)),
    "tasks:calendar-day-delete":          ("post", (302, 403, 403, 403, 302, 404, 403, 403)),
    # The task pages again on task B, which unit A has no part in (unit B leads it alone).
    "tasks:task-detail@task_b":           ("get",  (302, 404, 200, 200, 200, 404, 404, 404)),
    "tasks:report-save@task_b":           ("post", (302, 404, 400, 403, 403, 404, 404, 404)),
    "tasks:attachment-upload@task_b":     ("post", (302, 404, 302, 403, 403, 404, 404, 404)),
    "tasks:cooperation-save@task_b":      ("post", (302, 404, 403, 403, 403, 404, 404, 404)),
    "tasks:receipt@task_b":               ("post", (302, 404, 400, 403, 403, 404, 404, 404)),
    "tasks:delay-create@task_b":          ("post", (302, 404, 400, 403, 403, 404, 404, 404)),
    "tasks:comment-add@task_b":           ("post", (302, 404, 403, 302, 403, 404, 404, 404)),
    "tasks:task-urge@task_b":             ("post", (302, 404, 403, 403, 302, 404, 404, 404)),
}
# fmt: on

# How to build each URL's arguments; a URL not listed here takes none.
ARGS = {
    "workplans:import-review": IMPORT,
    "workplans:import-edit-task": IMPORT_TASK,
    "workplans:import-publish": IMPORT,
    "workplans:import-discard": IMPORT,
    "workplans:import-add-unit": IMPORT,
    "workplans:import-reparse": IMPORT,
    "workplans:import-edit-section": IMPORT_SECTION,
    "workplans:import-merge-task": IMPORT_TASK,
    "workplans:import-split-task": IMPORT_TASK,
    "workplans:import-move-task": IMPORT_TASK,
    "workplans:import-delete-task": IMPORT_TASK,
    "workplans:import-add-target": IMPORT_TASK,
    "workplans:import-edit-target": IMPORT_TARGET,
    "workplans:import-delete-target": IMPORT_TARGET,
    "reports:plan-detail": PLAN,
    "reports:plan-ledger": PLAN,
    "reports:plan-task-table": PLAN,
    "reports:plan-dashboard": PLAN,
    "reports:period-bulletin": PERIOD,
    "reports:ledger-export": PLAN,
    "reports:export-detail": EXPORT,
    "reports:export-retry": EXPORT,
    "reports:export-download": EXPORT,
    "tasks:task-detail": TASK_A,
    "tasks:report-save": TASK_A,
    "tasks:attachment-upload": TASK_A,
    "tasks:cooperation-save": TASK_A,
    "tasks:receipt": TASK_A,
    "tasks:delay-create": TASK_A,
    "tasks:comment-add": TASK_A,
    "tasks:task-urge": TASK_A,
    "tasks:attachment-download": ATTACHMENT,
    "tasks:attachment-delete": ATTACHMENT,
    "tasks:report-review": REPORT,
    "tasks:delay-decide": DELAY,
    "tasks:plan-periods": PLAN,
    "tasks:period-close": PERIOD,
    "tasks:plan-receipts": PLAN,
    "tasks:receipt-remind": ASSIGNMENT,
    "tasks:receipt-reopen": ASSIGNMENT,
    "tasks:notification-open": NOTIFICATION,
    "tasks:escalation-reply": ESCALATION,
    "tasks:notice": ESCALATION,
    "tasks:unit-urge": PERIOD_UNIT,
    "tasks:calendar-day-delete": DAY,
    "tasks:task-detail@task_b": TASK_B,
    "tasks:report-save@task_b": TASK_B,
    "tasks:attachment-upload@task_b": TASK_B,
    "tasks:cooperation-save@task_b": TASK_B,
    "tasks:receipt@task_b": TASK_B,
    "tasks:delay-create@task_b": TASK_B,
    "tasks:comment-add@task_b": TASK_B,
    "tasks:task-urge@task_b": TASK_B,
}


def test_every_url_has_an_expected_outcome():
    in_urlconf = url_names()
    described = {key.split("@")[0] for key in EXPECTED}  # "name@variant": the same URL again
    missing = sorted(in_urlconf - described)
    stale = sorted(described - in_urlconf)
    assert ARGS.keys() <= EXPECTED.keys(), sorted(ARGS.keys() - EXPECTED.keys())
    assert not missing, f"URLs without an expected outcome per persona: {missing}"
    assert not stale, f"EXPECTED lists URLs that no longer exist: {stale}"


def _client_for(persona: str, things: Things) -> Client:
    client = Client()
    if persona != "anonymous":
        assert client.login(username=things.users[persona].username, password=TEST_PASSWORD)
    return client


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_url_answers_each_persona_as_expected(key, things):
    method, outcomes = EXPECTED[key]
    assert len(outcomes) == len(PERSONAS), key
    name = key.split("@")[0]
    url = reverse(name, args=ARGS.get(key, NO_ARGS)(things))
    problems, seen = [], []
    for persona, expected in zip(PERSONAS, outcomes, strict=True):
        # Each persona's request runs in a savepoint that is rolled back: a POST by an insider
        # (discard, close, delete…) does not change what the next persona finds.
        with transaction.atomic():
            client = _client_for(persona, things)
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        status = response.status_code
        seen.append(status)
        allowed = expected if isinstance(expected, set) else {expected}
        if status not in allowed:
            problems.append(f"{persona}: {status}, expected {expected}")
        if status >= 500:
            problems.append(f"{persona}: server error {status}")
        to_login = status != 302 or "/login/" in response.url or name in {"login", "logout"}
        if persona == "anonymous" and not to_login:
            problems.append(f"anonymous redirected to {response.url}, not to the login page")
        logged_out = status == 302 and "/login/" in response.url and name != "logout"
        if persona != "anonymous" and logged_out:
            problems.append(f"{persona} was sent to the login page: {response.url}")
        body = b"" if getattr(response, "streaming", False) else response.content
        text = body.decode(errors="replace")
        if status in (403, 404) or persona in OTHER_BUREAU:
            leaked = [title for title in things.titles if title in text]
            if leaked:
                problems.append(f"{persona} ({status}) sees {leaked}")
    assert not problems, f"{name} {url}: seen {seen}\n" + "\n".join(problems)
