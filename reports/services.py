"""Exports as jobs: the office clicks 导出, a record is made at once, a Celery job builds the file
(reports/exports.py) and moves the progress bar, and the page then offers the download."""

from django.core.exceptions import ValidationError
from django.db import transaction

from reports import jobs
from reports.exports import export_fail
from reports.models import ExportJob
from tasks.jobs import enqueue
from workplans.models import Plan, User


def export_start(*, user: User, plan: Plan, options: dict) -> ExportJob:
    """Record the export and hand it to the job once the record is committed."""
    export = ExportJob.objects.create(
        kind=ExportJob.Kind.LEDGER, plan=plan, created_by=user, options=options
    )
    transaction.on_commit(lambda: _send(export))
    return export


def _send(export: ExportJob) -> None:
    if not enqueue(jobs.build_export, export.pk):
        export_fail(
            ExportJob.objects.filter(pk=export.pk), "后台任务队列暂时不可用，请稍后重新导出。"
        )


def export_retry(*, export: ExportJob, user: User) -> ExportJob:
    """重新导出: a new export with the same plan and options (the failed one stays listed)."""
    if export.status != ExportJob.Status.FAILED:
        raise ValidationError("只有失败的导出可以重新导出。")
    return export_start(user=user, plan=export.plan, options=export.options)
