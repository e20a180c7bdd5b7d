"""An admin pastes a task table copied from a web page: the review page says which line it was
unsure of and how each column was read; the admin re-reads the 备注 column as 配合单位 and the
draft is parsed again in place."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"

TABLE = """2026年测试区卫生健康工作要点任务分工表
序号 | 重点任务 | 牵头科室 | 备注 | 完成时限
1 | 推进医共体建设，年内实现乡镇全覆盖 | 医政医管股 | 疾控中心 | 6月底前
2 | 适龄儿童免疫规划疫苗接种率保持在95%以上 |  | 医政医管股 | 三季度
"""


def test_admin_sees_warnings_and_columns_and_re_reads_a_column(page, log_in, world, bureau_admin):
    page.on("dialog", lambda dialog: dialog.accept())  # the re-parse asks for confirmation
    log_in(bureau_admin.username)
    page.get_by_role("link", name="导入工作要点").click()
    page.get_by_label("或粘贴正文").fill(TABLE)
    page.get_by_role("button", name="解析").click()
    expect(page.get_by_role("heading", name=re.compile("核对导入"))).to_be_visible()

    # The row without a lead unit is named, with a link to its line in the source pane.
    warnings = page.locator("#parse-warnings")
    expect(warnings).to_contain_text("无法确定牵头单位")
    warnings.get_by_role("link", name="第 4 行").click()
    expect(page.locator("mark.parse-warning").first).to_be_visible()

    # Each column's header and reading; 备注 was read as a remark.
    columns = page.locator("#table-columns")
    remark = columns.get_by_label("第 4 列（备注）读作")
    expect(remark).to_have_value("ignored")
    expect(page.locator(".draft-tasks")).not_to_contain_text("配合：")

    page.evaluate("window.__samePage = true")
    remark.select_option("co")
    columns.get_by_role("button", name="按新的列含义重新解析").click()
    expect(page.get_by_text("已按新的列含义重新解析")).to_be_visible()
    expect(page.locator(".draft-tasks")).to_contain_text("配合：疾病预防控制中心")
    expect(page.locator("#table-columns").get_by_label("第 4 列（备注）读作")).to_have_value("co")
    assert page.evaluate("window.__samePage") is True  # parsed again without a page reload
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "import-table-remapped.png"), full_page=True)
