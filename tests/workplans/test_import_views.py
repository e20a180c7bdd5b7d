"""The import pages: upload → review with HTMX edits → publish, for every role.

Drafts are created through the service (fast) unless the upload itself is under test.
"""

import random
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import workplans
from tests.factories import TEST_PASSWORD, UnitFactory, UserFactory
from workplans.imports import plan_import_create
from workplans.models import Plan, PlanImport, Target, Task, TaskUnit, Unit, User

SAMPLES = Path(workplans.__file__).parent / "samples"
HX = {"HX-Request": "true"}
FORBIDDEN = "只有督查室（管理员）可以导入工作要点"

# Every unit named here is known to the `world` bureau (疾控中心 is an alias).
PLAN_TEXT = """2026年测试区卫生健康工作要点
一、深化医药卫生体制改革
1.推进区域医疗中心建设。以医政医管股为牵头单位，疾控中心配合，2026年6月底前完成医共体章程修订。\
全区家庭医生签约服务率达到45%以上。
2.加强疫情监测预警工作。由疾控中心牵头。一是健全疫情监测体系和信息报告制度。二是规范开展哨点监测工作。
二、提升基层服务能力
3.加强队伍建设。公开招聘卫生专业技术人员50名。大力引进、培养医学学科带头人。推行区级公立医院中层管理人员晋升职务制度。
"""

UNKNOWN_UNIT_TEXT = """2026年测试区中医药工作要点
一、提升中医药服务能力
1.推广中医药适宜技术。以市第三人民医院、区中医医院为牵头单位，开展中医药适宜技术推广。
2.加强中医药人才培养。由医政医管股牵头，组织中医药骨干人才培训。
"""


# ---------------------------------------------------------------------------------------------
# Helpers


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def upload(client, name: str, data: bytes, **fields):
    """Post the upload form as a browser does (the text and year fields sent empty)."""
    payload = {"file": SimpleUploadedFile(name, data), "text": "", "year": "", **fields}
    return client.post(reverse("workplans:import-list"), payload)


def paste(client, text: str, year: str = ""):
    return client.post(reverse("workplans:import-list"), {"text": text, "year": year})


def review_url(plan_import) -> str:
    return reverse("workplans:import-review", args=[plan_import.pk])


def task_url(plan_import, task_id: str, action: str = "") -> str:
    name = f"workplans:import-{action}-task" if action else "workplans:import-edit-task"
    return reverse(name, args=[plan_import.pk, task_id])


def all_tasks(outline: dict) -> list[dict]:
    found = []
    for section in outline["sections"]:
        for task in section["tasks"]:
            found.append(task)
            found.extend(task["subtasks"])
    return found


def task_by_title(outline: dict, title: str) -> dict:
    matches = [task for task in all_tasks(outline) if task["title"] == title]
    assert len(matches) == 1, f"{title!r} in {[t['title'] for t in all_tasks(outline)]}"
    return matches[0]


def section_of(outline: dict, task_id: str) -> dict:
    for section in outline["sections"]:
        if any(task["id"] == task_id for task in section["tasks"]):
            return section
    raise AssertionError(task_id)


def snapshot(plan_import) -> tuple:
    plan_import.refresh_from_db()
    return plan_import.version, plan_import.status, plan_import.outline


def body_of(response) -> str:
    return response.content.decode()


def post_edit(client, url: str, data: dict, *, htmx: bool, plan_import):
    """Post an edit; HTMX gets the editor fragment, a plain form a redirect to the review page."""
    response = client.post(url, data, headers=HX if htmx else {})
    if htmx:
        assert response.status_code == 200
        assert "<html" not in body_of(response)
        assert 'id="draft-editor"' in body_of(response)
    else:
        assert response.status_code == 302
        assert response.url == review_url(plan_import)
    return response


def feedback(client, response, plan_import, *, htmx: bool) -> str:
    """The text the user sees after an edit: the fragment, or the review page after a redirect."""
    if htmx:
        return body_of(response)
    page = client.get(review_url(plan_import))
    assert page.status_code == 200
    return body_of(page)


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture
def draft(world, bureau_admin) -> PlanImport:
    return plan_import_create(user=bureau_admin, bureau=world.bureau, text=PLAN_TEXT)


@pytest.fixture
def ids(draft) -> dict:
    outline = draft.outline
    first = task_by_title(outline, "推进区域医疗中心建设")
    return {
        "s1": outline["sections"][0]["id"],
        "s2": outline["sections"][1]["id"],
        "first": first["id"],
        "second": task_by_title(outline, "加强疫情监测预警工作")["id"],
        "third": task_by_title(outline, "加强队伍建设")["id"],
        "target": first["targets"][0]["id"],
    }


# ---------------------------------------------------------------------------------------------
# Access


def _target_data(version: int) -> dict:
    return {
        "version": version,
        "indicator": "被篡改的指标",
        "comparator": ">=",
        "value": "1",
        "unit": "%",
        "text": "",
    }


