"""Report writes in SQL built once (workplans.compiled): an UPDATE and its history record are
what Model.save and simple-history write, an insert refused by the unique constraint writes
nothing and leaves the transaction usable, and an upsert gives each row its pk."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from tasks.models import ProgressReport, TargetActual
from tests.factories import TargetFactory
from workplans.compiled import history_insert, row_insert_unless_taken, row_update, rows_upsert


def _tracked(record) -> dict:
    return {f.attname: getattr(record, f.attname) for f in type(record).tracked_fields}


def test_an_update_and_its_history_are_what_model_save_and_simple_history_write(
    world, unit_staff, period, clock
):
    """The same change made twice, once through Model.save (simple-history's signal writes the
    record) and once through row_update + history_insert: the rows and the records agree."""
    # clock: 10 March 2026, 09:00 in Shanghai (01:00 UTC)
    reports = []
    for task in (world.task_a, world.task_b):
        report = ProgressReport(
            task=task, period=period, unit=world.unit_a, narrative="草稿", author=unit_staff
        )
        report.save()
        reports.append(report)
    clock.shift(3600)
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


def test_an_upsert_inserts_new_rows_updates_taken_ones_and_gives_each_its_pk(
    world, unit_staff, period
):
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
