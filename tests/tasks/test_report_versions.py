"""A report's version counts the saves of its content, not the evidence files: uploading files to
a draft (the upload carries the report form) adds neither versions nor timeline lines, while the
stale-form check that the version serves keeps working."""

import pytest
from django.urls import reverse

from tasks.models import Attachment, ProgressReport, ReportStatus
from tests.tasks.helpers import HX, form_version, pdf_bytes, png_bytes, report_data, upload

pytestmark = pytest.mark.usefixtures("clock")


def task_page(client, task) -> str:
    return client.get(reverse("tasks:task-detail", args=[task.pk])).content.decode()


def upload_with_form(client, task, name: str, data: bytes, **form) -> str:
    """The 上传 button: the report form as it stands, with the chosen file."""
    url = reverse("tasks:attachment-upload", args=[task.pk])
    body = client.post(url, {**report_data(**form), "file": upload(name, data)}, headers=HX)
    return body.content.decode()


def timeline(page: str) -> str:
    return page.split('id="timeline"')[1]


def test_uploads_to_a_draft_add_no_versions(world, period, as_user, unit_staff):
    client = as_user(unit_staff)
    task = world.task_a
    version = form_version(task_page(client, task))
    for name, build in [
        ("方案.pdf", pdf_bytes),
        ("照片1.png", png_bytes),
        ("照片2.png", png_bytes),
    ]:
        body = upload_with_form(client, task, name, build(), version=version)
        assert "材料已上传。" in body
        version = form_version(body)  # what the page sends next
    assert Attachment.objects.count() == 3
    report = ProgressReport.objects.get()
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)  # the first upload's draft

    url = reverse("tasks:report-save", args=[task.pk])
    client.post(url, report_data(version=version, action="submit"), headers=HX)
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.SUBMITTED, 2)
    lines = timeline(task_page(client, task))
    assert lines.count("保存了进展草稿") == 1
    assert "报送了进展（完成进度 30%，第 2 版）" in lines
    assert ProgressReport.history.filter(id=report.pk).count() == 2


def test_an_upload_keeps_what_was_typed_as_one_new_version(world, period, as_user, unit_staff):
    client = as_user(unit_staff)
    task = world.task_a
    client.post(reverse("tasks:report-save", args=[task.pk]), report_data(), headers=HX)
    body = upload_with_form(
        client, task, "方案.pdf", pdf_bytes(), version=1, narrative="改过的进展", percent=45
    )
    assert "材料已上传。" in body and form_version(body) == 2
    report = ProgressReport.objects.get()
    assert (report.narrative, report.percent, report.version) == ("改过的进展", 45, 2)
    # The next file with the form unchanged: no version.
    body = upload_with_form(
        client, task, "照片.png", png_bytes(), version=2, narrative="改过的进展", percent=45
    )
    assert "材料已上传。" in body and form_version(body) == 2
    assert ProgressReport.objects.get().version == 2
    assert timeline(task_page(client, task)).count("保存了进展草稿") == 2


def test_an_upload_from_a_stale_form_is_still_refused(
    world, period, as_user, unit_staff, second_staff
):
    mine, theirs = as_user(unit_staff), as_user(second_staff)
    task = world.task_a
    url = reverse("tasks:report-save", args=[task.pk])
    mine.post(url, report_data(), headers=HX)
    theirs.post(url, report_data(version=1, narrative="同事改过的进展"), headers=HX)
    # My page still holds version 1 with my text: uploading must not overwrite their save.
    body = upload_with_form(mine, task, "方案.pdf", pdf_bytes(), version=1)
    assert "已修改了这份报送" in body and "材料已上传" not in body
    report = ProgressReport.objects.get()
    assert (report.narrative, report.version) == ("同事改过的进展", 2)
    assert not Attachment.objects.exists()
