from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reports.models import WorkerHeartbeat


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