# name → (method, url(draft, ids), data(version, ids))
ENDPOINTS = {
    "review": ("get", lambda d, i: review_url(d), None),
    "task-get": ("get", lambda d, i: task_url(d, i["first"]), None),
    "task-post": (
        "post",
        lambda d, i: task_url(d, i["first"]),
        lambda v, i: {"version": v, "title": "被篡改的任务", "deadline": "", "deadline_text": ""},
    ),
    "section": (
        "post",
        lambda d, i: reverse("workplans:import-edit-section", args=[d.pk, i["s1"]]),
        lambda v, i: {"version": v, "title": "被篡改的板块"},
    ),
    "merge": ("post", lambda d, i: task_url(d, i["second"], "merge"), lambda v, i: {"version": v}),
    "split": (
        "post",
        lambda d, i: task_url(d, i["third"], "split"),
        lambda v, i: {"version": v, "at_sentence": 2},
    ),
    "move": (
        "post",
        lambda d, i: task_url(d, i["first"], "move"),
        lambda v, i: {"version": v, "section": i["s2"]},
    ),
    "delete-task": (
        "post",
        lambda d, i: task_url(d, i["first"], "delete"),
        lambda v, i: {"version": v},
    ),
    "add-target": (
        "post",
        lambda d, i: reverse("workplans:import-add-target", args=[d.pk, i["first"]]),
        lambda v, i: _target_data(v),
    ),
    "edit-target": (
        "post",
        lambda d, i: reverse("workplans:import-edit-target", args=[d.pk, i["target"]]),
        lambda v, i: _target_data(v),
    ),
    "delete-target": (
        "post",
        lambda d, i: reverse("workplans:import-delete-target", args=[d.pk, i["target"]]),
        lambda v, i: {"version": v},
    ),
    "add-unit": (
        "post",
        lambda d, i: reverse("workplans:import-add-unit", args=[d.pk]),
        lambda v, i: {"version": v, "name": "被篡改的单位", "kind": "other"},
    ),
    "publish": (
        "post",
        lambda d, i: reverse("workplans:import-publish", args=[d.pk]),
        lambda v, i: {"version": v},
    ),
    "discard": (
        "post",
        lambda d, i: reverse("workplans:import-discard", args=[d.pk]),
        lambda v, i: {"version": v},
    ),
}
LIST_ENDPOINTS = {
    "list-get": ("get", lambda d, i: reverse("workplans:import-list"), None),
    "list-post": (
        "post",
        lambda d, i: reverse("workplans:import-list"),
        lambda v, i: {"text": UNKNOWN_UNIT_TEXT, "year": ""},
    ),
}
ALL_ENDPOINTS = {**LIST_ENDPOINTS, **ENDPOINTS}


def _call(client, endpoint: dict, name: str, draft, ids):
    method, url, data = endpoint[name]
    if method == "get":
        return client.get(url(draft, ids))
    return client.post(url(draft, ids), data(draft.version, ids))


def _assert_nothing_changed(world, draft, before, imports_before: int, units_before: int):
    assert snapshot(draft) == before
    assert PlanImport.objects.count() == imports_before
    assert Unit.objects.filter(bureau=world.bureau).count() == units_before
    assert not Plan.objects.filter(title=draft.title).exists()


@pytest.mark.parametrize("endpoint", ALL_ENDPOINTS)
def test_anonymous_is_sent_to_login(endpoint, world, draft, ids, client):
    before = snapshot(draft)
    imports, units = PlanImport.objects.count(), Unit.objects.filter(bureau=world.bureau).count()
    response = _call(client, ALL_ENDPOINTS, endpoint, draft, ids)
    assert response.status_code == 302
    assert reverse("login") in response.url
    _assert_nothing_changed(world, draft, before, imports, units)


@pytest.mark.parametrize("role", ["unit_staff", "other_unit_staff", "leader"])
@pytest.mark.parametrize("endpoint", ALL_ENDPOINTS)
def test_non_admins_are_refused(endpoint, role, world, draft, ids, login, request):
    client = login(request.getfixturevalue(role))
    before = snapshot(draft)
    imports, units = PlanImport.objects.count(), Unit.objects.filter(bureau=world.bureau).count()
    response = _call(client, ALL_ENDPOINTS, endpoint, draft, ids)
    assert response.status_code == 403
    assert FORBIDDEN in body_of(response)
    _assert_nothing_changed(world, draft, before, imports, units)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_other_bureau_admin_gets_404_and_changes_nothing(
    endpoint, htmx, world, draft, ids, other_bureau_admin, login
):
    client = login(other_bureau_admin)
    before = snapshot(draft)
    imports, units = PlanImport.objects.count(), Unit.objects.filter(bureau=world.bureau).count()
    method, url, data = ENDPOINTS[endpoint]
    headers = HX if htmx else {}
    if method == "get":
        response = client.get(url(draft, ids), headers=headers)
    else:
        response = client.post(url(draft, ids), data(draft.version, ids), headers=headers)
    assert response.status_code == 404
    assert "不存在" in body_of(response)
    assert draft.title not in body_of(response)
    _assert_nothing_changed(world, draft, before, imports, units)
    assert not Unit.objects.filter(name="被篡改的单位").exists()


@pytest.mark.parametrize("endpoint", [name for name, e in ENDPOINTS.items() if e[0] == "post"])
def test_the_same_requests_do_change_the_draft_for_its_admin(endpoint, draft, ids, admin_client):
    """So the "nothing changed" checks above are not vacuous."""
    before = snapshot(draft)
    response = _call(admin_client, ENDPOINTS, endpoint, draft, ids)
    assert response.status_code == 302
    assert "已保存" in body_of(admin_client.get(review_url(draft))) or endpoint in (
        "publish",
        "discard",
    )
    version, status, _ = snapshot(draft)
    assert version == before[0] + 1
    assert status == {"publish": "published", "discard": "discarded"}.get(endpoint, "draft")


