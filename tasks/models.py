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
        indexes = [models.Index(fields=["status", "submitted_at"], name="report_queue_idx")]

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


class CalendarDay(models.Model):
    """A bureau's exceptions to the Monday–Friday week: public holidays and 调休 working days."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "节假日（休息）"
        WORKDAY = "workday", "调休上班"

    class Source(models.TextChoices):
        OFFICIAL = "official", "国家公布"
        MANUAL = "manual", "手工录入"

    bureau = models.ForeignKey(
        "workplans.Bureau", verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=50, blank=True, help_text="如：国庆节、国庆节调休")
    # Rows imported from the national arrangement may be refreshed by the next import; a row the
    # office added or changed by hand is never touched by an import.
    source = models.CharField(
        "来源", max_length=10, choices=Source.choices, default=Source.MANUAL, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        ordering = ["bureau", "date"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "date"], name="one_calendar_entry_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class Escalation(models.Model):
    """One step of chasing a late task in a period: 提醒 → 催办 → 督办单 → 通报.

    One row per (task, period, step), so running the reminder job twice sends nothing twice.
    A 督办单 must be answered by the unit in the portal.
    """

    class Step(models.TextChoices):
        REMIND = "remind", "提醒"
        URGE = "urge", "催办"
        NOTICE = "notice", "督办单"
        BULLETIN = "bulletin", "通报"

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="escalations"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="报送期", on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT)
    step = models.CharField("环节", max_length=10, choices=Step.choices)
    manual = models.BooleanField("人工催办", default=False)
    note = models.TextField("说明", blank=True)
    days_late = models.PositiveSmallIntegerField("逾期工作日", default=0)
    created_by = models.ForeignKey(
        "workplans.User",
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    reply = models.TextField("单位回复", blank=True)
    replied_by = models.ForeignKey(
        "workplans.User",
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period", "unit", "step"],
                condition=Q(manual=False),
                name="one_automatic_step_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}：{self.task}"


class Notification(models.Model):
    """An in-app message (the bell), also sent by e-mail where the user has an address."""

    user = models.ForeignKey(
        "workplans.User",
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    key = models.CharField("去重键", max_length=200, help_text="同一键只通知一次")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed = models.BooleanField("已发邮件", default=False)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notify_once_per_key"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class WorkerHeartbeat(models.Model):
    """Last sign of life from the Celery side, written by a beat-scheduled job.

    /healthz reads it to tell "a worker answers pings" from "scheduled jobs really run".
    """

    source = models.CharField("来源", max_length=50, unique=True)
    hostname = models.CharField("主机", max_length=200, blank=True)
    beat_at = models.DateTimeField("最近心跳")
    runs = models.PositiveIntegerField("运行次数", default=0)

    class Meta:
        db_table = "reports_workerheartbeat"  # moved from the reports app; the table kept its name
        verbose_name = "后台任务心跳"
        verbose_name_plural = "后台任务心跳"

    def __str__(self) -> str:
        return f"{self.source} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
