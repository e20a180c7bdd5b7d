from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from tasks.demo import DEMO_PASSWORD, DEMO_USERS
from workplans.models import Plan, Task, TaskUnit, Unit, User

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_seed_demo_builds_the_demo_bureau():
    call_command("seed_demo", stdout=StringIO())
    assert 15 <= Unit.objects.count() <= 25
    jikong = Unit.objects.get(name="疾病预防控制中心")
    assert "疾控中心" in jikong.alias_list
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {User.Role.ADMIN, User.Role.LEADER, User.Role.STAFF}
    assert User.objects.filter(role=User.Role.STAFF).count() >= 3
    plan = Plan.objects.get()
    assert plan.status == Plan.Status.PUBLISHED
    assert plan.sections.count() == 6
    assert Task.objects.filter(plan=plan).count() == 17
    for task in Task.objects.filter(plan=plan):
        assert TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD).exists(), task
    # The document names the three lead hospitals of the 医共体 task itself.
    alliance = Task.objects.get(title="扩大紧密型医共体覆盖范围")
    assert {u.name for u in alliance.lead_units} == {"市第三人民医院", "中医医院", "妇幼保健院"}
    assert alliance.history.exists()  # imports leave history too


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    before = row_counts()
    hashes = dict(User.objects.values_list("username", "password"))
    call_command("seed_demo", stdout=StringIO())
    assert row_counts() == before
    assert dict(User.objects.values_list("username", "password")) == hashes


def test_demo_users_can_log_in_with_printed_password(client):
    call_command("seed_demo", stdout=StringIO())
    for spec in DEMO_USERS:
        assert client.login(username=spec.username, password=DEMO_PASSWORD), spec.username
        client.logout()


def test_demo_staff_sees_own_tasks_only(client):
    call_command("seed_demo", stdout=StringIO())
    client.login(username="jikong", password=DEMO_PASSWORD)
    page = client.get("/tasks/mine/").content.decode()
    mine = Task.objects.filter(assignments__unit__name="疾病预防控制中心").distinct()
    others = Task.objects.exclude(pk__in=mine)
    assert mine.exists() and others.exists()
    assert all(t.title in page for t in mine)
    assert not any(f">{t.title}<" in page for t in others)


def test_seed_failure_leaves_nothing(monkeypatch, tmp_path):
    import json

    from django.core.management.base import CommandError

    from tasks import demo

    outline = json.loads(demo.DEMO_PLAN_FILE.read_text(encoding="utf-8"))
    outline["sections"][-1]["tasks"][-1]["demo_lead_units"] = ["不存在的科室"]
    broken = tmp_path / "plan.json"
    broken.write_text(json.dumps(outline, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(demo, "DEMO_PLAN_FILE", broken)
    with pytest.raises(CommandError, match="不存在的科室"):
        call_command("seed_demo", stdout=StringIO())
    assert Unit.objects.count() == 0 and User.objects.count() == 0 and Task.objects.count() == 0


def test_seed_demo_installs_editable_schedules_once():
    from django.conf import settings
    from django_celery_beat.models import PeriodicTask

    call_command("seed_demo", stdout=StringIO())
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert set(settings.CELERY_BEAT_SCHEDULE) <= names
    nightly = PeriodicTask.objects.get(name="recompute-statuses-nightly")
    assert nightly.crontab.hour == "1" and nightly.crontab.minute == "30"
    nightly.crontab = None
    nightly.interval_id = PeriodicTask.objects.get(name="worker-heartbeat").interval_id
    nightly.save()  # an admin's change survives the next seed
    call_command("seed_demo", stdout=StringIO())
    assert PeriodicTask.objects.get(name="recompute-statuses-nightly").crontab is None
