"""Evidence files: what may be uploaded, what is refused (with a Chinese reason, no file left in
storage, no row), who may download, and deleting only before submission."""

import re

import pytest
from django.urls import reverse

from tasks import evidence, services
from tasks.models import Attachment, ProgressReport, ReportStatus
from tests.tasks.helpers import (
    HX,
    docx_bytes,
    jpg_bytes,
    media_files,
    pdf_bytes,
    png_bytes,
    report_data,
    upload,
    xlsx_bytes,
    zip_bomb_bytes,
)

pytestmark = pytest.mark.usefixtures("clock")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def draft(world, period, unit_staff) -> ProgressReport:
    return services.report_save(
        task=world.task_a,
        period=period,
        user=unit_staff,
        version=None,
        narrative="医共体牵头医院已完成挂牌",
        percent=20,
        problems="",
        next_steps="",
        actuals={},
        submit=False,
    )


def post_file(client, task, name: str, data: bytes, *, htmx=True):
    url = reverse("tasks:attachment-upload", args=[task.pk])
    return client.post(url, {"file": upload(name, data)}, headers=HX if htmx else {})


def read(response) -> bytes:
    # Consuming the stream runs the test client's own close, which keeps the test's database
    # connection open; a bare response.close() would close it on PostgreSQL.
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("name", "build", "content_type"),
    [
        ("医共体建设方案.pdf", pdf_bytes, "application/pdf"),
        ("现场照片.png", png_bytes, "image/png"),
        ("现场照片.JPG", jpg_bytes, "image/jpeg"),
        ("工作总结.docx", docx_bytes, DOCX),
        ("签约台账.xlsx", xlsx_bytes, XLSX),
    ],
)
def test_allowed_files_are_stored(name, build, content_type, world, draft, as_user, unit_staff):
    data = build()
    response = post_file(as_user(unit_staff), world.task_a, name, data)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "材料已上传。" in body
    attachment = Attachment.objects.get()
    assert (attachment.report, attachment.uploaded_by) == (draft, unit_staff)
    assert (attachment.name, attachment.size) == (name, len(data))
    assert attachment.content_type == content_type
    assert attachment.file.name.startswith("evidence/2026/03/")
    assert media_files() == [attachment.file.name]
    with attachment.file.open("rb") as stored:
        assert stored.read() == data
    assert name in body  # listed under 佐证材料


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("setup.exe", lambda: b"MZ\x90\x00" + b"\x00" * 60, "不支持“setup.exe”这种文件"),
        ("通知.html", lambda: b"<html><script>alert(1)</script></html>", "不支持“通知.html”"),
        ("没有扩展名", pdf_bytes, "不支持“没有扩展名”这种文件"),
        ("伪装.pdf", png_bytes, "“伪装.pdf”的内容与扩展名 .pdf 不符"),
        ("伪装.png", pdf_bytes, "“伪装.png”的内容与扩展名 .png 不符"),
        ("伪装.docx", pdf_bytes, "“伪装.docx”的内容与扩展名 .docx 不符"),
        ("空文件.pdf", lambda: b"", "“空文件.pdf”是空文件。"),
        ("炸弹.docx", zip_bomb_bytes, "疑似压缩炸弹"),
        ("损坏.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 200, "“损坏.xlsx”："),
    ],
)
def test_refused_files_leave_nothing_behind(
    name, build, message, world, draft, as_user, unit_staff
):
    response = post_file(as_user(unit_staff), world.task_a, name, build())
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert message in body
    assert "材料已上传" not in body
    assert not Attachment.objects.exists()
    assert media_files() == []