def test_other_bureau_admin_does_not_see_our_drafts_in_the_list(draft, other_bureau_admin, login):
    response = login(other_bureau_admin).get(reverse("workplans:import-list"))
    assert response.status_code == 200
    assert draft.title not in body_of(response)


def test_other_bureau_admin_import_goes_to_their_own_bureau(
    world, draft, other_bureau_admin, login
):
    response = paste(login(other_bureau_admin), PLAN_TEXT)
    assert response.status_code == 302
    theirs = PlanImport.objects.exclude(pk=draft.pk).get()
    assert theirs.bureau == world.other_bureau
    assert snapshot(draft)[0] == 1  # ours was not replaced


def test_admin_sees_the_list_and_the_review_page(admin_client, draft):
    listing = admin_client.get(reverse("workplans:import-list"))
    assert listing.status_code == 200
    assert draft.title in body_of(listing)
    assert review_url(draft) in body_of(listing)
    page = admin_client.get(review_url(draft))
    assert page.status_code == 200
    assert "<html" in body_of(page)


def test_review_page_fragment_for_htmx(admin_client, draft):
    response = admin_client.get(review_url(draft), headers=HX)
    assert response.status_code == 200
    assert "<html" not in body_of(response)
    assert 'id="draft-editor"' in body_of(response)


def test_unknown_draft_is_404(admin_client, draft):
    response = admin_client.get(reverse("workplans:import-review", args=[draft.pk + 1000]))
    assert response.status_code == 404


def test_unknown_task_id_gives_a_message(admin_client, draft):
    response = admin_client.get(task_url(draft, "t9999"), headers=HX)
    assert response.status_code == 200
    assert "该任务已不存在" in body_of(response)


def test_csrf_token_is_required(world, bureau_admin, draft, ids):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=bureau_admin.username, password=TEST_PASSWORD)
    before = snapshot(draft)
    url = reverse("workplans:import-edit-section", args=[draft.pk, ids["s1"]])
    response = client.post(url, {"version": draft.version, "title": "无令牌的修改"})
    assert response.status_code == 403
    assert "安全校验失败" in body_of(response)
    assert snapshot(draft) == before


# ---------------------------------------------------------------------------------------------
# Upload


def test_uploading_a_txt_sample_creates_a_draft_and_shows_it(admin_client, world, bureau_admin):
    response = upload(
        admin_client, "2018-changning-health-plan.txt", sample("2018-changning-health-plan.txt")
    )
    plan_import = PlanImport.objects.get()
    assert response.status_code == 302
    assert response.url == review_url(plan_import)
    assert plan_import.bureau == world.bureau
    assert plan_import.created_by == bureau_admin
    assert plan_import.status == PlanImport.Status.DRAFT
    assert plan_import.source_kind == PlanImport.Kind.TEXT
    assert plan_import.source_name == "2018-changning-health-plan.txt"
    assert (plan_import.title, plan_import.year) == ("2018年全市卫生计生工作要点", 2018)

    page = admin_client.get(response.url)
    body = body_of(page)
    assert page.status_code == 200
    assert "已解析" in body
    assert "常宁市卫生和计划生育局" in body  # the source text
    assert "完善妇幼健康管理" in body  # a task
    assert "孕产妇死亡率" in body  # a target…
    assert "17" in body  # …and its value
    for task in all_tasks(plan_import.outline):
        assert f'id="task-{task["id"]}"' in body
        assert f'id="src-{task["id"]}"' in body  # highlighted in the source


def test_pasted_text_creates_a_draft(admin_client, world):
    response = paste(admin_client, PLAN_TEXT)
    plan_import = PlanImport.objects.get()
    assert response.status_code == 302
    assert response.url == review_url(plan_import)
    assert plan_import.source_kind == PlanImport.Kind.PASTE
    assert plan_import.title == "2026年测试区卫生健康工作要点"
    body = body_of(admin_client.get(response.url))
    assert "推进区域医疗中心建设" in body
    assert "家庭医生签约服务率" in body
    assert "医政医管股" in body


def test_year_field_is_used_when_the_title_has_none(admin_client):
    text = PLAN_TEXT.replace("2026年测试区", "测试区")
    assert paste(admin_client, text).status_code == 400
    assert PlanImport.objects.count() == 0
    response = paste(admin_client, text, year="2027")
    assert response.status_code == 302
    assert PlanImport.objects.get().year == 2027


def test_summary_notice_for_the_yiwu_sample(admin_client):
    name = "2020-yiwu-summary-and-2021-plan.txt"
    response = upload(admin_client, name, sample(name))
    assert response.status_code == 302
    plan_import = PlanImport.objects.get()
    assert plan_import.summary_found
    assert plan_import.year == 2021
    assert "年度工作总结" in body_of(admin_client.get(response.url))


def test_reimporting_the_same_file_replaces_the_draft(admin_client):
    name = "2018-changning-health-plan.txt"
    upload(admin_client, name, sample(name))
    first = PlanImport.objects.get()
    response = upload(admin_client, name, sample(name))
    assert response.status_code == 302
    second = PlanImport.objects.get()
    assert second.pk == first.pk
    assert second.version == first.version + 1
    assert PlanImport.objects.filter(status=PlanImport.Status.DRAFT).count() == 1
    assert response.url == review_url(first)


def _random_bytes() -> bytes:
    return random.Random(20260301).randbytes(4096)


