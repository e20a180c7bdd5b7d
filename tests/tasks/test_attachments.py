"""Evidence files: what may be uploaded, what is refused (with a Chinese reason, no file left in
storage, no row), who may download, and deleting only before submission."""

import io
import os
import re

import pytest
from django.urls import reverse

from tasks import evidence, services
from tasks.models import Attachment, ProgressReport, ReportStatus
from tests import hostile_files
from tests.hostile_files import plain_docx as docx_bytes
from tests.hostile_files import plain_xlsx as xlsx_bytes
from tests.tasks.helpers import (
    HX,
    jpg_bytes,
    media_files,
    pdf_bytes,
    png_bytes,
    report_data,
    upload,
    zip_bomb_bytes,
)
from tests.upload_probe import measure

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


# Structure by type (issue #13, section 3) ------------------------------------------------

MSG_IMAGE = "图片文件结构有误或附带了其他内容，请重新导出图片后上传"
MSG_PDF_ACTIVE = "PDF 中含有脚本或嵌入文件，出于安全考虑不能上传，请打印为新的 PDF 后再上传"
MSG_PDF_STRUCTURE = "PDF 文件结构有误、已加密或附带了其他内容"

HOSTILE = {
    "脚本.pdf": (hostile_files.pdf_with_javascript, MSG_PDF_ACTIVE),
    "转义脚本.pdf": (hostile_files.pdf_with_hex_escaped_js, MSG_PDF_ACTIVE),
    "对象流脚本.pdf": (hostile_files.pdf_with_js_in_object_stream, MSG_PDF_ACTIVE),
    "启动程序.pdf": (hostile_files.pdf_with_launch, MSG_PDF_ACTIVE),
    "嵌入文件.pdf": (hostile_files.pdf_with_embedded_file, MSG_PDF_ACTIVE),
    "压缩包.pdf": (hostile_files.pdf_zip_polyglot, MSG_PDF_STRUCTURE),
    "网页.png": (hostile_files.png_html_polyglot, MSG_IMAGE),
    "代码.jpg": (hostile_files.jpg_php_polyglot, MSG_IMAGE),
    "注释代码.jpg": (lambda: jpg_with_comment(b"<?php system($_GET['c']); ?>"), MSG_IMAGE),
    "像素炸弹.png": (hostile_files.png_pixel_bomb, "图片尺寸过大"),
    "实体炸弹.docx": (hostile_files.billion_laughs_docx, "DOCTYPE"),
    "谎报大小.docx": (hostile_files.lying_size_docx, "疑似压缩炸弹"),
    "海量XML.docx": (hostile_files.under_ratio_docx, "文档结构超出上限"),
    "二十万格.xlsx": (hostile_files.many_cells_xlsx, "单元格超过 200000 个"),
}


def jpg_with_comment(comment: bytes) -> bytes:
    data = jpg_bytes()
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return data[:2] + segment + data[2:]


def pillow_pdf() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (255, 255, 255)).save(buffer, "PDF")
    return buffer.getvalue()


def pdf_with_compressed_noise() -> bytes:
    # Compressed page content may hold any bytes, "/JS " included: not a dictionary, accepted.
    body = b"/JS /AA " + os.urandom(4096)
    return hostile_files.simple_pdf(
        extra_objects=b"3 0 obj <</Length %d /Filter /FlateDecode>> stream\n" % len(body)
        + body
        + b"\nendstream endobj\n"
    )


def jpg_variant(**options) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (64, 48), (10, 120, 200))
    if "exif" in options:
        exif = Image.Exif()
        exif[0x010F] = "Camera"  # Make
        options["exif"] = exif.tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "case"), HOSTILE.items(), ids=list(HOSTILE))
def test_hostile_files_are_refused_with_a_reason(name, case, world, draft, as_user, unit_staff):
    build, message = case
    body = post_file(as_user(unit_staff), world.task_a, name, build()).content.decode()
    assert f"“{name}”：" in body and message in body
    assert "材料已上传" not in body
    assert not Attachment.objects.exists()
    assert media_files() == []


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("打印.pdf", pillow_pdf),
        ("压缩内容.pdf", pdf_with_compressed_noise),
        ("相机.jpg", lambda: jpg_variant(exif=True)),
        ("渐进.jpg", lambda: jpg_variant(progressive=True)),
        ("末尾补零.png", lambda: png_bytes() + b"\0\0"),
        ("大图.png", lambda: hostile_files.real_png((1200, 900))),
    ],
)
def test_ordinary_variants_are_accepted(name, build):
    assert evidence.attachment_validate(upload(name, build())) in (
        "application/pdf",
        "image/jpeg",
        "image/png",
    )


def test_hostile_files_stay_under_100_mb_above_idle():
    """Time and peak memory (resident, above idle, fresh process) of each refusal; printed."""
    results = measure("evidence", {name: build() for name, (build, _) in HOSTILE.items()})
    for name, result in results.items():
        print(f"{name}: {result['seconds']} s, {result['peak_mb']} MB, {result['message']}")  # noqa: T201
    for name, result in results.items():
        assert result["refused"], name
        assert result["peak_mb"] < 100 and result["seconds"] < 5, (name, result)


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
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
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
