"""What /healthz reports: the database, the Celery broker and the workers listening on it."""

import logging

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


def broker_state() -> dict:
    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "mode": "in-process"}
    import redis

    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except redis.RedisError as exc:
        return {"ok": False, "mode": "redis", "error": exc.__class__.__name__}
    return {"ok": True, "mode": "redis"}


def workers_state(broker_ok: bool) -> dict:
    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "mode": "in-process", "count": 0}
    if not broker_ok:
        return {"ok": False, "count": 0}
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


def _last_heartbeat() -> str | None:
    from tasks.models import WorkerHeartbeat

    try:
        beat = (
            WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        )
    except Exception:  # the database being down is reported by database_state()
        return None
    return timezone.localtime(beat).isoformat() if beat else None


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
    if not database["ok"]:
        report["status"] = "down"
    return report, database["ok"]
