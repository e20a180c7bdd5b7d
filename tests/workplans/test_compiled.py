"""workplans.compiled: a queryset compiled once per shape gives what the queryset itself gives,
for every value and list length, with the database's converters; a build whose SQL depends on
the values is refused; and the hot reads built on it (the signed-in user, a user's units, the
task a unit reports on) agree with the general rules they stand for. The writes built on the
same module are tested in tests/tasks/test_report_sql_writes.py."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from tasks.selectors import reporting_task
from tests.factories import (
    PlanFactory,
    SectionFactory,
    TaskFactory,
    TaskUnitFactory,
    UnitFactory,
    UserFactory,
    make_task,
)
from workplans.auth import PortalModelBackend
from workplans.compiled import CompiledQuery
from workplans.models import Plan, Task, TaskUnit, User

pytestmark = pytest.mark.django_db


def _tasks_of_units(unit_ids):
    own = TaskUnit.objects.filter(unit_id__in=unit_ids, task=OuterRef("pk"))
    return (
        Task.objects.filter(Exists(own))
        .order_by("pk")
        .values_list("pk", "title", "deadline", "unreported")
    )


def test_rows_are_the_querysets_own_for_every_length_of_a_list(world):
    extra = UnitFactory(bureau=world.bureau, name="办公室")
    make_task(section=world.section, lead=extra, co=[world.unit_a], title="三项任务之三")
    compiled = CompiledQuery(_tasks_of_units)
    units = [world.unit_a.pk, world.unit_b.pk, extra.pk, world.other_unit.pk]
    for length in range(len(units) + 1):
        for chosen in (units[:length], units[-length:] if length else []):
            assert compiled.rows(unit_ids=chosen) == list(_tasks_of_units(chosen)), chosen
    # sets are taken too (a user's unit_ids is a frozenset)
    assert compiled.rows(unit_ids={extra.pk}) == list(_tasks_of_units([extra.pk]))


def test_the_sql_is_built_once_per_shape(world):
    built = []

    def build(task_id):
        built.append(task_id)
        return Task.objects.filter(pk=task_id).values_list("title")

    compiled = CompiledQuery(build)
    assert compiled.rows(task_id=world.task_a.pk) == [(world.task_a.title,)]
    assert compiled.rows(task_id=world.task_b.pk) == [(world.task_b.title,)]
    assert compiled.rows(task_id=-5) == []
    assert len(built) == 2  # the first call's double compile, then never again
    with CaptureQueriesContext(connection) as captured:
        compiled.rows(task_id=world.task_a.pk)
    assert len(captured.captured_queries) == 1


def test_values_come_back_converted_as_the_orm_gives_them(world):
    Task.objects.filter(pk=world.task_a.pk).update(deadline=dt.date(2026, 6, 30), unreported=True)
    compiled = CompiledQuery(
        lambda task_id: Task.objects.filter(pk=task_id).values_list("deadline", "unreported")
    )
    assert compiled.rows(task_id=world.task_a.pk) == [(dt.date(2026, 6, 30), True)]


def test_a_build_whose_sql_depends_on_the_values_is_refused(world):
    def build(task_id):
        tasks = Task.objects.filter(pk=task_id)
        return (tasks if task_id % 2 else tasks.filter(unreported=True)).values_list("title")

    with pytest.raises(ImproperlyConfigured, match="depends on the values"):
        CompiledQuery(build).rows(task_id=world.task_a.pk)


def test_texts_are_taken_as_they_are_and_other_values_refused(world):
    compiled = CompiledQuery(lambda title: Task.objects.filter(title=title).values_list("pk"))
    assert compiled.rows(title=world.task_b.title) == [(world.task_b.pk,)]
    assert compiled.rows(title="没有这项任务") == []
    for value in (True, dt.date(2026, 1, 1), [1, "2"], None):
        with pytest.raises(TypeError):
            compiled.rows(title=value)


def test_a_text_the_orm_rewrites_is_refused_not_matched_wrongly(world):
    contains = CompiledQuery(
        lambda title: Task.objects.filter(title__contains=title).values_list("pk")
    )
    with pytest.raises(ImproperlyConfigured):
        contains.rows(title="医共体")


def test_the_signed_in_user_comes_with_the_bureau_and_units_in_one_query(world, unit_staff):
    backend = PortalModelBackend()
    with CaptureQueriesContext(connection) as captured:
        user = backend.get_user(unit_staff.pk)
        assert user == unit_staff
        assert user.bureau.name == world.bureau.name
        assert user.unit_ids == frozenset({world.unit_a.pk})
    assert len(captured.captured_queries) == 1  # the user with the bureau and the units
    assert backend.get_user(-1) is None
    User.objects.filter(pk=unit_staff.pk).update(is_active=False)
    assert backend.get_user(unit_staff.pk) is None


def _visible_task(user, task_id):
    return Task.objects.visible_to(user).filter(pk=task_id).first()


def test_the_reporting_task_is_the_lead_units_and_only_a_visible_ones(world, unit_staff):
    """Against the general rules: the lead unit's staff get the task with their part in it;
    everyone else gets None (the view then asks the general load, which answers 404 or 403)."""
    draft = PlanFactory(bureau=world.bureau, title="2027年工作要点", status=Plan.Status.DRAFT)
    draft_task = make_task(
        section=SectionFactory(plan=draft, number="一", title="草稿板块", order=1),
        lead=world.unit_a,
        title="草稿里的任务",
    )
    parent = make_task(section=world.section, lead=world.unit_a, title="上级任务")
    child = TaskFactory(plan=world.plan, section=world.section, parent=parent, title="子项")
    TaskUnitFactory(task=child, unit=world.unit_b, role=TaskUnit.Role.LEAD)
    co_staff = UserFactory(username="staff_b", bureau=world.bureau, units=[world.unit_b])
    stranger = UserFactory(username="staff_x", bureau=world.other_bureau, units=[world.other_unit])
    two_units = UserFactory(
        username="staff_ab", bureau=world.bureau, units=[world.unit_a, world.unit_b]
    )
    admin = UserFactory(username="admin_a", bureau=world.bureau, role=User.Role.ADMIN)
    tasks = [world.task_a, world.task_b, world.other_task, draft_task, parent, child]
    for user in (unit_staff, co_staff, stranger, two_units, admin):
        for task in tasks:
            found = reporting_task(user, task.pk)
            visible = _visible_task(user, task.pk)
            lead = visible is not None and user.is_unit_staff and _leads(user, task)
            assert (found is not None) == lead, (user.username, task.title)
            if found is not None:
                assert found.pk == task.pk and found.plan.bureau_id == user.bureau_id
                assert found.own_lead_unit_id in user.unit_ids
                assert [t.pk for t in found.targets.all()] == [
                    t.pk for t in task.targets.order_by("order", "pk")
                ]
    # the sub-item of the parent's lead unit is theirs to report on (its parent's lead)
    assert reporting_task(unit_staff, child.pk).own_lead_unit_id == world.unit_a.pk


def _leads(user, task) -> bool:
    leads = TaskUnit.objects.filter(task_id__in=[task.pk, task.parent_id], role="lead")
    return leads.filter(unit_id__in=user.unit_ids).exists()


def test_the_reporting_task_reads_its_targets_without_another_query(world, unit_staff):
    task = reporting_task(unit_staff, world.task_a.pk)
    with CaptureQueriesContext(connection) as captured:
        assert len(list(task.targets.all())) == 1
        assert task.plan.bureau_id == world.bureau.pk
    assert captured.captured_queries == []


# Sessions --------------------------------------------------------------------------------


def test_sessions_are_read_as_djangos_database_sessions(world, unit_staff, client, settings):
    from django.contrib.sessions.models import Session

    from workplans.sessions import SessionStore

    assert settings.SESSION_ENGINE == "workplans.sessions"
    client.force_login(unit_staff)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore(key).get("_auth_user_id") == str(unit_staff.pk)
    assert client.get("/tasks/mine/").status_code == 200

    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None

    Session.objects.filter(session_key=key).update(
        expire_date=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    assert SessionStore(key).load() == {}  # expired: as if there were none
    response = client.get("/tasks/mine/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
