"""A staff user sees its units' tasks and not another unit's; a leader sees the whole plan."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_sees_own_units_tasks_only(page, log_in, world, unit_staff):
    log_in(unit_staff.username)
    expect(page).to_have_url(re.compile(r"/tasks/mine/$"))
    expect(page.get_by_role("heading", name="我的任务")).to_be_visible()
    expect(page.get_by_role("link", name=world.task_a.title)).to_be_visible()
    expect(page.get_by_text(world.task_b.title)).to_have_count(0)

    page.get_by_role("link", name=world.plan.title).click()
    expect(page.get_by_role("heading", name=world.plan.title)).to_be_visible()
    expect(page.get_by_text("仅显示本单位牵头或配合的任务")).to_be_visible()
    expect(page.get_by_role("link", name=world.task_a.title)).to_be_visible()
    expect(page.get_by_text(world.task_b.title)).to_have_count(0)

    # Typing another unit's task address by hand gets the Chinese 404, not the task.
    page.goto(f"/tasks/{world.task_b.pk}/")
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()


def test_leader_sees_whole_plan_and_filters_in_place(page, log_in, world, leader):
    log_in(leader.username)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))  # a leader lands on the 总览
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="工作要点").click()
    page.get_by_role("link", name=world.plan.title).click()
    for task in (world.task_a, world.task_b):
        expect(page.get_by_role("link", name=task.title)).to_be_visible()
    expect(page.get_by_text("我的任务")).to_have_count(0)

    # The unit filter swaps the task list through htmx: same document, new URL, fewer rows.
    page.evaluate("window.__samePage = true")
    page.get_by_label("责任单位").select_option(label="医政医管股")
    expect(page.get_by_text(world.task_b.title)).to_have_count(0)
    expect(page.get_by_role("link", name=world.task_a.title)).to_be_visible()
    assert page.evaluate("window.__samePage") is True
    expect(page).to_have_url(re.compile(rf"unit={world.unit_a.pk}"))


def test_logout_returns_to_login(page, log_in, world, leader):
    log_in(leader.username)
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/plans/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/plans/"))
