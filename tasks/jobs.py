"""Celery jobs of the tasks app. Each takes ids, loads what it needs and calls one service.

Job state lives in the database (no result backend), so enqueueing never waits on a broker
that is down: `enqueue` gives up at once and the nightly recompute catches up.
"""

import logging

from celery import shared_task
from django.db import OperationalError

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


@shared_task(name="tasks.recompute_task_status", **RETRY)
def recompute_task_status(task_id: int) -> None:
    from tasks.services import statuses_recompute

    statuses_recompute(task_ids=[task_id])


@shared_task(name="tasks.recompute_all_statuses", time_limit=30 * 60, **RETRY)
def recompute_all_statuses() -> None:
    from tasks.services import statuses_recompute

    result = statuses_recompute()
    logger.info("recomputed statuses: %s", result)


@shared_task(name="tasks.recompute_plan_statuses", **RETRY)
def recompute_plan_statuses(plan_id: int) -> None:
    from tasks.services import statuses_recompute

    statuses_recompute(plan_ids=[plan_id])


@shared_task(name="tasks.send_reminders", **RETRY)
def send_reminders() -> None:
    from tasks.reminders import reminders_send

    logger.info("reminders sent: %s", reminders_send())


@shared_task(name="tasks.roll_periods", **RETRY)
def roll_periods() -> None:
    from tasks.reminders import periods_roll

    logger.info("periods rolled: %s", periods_roll())