BAD_UPLOADS = {
    "empty-file": ({"file": ("plan.txt", b"")}, "空"),
    "random-bytes": ({"file": ("plan.txt", _random_bytes())}, "不是可识别的文本"),
    "pdf": ({"file": ("plan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")}, "不支持的文件类型"),
    "docx-not-zip": ({"file": ("plan.docx", "这不是压缩包".encode() * 20)}, "文件已损坏"),
    "blank-text": ({"text": "   \n  "}, "请选择要上传的文件，或粘贴工作要点正文"),
    "file-and-text": (
        {"file": ("plan.txt", PLAN_TEXT.encode()), "text": PLAN_TEXT},
        "请只提供一种来源",
    ),
    "experience-compilation": (
        {"file": ("health-experience-compilation.txt", None)},
        "不是工作要点",
    ),
    "no-structure": (
        {"text": "今年我们要做好卫生健康工作，努力提高群众满意度。继续加强队伍建设。"},
        "未识别到工作要点的结构",
    ),
}


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_bad_input_is_refused_with_a_message(case, admin_client):
    fields, message = BAD_UPLOADS[case]
    payload = {"text": "", "year": ""}
    for key, value in fields.items():
        if key == "file":
            name, data = value
            payload["file"] = SimpleUploadedFile(name, sample(name) if data is None else data)
        else:
            payload[key] = value
    response = admin_client.post(reverse("workplans:import-list"), payload)
    assert response.status_code == 400
    assert message in body_of(response)
    assert "<html" in body_of(response)  # the upload page again, with the error
    assert PlanImport.objects.count() == 0


def test_empty_file_is_not_reported_as_missing(admin_client):
    response = upload(admin_client, "plan.txt", b"")
    assert response.status_code == 400
    assert "空" in body_of(response)
    assert "请选择要上传的文件" not in body_of(response)


def test_oversize_file_is_refused(admin_client, monkeypatch):
    monkeypatch.setattr("workplans.parsing.reading.MAX_UPLOAD_BYTES", 1024)
    response = upload(admin_client, "plan.txt", PLAN_TEXT.encode() * 3)
    assert response.status_code == 400
    assert "文件过大" in body_of(response)
    assert PlanImport.objects.count() == 0


def test_superuser_without_a_bureau_gets_a_message_not_a_500(world):
    User.objects.create_superuser("root", "root@example.cn", TEST_PASSWORD)
    client = Client(raise_request_exception=False)
    assert client.login(username="root", password=TEST_PASSWORD)
    response = paste(client, PLAN_TEXT)
    assert response.status_code in (400, 403)
    assert PlanImport.objects.count() == 0


def test_markup_in_the_document_is_escaped(admin_client):
    text = PLAN_TEXT.replace("加强队伍建设。", "加强<script>alert(1)</script>队伍建设。")
    assert paste(admin_client, text).status_code == 302
    body = body_of(admin_client.get(review_url(PlanImport.objects.get())))
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# ---------------------------------------------------------------------------------------------
# Edits

BOTH = pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])


@pytest.fixture
def more_units(world) -> None:
    UnitFactory(bureau=world.bureau, name="中医医院", aliases="区中医医院")
    UnitFactory(bureau=world.bureau, name="妇幼保健院")


@BOTH
def test_edit_task(htmx, admin_client, draft, ids, more_units):
    data = {
        "version": draft.version,
        "title": "推进区域医疗中心提质建设",
        "deadline": "2026-09-30",
        "deadline_text": "9月底前",
        "lead_units": ["中医医院"],
        "co_units": ["医政医管股", "妇幼保健院"],
    }
    url = task_url(draft, ids["first"])
    response = post_edit(admin_client, url, data, htmx=htmx, plan_import=draft)
    version, _, outline = snapshot(draft)
    task = task_by_title(outline, "推进区域医疗中心提质建设")
    assert version == 2
    assert task["id"] == ids["first"]
    assert task["deadline"] == "2026-09-30"
    assert task["deadline_text"] == "9月底前"
    assert task["lead_units"] == ["中医医院"]
    assert task["co_units"] == ["医政医管股", "妇幼保健院"]
    body = feedback(admin_client, response, draft, htmx=htmx)
    assert "推进区域医疗中心提质建设" in body
    assert "2026-09-30" in body
    if not htmx:
        assert "已保存" in body


def test_task_editor_page_and_fragment(admin_client, draft, ids, more_units):
    page = admin_client.get(task_url(draft, ids["first"]))
    assert page.status_code == 200
    assert "<html" in body_of(page)
    fragment = admin_client.get(task_url(draft, ids["first"]), headers=HX)
    body = body_of(fragment)
    assert fragment.status_code == 200
    assert "<html" not in body
    assert "推进区域医疗中心建设" in body
    for name in ("医政医管股", "疾病预防控制中心", "中医医院", "妇幼保健院"):
        assert f'value="{name}"' in body  # the bureau's units are the choices
    assert "医政医管科" not in body  # another bureau's unit is not


@BOTH
def test_lead_unit_also_chosen_as_co_unit_is_refused(htmx, admin_client, draft, ids, more_units):
    before = snapshot(draft)
    data = {
        "version": draft.version,
        "title": "不应保存的标题",
        "lead_units": ["中医医院"],
        "co_units": ["中医医院", "医政医管股"],
    }
    response = post_edit(
        admin_client, task_url(draft, ids["first"]), data, htmx=htmx, plan_import=draft
    )
    assert "同一单位不能既牵头又配合" in feedback(admin_client, response, draft, htmx=htmx)
    assert snapshot(draft) == before


