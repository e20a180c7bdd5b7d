"""The reporting calendar and the escalation ladder: 提醒 → 催办 → 督办单 → 通报."""

import datetime as dt
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from docx import Document

from tasks import jobs, services
from tasks.models import CalendarDay, Escalation, Notification, OutboxEmail, ReportingPeriod
from tasks.services.chasing import periods_roll, reminders_send, urge_by_hand
from tasks.workdays import WorkCalendar

MON = dt.date(2026, 11, 2)  # a Monday


@pytest.mark.parametrize(
    ("day", "workday"),
    [(MON, True), (dt.date(2026, 11, 7), False), (dt.date(2026, 11, 8), False),
     (dt.date(2026, 10, 1), False), (dt.date(2026, 10, 10), True)],
)  # fmt: skip
def test_working_days_with_holidays_and_adjusted_weekends(day, workday):
    calendar = WorkCalendar(holidays=frozenset({dt.date(2026, 10, 1)}),
                            workdays=frozenset({dt.date(2026, 10, 10)}))  # fmt: skip
    assert calendar.is_workday(day) is workday


def test_due_date_on_a_holiday_moves_to_the_next_working_day():
    calendar = WorkCalendar(holidays=frozenset({dt.date(2026, 10, d) for d in range(1, 8)}))
    assert calendar.on_or_after(dt.date(2026, 10, 3)) == dt.date(2026, 10, 8)
    assert calendar.on_or_after(MON) == MON


def test_counting_working_days():
    calendar = WorkCalendar()
    friday = dt.date(2026, 11, 6)
    assert calendar.add(friday, 1) == dt.date(2026, 11, 9)
    assert calendar.add(MON, -1) == dt.date(2026, 10, 30)
    assert calendar.between(MON, dt.date(2026, 11, 9)) == 5
    assert calendar.between(dt.date(2026, 11, 9), MON) == -5
    assert calendar.between(MON, MON) == 0


@pytest.fixture
def period(world):
    return services.period_open(
        plan=world.plan,
        label="2026年11月",
        start=dt.date(2026, 11, 1),
        end=dt.date(2026, 11, 30),
        due_date=dt.date(2026, 11, 25),
    )


@pytest.fixture
def staff_with_mail(unit_staff, other_unit_staff):
    for user in (unit_staff, other_unit_staff):
        user.email = f"{user.username}@example.gov.cn"
        user.save()
    return unit_staff


def steps():
    return sorted(Escalation.objects.values_list("task__title", "step"))


def test_nothing_is_sent_long_before_the_due_date(period, staff_with_mail):
    assert reminders_send(today=dt.date(2026, 11, 10)) == {}
    assert Notification.objects.count() == 0 and Escalation.objects.count() == 0


def test_reminder_before_due_date_once_in_app_and_by_mail(period, staff_with_mail):
    assert reminders_send(today=dt.date(2026, 11, 20)) == {"remind": 2}  # 3 workdays before
    assert {s for _, s in steps()} == {"remind"}
    unit_a = Notification.objects.filter(user=staff_with_mail)
    assert unit_a.count() == 1 and "提醒" in unit_a.get().title
    assert len(mail.outbox) == 0  # queued with the notifications, sent by the outbox job
    assert OutboxEmail.objects.filter(sent_at__isnull=True).count() == 2
    jobs.send_outbox()
    assert len(mail.outbox) == 2 and "提醒" in mail.outbox[0].subject
    assert reminders_send(today=dt.date(2026, 11, 20)) == {}  # idempotent
    jobs.send_outbox()
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2


def test_mail_goes_out_right_after_the_commit_without_a_broker(
    period, staff_with_mail, django_capture_on_commit_callbacks
):
    """No broker (tests, a bare runserver): the outbox is sent in process after the commit, as
    the mails were before the outbox; with a broker the job is enqueued, beat catches up."""
    from config.celery import app

    previous, app.conf.task_always_eager = app.conf.task_always_eager, True  # CI's Redis pass
    try:
        with django_capture_on_commit_callbacks(execute=True):
            reminders_send(today=dt.date(2026, 11, 20))
    finally:
        app.conf.task_always_eager = previous
    assert len(mail.outbox) == 2
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()


