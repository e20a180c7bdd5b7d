"""The portal on a phone (375 × 800): nothing is wider than the screen on the desk, the task page
with its report form open, the plan page and the leader's dashboards; the navigation folds behind
菜单 (with and without JavaScript) and a desktop still shows it whole. Screenshots go to
test-results/ (ignored by git) for a person to look at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_reporting_journey import make_png, open_current_period
from tests.factories import TEST_PASSWORD, TargetFactory, TaskFactory, make_task

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
LONG_TITLE = "推进紧密型县域医疗卫生共同体建设，完善分级诊疗制度和家庭医生签约服务"


@pytest.fixture
def phone_world(world):
    """Long titles, several targets, a sub-item and an open period: what makes a page wide."""
    open_current_period(world.plan)
    task = world.task_a
    task.title, task.deadline_text = LONG_TITLE, "2026年12月底"
    task.save()
    TargetFactory(task=task, indicator="县域内就诊率", text="县域内就诊率达到90%以上", order=2)
    TaskFactory(section=world.section, parent=task, title="完成县域医共体章程修订和理事会组建")
    make_task(
        section=world.section,
        lead=world.unit_a,
        co=[world.unit_b],
        title="加强基层医疗卫生机构能力建设，开展“优质服务基层行”活动",
    )
    return world


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def _open(username: str, viewport: dict, *, javascript: bool = True):
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            viewport=viewport,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(TEST_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state("networkidle")
        return page

    yield _open
    for context in contexts:
        context.close()


def assert_fits(page, name: str) -> None:
    """No horizontal page scroll, and a full-page screenshot to look at."""
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True)
    assert width <= inner, f"{name}: the page is {width} px wide on a {inner} px screen"


def test_staff_pages_fit_a_phone_and_the_menu_folds(open_page, phone_world, unit_staff, tmp_path):
    page = open_page(unit_staff.username, PHONE)
    nav = page.get_by_role("navigation", name="主导航")
    menu = page.get_by_test_id("menu-button")

    # The desk: cards, not a table wider than the screen; the menu folded.
    expect(page.get_by_role("heading", name="我的任务")).to_be_visible()
    expect(menu).to_be_visible()
    expect(menu).to_have_text("菜单")
    expect(nav.get_by_role("link", name="工作要点")).to_be_hidden()
    expect(page.get_by_role("button", name="退出")).to_be_hidden()
    title = page.get_by_role("link", name=LONG_TITLE)
    expect(title).to_be_visible()
    # A title reads as a line of text, not a column of single characters.
    assert title.bounding_box()["width"] > 200
    assert_fits(page, "desk")

    menu.click()
    expect(nav.get_by_role("link", name="工作要点")).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "phone-menu-open.png"))
    assert_fits(page, "desk-menu-open")
    menu.click()
    expect(nav.get_by_role("link", name="工作要点")).to_be_hidden()

    # The task page with the report form open, a file chosen through the Chinese button.
    title.click()
    expect(page.get_by_role("heading", name=LONG_TITLE)).to_be_visible()
    form = page.locator("#report-form")
    expect(form).to_be_visible()
    expect(page.get_by_text("选择文件", exact=True)).to_be_visible()
    png = make_png(tmp_path / "phone-test.png")
    page.get_by_label("上传佐证材料").set_input_files(png)
    expect(page.get_by_test_id("file-name")).to_have_text("phone-test.png")
    for field in ("工作进展", "完成进度", "存在问题", "下步计划"):
        box = page.get_by_label(field).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, field
    assert_fits(page, "task-report-form")

    page.get_by_role("link", name=phone_world.plan.title).click()
    expect(page.get_by_role("heading", name=phone_world.plan.title)).to_be_visible()
    assert_fits(page, "plan")


def test_leader_pages_fit_a_phone(open_page, phone_world, leader):
    page = open_page(leader.username, PHONE)
    expect(page.get_by_role("heading", name="工作要点总览")).to_be_visible()
    assert_fits(page, "leader-home")
    page.get_by_role("link", name=phone_world.plan.title).first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("completion-rate")).to_be_visible()
    assert_fits(page, "plan-dashboard")


def test_the_menu_and_the_file_button_work_without_javascript(open_page, phone_world, unit_staff):
    page = open_page(unit_staff.username, PHONE, javascript=False)
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="工作要点")).to_be_hidden()
    page.get_by_test_id("menu-button").click()
    expect(nav.get_by_role("link", name="工作要点")).to_be_visible()

    page.goto(f"/tasks/{phone_world.task_a.pk}/")
    with page.expect_file_chooser() as chooser:
        page.get_by_text("选择文件", exact=True).click()
    assert chooser.value.element.get_attribute("id") == "id_attachment_file"


def test_a_desktop_shows_the_whole_navigation(open_page, phone_world, unit_staff):
    page = open_page(unit_staff.username, DESKTOP)
    nav = page.get_by_role("navigation", name="主导航")
    for name in ("我的任务", "工作要点", "导出记录"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_test_id("menu-button")).to_be_hidden()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    # The desk is still a table on a wide screen.
    header = page.get_by_role("columnheader", name="完成时限").first
    expect(header).to_be_visible()
    assert_fits(page, "desktop-desk")