@pytest.mark.parametrize("name", ["医政医管科", "不存在的单位"])
def test_unit_outside_the_bureau_is_refused(name, admin_client, world, draft, ids):
    before = snapshot(draft)
    data = {"version": draft.version, "title": "不应保存的标题", "lead_units": [name]}
    response = post_edit(
        admin_client, task_url(draft, ids["first"]), data, htmx=True, plan_import=draft
    )
    assert 'data-testid="draft-error"' in body_of(response)
    assert "有效" in body_of(response)  # Django's Chinese "选择一个有效的选项"
    assert snapshot(draft) == before


@BOTH
def test_add_edit_and_delete_a_target(htmx, admin_client, draft, ids):
    add_url = reverse("workplans:import-add-target", args=[draft.pk, ids["third"]])
    data = {
        "version": 1,
        "indicator": "家庭医生签约率",
        "comparator": ">=",
        "value": "30",
        "unit": "%",
        "text": "",
    }
    response = post_edit(admin_client, add_url, data, htmx=htmx, plan_import=draft)
    version, _, outline = snapshot(draft)
    targets = task_by_title(outline, "加强队伍建设")["targets"]
    assert version == 2
    assert [(t["indicator"], t["comparator"], t["value"], t["unit"]) for t in targets[1:]] == [
        ("家庭医生签约率", ">=", 30, "%")
    ]
    assert "家庭医生签约率" in feedback(admin_client, response, draft, htmx=htmx)
    new_id = targets[1]["id"]
    assert new_id not in {t["id"] for t in all_tasks(outline)}

    edit_url = reverse("workplans:import-edit-target", args=[draft.pk, new_id])
    post_edit(
        admin_client, edit_url, {**data, "version": 2, "value": "45"}, htmx=htmx, plan_import=draft
    )
    version, _, outline = snapshot(draft)
    target = task_by_title(outline, "加强队伍建设")["targets"][1]
    assert (version, target["id"], target["value"]) == (3, new_id, 45)

    delete_url = reverse("workplans:import-delete-target", args=[draft.pk, new_id])
    post_edit(admin_client, delete_url, {"version": 3}, htmx=htmx, plan_import=draft)
    version, _, outline = snapshot(draft)
    assert version == 4
    assert [t["id"] for t in task_by_title(outline, "加强队伍建设")["targets"]] == [
        targets[0]["id"]
    ]


@BOTH
@pytest.mark.parametrize(
    ("value", "message"), [("abc", "目标值必须是数字"), ("-1", "目标值不能为负数")]
)
def test_invalid_target_value_is_refused(value, message, htmx, admin_client, draft, ids):
    before = snapshot(draft)
    data = {
        "version": draft.version,
        "indicator": "家庭医生签约率",
        "comparator": ">=",
        "value": value,
        "unit": "%",
        "text": "",
    }
    for url in (
        reverse("workplans:import-add-target", args=[draft.pk, ids["third"]]),
        reverse("workplans:import-edit-target", args=[draft.pk, ids["target"]]),
    ):
        response = post_edit(admin_client, url, data, htmx=htmx, plan_import=draft)
        assert message in feedback(admin_client, response, draft, htmx=htmx)
        assert snapshot(draft) == before


@BOTH
def test_split_a_task_and_merge_it_back(htmx, admin_client, draft, ids):
    count = len(all_tasks(draft.outline))
    original = task_by_title(draft.outline, "加强队伍建设")
    url = task_url(draft, ids["third"], "split")
    response = post_edit(
        admin_client, url, {"version": 1, "at_sentence": 3}, htmx=htmx, plan_import=draft
    )
    version, _, outline = snapshot(draft)
    assert version == 2
    assert len(all_tasks(outline)) == count + 1
    section = section_of(outline, ids["third"])
    head, tail = section["tasks"][-2:]
    assert head["id"] == ids["third"]
    assert head["text"] == "3.加强队伍建设。公开招聘卫生专业技术人员50名。"
    assert tail["text"].startswith("大力引进、培养医学学科带头人。")
    assert head["targets"] == original["targets"]  # the target stays with its sentence
    if htmx:
        assert f'id="task-{tail["id"]}"' in body_of(response)

    merge = task_url(draft, tail["id"], "merge")
    post_edit(admin_client, merge, {"version": 2}, htmx=htmx, plan_import=draft)
    version, _, outline = snapshot(draft)
    assert version == 3
    assert len(all_tasks(outline)) == count
    merged = task_by_title(outline, "加强队伍建设")
    assert merged["text"].replace("\n", "") == original["text"]
    assert merged["targets"] == original["targets"]


@BOTH
def test_merging_the_first_task_of_a_section_is_refused(htmx, admin_client, draft, ids):
    before = snapshot(draft)
    url = task_url(draft, ids["first"], "merge")
    response = post_edit(admin_client, url, {"version": 1}, htmx=htmx, plan_import=draft)
    assert "前面没有可以合并的任务" in feedback(admin_client, response, draft, htmx=htmx)
    assert snapshot(draft) == before