def test_a_crash_mid_step_leaves_neither_escalation_nor_notification(
    period, world, staff_with_mail, monkeypatch
):
    """Issue #13: the escalation rows were committed before the notifications; a worker lost
    in between left escalations whose notifications the redo never sent."""
    from tasks.services import chasing

    def crash(messages):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(chasing, "notify_many", crash)
    with pytest.raises(RuntimeError):
        reminders_send(today=dt.date(2026, 11, 25))
    assert not Escalation.objects.exists() and not Notification.objects.exists()
    monkeypatch.undo()
    assert reminders_send(today=dt.date(2026, 11, 25)) == {"urge": 2}  # the redo
    for escalation in Escalation.objects.all():
        key = f"urge:{period.pk}:{escalation.task_id}"
        assert Notification.objects.filter(key=key).count() == 1
    assert OutboxEmail.objects.count() == 2


def test_each_period_commits_on_its_own(period, world, staff_with_mail, monkeypatch):
    """A crash in the second period keeps the first period's step: the redo skips it."""
    from tasks.services import chasing

    services.period_open(plan=world.other_plan, label="2026年11月", start=dt.date(2026, 11, 1),
                         end=dt.date(2026, 11, 30), due_date=dt.date(2026, 11, 25))  # fmt: skip
    real_step, calls = chasing._period_step, []

    def crash_on_second(p, *args):
        calls.append(p.pk)
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return real_step(p, *args)

    monkeypatch.setattr(chasing, "_period_step", crash_on_second)
    with pytest.raises(RuntimeError):
        reminders_send(today=dt.date(2026, 11, 25))
    assert set(Escalation.objects.values_list("period_id", flat=True)) == {calls[0]}
    first = set(Notification.objects.values_list("user_id", "key"))
    monkeypatch.undo()
    sent = reminders_send(today=dt.date(2026, 11, 25))
    assert sent == {"urge": Escalation.objects.filter(period_id=calls[1]).count()}
    assert first <= set(Notification.objects.values_list("user_id", "key"))
    assert Escalation.objects.count() == 3  # two tasks in our plan, one in the other bureau's


def test_outbox_keeps_a_failed_mail_and_sends_it_next_time(period, staff_with_mail, settings):
    from tasks.services.notify import outbox_send

    reminders_send(today=dt.date(2026, 11, 20))
    settings.EMAIL_BACKEND = "tests.tasks.test_reminders.BrokenMailBackend"
    assert outbox_send() == {"sent": 0, "failed": 2}
    row = OutboxEmail.objects.first()
    assert row.attempts == 1 and "SMTP down" in row.last_error and row.sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_send() == {"sent": 2, "failed": 0}
    assert outbox_send() == {"sent": 0, "failed": 0}  # sent once
    assert len(mail.outbox) == 2 and OutboxEmail.objects.get(pk=row.pk).attempts == 2