def test_oversize_file_is_refused(world, draft, as_user, unit_staff, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_ATTACHMENT_BYTES", 1024)
    data = pdf_bytes() + b"0" * 2048
    body = post_file(as_user(unit_staff), world.task_a, "扫描件.pdf", data).content.decode()
    assert "“扫描件.pdf”有" in body and "上限" in body
    assert not Attachment.objects.exists()
    assert media_files() == []
    small = post_file(as_user(unit_staff), world.task_a, "小文件.pdf", pdf_bytes())
    assert "材料已上传。" in small.content.decode()


def test_refusal_without_htmx_is_flashed_after_redirect(world, draft, as_user, unit_staff):
    client = as_user(unit_staff)
    response = post_file(client, world.task_a, "setup.exe", b"MZ\x90\x00", htmx=False)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "不支持“setup.exe”这种文件" in page
    assert not Attachment.objects.exists()
    assert media_files() == []


def test_upload_needs_a_saved_draft_first(world, period, as_user, unit_staff):
    body = post_file(as_user(unit_staff), world.task_a, "方案.pdf", pdf_bytes()).content.decode()
    error = re.search(r'data-testid="workspace-error">([^<]*)<', body).group(1)
    assert "草稿" in error and "上传" in error
    assert not Attachment.objects.exists()
    assert media_files() == []


def test_upload_without_a_file_is_refused(world, draft, as_user, unit_staff):
    url = reverse("tasks:attachment-upload", args=[world.task_a.pk])
    body = as_user(unit_staff).post(url, {}, headers=HX).content.decode()
    assert "请选择要上传的文件。" in body
    assert not Attachment.objects.exists()


def test_no_upload_to_a_submitted_report(world, draft, as_user, unit_staff):
    client = as_user(unit_staff)
    client.post(
        reverse("tasks:report-save", args=[world.task_a.pk]),
        report_data(version=1, action="submit"),
    )
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    body = post_file(client, world.task_a, "补充.pdf", pdf_bytes()).content.decode()
    assert "已报送的进展不能再添加材料。" in body
    assert not Attachment.objects.exists()
    assert media_files() == []


# Download --------------------------------------------------------------------------------


@pytest.fixture
def stored(draft, unit_staff) -> Attachment:
    return services.attachment_add(
        report=draft, user=unit_staff, upload=upload("签约台账.xlsx", xlsx_bytes())
    )


@pytest.mark.parametrize("role", ["unit_staff", "other_unit_staff", "bureau_admin", "leader"])
def test_download_serves_the_bytes_to_those_who_see_the_task(role, stored, as_user, request):
    client = as_user(request.getfixturevalue(role))
    response = client.get(reverse("tasks:attachment-download", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    with stored.file.open("rb") as original:
        expected = original.read()
    assert read(response) == expected


@pytest.mark.parametrize("role", ["other_bureau_staff", "other_bureau_admin"])
def test_download_is_404_for_another_bureau(role, stored, as_user, request):
    client = as_user(request.getfixturevalue(role))
    response = client.get(reverse("tasks:attachment-download", args=[stored.pk]))
    assert response.status_code == 404


def test_download_is_404_for_a_unit_that_cannot_see_the_task(
    world, period, as_user, unit_staff, other_unit_staff
):
    report_b = services.report_save(
        task=world.task_b,
        period=period,
        user=other_unit_staff,
        version=None,
        narrative="监测哨点已全部上线",
        percent=40,
        problems="",
        next_steps="",
        actuals={},
        submit=False,
    )
    attachment = services.attachment_add(
        report=report_b, user=other_unit_staff, upload=upload("哨点名单.pdf", pdf_bytes())
    )
    url = reverse("tasks:attachment-download", args=[attachment.pk])
    assert as_user(unit_staff).get(url).status_code == 404  # unit A does not see task_b
    assert (
        as_user(unit_staff)
        .post(reverse("tasks:attachment-delete", args=[attachment.pk]))
        .status_code
        == 404
    )
    response = as_user(other_unit_staff).get(url)
    assert read(response) == pdf_bytes()
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_download_of_a_missing_attachment_is_404(world, as_user, bureau_admin):
    response = as_user(bureau_admin).get(reverse("tasks:attachment-download", args=[999]))
    assert response.status_code == 404


# Delete ----------------------------------------------------------------------------------


def test_delete_before_submission_removes_row_and_file(
    world, stored, as_user, unit_staff, django_capture_on_commit_callbacks
):
    assert media_files() == [stored.file.name]
    url = reverse("tasks:attachment-delete", args=[stored.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(unit_staff).post(url, headers=HX)
    body = response.content.decode()
    assert "材料已删除。" in body and "<html" not in body
    assert not Attachment.objects.exists()
    assert media_files() == []


def test_delete_after_return_is_allowed(
    world, stored, draft, as_user, unit_staff, bureau_admin, django_capture_on_commit_callbacks
):
    services.report_save(
        task=world.task_a,
        period=draft.period,
        user=unit_staff,
        version=1,
        narrative="提交",
        percent=20,
        problems="",
        next_steps="",
        actuals={},
        submit=True,
    )
    services.report_return(report=draft, user=bureau_admin, comment="材料不对，请更换")
    with django_capture_on_commit_callbacks(execute=True):
        as_user(unit_staff).post(reverse("tasks:attachment-delete", args=[stored.pk]))
    assert not Attachment.objects.exists()
    assert media_files() == []


@pytest.mark.parametrize("approve", [False, True])
def test_delete_after_submission_is_refused(
    approve,
    world,
    stored,
    draft,
    as_user,
    unit_staff,
    bureau_admin,
    django_capture_on_commit_callbacks,
):
    report = services.report_save(
        task=world.task_a,
        period=draft.period,
        user=unit_staff,
        version=1,
        narrative="提交",
        percent=20,
        problems="",
        next_steps="",
        actuals={},
        submit=True,
    )
    if approve:
        services.report_approve(report=report, user=bureau_admin)
    page = as_user(unit_staff).get(reverse("tasks:task-detail", args=[world.task_a.pk]))
    assert reverse("tasks:attachment-delete", args=[stored.pk]) not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(unit_staff).post(
            reverse("tasks:attachment-delete", args=[stored.pk]), headers=HX
        )
    assert "已报送的进展不能再删除材料。" in response.content.decode()
    assert Attachment.objects.filter(pk=stored.pk).exists()
    assert media_files() == [stored.file.name]
