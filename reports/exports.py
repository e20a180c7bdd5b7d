"""Building an export's file (run by reports.jobs) and removing old ones."""

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from reports.ledger import LedgerOptions, ledger_filename, ledger_workbook
from reports.models import ExportJob
from tasks.models import ReportingPeriod
from workplans.models import Plan

logger = logging.getLogger(__name__)


def ledger_options(plan: Plan, stored: dict) -> LedgerOptions:
    """LedgerOptions from what LedgerForm.as_json stored (ids the form checked were the plan's);
    without a date, a past year's plan is reported as of its year's end, not as of today."""
    period = None
    if stored.get("period"):
        period = ReportingPeriod.objects.filter(plan=plan, pk=stored["period"]).first()
    as_of = dt.date.fromisoformat(stored["as_of"]) if stored.get("as_of") else None
    return LedgerOptions(
        as_of=period or as_of or min(timezone.localdate(), dt.date(plan.year, 12, 31)),
        include_submitted=bool(stored.get("include_submitted")),
        include_cooperation=bool(stored.get("include_cooperation")),
        section_id=stored.get("section"),
        unit_id=stored.get("unit"),
        status=stored.get("status"),
    )


def _progress(export_id: int, percent: int) -> None:
    ExportJob.objects.filter(pk=export_id).update(progress=percent)


def export_build(export_id: int) -> ExportJob:
    """Build the file of a queued export (run by the job). The file is built as the user who
    asked for it sees the plan; a failure is recorded with a message, never half a file."""
    export = ExportJob.objects.select_related("plan", "created_by").get(pk=export_id)
    if export.finished:
        return export
    ExportJob.objects.filter(pk=export.pk).update(status=ExportJob.Status.RUNNING, progress=5)
    try:
        plan = Plan.objects.visible_to(export.created_by).get(pk=export.plan_id)
        options = ledger_options(plan, export.options)
        body = ledger_workbook(
            plan=plan,
            user=export.created_by,
            options=options,
            on_progress=lambda percent: _progress(export.pk, percent),
        )
        export.filename = ledger_filename(plan, options)
        export.file.save(export.filename, ContentFile(body), save=False)
    except Exception as exc:  # the record must say it failed, whatever went wrong
        logger.exception("export %s failed", export.pk)
        export_fail(
            ExportJob.objects.filter(pk=export.pk),
            f"生成失败（{exc.__class__.__name__}），请重新导出；如仍失败请联系管理员。",
        )
        export.refresh_from_db()
        return export
    export.status = ExportJob.Status.DONE
    export.progress = 100
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "progress", "file", "filename", "finished_at"])
    return export


def stale_after() -> dt.timedelta:
    """How long an export may stay queued or running: past the job's hard time limit, its
    worker has died or never picked it up."""
    return dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5 * 60)


def export_fail(exports, message: str, *, now=None) -> int:
    """Mark the given exports as failed with the reason the page shows."""
    return exports.update(
        status=ExportJob.Status.FAILED, error=message, finished_at=now or timezone.now()
    )


def exports_fail_stale(exports=None, *, now=None) -> int:
    """Mark exports (all, or those of the given queryset) stuck in 排队中/生成中 beyond
    stale_after() as failed, so none is left "running" forever and the page offers to export
    again."""
    now = now or timezone.now()
    stuck = (ExportJob.objects.all() if exports is None else exports).filter(
        status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING),
        created_at__lt=now - stale_after(),
    )
    minutes = int(stale_after().total_seconds() // 60)
    return export_fail(
        stuck, f"后台任务中断：超过 {minutes} 分钟没有完成。请点击“重新导出”。", now=now
    )


def exports_clean(*, now=None) -> int:
    """Delete export records older than settings.EXPORT_KEEP_DAYS (their files go with them,
    tasks.signals) and mark stuck ones as failed."""
    now = now or timezone.now()
    exports_fail_stale(now=now)
    old = ExportJob.objects.filter(
        created_at__lt=now - dt.timedelta(days=settings.EXPORT_KEEP_DAYS)
    )
    removed, _ = old.delete()
    return removed
