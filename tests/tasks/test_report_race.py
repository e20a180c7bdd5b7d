"""Two first saves of the same report at once (issue #13 §7): both find no report to lock, both
insert, and the second breaks one report per task and period. It gets the conflict message a
stale version gets, not a 500; the first save is kept as it was."""

import pytest
from django.core.exceptions import ValidationError

from tasks import services
from tasks.models import ProgressReport
from tasks.services import reports as reports_service

pytestmark = pytest.mark.usefixtures("clock")


def first_save(task, period, user, narrative: str, percent: int):
    return services.report_save(
        task=task,
        period=period,
        user=user,
        version=None,
        narrative=narrative,
        percent=percent,
        problems="",
        next_steps="",
        actuals={},
        submit=False,
    )


def test_second_of_two_simultaneous_first_saves_gets_the_conflict_message(
    world, period, unit_staff, second_staff, monkeypatch
):
    real_lookup = reports_service._locked_report
    raced = []

    def lookup_then_colleague_saves(task, period):
        found = real_lookup(task, period)
        if not raced:  # the colleague's save lands between our lookup and our insert
            raced.append(True)
            first_save(task, period, second_staff, "李明先保存的进展", 40)
        return found

    monkeypatch.setattr(reports_service, "_locked_report", lookup_then_colleague_saves)
    with pytest.raises(ValidationError) as caught:
        first_save(world.task_a, period, unit_staff, "我的进展", 30)

    message = caught.value.messages[0]
    assert "李明 在 03-10 09:00 已修改了这份报送" in message
    assert "完成进度 40%" in message and "李明先保存的进展" in message
    # (Here the colleague's save shares our connection, so it is undone with ours; in a real race
    # it is another transaction and stays.)


def test_the_page_shows_the_conflict_instead_of_a_500(
    world, period, as_user, unit_staff, second_staff, monkeypatch
):
    from django.urls import reverse

    from tests.tasks.helpers import HX, report_data

    real_lookup = reports_service._locked_report
    raced = []

    def lookup_then_colleague_saves(task, period):
        found = real_lookup(task, period)
        if not raced:
            raced.append(True)
            first_save(task, period, second_staff, "李明先保存的进展", 40)
        return found

    monkeypatch.setattr(reports_service, "_locked_report", lookup_then_colleague_saves)
    client = as_user(unit_staff)
    response = client.post(
        reverse("tasks:report-save", args=[world.task_a.pk]), report_data(), headers=HX
    )
    assert response.status_code < 500
    assert "已修改了这份报送" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_threads_saving_the_first_report_at_once(
    world, period, unit_staff, second_staff, monkeypatch
):
    """The real race, two connections: both look the report up (none yet), then both insert;
    PostgreSQL makes the second wait for the first and refuse it. (SQLite's write lock, taken
    when a save's transaction begins, lets only one past the lookup at a time: no race.)"""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises the two saves (BEGIN IMMEDIATE): no race to lose")
    real_lookup = reports_service._locked_report
    both_looked = threading.Barrier(2, timeout=10)

    def lookup_then_wait(task, period):
        found = real_lookup(task, period)
        both_looked.wait()
        return found

    monkeypatch.setattr(reports_service, "_locked_report", lookup_then_wait)
    outcomes = {}

    def save(user, narrative, percent):
        try:
            first_save(world.task_a, period, user, narrative, percent)
            outcomes[user.username] = "saved"
        except ValidationError as exc:
            outcomes[user.username] = exc.messages[0]
        except Exception as exc:  # the fault being fixed: an IntegrityError (a 500)
            outcomes[user.username] = repr(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(unit_staff, "我的进展", 30)),
        threading.Thread(target=save, args=(second_staff, "李明的进展", 40)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == sorted([unit_staff.username, second_staff.username])
    results = list(outcomes.values())
    assert results.count("saved") == 1, outcomes
    refused = next(r for r in results if r != "saved")
    assert "已修改了这份报送" in refused, outcomes
    assert ProgressReport.objects.count() == 1
