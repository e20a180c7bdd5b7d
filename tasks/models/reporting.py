"""Reporting on the plan: periods, progress reports with their actuals and evidence, co-units'
parts, delay requests and leaders' comments."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from workplans.models import Plan, Target, Task, Unit


class PeriodQuerySet(models.QuerySet):
    def open(self) -> "PeriodQuerySet":
        return self.filter(status=ReportingPeriod.Status.OPEN)


class ReportingPeriod(models.Model):
    """One round of progress reporting (a month or a quarter) with its due date."""

    class Status(models.TextChoices):
        OPEN = "open", "报送中"
        CLOSED = "closed", "已截止"

    plan = models.ForeignKey(
        Plan, verbose_name="工作要点", on_delete=models.CASCADE, related_name="periods"
    )
    label = models.CharField("报送期", max_length=50)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    due_date = models.DateField("报送截止日")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField("开启时间", auto_now_add=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "报送期"
        verbose_name_plural = "报送期"
        ordering = ["plan", "start"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "start"], name="period_start_unique_per_plan"),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="period_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start")), name="period_due_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"


# A report counts as sent (for 未报送, the ladder and the period rule) once submitted or approved;
# it can no longer be edited then.
REPORT_SENT = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
# A lead unit's state for a period, as the desk and its filter name it: 待报送 until a report
# exists, then the report's own status.
REPORT_STATES = {"due": "待报送", **dict(ReportStatus.choices)}


class ProgressReport(models.Model):
    """A lead unit's report on one task for one period. Each save bumps `version`; a save made
    against an older version is refused, so two people never overwrite each other silently."""

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="报送期", on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="reports"
    )
    narrative = models.TextField("工作进展")
    percent = models.PositiveSmallIntegerField(
        "完成进度（%）", default=0, validators=[MaxValueValidator(100)]
    )
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步计划", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField("版本", default=1)
    author = models.ForeignKey(
        "workplans.User", verbose_name="填报人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    is_late = models.BooleanField("逾期报送", default=False)
    reviewer = models.ForeignKey(
        "workplans.User",
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "进展报送"
        verbose_name_plural = "进展报送"
        ordering = ["-period__start", "task"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period"], name="one_report_per_task_period"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_0_100"),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="report_queue_idx"),
            # The dashboards' 待审核 counts, per plan and per bureau, read live on every page.
            models.Index(
                fields=["period"],
                condition=Q(status="submitted"),
                name="report_awaiting_period_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period}"


class TargetActual(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name="报送", on_delete=models.CASCADE, related_name="actuals"
    )
    target = models.ForeignKey(
        Target, verbose_name="指标", on_delete=models.CASCADE, related_name="actuals"
    )
    value = models.DecimalField("实际值", max_digits=14, decimal_places=4)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "指标实际值"
        verbose_name_plural = "指标实际值"
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="one_actual_per_target"),
            models.CheckConstraint(condition=Q(value__gte=0), name="actual_non_negative"),
        ]


class Attachment(models.Model):
    """Evidence for a report, stored through Django's storage API and served only to users who
    may see the task."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="报送", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to="evidence/%Y/%m/")
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100)
    uploaded_by = models.ForeignKey(
        "workplans.User", verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Cooperation(models.Model):
    """A co-unit's 配合情况 for a task in a period; the lead unit sees it while writing."""

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="cooperations"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="报送期", on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name="配合单位", on_delete=models.PROTECT)
    text = models.TextField("配合情况")
    author = models.ForeignKey(
        "workplans.User", verbose_name="填报人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "配合情况"
        verbose_name_plural = "配合情况"
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period", "unit"], name="one_cooperation_per_unit_period"
            ),
        ]


class DelayRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "未同意"

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="delay_requests"
    )
    unit = models.ForeignKey(Unit, verbose_name="申请单位", on_delete=models.PROTECT)
    requested_by = models.ForeignKey(
        "workplans.User", verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    old_deadline = models.DateField("原完成时限", null=True, blank=True)
    new_deadline = models.DateField("申请延至")
    reason = models.TextField("延期理由")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        "workplans.User",
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_comment = models.TextField("审批意见", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="one_pending_delay_per_task"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.new_deadline}"


class LeaderComment(models.Model):
    """批示: a leader's comment on a task, shown on the lead unit's desk."""

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        "workplans.User", verbose_name="批示人", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("批示内容")
    created_at = models.DateTimeField("批示时间", auto_now_add=True)

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:30]