def test_split_needs_a_sentence_after_the_first(admin_client, draft, ids):
    before = snapshot(draft)
    url = task_url(draft, ids["third"], "split")
    for at in (1, 99):
        response = post_edit(
            admin_client, url, {"version": 1, "at_sentence": at}, htmx=True, plan_import=draft
        )
        assert 'data-testid="draft-error"' in body_of(response)
    assert snapshot(draft) == before


@BOTH
def test_move_a_task_to_another_section(htmx, admin_client, draft, ids):
    url = task_url(draft, ids["first"], "move")
    post_edit(admin_client, url, {"version": 1, "section": ids["s2"]}, htmx=htmx, plan_import=draft)
    version, _, outline = snapshot(draft)
    assert version == 2
    assert section_of(outline, ids["first"])["id"] == ids["s2"]
    assert outline["sections"][1]["tasks"][-1]["id"] == ids["first"]
    assert ids["first"] not in [t["id"] for t in outline["sections"][0]["tasks"]]


def test_sub_items_are_not_offered_a_move(admin_client, draft):
    sub = task_by_title(draft.outline, "规范开展哨点监测工作")
    body = body_of(admin_client.get(task_url(draft, sub["id"]), headers=HX))
    assert task_url(draft, sub["id"], "move") not in body


def test_moving_a_sub_item_is_refused(admin_client, draft, ids):
    before = snapshot(draft)
    sub = task_by_title(draft.outline, "规范开展哨点监测工作")
    response = post_edit(
        admin_client,
        task_url(draft, sub["id"], "move"),
        {"version": 1, "section": ids["s2"]},
        htmx=True,
        plan_import=draft,
    )
    assert "分项任务随其上级任务移动" in body_of(response)
    assert snapshot(draft) == before


@BOTH
def test_delete_a_task(htmx, admin_client, draft, ids):
    count = len(all_tasks(draft.outline))
    response = post_edit(
        admin_client,
        task_url(draft, ids["first"], "delete"),
        {"version": 1},
        htmx=htmx,
        plan_import=draft,
    )
    version, _, outline = snapshot(draft)
    assert version == 2
    assert len(all_tasks(outline)) == count - 1
    assert ids["first"] not in {t["id"] for t in all_tasks(outline)}
    body = feedback(admin_client, response, draft, htmx=htmx)
    assert f'id="task-{ids["first"]}"' not in body
    assert f'id="src-{ids["first"]}"' not in body  # no longer marked in the source text
    assert "推进区域医疗中心建设" in body  # which still shows it


@BOTH
def test_edit_a_section_title(htmx, admin_client, draft, ids):
    url = reverse("workplans:import-edit-section", args=[draft.pk, ids["s1"]])
    response = post_edit(
        admin_client, url, {"version": 1, "title": "深化医改"}, htmx=htmx, plan_import=draft
    )
    version, _, outline = snapshot(draft)
    assert (version, outline["sections"][0]["title"]) == (2, "深化医改")
    assert "深化医改" in feedback(admin_client, response, draft, htmx=htmx)


def test_blank_section_title_is_refused(admin_client, draft, ids):
    before = snapshot(draft)
    url = reverse("workplans:import-edit-section", args=[draft.pk, ids["s1"]])
    response = post_edit(
        admin_client, url, {"version": 1, "title": "  "}, htmx=True, plan_import=draft
    )
    assert 'data-testid="draft-error"' in body_of(response)
    assert snapshot(draft) == before


# ---------------------------------------------------------------------------------------------
# Two admins at once


def test_second_admin_saving_an_old_version_is_refused(world, bureau_admin, draft, ids, login):
    bureau_admin.full_name = "张督查"
    bureau_admin.save()
    colleague = UserFactory(
        username="admin_b", full_name="李督查", bureau=world.bureau, role=User.Role.ADMIN
    )
    first = login(bureau_admin)
    second = Client()
    assert second.login(username=colleague.username, password=TEST_PASSWORD)
    for client in (first, second):
        page = client.get(review_url(draft))
        assert 'name="version" value="1"' in body_of(page)

    url = task_url(draft, ids["first"])
    saved = first.post(url, {"version": 1, "title": "张督查改的标题"}, headers=HX)
    assert saved.status_code == 200
    assert snapshot(draft)[0] == 2

    refused = second.post(url, {"version": 1, "title": "李督查改的标题"}, headers=HX)
    body = body_of(refused)
    assert refused.status_code == 200
    assert "<html" not in body
    assert "修改了这份草稿" in body
    assert "张督查" in body
    assert "张督查改的标题" in body
    assert "李督查改的标题" not in body
    assert 'name="version" value="2"' in body  # the latest draft, ready for another try
    version, _, outline = snapshot(draft)
    assert version == 2
    assert task_by_title(outline, "张督查改的标题")["id"] == ids["first"]


def test_stale_plain_post_shows_the_conflict_on_the_next_page(admin_client, draft, ids):
    url = reverse("workplans:import-edit-section", args=[draft.pk, ids["s1"]])
    post_edit(admin_client, url, {"version": 1, "title": "第一次"}, htmx=False, plan_import=draft)
    response = post_edit(
        admin_client, url, {"version": 1, "title": "第二次"}, htmx=False, plan_import=draft
    )
    body = feedback(admin_client, response, draft, htmx=False)
    assert "修改了这份草稿" in body
    assert snapshot(draft)[2]["sections"][0]["title"] == "第一次"


# ---------------------------------------------------------------------------------------------
# Units the document names but the bureau lacks


