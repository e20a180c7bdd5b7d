"""What each role sees on the first pages, and how many queries it costs."""

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TargetFactory, make_task
from workplans.models import Plan

ROOT = Path(__file__).resolve().parent.parent


def test_staff_plan_page_lists_only_own_units_tasks(world, unit_staff, login):
    body = login(unit_staff).get(reverse("reports:plan-detail", args=[world.plan.pk]))
    text = body.content.decode()
    assert world.task_a.title in text
    assert world.task_b.title not in text
    assert "仅显示本单位牵头或配合的任务" in text


def test_leader_sees_whole_plan_with_units_deadlines_and_targets(world, leader, login):
    text = login(leader).get(reverse("reports:plan-detail", args=[world.plan.pk])).content.decode()
    assert world.task_a.title in text and world.task_b.title in text
    assert "医政医管股" in text and "疾病预防控制中心" in text
    assert "2026-12-31" in text
    assert "家庭医生签约服务率" in text and "43%" in text
    assert world.other_task.title not in text


def test_my_tasks_groups_units_tasks_including_co_led(world, other_unit_staff, login):
    text = login(other_unit_staff).get(reverse("tasks:my-tasks")).content.decode()
    assert world.task_a.title in text  # co-unit
    assert world.task_b.title in text  # lead unit
    assert world.other_task.title not in text


def test_staff_without_units_gets_a_clear_hint(world, login):
    from tests.factories import UserFactory

    lonely = UserFactory(bureau=world.bureau)
    text = login(lonely).get(reverse("tasks:my-tasks")).content.decode()
    assert "尚未分配单位" in text


def test_home_sends_each_role_to_its_page(world, unit_staff, leader, bureau_admin, login, client):
    assert login(unit_staff).get(reverse("home")).url == reverse("tasks:my-tasks")
    client.logout()
    assert login(leader).get(reverse("home")).url == reverse("reports:leader-home")
    client.logout()
    assert login(bureau_admin).get(reverse("home")).url == reverse("workplans:plan-list")


def test_navigation_follows_role(world, unit_staff, leader, bureau_admin, client, login):
    staff_page = login(unit_staff).get(reverse("workplans:plan-list")).content.decode()
    assert "我的任务" in staff_page and "后台管理" not in staff_page
    client.logout()
    leader_page = login(leader).get(reverse("workplans:plan-list")).content.decode()
    assert "我的任务" not in leader_page and "后台管理" not in leader_page
    assert reverse("reports:leader-home") in leader_page
    assert reverse("reports:leader-home") not in staff_page
    client.logout()
    admin_page = login(bureau_admin).get(reverse("workplans:plan-list")).content.decode()
    assert "后台管理" in admin_page


def test_draft_plan_visible_to_admin_only(world, bureau_admin, leader, unit_staff, client, login):
    world.plan.status = Plan.Status.DRAFT
    world.plan.save()
    url = reverse("reports:plan-detail", args=[world.plan.pk])
    assert login(bureau_admin).get(url).status_code == 200
    client.logout()
    assert login(leader).get(url).status_code == 404
    client.logout()
    assert login(unit_staff).get(url).status_code == 404


def test_oversight_parent_reads_child_bureau_published_plan(world, login):
    from tests.factories import BureauFactory, UserFactory

    city = BureauFactory(name="益阳市卫生健康委员会")
    world.bureau.parent = city
    world.bureau.save()
    city_leader = UserFactory(bureau=city, role="leader")
    client = login(city_leader)
    assert client.get(reverse("reports:plan-detail", args=[world.plan.pk])).status_code == 200
    assert client.get(reverse("reports:plan-detail", args=[world.other_plan.pk])).status_code == 404


