"""A 局领导's two minutes, in Chromium: the leader lands on the leader home, opens the plan's
dashboard, checks the headline against the fixture (the one the ledger is tested on), sorts the
unit ranking, clicks a unit to see its late tasks (HTMX, URL updated), reads the reason under a
滞后 status and opens a task's timeline. A screenshot goes to test-results/ (ignored by git)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.reports.conftest import clock, fixture  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


def ranking_names(page) -> list[str]:
    return (
        page.get_by_test_id("unit-ranking")
        .locator("tbody tr")
        .evaluate_all("rows => rows.map(row => row.dataset.unit)")
    )


def test_leader_reads_the_dashboard_drills_into_a_unit_and_opens_a_timeline(
    page,
    log_in,
    fixture,  # noqa: F811
    leader,
):
    plan = fixture["plan"]
    log_in(leader.username)
    assert page.url.endswith("/dashboard/")  # `/` leads a leader to the leader home
    expect(page.get_by_test_id("plan-completion")).to_have_text("33%")
    expect(page.locator('[data-chart="plans"] svg')).to_be_visible()  # ECharts drew it

    page.get_by_role("link", name=plan.title).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("completion-rate")).to_have_text("33%")
    expect(page.get_by_test_id("task-total")).to_have_text("6")
    expect(page.get_by_test_id("late-count")).to_have_text("2")
    expect(page.get_by_test_id("unreported-count")).to_have_text("2")
    expect(page.locator('[data-chart="sections"] svg')).to_be_visible()
    expect(page.locator('[data-chart="trend"] svg')).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)

    # Sorting: by 完成率 ascending puts the 0 % unit first, again descending puts it last.
    ranking = page.get_by_test_id("unit-ranking")
    ranking.get_by_role("button", name="完成率").click()
    ascending = ranking_names(page)
    assert ascending[0] == "疾病预防控制中心"
    ranking.get_by_role("button", name="完成率").click()
    assert ranking_names(page)[-1] == "疾病预防控制中心"  # 0/1; the others 1/2 each
    header = ranking.locator("th", has=page.get_by_role("button", name="完成率"))
    expect(header).to_have_attribute("aria-sort", "descending")

    # A unit opens its late tasks in place; the URL can be bookmarked.
    before = page.url
    ranking.get_by_role("link", name="妇幼保健院").click()
    drill = page.get_by_test_id("drill")
    expect(drill.get_by_role("link", name="实施出生缺陷防治")).to_be_visible()
    expect(drill.get_by_role("link", name="开展妇幼健康促进行动")).to_have_count(0)
    assert page.url != before and "unit=" in page.url and "status=late" in page.url
    reason = drill.get_by_test_id("status-reason").first
    expect(reason).to_be_visible()
    assert "应完成" in reason.inner_text()

    drill.get_by_role("link", name="实施出生缺陷防治").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#timeline")).to_be_visible()
    expect(page.get_by_test_id("status-reason").first).to_contain_text("应完成")
