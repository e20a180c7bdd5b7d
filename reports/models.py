"""What the read side keeps: the record of each export (who asked for what, how far it got, the
file), so the page can show a progress bar and the 导出记录 list the past files."""

from django.db import models


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        LEDGER = "ledger", "督办台账"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    plan = models.ForeignKey(
        "workplans.Plan", verbose_name="工作要点", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        "workplans.User", verbose_name="导出人", on_delete=models.CASCADE, related_name="exports"
    )
    options = models.JSONField("导出条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导出记录"
        verbose_name_plural = "导出记录"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="export_progress_0_100"
            ),
        ]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="export_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filename or self.plan_id}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
