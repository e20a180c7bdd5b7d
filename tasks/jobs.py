"""Celery jobs of the tasks app. Each takes ids, loads what it needs and calls one service.

Job state lives in the database, so enqueueing never waits on a broker that is down: `enqueue`
gives up at once and the nightly recompute catches up. Each run's outcome is stored by the worker
as a django-celery-results row (settings.CELERY_RESULT_BACKEND), which the 后台任务 page reads.
"""

import logging
import socket

from celery import shared_task
from celery.signals import worker_ready
from django.db import OperationalError

from tasks.services.chasing import periods_roll, reminders_send
from tasks.services.notify import outbox_send
from tasks.services.periods import statuses_and_unreported_recompute
from tasks.services.schedules import heartbeat_record

logger = logging.getLogger(__name__)

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


def enqueue(job, *args) -> bool:
    """Send a job without waiting on the broker; False (and a log line) when it is down."""
    try:
        job.apply_async(args=args, retry=False)
    except Exception as exc:  # kombu and redis raise several connection errors; all mean "later"
        logger.warning("could not enqueue %s%s: %s", job.name, args, exc)
        return False
    return True


@shared_task(name="tasks.recompute_all_statuses", time_limit=30 * 60, **RETRY)
def recompute_all_statuses() -> None:
    logger.info("recomputed statuses: %s", statuses_and_unreported_recompute())


@shared_task(name="tasks.recompute_plan_statuses", **RETRY)
def recompute_plan_statuses(plan_id: int) -> None:
    statuses_and_unreported_recompute(plan_ids=[plan_id])


@shared_task(name="tasks.send_reminders", **RETRY)
def send_reminders() -> None:
    logger.info("reminders sent: %s", reminders_send())


@shared_task(name="tasks.send_outbox", **RETRY)
def send_outbox() -> None:
    """Send the e-mails queued with notifications (OutboxEmail); every minute and after each
    commit that queued some. Runs may overlap: each row is locked while it is sent."""
    result = outbox_send()
    if result["sent"] or result["failed"]:
        logger.info("outbox: %s", result)


@shared_task(name="tasks.roll_periods", **RETRY)
def roll_periods() -> None:
    logger.info("periods rolled: %s", periods_roll())


@shared_task(name="tasks.record_worker_heartbeat", bind=True)
def record_worker_heartbeat(self, source: str = "beat") -> None:
    """Beat sends this every minute: its row says beat and a worker (named by its Celery node
    name, e.g. celery@host) both work; /healthz reads it."""
    heartbeat_record(source=source, hostname=self.request.hostname or socket.gethostname())


@worker_ready.connect
def worker_started(sender=None, **kwargs) -> None:
    """A worker that has just started shows in /healthz at once, before beat's first heartbeat
    (a minute later); runs in the worker's main process only."""
    try:
        heartbeat_record(source="worker", hostname=getattr(sender, "hostname", "") or "")
    except Exception as exc:  # the worker runs on; its heartbeat job will try again
        logger.warning("could not record the worker's start: %s", exc)
