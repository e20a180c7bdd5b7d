"""workplans.compiled: a queryset compiled once per shape gives what the queryset itself gives,
for every value and list length, with the database's converters; a build whose SQL depends on
the values is refused; and the hot reads built on it (the signed-in user, a user's units, the
task a unit reports on) agree with the general rules they stand for."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
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
from workplans.compiled import (
    CompiledQuery,
    history_insert,
    row_insert_unless_taken,
    row_update,
    rows_upsert,
)
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


# Writes ----------------------------------------------------------------------------------


@pytest.fixture
def period(world):
    from tasks import services

    return services.period_open(
        plan=world.plan,
        label="2026年3月",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 3, 25),
    )


def _tracked(record) -> dict:
    return {f.attname: getattr(record, f.attname) for f in type(record).tracked_fields}


def test_an_update_and_its_history_are_what_model_save_and_simple_history_write(
    world, unit_staff, period, time_machine
):
    """The same change made twice, once through Model.save (simple-history's signal writes the
    record) and once through row_update + history_insert: the rows and the records agree."""
    from tasks.models import ProgressReport

    time_machine.move_to(dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC), tick=False)
    reports = []
    for task in (world.task_a, world.task_b):
        report = ProgressReport(
            task=task, period=period, unit=world.unit_a, narrative="草稿", author=unit_staff
        )
        report.save()
        reports.append(report)
    time_machine.move_to(dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC), tick=False)
    when = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
    by_save, by_sql = reports
    for report in reports:
        report.narrative, report.percent, report.version = "已完成摸底", 40, 2
    by_save._history_user, by_save._history_date = unit_staff, when
    by_save.save()
    assert row_update(by_sql) == 1
    history_insert([(by_sql, "~")], user=unit_staff, when=when)

    fields = [f.attname for f in ProgressReport._meta.concrete_fields]
    skip = {"id", "task_id"}
    saved = ProgressReport.objects.filter(pk__in=[by_save.pk, by_sql.pk]).values_list(*fields)
    rows = {row[0]: dict(zip(fields, row, strict=True)) for row in saved}
    assert {k: v for k, v in rows[by_sql.pk].items() if k not in skip} == {
        k: v for k, v in rows[by_save.pk].items() if k not in skip
    }
    assert rows[by_sql.pk]["updated_at"] == when  # auto_now, as save() sets it
    latest = {r.pk: r.history.order_by("-history_id").first() for r in reports}
    one, other = latest[by_save.pk], latest[by_sql.pk]
    assert (other.history_type, other.history_user_id, other.history_date) == (
        one.history_type,
        one.history_user_id,
        one.history_date,
    )
    assert {k: v for k, v in _tracked(other).items() if k not in skip} == {
        k: v for k, v in _tracked(one).items() if k not in skip
    }


def test_an_insert_refused_by_a_unique_constraint_writes_nothing_and_says_so(
    world, unit_staff, period
):
    from tasks.models import ProgressReport

    def first_report():
        return ProgressReport(
            task=world.task_a, period=period, unit=world.unit_a, narrative="一", author=unit_staff
        )

    report = first_report()
    assert row_insert_unless_taken(report) is True
    assert report.pk == ProgressReport.objects.get().pk and not report._state.adding
    with transaction.atomic():
        assert row_insert_unless_taken(first_report()) is False
        assert ProgressReport.objects.count() == 1  # the transaction is still usable


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


def test_an_upsert_inserts_new_rows_updates_taken_ones_and_gives_each_its_pk(
    world, unit_staff, period
):
    from decimal import Decimal

    from tasks.models import ProgressReport, TargetActual
    from tests.factories import TargetFactory

    report = ProgressReport.objects.create(
        task=world.task_a, period=period, unit=world.unit_a, narrative="一", author=unit_staff
    )
    first, second = world.task_a.targets.get(), TargetFactory(task=world.task_a, order=2)
    taken = TargetActual.objects.create(report=report, target=first, value=Decimal("10"))
    actuals = [
        TargetActual(report=report, target=first, value=Decimal("12.5")),
        TargetActual(report=report, target=second, value=Decimal("3")),
    ]
    rows_upsert(actuals, unique=("report", "target"), update=("value",))
    assert actuals[0].pk == taken.pk and actuals[1].pk is not None
    stored = dict(TargetActual.objects.values_list("target_id", "value"))
    assert stored == {first.pk: Decimal("12.5"), second.pk: Decimal("3")}
