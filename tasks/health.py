"""What /healthz reports: the database, the Celery broker and the workers listening on it.

Three broker modes (config/settings.py): none (jobs run in-process), Redis (workers answer a
broadcast ping), and the embedded stack's filesystem broker, which has no broadcast: there a
worker counts when its heartbeat row (written when it starts, and by beat's heartbeat job every
minute) is recent.
"""

import datetime as dt
import logging
import os

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)


def database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down" to a health check
        logger.warning("healthz: database down: %s", exc)
        return {"ok": False, "engine": connection.vendor, "error": exc.__class__.__name__}
    return {"ok": True, "engine": connection.vendor}


# Beat sends the heartbeat job every minute: three missed runs mean no worker is running it.
HEARTBEAT_FRESH = dt.timedelta(minutes=3)


def broker_mode() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "in-process"
    return "filesystem" if url.startswith("filesystem://") else "redis"


def broker_state() -> dict:
    mode = broker_mode()
    if mode == "in-process":
        return {"ok": True, "mode": "in-process"}
    if mode == "filesystem":
        return filesystem_broker_state()
    import redis

    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except redis.RedisError as exc:
        return {"ok": False, "mode": "redis", "error": exc.__class__.__name__}
    return {"ok": True, "mode": "redis"}


def filesystem_broker_state() -> dict:
    """The message folder exists and is writable; `queued` is how many messages wait in it (a
    number that keeps growing means no worker is reading)."""
    folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"]
    try:
        queued = sum(1 for name in os.listdir(folder) if name.endswith(".msg"))
    except OSError as exc:
        return {"ok": False, "mode": "filesystem", "error": exc.__class__.__name__}
    if not os.access(folder, os.W_OK):
        return {"ok": False, "mode": "filesystem", "error": "PermissionError"}
    return {"ok": True, "mode": "filesystem", "queued": queued}


def workers_state(broker_ok: bool) -> dict:
    mode = broker_mode()
    if mode == "in-process":
        return {"ok": True, "mode": "in-process", "count": 0}
    if not broker_ok:
        return {"ok": False, "count": 0}
    if mode == "filesystem":
        return workers_from_heartbeats()
    from config.celery import app

    try:
        replies = app.control.inspect(timeout=1.0).ping() or {}
    except Exception as exc:  # kombu raises several transport errors; all mean "unknown"
        return {"ok": False, "count": 0, "error": exc.__class__.__name__}
    return {
        "ok": bool(replies),
        "count": len(replies),
        "names": sorted(replies),
        "last_heartbeat": _last_heartbeat(),
    }


def workers_from_heartbeats(now: dt.datetime | None = None) -> dict:
    """Workers whose heartbeat row is recent (HEARTBEAT_FRESH), by Celery node name."""
    from tasks.models import WorkerHeartbeat

    now = now or timezone.now()
    try:
        names = sorted(
            set(
                WorkerHeartbeat.objects.filter(
                    source__in=("beat", "worker"), beat_at__gte=now - HEARTBEAT_FRESH
                ).values_list("hostname", flat=True)
            )
        )
    except Exception as exc:  # the database being down is reported by database_state()
        return {"ok": False, "mode": "heartbeat", "count": 0, "error": exc.__class__.__name__}
    return {
        "ok": bool(names),
        "mode": "heartbeat",
        "count": len(names),
        "names": names,
        "last_heartbeat": _last_heartbeat(),
    }


def last_beat() -> dt.datetime | None:
    """When a worker last ran beat's heartbeat job."""
    from tasks.models import WorkerHeartbeat

    try:
        return (
            WorkerHeartbeat.objects.filter(source="beat").values_list("beat_at", flat=True).first()
        )
    except Exception:  # the database being down is reported by database_state()
        return None


def _last_heartbeat() -> str | None:
    beat = last_beat()
    return timezone.localtime(beat).isoformat() if beat else None


def beat_state(now: dt.datetime | None = None) -> dict:
    """Whether the schedule runs: beat's heartbeat job ran within HEARTBEAT_FRESH. Informative:
    it does not change `status` (a freshly started beat sends its first one within a minute)."""
    beat = last_beat()
    fresh = beat is not None and beat >= (now or timezone.now()) - HEARTBEAT_FRESH
    return {"ok": fresh, "last_heartbeat": timezone.localtime(beat).isoformat() if beat else None}


def health_report() -> tuple[dict, bool]:
    database = database_state()
    broker = broker_state()
    workers = workers_state(broker["ok"])
    report = {
        "status": "ok" if database["ok"] and broker["ok"] and workers["ok"] else "degraded",
        "database": database,
        "broker": broker,
        "workers": workers,
    }
    if broker["mode"] != "in-process":
        report["beat"] = beat_state()
    if not database["ok"]:
        report["status"] = "down"
    return report, database["ok"]
