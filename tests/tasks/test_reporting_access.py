"""Every reporting endpoint x every role of the cast (+ anonymous).

Anonymous users are sent to the login page; another bureau's users get 404 for our objects;
a wrong role in the same bureau gets 403 with a Chinese message. A refused request changes
nothing: no new rows, no status or version moved, no file written.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from tasks import services
from tasks.models import Attachment, DelayRequest, ProgressReport, ReportingPeriod, ReportStatus
from tests.factories import TaskFactory, make_task
from tests.tasks.helpers import HX, pdf_bytes, report_data, snapshot, upload
from workplans.models import Task, TaskUnit

pytestmark = pytest.mark.usefixtures("clock")

ROLES = [
    "anonymous",
    "bureau_admin",
    "leader",
    "unit_staff",
    "other_unit_staff",
    "other_bureau_staff",
    "other_bureau_admin",
]


@dataclass
class Scene:
    world: object
    period: ReportingPeriod
    report_a: ProgressReport  # unit A's draft on task_a, with one attachment
    attachment: Attachment
    task_c: Task  # led by unit B, its report submitted and a delay pending
    report_c: ProgressReport
    delay_c: DelayRequest
    assignment_a: TaskUnit  # unit A's lead assignment on task_a, waiting for an adjustment


@pytest.fixture
def scene(world, period, unit_staff, other_unit_staff) -> Scene:
    report_a = services.report_save(
        task=world.task_a,
        period=period,
        user=unit_staff,
        version=None,
        narrative="医共体建设方案已起草",
        percent=20,
        problems="",
        next_steps="",
        actuals={},
        submit=False,
    )
    attachment = services.attachment_add(
        report=report_a, user=unit_staff, upload=upload("方案.pdf", pdf_bytes())
    )
    task_c = make_task(section=world.section, lead=world.unit_b, title="落实免疫规划疫苗接种")
    report_c = services.report_save(
        task=task_c,
        period=period,
        user=other_unit_staff,
        version=None,
        narrative="一类疫苗接种率保持在95%以上",
        percent=50,
        problems="",
        next_steps="",
        actuals={},
        submit=True,
    )
    delay_c = services.delay_request(
        task=task_c,
        user=other_unit_staff,
        new_deadline=task_c.deadline.replace(year=2027),
        reason="疫苗供应推迟",
    )
    assignment_a = TaskUnit.objects.get(task=world.task_a, role=TaskUnit.Role.LEAD)
    services.receipt_request_adjustment(task=world.task_a, user=unit_staff, reason="时限过紧")
    return Scene(world, period, report_a, attachment, task_c, report_c, delay_c, assignment_a)


def _task(name: str):
    return lambda s: reverse(f"tasks:{name}", args=[s.world.task_a.pk])


# name: (method, url, form data, the 403 message of a wrong role)
ENDPOINTS = {
    "desk": ("get", lambda s: reverse("tasks:my-tasks"), None, "供科室人员使用"),
    "task-page": ("get", _task("task-detail"), None, None),
    "report-save-a": (
        "post",
        _task("report-save"),
        lambda s: report_data(version=s.report_a.version, narrative="改写后的进展"),
        "只有牵头单位可以填报这项任务的进展。",
    ),
    "report-save-b": (
        "post",
        lambda s: reverse("tasks:report-save", args=[s.world.task_b.pk]),
        lambda s: report_data(narrative="完成传染病网络直报质控"),
        "只有牵头单位可以填报这项任务的进展。",
    ),
    "attachment-upload": (
        "post",
        _task("attachment-upload"),
        lambda s: {"file": upload("会议纪要.pdf", pdf_bytes())},
        "只有牵头单位可以上传佐证材料。",
    ),
    "attachment-download": (
        "get",
        lambda s: reverse("tasks:attachment-download", args=[s.attachment.pk]),
        None,
        None,
    ),
    "attachment-delete": (
        "post",
        lambda s: reverse("tasks:attachment-delete", args=[s.attachment.pk]),
        lambda s: {},
        "只有牵头单位可以删除佐证材料。",
    ),
    "cooperation-save": (
        "post",
        _task("cooperation-save"),
        lambda s: {"text": "已派员参加医共体慢病管理培训"},
        "只有配合单位可以填写配合情况。",
    ),
    "receipt": (
        "post",
        _task("receipt"),
        lambda s: {"action": "confirm"},
        "只有牵头单位可以签收这项任务。",
    ),
    "delay-create": (
        "post",
        _task("delay-create"),
        lambda s: {"new_deadline": "2027-06-30", "reason": "需等待省级文件"},
        "只有牵头单位可以申请延期。",
    ),
    "comment-add": (
        "post",
        _task("comment-add"),
        lambda s: {"text": "请加快进度，月底前完成"},
        "只有局领导可以批示。",
    ),
    "review-list": ("get", lambda s: reverse("tasks:review-list"), None, "只有督查室"),
    "report-review": (
        "post",
        lambda s: reverse("tasks:report-review", args=[s.report_c.pk]),
        lambda s: {"decision": "approve", "comment": "同意"},
        "只有督查室（管理员）可以进行这项操作。",
    ),
    "delay-decide": (
        "post",
        lambda s: reverse("tasks:delay-decide", args=[s.delay_c.pk]),
        lambda s: {"decision": "approve", "comment": ""},
        "只有督查室（管理员）可以进行这项操作。",
    ),
    "plan-periods-get": (
        "get",
        lambda s: reverse("tasks:plan-periods", args=[s.world.plan.pk]),
        None,
        "只有督查室（管理员）可以进行这项操作。",
    ),
    "plan-periods-post": (
        "post",
        lambda s: reverse("tasks:plan-periods", args=[s.world.plan.pk]),
        lambda s: {
            "label": "2026年4月",
            "start": "2026-04-01",
            "end": "2026-04-30",
            "due_date": "2026-04-25",
        },
        "只有督查室（管理员）可以进行这项操作。",
    ),
    "period-close": (
        "post",
        lambda s: reverse("tasks:period-close", args=[s.period.pk]),
        lambda s: {},
        "只有督查室（管理员）可以进行这项操作。",
    ),
    "plan-receipts": (
        "get",
        lambda s: reverse("tasks:plan-receipts", args=[s.world.plan.pk]),
        None,
        "只有督查室（管理员）可以进行这项操作。",
    ),
    "receipt-reopen": (
        "post",
        lambda s: reverse("tasks:receipt-reopen", args=[s.assignment_a.pk]),
        lambda s: {},
        "只有督查室（管理员）可以进行这项操作。",
    ),
}

# Expected status in ROLES order. A 302 for a signed-in user on a POST is the action done
# (redirect back to the page); everything else must leave the data untouched.
# Admin-only endpoints check the role before loading the object, so another bureau's *staff*
# get 403 there (nothing about our objects is revealed), while its admin gets 404.
EXPECTED = {
    #                     anon admin leader  A    B  x-staff x-admin
    "desk":              [302, 403, 403, 200, 200, 200, 403],
    "task-page":         [302, 200, 200, 200, 200, 404, 404],
    "report-save-a":     [302, 403, 403, 302, 403, 404, 404],
    "report-save-b":     [302, 403, 403, 404, 302, 404, 404],
    "attachment-upload": [302, 403, 403, 302, 403, 404, 404],
    "attachment-download": [302, 200, 200, 200, 200, 404, 404],
    "attachment-delete": [302, 403, 403, 302, 403, 404, 404],
    "cooperation-save":  [302, 403, 403, 403, 302, 404, 404],
    "receipt":           [302, 403, 403, 302, 403, 404, 404],
    "delay-create":      [302, 403, 403, 302, 403, 404, 404],
    "comment-add":       [302, 403, 302, 403, 403, 404, 404],
    "review-list":       [302, 200, 403, 403, 403, 403, 200],
    "report-review":     [302, 302, 403, 403, 403, 403, 404],
    "delay-decide":      [302, 302, 403, 403, 403, 403, 404],
    "plan-periods-get":  [302, 200, 403, 403, 403, 403, 404],
    "plan-periods-post": [302, 302, 403, 403, 403, 403, 404],
    "period-close":      [302, 302, 403, 403, 403, 403, 404],
    "plan-receipts":     [302, 200, 403, 403, 403, 403, 404],
    "receipt-reopen":    [302, 302, 403, 403, 403, 403, 404],
}  # fmt: skip

CASES = [(name, role, EXPECTED[name][i]) for name in ENDPOINTS for i, role in enumerate(ROLES)]


def _call(client, scene, name, headers=None):
    method, url, data, _ = ENDPOINTS[name]
    if method == "get":
        return client.get(url(scene), headers=headers or {})
    return client.post(url(scene), data(scene), headers=headers or {})


def _close(response) -> None:
    """Finish a file download the way the test client expects: consuming it runs the client's
    own close, which keeps the test's database connection open (a bare response.close() would
    fire request_finished and close it on PostgreSQL)."""
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


@pytest.mark.parametrize(("name", "role", "expected"), CASES)
def test_access_matrix(name, role, expected, scene, client, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    before = snapshot()
    response = _call(client, scene, name)
    _close(response)
    assert response.status_code == expected, f"{role} on {name}"
    method, _, _, message = ENDPOINTS[name]
    acted = method == "post" and expected == 302 and role != "anonymous"
    if role == "anonymous":
        assert response.url.startswith(reverse("login")), response.url
    if expected == 403:
        body = response.content.decode()
        assert "无权访问" in body
        assert message in body, f"{role} on {name}: 403 without its reason"
    if expected == 404:
        assert "页面不存在" in response.content.decode()
    if acted:
        assert not response.url.startswith(reverse("login"))
        assert snapshot() != before, f"{role} on {name} should have done something"
    else:
        assert snapshot() == before, f"{role} on {name} changed data"


REFUSED_HTMX = [
    ("report-save-a", "leader", 403),
    ("report-save-a", "other_unit_staff", 403),
    ("report-save-b", "unit_staff", 404),
    ("cooperation-save", "unit_staff", 403),
    ("attachment-upload", "other_bureau_staff", 404),
    ("comment-add", "bureau_admin", 403),
    ("report-review", "other_bureau_admin", 404),
    ("report-review", "unit_staff", 403),
]


@pytest.mark.parametrize(("name", "role", "expected"), REFUSED_HTMX)
def test_htmx_requests_are_refused_the_same_way(name, role, expected, scene, client, request):
    client.force_login(request.getfixturevalue(role))
    before = snapshot()
    response = _call(client, scene, name, headers=HX)
    assert response.status_code == expected
    assert snapshot() == before


def test_refused_upload_leaves_no_file(scene, client, other_unit_staff):
    files = snapshot()["files"]
    client.force_login(other_unit_staff)
    response = _call(client, scene, "attachment-upload")
    assert response.status_code == 403
    assert snapshot()["files"] == files
    assert Attachment.objects.count() == 1


def test_other_bureau_admin_queue_does_not_list_our_reports(scene, client, other_bureau_admin):
    client.force_login(other_bureau_admin)
    body = client.get(reverse("tasks:review-list")).content.decode()
    assert scene.task_c.title not in body
    assert "暂无待审核的报送" in body
    assert scene.world.task_a.title not in body  # nor our pending delay's task


def test_bureau_admin_queue_lists_the_submitted_report_and_delay(scene, client, bureau_admin):
    client.force_login(bureau_admin)
    body = client.get(reverse("tasks:review-list")).content.decode()
    assert scene.task_c.title in body
    assert "疫苗供应推迟" in body


def test_other_bureau_admin_manages_only_its_own_periods(scene, client, other_bureau_admin):
    client.force_login(other_bureau_admin)
    own = client.get(reverse("tasks:plan-periods", args=[scene.world.other_plan.pk]))
    assert own.status_code == 200
    ours = client.post(reverse("tasks:period-close", args=[scene.period.pk]))
    assert ours.status_code == 404
    scene.period.refresh_from_db()
    assert scene.period.status == ReportingPeriod.Status.OPEN


def test_approving_our_report_as_other_bureau_admin_keeps_status(scene, client, other_bureau_admin):
    client.force_login(other_bureau_admin)
    for decision in ("approve", "return"):
        response = client.post(
            reverse("tasks:report-review", args=[scene.report_c.pk]),
            {"decision": decision, "comment": "越权审核"},
        )
        assert response.status_code == 404
    scene.report_c.refresh_from_db()
    assert scene.report_c.status == ReportStatus.SUBMITTED
    assert scene.report_c.version == 1  # submitted at once
    assert scene.report_c.reviewer is None


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("report-save", "get"),
        ("receipt", "get"),
        ("comment-add", "get"),
        ("delay-create", "get"),
        ("task-detail", "post"),
    ],
)
def test_wrong_http_method_is_405(name, method, scene, client, unit_staff):
    client.force_login(unit_staff)
    url = reverse(f"tasks:{name}", args=[scene.world.task_a.pk])
    before = snapshot()
    assert getattr(client, method)(url).status_code == 405
    assert snapshot() == before


def test_admin_only_get_pages_refuse_post(scene, client, bureau_admin):
    client.force_login(bureau_admin)
    assert client.post(reverse("tasks:review-list")).status_code == 405
    url = reverse("tasks:plan-receipts", args=[scene.world.plan.pk])
    assert client.post(url).status_code == 405


def test_lead_of_parent_task_reports_on_its_subtask(
    world, period, client, unit_staff, other_unit_staff
):
    """Unit A leads task_a, so it reports on task_a's sub-items; unit B (co-unit) may read the
    sub-item but neither report nor write 配合情况 on it."""
    subtask = TaskFactory(
        section=world.section, plan=world.plan, parent=world.task_a, title="推进县域医共体信息化"
    )
    url = reverse("tasks:report-save", args=[subtask.pk])
    client.force_login(other_unit_staff)
    assert client.get(reverse("tasks:task-detail", args=[subtask.pk])).status_code == 200
    assert client.post(url, report_data()).status_code == 403
    coop = reverse("tasks:cooperation-save", args=[subtask.pk])
    assert client.post(coop, {"text": "配合"}).status_code == 403
    assert not ProgressReport.objects.exists()
    client.force_login(unit_staff)
    assert client.post(url, report_data()).status_code == 302
    report = ProgressReport.objects.get(task=subtask)
    assert report.unit == world.unit_a
