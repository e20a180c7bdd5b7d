"""Celery jobs of the read side: building an export, and removing old export files."""

import logging

from celery import shared_task
from django.db import OperationalError

from reports.exports import export_build, exports_clean

logger = logging.getLogger(__name__)


@shared_task(
    name="reports.build_export",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def build_export(export_id: int) -> None:
    export_build(export_id)


@shared_task(name="reports.clean_exports")
def clean_exports() -> None:
    logger.info("old exports removed: %s", exports_clean())