def test_unknown_unit_must_be_added_before_publishing(admin_client, world):
    UnitFactory(bureau=world.bureau, name="中医医院", aliases="区中医医院")
    assert paste(admin_client, UNKNOWN_UNIT_TEXT).status_code == 302
    plan_import = PlanImport.objects.get()
    task = task_by_title(plan_import.outline, "推广中医药适宜技术")
    assert task["lead_units"] == ["市第三人民医院", "中医医院"]

    body = body_of(admin_client.get(review_url(plan_import)))
    assert 'id="missing-units"' in body
    panel = body.split('id="missing-units"', 1)[1].split("</section>", 1)[0]
    assert "市第三人民医院" in panel
    assert "中医医院</strong>" not in panel  # known through its alias
    assert "医政医管股" not in panel

    publish = reverse("workplans:import-publish", args=[plan_import.pk])
    refused = admin_client.post(publish, {"version": 1}, headers=HX)
    assert "尚未添加" in body_of(refused)
    assert "市第三人民医院" in body_of(refused)
    assert not Plan.objects.filter(title=plan_import.title).exists()
    assert snapshot(plan_import)[:2] == (1, PlanImport.Status.DRAFT)

    add = reverse("workplans:import-add-unit", args=[plan_import.pk])
    response = admin_client.post(
        add, {"version": 1, "name": "市第三人民医院", "kind": "hospital"}, headers=HX
    )
    assert response.status_code == 200
    assert 'id="missing-units"' not in body_of(response)
    unit = Unit.objects.get(bureau=world.bureau, name="市第三人民医院")
    assert unit.kind == Unit.Kind.HOSPITAL
    version, _, outline = snapshot(plan_import)
    assert version == 2
    assert "市第三人民医院" not in outline.get("unknown_units", [])

    published = admin_client.post(publish, {"version": 2})
    plan = Plan.objects.get(bureau=world.bureau, title=plan_import.title)
    assert published.status_code == 302
    assert published.url == reverse("reports:plan-detail", args=[plan.pk])
    task = Task.objects.get(plan=plan, title="推广中医药适宜技术")
    leads = TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD)
    assert {a.unit.name for a in leads} == {"市第三人民医院", "中医医院"}


def test_add_unit_plain_post(admin_client, world):
    assert paste(admin_client, UNKNOWN_UNIT_TEXT).status_code == 302
    plan_import = PlanImport.objects.get()
    add = reverse("workplans:import-add-unit", args=[plan_import.pk])
    response = post_edit(
        admin_client,
        add,
        {"version": 1, "name": "市第三人民医院", "kind": "hospital"},
        htmx=False,
        plan_import=plan_import,
    )
    assert "已保存" in feedback(admin_client, response, plan_import, htmx=False)
    assert Unit.objects.filter(bureau=world.bureau, name="市第三人民医院").exists()
    assert not Unit.objects.filter(bureau=world.other_bureau, name="市第三人民医院").exists()


# ---------------------------------------------------------------------------------------------
# Publish and discard


def test_publish_creates_the_live_plan(admin_client, world, draft, ids, unit_staff):
    response = admin_client.post(
        reverse("workplans:import-publish", args=[draft.pk]), {"version": 1}
    )
    plan = Plan.objects.get(bureau=world.bureau, title="2026年测试区卫生健康工作要点")
    assert response.status_code == 302
    assert response.url == reverse("reports:plan-detail", args=[plan.pk])
    assert (plan.status, plan.year) == (Plan.Status.PUBLISHED, 2026)
    assert [(s.number, s.title) for s in plan.sections.order_by("order")] == [
        ("一", "深化医药卫生体制改革"),
        ("二", "提升基层服务能力"),
    ]
    tasks = {task.title: task for task in Task.objects.filter(plan=plan)}
    assert set(tasks) == {t["title"] for t in all_tasks(draft.outline)}
    first, second = tasks["推进区域医疗中心建设"], tasks["加强疫情监测预警工作"]
    assert first.section.title == "深化医药卫生体制改革"
    assert str(first.deadline) == "2026-06-30"
    assert tasks["加强队伍建设"].section.title == "提升基层服务能力"
    subtasks = Task.objects.filter(plan=plan, parent=second)
    assert {t.title for t in subtasks} == {"健全疫情监测体系和信息报告制度", "规范开展哨点监测工作"}
    assert all(t.section_id == second.section_id for t in subtasks)
    roles = {(a.unit.name, a.role) for a in TaskUnit.objects.filter(task=first)}
    assert roles == {("医政医管股", TaskUnit.Role.LEAD), ("疾病预防控制中心", TaskUnit.Role.CO)}
    assert {a.unit for a in TaskUnit.objects.filter(task=second)} == {world.unit_b}
    target = Target.objects.get(task=first)
    assert (target.indicator, target.comparator, target.value, target.unit) == (
        "家庭医生签约服务率",
        ">=",
        45,
        "%",
    )
    assert Target.objects.filter(task__plan=plan).count() == 2

    draft.refresh_from_db()
    assert draft.status == PlanImport.Status.PUBLISHED
    assert draft.plan == plan
    assert "已发布" in body_of(admin_client.get(response.url))

    # The draft is closed for edits now.
    before = snapshot(draft)
    url = reverse("workplans:import-edit-section", args=[draft.pk, ids["s1"]])
    refused = admin_client.post(url, {"version": draft.version, "title": "发布后再改"}, headers=HX)
    assert "不能再修改" in body_of(refused)
    assert snapshot(draft) == before
    assert "发布后再改" not in str(plan.sections.values_list("title", flat=True))

    # Unit A's staff now find the task they lead.
    client = Client()
    assert client.login(username=unit_staff.username, password=TEST_PASSWORD)
    mine = client.get(reverse("tasks:my-tasks"))
    assert mine.status_code == 200
    assert "推进区域医疗中心建设" in body_of(mine)
    assert "加强疫情监测预警工作" not in body_of(mine)  # led by unit B


