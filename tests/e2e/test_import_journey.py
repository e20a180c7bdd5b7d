"""An admin uploads a Word plan, fixes one task on the review page, publishes; a staff user of
the lead unit then sees that task."""

import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).resolve().parents[2] / "workplans/samples/2018-changning-health-plan.txt"


def make_docx(tmp_path: Path) -> Path:
    document = Document()
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    path = tmp_path / "2018年常宁市卫生计生工作要点.docx"
    document.save(path)
    return path


def test_admin_imports_fixes_and_publishes_then_staff_sees_task(
    page, log_in, world, bureau_admin, unit_staff, tmp_path
):
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(bureau_admin.username)
    page.get_by_role("link", name="导入工作要点").click()
    page.get_by_label("工作要点文件").set_input_files(make_docx(tmp_path))
    page.get_by_role("button", name="解析").click()

    expect(
        page.get_by_role("heading", name=re.compile("核对导入：2018年全市卫生计生工作要点"))
    ).to_be_visible()
    expect(page.get_by_test_id("draft-task-count")).to_have_text("11")
    # The source is shown beside the tree, with the target highlighted where it came from.
    expect(page.locator("mark.src-target").first).to_contain_text("17/10万以下")

    # Open the task in place (htmx), rename it and give it a lead unit.
    page.get_by_role("link", name="完善妇幼健康管理").click()
    editor = page.locator(".task-editor")
    expect(editor).to_be_visible()
    page.evaluate("window.__samePage = true")
    editor.get_by_label("任务名称").fill("完善妇幼健康管理，降低孕产妇死亡率")
    editor.locator("fieldset", has_text="牵头单位").get_by_label("医政医管股").check()
    editor.get_by_role("button", name="保存任务").click()
    renamed = page.get_by_role("link", name="完善妇幼健康管理，降低孕产妇死亡率")
    expect(renamed).to_be_visible()
    assert page.evaluate("window.__samePage") is True  # saved without a page reload

    page.get_by_role("button", name="发布工作要点").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.get_by_text("已发布“2018年全市卫生计生工作要点”")).to_be_visible()

    page.get_by_role("button", name="退出").click()
    log_in(unit_staff.username)
    expect(page).to_have_url(re.compile(r"/tasks/mine/$"))
    expect(page.get_by_role("link", name="完善妇幼健康管理，降低孕产妇死亡率")).to_be_visible()
    expect(page.get_by_text("加强行风建设")).to_have_count(0)  # not this unit's task