def test_plan_filter_by_unit_as_htmx_fragment(world, leader, login):
    client = login(leader)
    url = reverse("reports:plan-detail", args=[world.plan.pk])
    response = client.get(url, {"unit": world.unit_b.pk}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="plan-tasks"' in body
    assert world.task_b.title in body
    assert world.task_a.title in body  # unit B co-leads task A
    only_a = client.get(url, {"unit": world.unit_a.pk}, headers={"HX-Request": "true"})
    assert world.task_b.title not in only_a.content.decode()


def test_plan_filter_without_js_renders_full_page(world, leader, login):
    url = reverse("reports:plan-detail", args=[world.plan.pk])
    body = login(leader).get(url, {"unit": world.unit_a.pk}).content.decode()
    assert "<html" in body and world.task_a.title in body and world.task_b.title not in body


def test_plan_filter_with_foreign_or_bad_unit_is_a_chinese_400(world, leader, login):
    client = login(leader)
    url = reverse("reports:plan-detail", args=[world.plan.pk])
    for bad in (world.other_unit.pk, "abc"):
        response = client.get(url, {"unit": bad})
        assert response.status_code == 400
        assert "请求有误" in response.content.decode()


def test_htmx_requests_carry_csrf_header_from_base_layout(world, leader, login):
    body = login(leader).get(reverse("workplans:plan-list")).content.decode()
    # No inline attribute (the CSP allows no inline script): static/js/app.js reads the token
    # from this <meta> and adds it to every htmx request.
    assert '<meta name="csrf-token" content="' in body
    assert "hx-headers" not in body
    assert 'event.detail.headers["X-CSRFToken"]' in (ROOT / "static/js/app.js").read_text()
    assert "/static/django_htmx/htmx-2.min.js" in body  # vendored by django-htmx, no CDN


def test_logout_is_a_csrf_protected_post(world, leader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    assert client.post(reverse("logout")).status_code == 403
    page = client.get(reverse("workplans:plan-list")).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(reverse("workplans:plan-list")).status_code == 302


@pytest.mark.parametrize("extra_tasks", [0, 25])
def test_plan_page_query_count_is_fixed(
    world, leader, login, django_assert_max_num_queries, extra_tasks
):
    for i in range(extra_tasks):
        task = make_task(
            section=world.section, lead=world.unit_a, co=[world.unit_b], title=f"批量任务{i}"
        )
        TargetFactory(task=task)
    client = login(leader)
    url = reverse("reports:plan-detail", args=[world.plan.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(13):  # outline 4, roll-ups 3, bell, session, user
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("extra_tasks", [0, 25])
def test_my_tasks_query_count_is_fixed(
    world, unit_staff, login, django_assert_max_num_queries, extra_tasks
):
    for i in range(extra_tasks):
        make_task(section=world.section, lead=world.unit_a, title=f"批量任务{i}")
    client = login(unit_staff)
    client.get(reverse("tasks:my-tasks"))
    # session, user, units, tasks, assignments, periods, reports, co-notes, comments, header
    # units, the bell
    with django_assert_max_num_queries(11):
        assert client.get(reverse("tasks:my-tasks")).status_code == 200


def test_edit_links_only_for_the_bureaus_admin(
    world, bureau_admin, leader, unit_staff, login, client
):
    plan_url = reverse("reports:plan-detail", args=[world.plan.pk])
    task_url = reverse("tasks:task-detail", args=[world.task_a.pk])
    client = login(bureau_admin)
    assert "在后台编辑工作要点" in client.get(plan_url).content.decode()
    assert "在后台编辑任务" in client.get(task_url).content.decode()
    for user in (leader, unit_staff):
        client.logout()
        login(user)
        assert "在后台编辑" not in client.get(plan_url).content.decode()
        assert "在后台编辑" not in client.get(task_url).content.decode()


def test_manage_permission_stays_inside_the_bureau(world, bureau_admin, other_bureau_admin):
    assert bureau_admin.has_perm("workplans.manage_plan", world.plan)
    assert bureau_admin.has_perm("tasks.manage_task", world.task_a)
    assert not other_bureau_admin.has_perm("workplans.manage_plan", world.plan)
    assert not other_bureau_admin.has_perm("tasks.manage_task", world.task_a)


def test_plan_page_rolls_up_statuses_for_leaders(world, leader, login):
    from tasks.services import statuses_and_unreported_recompute as statuses_recompute

    world.task_a.deadline = dt.date(2020, 1, 31)  # long past: 逾期
    world.task_a.save()
    world.task_b.progress = 100
    world.task_b.save()
    statuses_recompute(plan_ids=[world.plan.pk])
    body = login(leader).get(reverse("reports:plan-detail", args=[world.plan.pk])).content
    text = body.decode()
    assert 'data-testid="overdue-count">1<' in text
    assert 'data-testid="completion-rate">50%<' in text
    assert "按牵头单位" in text and "医政医管股" in text


def test_staff_plan_page_has_no_roll_up(world, unit_staff, login):
    text = login(unit_staff).get(reverse("reports:plan-detail", args=[world.plan.pk])).content
    assert "完成情况" not in text.decode()
