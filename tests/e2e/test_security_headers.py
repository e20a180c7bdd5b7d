"""In Chromium under the Content-Security-Policy: no page breaks a rule (no inline script, no
event-handler attribute), htmx still sends the CSRF token, and 打印 works from static JS."""

import pytest
from playwright.sync_api import expect

from tests.reports.conftest import clock, fixture  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_run_under_the_csp_and_print_from_static_js(page, log_in, fixture, leader):  # noqa: F811
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    log_in(leader.username)
    plan = fixture["plan"]
    page.get_by_role("link", name=plan.title).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator('[data-chart="sections"] svg')).to_be_visible()  # ECharts ran
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.__printed") is True
    # htmx swaps in a drill-down (the reporting journey covers its POSTs with the CSRF header)
    page.get_by_test_id("unit-ranking").get_by_role("link", name="妇幼保健院").click()
    expect(
        page.get_by_test_id("drill").get_by_role("link", name="实施出生缺陷防治")
    ).to_be_visible()
    page.goto("/accounts/password/")
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()
    assert violations == []
