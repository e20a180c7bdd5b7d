"""The jobs' own bookkeeping: the beat heartbeat /healthz reads, and the default schedules."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tasks.models import WorkerHeartbeat


def heartbeat_record(*, source: str, hostname: str = "") -> WorkerHeartbeat:
    with transaction.atomic():
        heartbeat, created = WorkerHeartbeat.objects.select_for_update().get_or_create(
            source=source, defaults={"hostname": hostname, "beat_at": timezone.now(), "runs": 1}
        )
        if not created:
            WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(
                hostname=hostname, beat_at=timezone.now(), runs=F("runs") + 1
            )
            heartbeat.refresh_from_db()
    return heartbeat


def beat_schedules_install() -> list[str]:
    """Create the default periodic jobs (settings.CELERY_BEAT_SCHEDULE) as django-celery-beat
    rows, so admins can change them in 后台管理 without a deploy. Rows that exist are left as
    the admin set them; returns the names created."""
    from celery.schedules import schedule as every
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    created = []
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        timing = entry["schedule"]
        fields = {"task": entry["task"], "description": name}
        if isinstance(timing, int | float):
            key, row = "interval", IntervalSchedule.from_schedule(every(run_every=timing))
        else:
            key, row = "crontab", CrontabSchedule.from_schedule(timing)
        if row.pk is None:  # from_schedule finds an equal row or builds an unsaved one
            row.save()
        PeriodicTask.objects.create(name=name, **{key: row}, **fields)
        created.append(name)
    return created
