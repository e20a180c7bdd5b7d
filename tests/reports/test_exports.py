"""导出 as a job: the record, the progress the page polls, the file, who may see it, failures and
the clean-up of old files. Jobs run in-process here (the embedded default); the real worker
builds one in CI's Redis pass."""

import datetime as dt
import os
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from config.celery import app as celery_app
from reports import exports as export_service
from reports import services
from reports.exports import export_build, exports_clean
from reports.models import ExportJob
from tests.factories import UserFactory
from tests.tasks.helpers import HX
from tests.tasks.test_jobs import needs_worker, wait_for, worker  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def in_process_jobs():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def start_url(plan) -> str:
    return reverse("reports:ledger-export", args=[plan.pk])


def rows_of(export: ExportJob) -> list[tuple]:
    with export.file.open("rb") as handle:
        sheet = load_workbook(BytesIO(handle.read()))["台账"]
    return list(sheet.iter_rows(values_only=True))


def test_export_runs_and_the_answer_offers_the_file(
    world, bureau_admin, login, in_process_jobs, django_capture_on_commit_callbacks
):
    client = login(bureau_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start_url(world.plan), {"include_submitted": "1"}, headers=HX)
    assert response.status_code == 200
    export = ExportJob.objects.get()
    assert (export.created_by, export.plan, export.kind) == (bureau_admin, world.plan, "ledger")
    assert export.options["include_submitted"] is True
    assert export.status == ExportJob.Status.DONE and export.progress == 100
    assert export.filename.endswith(".xlsx") and "督办台账" in export.filename
    titles = [row[2] for row in rows_of(export)]
    assert world.task_a.title in titles and world.task_b.title in titles
    # The job ran after the commit; the answer was made before, so it polls once more.
    poll = client.get(reverse("reports:export-detail", args=[export.pk]), headers=HX)
    body = poll.content.decode()
    assert 'data-testid="export-download"' in body and "hx-get" not in body
    download = client.get(reverse("reports:export-download", args=[export.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert load_workbook(BytesIO(b"".join(download.streaming_content)))["台账"]["A1"].value


def test_a_queued_export_polls_with_its_progress(world, bureau_admin, login):
    export = ExportJob.objects.create(
        kind="ledger", plan=world.plan, created_by=bureau_admin, progress=30, status="running"
    )
    client = login(bureau_admin)
    body = client.get(reverse("reports:export-detail", args=[export.pk]), headers=HX)
    html = body.content.decode()
    assert 'hx-trigger="load delay:700ms"' in html
    assert '<progress max="100" value="30"' in html and "生成中 30%" in html
    page = client.get(reverse("reports:export-detail", args=[export.pk])).content.decode()
    assert 'http-equiv="refresh"' in page  # without JavaScript the page reloads itself


def test_plain_post_goes_to_the_export_page(world, bureau_admin, login, in_process_jobs):
    response = login(bureau_admin).post(start_url(world.plan), {})
    export = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:export-detail", args=[export.pk])


def test_progress_is_reported_step_by_step(world, bureau_admin, monkeypatch):
    export = ExportJob.objects.create(kind="ledger", plan=world.plan, created_by=bureau_admin)
    seen = []
    original = export_service._progress

    def spy(export_id, percent):
        seen.append(percent)
        original(export_id, percent)

    monkeypatch.setattr(export_service, "_progress", spy)
    export_build(export.pk)
    assert seen == sorted(seen) and len(seen) >= 3
    export.refresh_from_db()
    assert export.status == "done" and export.progress == 100


def test_staff_export_holds_only_their_units_tasks(world, unit_staff, login, in_process_jobs):
    with_capture = login(unit_staff)
    with_capture.post(start_url(world.plan), {}, headers=HX)
    export = ExportJob.objects.get()
    export_build(export.pk)  # on_commit does not run inside the test's transaction
    export.refresh_from_db()
    titles = [row[2] for row in rows_of(export)]
    assert world.task_a.title in titles  # unit A leads it
    assert world.task_b.title not in titles  # 疾控's alone


def test_nobody_else_sees_or_downloads_an_export(
    world, bureau_admin, leader, other_bureau_admin, login
):
    export = export_build(
        ExportJob.objects.create(kind="ledger", plan=world.plan, created_by=bureau_admin).pk
    )
    assert export.filename
    for user in (leader, other_bureau_admin):  # a colleague, and another bureau's admin
        client = login(user)
        for name in ("reports:export-detail", "reports:export-download"):
            assert client.get(reverse(name, args=[export.pk])).status_code == 404, (user, name)
        assert export.filename not in client.get(reverse("reports:export-list")).content.decode()


def test_another_bureaus_plan_cannot_be_exported(world, other_bureau_admin, login):
    response = login(other_bureau_admin).post(start_url(world.plan), {}, headers=HX)
    assert response.status_code == 404
    assert not ExportJob.objects.exists()


def test_bad_options_are_refused_in_chinese(world, bureau_admin, login):
    client = login(bureau_admin)
    response = client.post(start_url(world.plan), {"as_of": "2026-13-01"}, headers=HX)
    assert response.status_code == 400
    assert "截止日期应写成" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_failing_build_is_recorded_with_a_message(world, bureau_admin, login, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_service, "ledger_workbook", broken)
    export = ExportJob.objects.create(kind="ledger", plan=world.plan, created_by=bureau_admin)
    export_build(export.pk)
    export.refresh_from_db()
    assert export.status == "failed" and not export.file
    assert "生成失败" in export.error
    body = login(bureau_admin).get(reverse("reports:export-detail", args=[export.pk]), headers=HX)
    assert "生成失败" in body.content.decode()


def test_a_broker_that_is_down_fails_the_export_at_once(
    world, bureau_admin, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "enqueue", lambda job, *args: False)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_start(user=bureau_admin, plan=world.plan, options={})
    export.refresh_from_db()
    assert export.status == "failed" and "队列暂时不可用" in export.error


def test_old_exports_are_deleted_with_their_files(
    world, bureau_admin, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_KEEP_DAYS = 30
    old = ExportJob.objects.create(kind="ledger", plan=world.plan, created_by=bureau_admin)
    new = ExportJob.objects.create(kind="ledger", plan=world.plan, created_by=bureau_admin)
    export_build(old.pk)
    export_build(new.pk)
    old.refresh_from_db()
    path = old.file.path
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):  # files leave after the commit
        assert exports_clean() == 1
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [new.pk]

    assert not os.path.exists(path)
    assert os.path.exists(ExportJob.objects.get(pk=new.pk).file.path)


def test_a_user_who_lost_the_plan_loses_the_file(world, login, in_process_jobs):
    staff = UserFactory(username="moved", bureau=world.bureau, units=[world.unit_a])
    export = ExportJob.objects.create(kind="ledger", plan=world.plan, created_by=staff)
    export_build(export.pk)
    staff.bureau = world.other_bureau
    staff.save()
    staff.units.set([world.other_unit])
    assert login(staff).get(reverse("reports:export-download", args=[export.pk])).status_code == 403


@pytest.mark.worker
@needs_worker
def test_real_worker_builds_the_export(world, bureau_admin, worker):  # noqa: F811
    from reports import jobs

    export = ExportJob.objects.create(kind="ledger", plan=world.plan, created_by=bureau_admin)
    jobs.build_export.apply_async(args=[export.pk], queue=worker)
    assert wait_for(lambda: ExportJob.objects.get(pk=export.pk).status == "done")
    assert ExportJob.objects.get(pk=export.pk).file


def test_a_failed_export_can_be_retried(world, bureau_admin, login, in_process_jobs):
    failed = ExportJob.objects.create(
        kind="ledger",
        plan=world.plan,
        created_by=bureau_admin,
        options={"include_submitted": True},
        status="failed",
        error="生成失败（RuntimeError）",
    )
    client = login(bureau_admin)
    body = client.get(reverse("reports:export-detail", args=[failed.pk]), headers=HX)
    assert 'data-testid="export-retry"' in body.content.decode()
    response = client.post(reverse("reports:export-retry", args=[failed.pk]), headers=HX)
    assert response.status_code == 200
    retried = ExportJob.objects.exclude(pk=failed.pk).get()
    assert retried.options == {"include_submitted": True}
    assert retried.created_by == bureau_admin
    done = ExportJob.objects.create(kind="ledger", plan=world.plan, created_by=bureau_admin)
    export_build(done.pk)
    again = client.post(reverse("reports:export-retry", args=[done.pk]), headers=HX)
    assert again.status_code == 400 and "只有失败的导出" in again.content.decode()


def test_someone_elses_export_cannot_be_retried(world, bureau_admin, leader, login):
    failed = ExportJob.objects.create(
        kind="ledger", plan=world.plan, created_by=bureau_admin, status="failed"
    )
    response = login(leader).post(reverse("reports:export-retry", args=[failed.pk]))
    assert response.status_code == 404
    assert ExportJob.objects.count() == 1


def test_an_export_whose_worker_died_is_not_running_forever(world, bureau_admin, login):
    stuck = ExportJob.objects.create(
        kind="ledger", plan=world.plan, created_by=bureau_admin, status="running", progress=30
    )
    fresh = ExportJob.objects.create(
        kind="ledger", plan=world.plan, created_by=bureau_admin, status="running", progress=30
    )
    ExportJob.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - export_service.stale_after() - dt.timedelta(minutes=1)
    )
    client = login(bureau_admin)
    body = client.get(reverse("reports:export-detail", args=[stuck.pk]), headers=HX)
    assert "后台任务中断" in body.content.decode()
    assert 'data-testid="export-retry"' in body.content.decode()
    assert ExportJob.objects.get(pk=stuck.pk).status == "failed"
    assert ExportJob.objects.get(pk=fresh.pk).status == "running"  # still within its time


def test_command_line_exports(world, tmp_path):
    from django.core.management import CommandError, call_command

    ledger = tmp_path / "台账.xlsx"
    table = tmp_path / "分工表.xlsx"
    call_command("export_ledger", plan=world.plan.pk, as_of="2026-06-30", out=str(ledger))
    call_command("export_plan_table", plan=world.plan.pk, out=str(table))
    sheet = load_workbook(ledger)["台账"]
    assert sheet["A1"].value.endswith("（截至2026年6月30日）")
    titles = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert world.task_a.title in titles and world.task_b.title in titles
    assert load_workbook(table).active.max_row > 3
    with pytest.raises(CommandError, match="找不到编号为 999"):
        call_command("export_ledger", plan=999, out=str(ledger))
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_ledger", plan=world.plan.pk, as_of="6/30", out=str(ledger))


def test_export_with_the_co_units_parts(
    world, bureau_admin, login, in_process_jobs, django_capture_on_commit_callbacks, tmp_path
):
    """含配合单位情况 from the plan page's export form and from the command line."""
    from django.core.management import call_command

    from tasks.models import Cooperation, ReportingPeriod

    period = ReportingPeriod.objects.create(
        plan=world.plan,
        label="2026年3月",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 3, 25),
    )
    Cooperation.objects.create(
        task=world.task_a, period=period, unit=world.unit_b, text="驻点指导", author=bureau_admin
    )
    page = login(bureau_admin).get(reverse("reports:plan-detail", args=[world.plan.pk]))
    assert 'name="include_cooperation" value="1"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        login(bureau_admin).post(start_url(world.plan), {"include_cooperation": "1"}, headers=HX)
    export = ExportJob.objects.get()
    assert export.options["include_cooperation"] is True
    quoted = "【配合单位 疾病预防控制中心】驻点指导"
    assert any(row[7] == quoted for row in rows_of(export))
    ledger = tmp_path / "台账.xlsx"
    call_command(
        "export_ledger",
        plan=world.plan.pk,
        as_of="2026-06-30",
        include_cooperation=True,
        out=str(ledger),
    )
    sheet = load_workbook(ledger)["台账"]
    assert any(row[7] == quoted for row in sheet.iter_rows(values_only=True))


def test_an_oversight_leader_exports_a_child_bureaus_plan(world, login, in_process_jobs):
    """The city commission reads its district's published plan, and so may export its ledger;
    the district's plan stays out of reach for a commission that does not oversee it."""
    from tests.factories import BureauFactory
    from workplans.models import User

    city = BureauFactory(name="益阳市卫生健康委员会")
    world.bureau.parent = city
    world.bureau.save()
    city_leader = UserFactory(username="city_leader", bureau=city, role=User.Role.LEADER)
    client = login(city_leader)
    direct = client.get(reverse("reports:plan-ledger", args=[world.plan.pk]))
    assert direct.status_code == 200
    titles = [
        row[2]
        for row in load_workbook(BytesIO(b"".join(direct.streaming_content)))["台账"].iter_rows(
            values_only=True
        )
    ]
    assert world.task_a.title in titles and world.task_b.title in titles
    assert client.post(start_url(world.plan), {}).status_code == 302
    other_city = BureauFactory(name="常德市卫生健康委员会")
    stranger = UserFactory(username="other_city", bureau=other_city, role=User.Role.LEADER)
    assert (
        login(stranger).get(reverse("reports:plan-ledger", args=[world.plan.pk])).status_code == 404
    )
