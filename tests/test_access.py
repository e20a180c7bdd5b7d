"""Every page x every role, including users of another unit and of another bureau."""

import pytest
from django.urls import reverse

ROLES = [
    "anonymous",
    "bureau_admin",
    "leader",
    "unit_staff",
    "other_unit_staff",
    "other_bureau_staff",
    "other_bureau_admin",
]

PAGES = {
    "home": lambda w: reverse("home"),
    "plan-list": lambda w: reverse("workplans:plan-list"),
    "plan-detail": lambda w: reverse("reports:plan-detail", args=[w.plan.pk]),
    "plan-fragment": lambda w: reverse("reports:plan-detail", args=[w.plan.pk]) + "?unit=",
    "task-a": lambda w: reverse("tasks:task-detail", args=[w.task_a.pk]),
    "task-b": lambda w: reverse("tasks:task-detail", args=[w.task_b.pk]),
    "other-bureau-task": lambda w: reverse("tasks:task-detail", args=[w.other_task.pk]),
    "other-bureau-plan": lambda w: reverse("reports:plan-detail", args=[w.other_plan.pk]),
    "my-tasks": lambda w: reverse("tasks:my-tasks"),
    "admin-index": lambda w: reverse("admin:index"),
    "admin-unit-a": lambda w: reverse("admin:workplans_unit_change", args=[w.unit_a.pk]),
    "admin-task-a": lambda w: reverse("admin:workplans_task_change", args=[w.task_a.pk]),
}

# Expected status per page, in ROLES order. Unit B co-leads task A, so its staff may read it.
EXPECTED = {
    "home":              [302, 302, 302, 302, 302, 302, 302],
    "plan-list":         [302, 200, 200, 200, 200, 200, 200],
    "plan-detail":       [302, 200, 200, 200, 200, 404, 404],
    "plan-fragment":     [302, 200, 200, 200, 200, 404, 404],
    "task-a":            [302, 200, 200, 200, 200, 404, 404],
    "task-b":            [302, 200, 200, 404, 200, 404, 404],
    "other-bureau-task": [302, 404, 404, 404, 404, 200, 200],
    "other-bureau-plan": [302, 404, 404, 404, 404, 200, 200],
    "my-tasks":          [302, 403, 403, 200, 200, 200, 403],
    "admin-index":       [302, 200, 302, 302, 302, 302, 200],
    "admin-unit-a":      [302, 200, 302, 302, 302, 302, 302],
    "admin-task-a":      [302, 200, 302, 302, 302, 302, 302],
}  # fmt: skip

CASES = [(page, role, EXPECTED[page][i]) for page in PAGES for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("page", "role", "expected"), CASES)
def test_access_matrix(page, role, expected, world, client, request, login):
    if role != "anonymous":
        login(request.getfixturevalue(role))
    headers = {"HX-Request": "true"} if page == "plan-fragment" else {}
    response = client.get(PAGES[page](world), headers=headers)
    assert response.status_code == expected, f"{role} on {page}"
    if expected == 302 and role == "anonymous":
        assert "/login/" in response.url
    if expected in (403, 404):
        body = response.content.decode()
        assert "无权" in body or "不存在" in body or "科室人员" in body
        assert "Traceback" not in body


def test_other_bureau_admin_cannot_open_our_rows_in_django_admin(world, other_bureau_admin, login):
    client = login(other_bureau_admin)
    response = client.get(reverse("admin:workplans_unit_change", args=[world.unit_a.pk]))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    listing = client.get(reverse("admin:workplans_unit_changelist")).content.decode()
    assert world.other_unit.name in listing
    assert world.unit_a.name not in listing
    tasks = client.get(reverse("admin:workplans_task_changelist")).content.decode()
    assert world.other_task.title in tasks
    assert world.task_a.title not in tasks


def test_admin_filters_do_not_reveal_other_bureaus(world, bureau_admin, login):
    client = login(bureau_admin)
    body = client.get(reverse("admin:workplans_task_changelist")).content.decode()
    assert world.plan.title in body
    assert world.other_plan.title not in body
    assert world.other_unit.name not in body


def test_bureau_admin_cannot_assign_another_bureaus_unit(world, bureau_admin, login):
    client = login(bureau_admin)
    url = reverse("admin:workplans_task_change", args=[world.task_b.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert world.other_unit.name not in page.content.decode()


def test_bureau_admin_cannot_create_superuser_or_move_users(world, bureau_admin, login):
    client = login(bureau_admin)
    response = client.post(
        reverse("admin:workplans_user_add"),
        {
            "username": "newcomer",
            "password1": "a-Long-pass-2026",
            "password2": "a-Long-pass-2026",
            "full_name": "新同事",
            "role": "staff",
            "units": [world.unit_a.pk],
            "is_superuser": "on",
            "bureau": world.other_bureau.pk,
        },
    )
    assert response.status_code == 302
    from workplans.models import User

    user = User.objects.get(username="newcomer")
    assert user.bureau_id == world.bureau.pk
    assert not user.is_superuser
    assert not user.is_staff
    assert list(user.units.all()) == [world.unit_a]


def test_staff_may_not_post_to_read_only_pages(world, unit_staff, login):
    client = login(unit_staff)
    response = client.post(reverse("reports:plan-detail", args=[world.plan.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "model", ["workplans_unit", "workplans_plan", "workplans_section", "workplans_user",
              "workplans_task", "workplans_target"],
)  # fmt: skip
def test_bureau_admin_can_use_every_admin_page(model, world, bureau_admin, login):
    client = login(bureau_admin)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 200
    searched = client.get(reverse(f"admin:{model}_changelist"), {"q": "医"})
    assert searched.status_code == 200


def test_bureau_admin_cannot_manage_bureaus(world, bureau_admin, login):
    client = login(bureau_admin)
    assert client.get(reverse("admin:workplans_bureau_changelist")).status_code == 403