def test_message_for_a_closed_import_reads_well(admin_client, draft, ids):
    admin_client.post(reverse("workplans:import-publish", args=[draft.pk]), {"version": 1})
    draft.refresh_from_db()
    url = reverse("workplans:import-edit-section", args=[draft.pk, ids["s1"]])
    body = body_of(admin_client.post(url, {"version": draft.version, "title": "x"}, headers=HX))
    assert "不能再修改" in body
    assert "已已" not in body


def test_publish_over_an_existing_plan_is_refused(admin_client, world):
    text = PLAN_TEXT.replace("2026年测试区卫生健康工作要点", world.plan.title)
    assert paste(admin_client, text).status_code == 302
    plan_import = PlanImport.objects.get()
    assert (plan_import.title, plan_import.year) == (world.plan.title, world.plan.year)
    counts = (
        Plan.objects.count(),
        Task.objects.count(),
        TaskUnit.objects.count(),
        Target.objects.count(),
    )
    url = reverse("workplans:import-publish", args=[plan_import.pk])
    response = admin_client.post(url, {"version": 1}, headers=HX)
    assert response.status_code == 200
    assert "本局已有同名" in body_of(response)
    assert "HX-Redirect" not in response.headers
    assert counts == (
        Plan.objects.count(),
        Task.objects.count(),
        TaskUnit.objects.count(),
        Target.objects.count(),
    )
    assert snapshot(plan_import)[:2] == (1, PlanImport.Status.DRAFT)


def test_htmx_publish_redirects_the_browser(admin_client, world, draft):
    response = admin_client.post(
        reverse("workplans:import-publish", args=[draft.pk]), {"version": 1}, headers=HX
    )
    plan = Plan.objects.get(bureau=world.bureau, title=draft.title)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == reverse("reports:plan-detail", args=[plan.pk])


def test_publish_with_a_stale_version_is_refused(admin_client, draft, ids):
    url = reverse("workplans:import-edit-section", args=[draft.pk, ids["s1"]])
    admin_client.post(url, {"version": 1, "title": "改过了"}, headers=HX)
    response = admin_client.post(
        reverse("workplans:import-publish", args=[draft.pk]), {"version": 1}, headers=HX
    )
    assert "修改了这份草稿" in body_of(response)
    assert not Plan.objects.filter(title=draft.title).exists()


@BOTH
def test_discard_then_reimport_creates_a_new_draft(htmx, admin_client, draft):
    response = admin_client.post(
        reverse("workplans:import-discard", args=[draft.pk]),
        {"version": 1},
        headers=HX if htmx else {},
    )
    if htmx:
        assert response.headers["HX-Redirect"] == reverse("workplans:import-list")
    else:
        assert response.status_code == 302
        assert response.url == reverse("workplans:import-list")
    draft.refresh_from_db()
    assert draft.status == PlanImport.Status.DISCARDED
    listing = body_of(admin_client.get(reverse("workplans:import-list")))
    assert "已放弃" in listing

    assert paste(admin_client, PLAN_TEXT).status_code == 302
    new = PlanImport.objects.get(status=PlanImport.Status.DRAFT)
    assert new.pk != draft.pk
    assert new.version == 1
    assert PlanImport.objects.count() == 2


# ---------------------------------------------------------------------------------------------
# Queries


def _review_queries(client, plan_import) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(review_url(plan_import))
    assert response.status_code == 200
    return len(queries)


def test_review_page_query_count_does_not_grow_with_the_tasks(
    admin_client, world, bureau_admin, draft, django_assert_max_num_queries
):
    name = "2023-baoshan-health-plan.txt"
    baoshan = plan_import_create(
        user=bureau_admin, bureau=world.bureau, filename=name, data=sample(name)
    )
    assert len(all_tasks(baoshan.outline)) > 80
    admin_client.get(review_url(draft))  # warm up the session
    with django_assert_max_num_queries(12):
        response = admin_client.get(review_url(baoshan))
    assert response.status_code == 200
    assert _review_queries(admin_client, baoshan) == _review_queries(admin_client, draft)


def test_a_hostile_pasted_line_ends_in_a_draft_not_a_500(admin_client, world):
    """The 42 KB line that raised RecursionError (a 500) when the outline was stored."""
    text = (
        "2026年测试区卫生健康工作要点\n一、深化改革\n1.x。" + "一是开展检查。二是完善制度。" * 1500
    )
    response = paste(admin_client, text)
    assert response.status_code == 302
    assert PlanImport.objects.count() == 1


def test_an_over_long_paste_is_refused_in_chinese(admin_client, world):
    line = "1.加强基层医疗卫生服务能力建设，家庭医生签约服务率达到43%以上。\n"
    response = paste(admin_client, "2026年测试区卫生健康工作要点\n一、深化改革\n" + line * 16_000)
    assert response.status_code == 400
    assert "正文过长" in response.content.decode()
    assert PlanImport.objects.count() == 0
