"""The Django admin keeps a bureau admin inside the bureau, history pages included."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from workplans.models import Plan, Unit, User


def test_history_pages_of_another_bureau_are_404(world, other_bureau_admin, login):
    client = login(other_bureau_admin)
    for name, pk in (("workplans_unit", world.unit_a.pk), ("workplans_plan", world.plan.pk),
                     ("workplans_task", world.task_a.pk)):  # fmt: skip
        assert client.get(reverse(f"admin:{name}_history", args=[pk])).status_code == 404
    record = world.unit_a.history.first()
    url = reverse("admin:workplans_unit_simple_history", args=[world.unit_a.pk, record.pk])
    response = client.post(url, {"name": "被改名", "kind": "office", "sort_order": 0})
    assert response.status_code == 404
    assert Unit.objects.get(pk=world.unit_a.pk).name == "医政医管股"
    assert Unit.objects.get(pk=world.unit_a.pk).bureau_id == world.bureau.pk


def test_own_history_pages_still_work(world, bureau_admin, login):
    client = login(bureau_admin)
    response = client.get(reverse("admin:workplans_unit_history", args=[world.unit_a.pk]))
    assert response.status_code == 200


def test_bureau_admin_cannot_touch_a_superuser_filed_under_the_bureau(world, bureau_admin,
                                                                      login):  # fmt: skip
    root = UserFactory(username="platform", bureau=world.bureau, is_superuser=True,
                       is_staff=True, role=User.Role.ADMIN)  # fmt: skip
    client = login(bureau_admin)
    # Django's UserAdmin names its password page auth_user_password_change for any user model.
    password = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.get(password).status_code == 404
    listing = client.get(reverse("admin:workplans_user_changelist")).content.decode()
    assert "platform" not in listing


def test_uploaded_files_are_not_served_from_media_url(db, client, settings):
    settings.DEBUG = True
    assert client.get("/media/evidence/2026/11/anything.pdf").status_code in (302, 404)


@pytest.mark.parametrize("role", ["co", "lead"])
def test_sub_items_are_read_by_the_parents_units_and_reported_by_its_lead(
    world, unit_staff, other_unit_staff, login, role
):
    from tests.factories import TaskFactory

    sub = TaskFactory(section=world.section, plan=world.plan, parent=world.task_a,
                      title="分项：完成签约摸底")  # fmt: skip
    # Unit A leads task A; unit B only assists it.
    staff = unit_staff if role == "lead" else other_unit_staff
    client = login(staff)
    assert client.get(reverse("tasks:task-detail", args=[sub.pk])).status_code == 200
    data = {"narrative": "推进中", "percent": "10"}
    report = client.post(reverse("tasks:report-save", args=[sub.pk]), data)
    assert report.status_code == (302 if role == "lead" else 403)


def test_a_duplicate_unit_or_plan_in_the_bureau_is_refused_on_the_form(world, bureau_admin, login):
    """The bureau field is hidden from a bureau admin, so Django skipped the one-per-bureau
    constraints and the save failed with a database error (500)."""
    client = login(bureau_admin)
    units = Unit.objects.count()
    response = client.post(
        reverse("admin:workplans_unit_add"),
        {"name": world.unit_a.name, "kind": "office", "aliases": "", "sort_order": 0},
    )
    assert response.status_code == 200
    assert "本机构已有同名的单位" in response.content.decode()
    assert Unit.objects.count() == units
    plans = Plan.objects.count()
    response = client.post(
        reverse("admin:workplans_plan_add"),
        {
            "year": world.plan.year,
            "title": world.plan.title,
            "status": "draft",
            "reporting_cycle": "monthly",
            "remind_days": 3,
            "notice_after_days": 5,
            "status_tolerance": 15,
            "sections-TOTAL_FORMS": 0,
            "sections-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "本机构已有这一年同名的工作要点" in response.content.decode()
    assert Plan.objects.count() == plans


def test_every_history_page_answers_without_a_500(world, bureau_admin, admin_user):
    """/admin/…/<id>/history/ of a model without a simple_history table was a 500 (the bureau's
    own admin opening 机构 history): every registered model's history page answers, for the
    bureau's admin and for a platform superuser, without an error."""
    from django.contrib import admin as django_admin
    from django.test import Client

    objects = {model: model._default_manager.first() for model in django_admin.site._registry}
    for user in (bureau_admin, admin_user):
        user.is_staff = True
        user.save()
        client = Client()
        client.force_login(user)
        for model, obj in objects.items():
            if obj is None:
                continue
            meta = model._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
            status = client.get(url).status_code
            assert status in (200, 302, 403, 404), (user.username, url, status)