class BrokenMailBackend:
    def __init__(self, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP down")


def test_submitted_tasks_are_not_chased(period, world, unit_staff, other_unit_staff):
    for task, user in ((world.task_a, unit_staff), (world.task_b, other_unit_staff)):
        services.report_save(task=task, period=period, user=user, version=None,
                             narrative="按计划推进", percent=50, problems="", next_steps="",
                             actuals={}, submit=True)  # fmt: skip
    assert reminders_send(today=dt.date(2026, 11, 26)) == {}
    assert Escalation.objects.count() == 0


def test_urge_on_due_date_and_the_admin_gets_the_late_units(period, world, bureau_admin,
                                                            unit_staff):  # fmt: skip
    assert reminders_send(today=dt.date(2026, 11, 25)) == {"urge": 2}
    admin_note = Notification.objects.get(user=bureau_admin)
    assert "未按时报送" in admin_note.title and "医政医管股" in admin_note.body
    assert admin_note.url == reverse("reports:period-bulletin", args=[period.pk])


def test_notice_after_the_configured_working_days(period, world, unit_staff, client, login):
    reminders_send(today=dt.date(2026, 11, 25))
    assert reminders_send(today=dt.date(2026, 12, 2)) == {"notice": 2}  # 5 working days late
    notice = Escalation.objects.get(task=world.task_a, step=Escalation.Step.NOTICE)
    assert notice.days_late == 5
    login(unit_staff)
    page = client.get(reverse("tasks:notice", args=[notice.pk]))
    assert page.status_code == 200 and "督　办　单" in page.content.decode()
    word = client.get(reverse("tasks:notice", args=[notice.pk]), {"format": "docx"})
    document = Document(BytesIO(b"".join(word.streaming_content)))
    text = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "医政医管股" in text and world.task_a.title in text and "5 个工作日" in text
    response = client.post(reverse("tasks:escalation-reply", args=[notice.pk]),
                           {"reply": "本周五前报送"})  # fmt: skip
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.reply == "本周五前报送" and notice.replied_by == unit_staff


def test_holiday_due_date_shifts_the_ladder(period, world):
    CalendarDay.objects.create(bureau=world.bureau, date=dt.date(2026, 11, 25),
                               kind=CalendarDay.Kind.HOLIDAY, name="演示假日")  # fmt: skip
    assert reminders_send(today=dt.date(2026, 11, 25)) == {"remind": 2}  # due moves to the 26th
    assert reminders_send(today=dt.date(2026, 11, 26)) == {"urge": 2}


def test_daily_digest_instead_of_one_message_per_task(period, world, other_unit_staff):
    other_unit_staff.daily_digest = True
    other_unit_staff.save()
    reminders_send(today=dt.date(2026, 11, 25))
    notes = Notification.objects.filter(user=other_unit_staff)
    assert notes.count() == 1 and "汇总" in notes.get().title
    assert world.task_b.title in notes.get().body


def test_manual_urge_reaches_the_lead_unit_and_is_logged(period, world, bureau_admin,
                                                         unit_staff, client, login):  # fmt: skip
    login(bureau_admin)
    response = client.post(reverse("tasks:task-urge", args=[world.task_a.pk]),
                           {"note": "请今天报送"}, headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 200 and "已催办" in response.content.decode()
    assert Notification.objects.filter(user=unit_staff, title__contains="催办").exists()
    client.logout()
    login(unit_staff)
    page = client.get(reverse("tasks:task-detail", args=[world.task_a.pk])).content.decode()
    assert "请今天报送" in page and "催办" in page


def test_staff_cannot_urge_and_cannot_read_the_bulletin(period, unit_staff, world, client, login):
    login(unit_staff)
    assert client.post(reverse("tasks:task-urge", args=[world.task_a.pk])).status_code == 403
    assert client.get(reverse("reports:period-bulletin", args=[period.pk])).status_code == 403


def test_bulletin_lists_late_units(period, world, bureau_admin, client, login):
    reminders_send(today=dt.date(2026, 12, 2))
    login(bureau_admin)
    body = client.get(reverse("reports:period-bulletin", args=[period.pk])).content.decode()
    assert "医政医管股" in body and "疾病预防控制中心" in body


def test_other_bureau_cannot_see_our_notice(period, world, other_bureau_admin, client, login):
    reminders_send(today=dt.date(2026, 12, 2))
    notice = Escalation.objects.filter(step=Escalation.Step.NOTICE).first()
    login(other_bureau_admin)
    assert client.get(reverse("tasks:notice", args=[notice.pk])).status_code == 404
    assert client.get(reverse("reports:period-bulletin", args=[period.pk])).status_code == 404


def test_urge_without_an_open_period_is_explained(world, bureau_admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="没有开启中的报送期"):
        urge_by_hand(task=world.task_a, user=bureau_admin, note="")


def test_bell_counts_unread_and_marks_read(period, unit_staff, client, login):
    reminders_send(today=dt.date(2026, 11, 20))
    login(unit_staff)
    page = client.get(reverse("tasks:notification-list")).content.decode()
    assert 'data-testid="unread-count">1<' in page
    note = Notification.objects.get(user=unit_staff)
    assert client.get(reverse("tasks:notification-open", args=[note.pk])).status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_periods_roll_opens_and_closes_on_their_dates(period, world):
    assert periods_roll(today=dt.date(2026, 11, 30)) == {"opened": 0, "closed": 0}
    assert periods_roll(today=dt.date(2026, 12, 1)) == {"opened": 1, "closed": 0}
    period.refresh_from_db()
    assert period.status == ReportingPeriod.Status.OPEN  # late reports still possible
    assert periods_roll(today=dt.date(2026, 12, 26)) == {"opened": 0, "closed": 1}
    period.refresh_from_db()
    assert period.status == ReportingPeriod.Status.CLOSED


def test_recompute_twice_gives_the_same_statuses(world):
    from tasks.services import statuses_and_unreported_recompute as statuses_recompute
    from workplans.models import Task

    world.task_a.deadline = dt.date(2020, 1, 31)
    world.task_a.save()
    first = statuses_recompute(today=dt.date(2026, 11, 24))
    statuses = dict(Task.objects.values_list("pk", "status"))
    second = statuses_recompute(today=dt.date(2026, 11, 24))
    assert second["changed"] == 0 and first["overdue"] == second["overdue"] >= 1
    assert dict(Task.objects.values_list("pk", "status")) == statuses


def test_admin_urges_a_whole_unit_from_the_bulletin(period, world, bureau_admin, unit_staff,
                                                    client, login):  # fmt: skip
    login(bureau_admin)
    url = reverse("tasks:unit-urge", args=[period.pk, world.unit_a.pk])
    response = client.post(url, {"note": "请本周内报送"})
    assert response.status_code == 302
    manual = Escalation.objects.filter(manual=True, unit=world.unit_a)
    assert [e.task_id for e in manual] == [world.task_a.pk] and manual[0].note == "请本周内报送"
    note = Notification.objects.get(user=unit_staff)
    assert "1 项任务未报送" in note.title and world.task_a.title in note.body
    page = client.get(response.url).content.decode()
    assert "已催办医政医管股" in page


def test_unit_urge_is_refused_to_staff_and_other_bureaus(
    period, world, unit_staff, other_bureau_admin, client, login
):
    url = reverse("tasks:unit-urge", args=[period.pk, world.unit_a.pk])
    login(unit_staff)
    assert client.post(url).status_code == 403
    client.logout()
    login(other_bureau_admin)
    assert client.post(url).status_code == 404
    assert not Escalation.objects.exists()


def test_unreported_flag_for_the_latest_closed_period(period, world, unit_staff, leader, client,
                                                      login):  # fmt: skip
    from tasks.services import statuses_and_unreported_recompute as statuses_recompute
    from workplans.models import Task

    services.report_save(task=world.task_a, period=period, user=unit_staff, version=None,
                         narrative="按计划推进", percent=40, problems="", next_steps="",
                         actuals={}, submit=True)  # fmt: skip
    assert statuses_recompute()["unreported"] == 0  # the period is still open
    services.period_close(period=period)
    assert statuses_recompute()["unreported"] == 1
    assert not Task.objects.get(pk=world.task_a.pk).unreported
    assert Task.objects.get(pk=world.task_b.pk).unreported
    login(leader)
    page = client.get(reverse("reports:plan-detail", args=[world.plan.pk])).content.decode()
    assert 'data-testid="unreported-count">1<' in page and "未报送" in page


def test_bulletin_counts_days_late_without_waiting_for_the_job(period, world, bureau_admin):
    from reports.rollups import bulletin_rows

    rows = bulletin_rows(period=period, today=dt.date(2026, 12, 2))
    assert {row.unit: row.days_late for row in rows} == {"医政医管股": 5, "疾病预防控制中心": 5}
    assert bulletin_rows(period=period, today=dt.date(2026, 11, 20))[0].days_late == 0


def test_admin_reminds_a_unit_to_sign_and_staff_cannot(
    world, bureau_admin, unit_staff, other_bureau_admin, client, login
):
    from workplans.models import TaskUnit

    assignment = TaskUnit.objects.get(task=world.task_a, unit=world.unit_a)
    url = reverse("tasks:receipt-remind", args=[assignment.pk])
    login(unit_staff)
    assert client.post(url).status_code == 403
    client.logout()
    login(other_bureau_admin)
    assert client.post(url).status_code == 404
    client.logout()
    login(bureau_admin)
    page = client.post(url, follow=True).content.decode()
    assert "已提醒医政医管股（1 人）签收" in page
    assert Notification.objects.get(user=unit_staff).title.startswith("请签收任务")
    client.post(url)  # twice on one day: one notification
    assert Notification.objects.filter(user=unit_staff).count() == 1


def test_plan_page_prompts_the_office_to_open_the_first_period(world, bureau_admin, leader,
                                                               client, login):  # fmt: skip
    url = reverse("reports:plan-detail", args=[world.plan.pk])
    login(bureau_admin)
    assert "开启第一个报送期" in client.get(url).content.decode()
    client.logout()
    login(leader)
    assert "开启第一个报送期" not in client.get(url).content.decode()
