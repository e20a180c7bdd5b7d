from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from workplans.models import Plan, Section, Unit


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    ON_TRACK = "on_track", "正常推进"
    BEHIND = "behind", "滞后"
    OVERDUE = "overdue", "逾期"
    DONE = "done", "已完成"


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TaskQuerySet":
        """Tasks the user may read: staff only those its units lead or co-lead (or whose parent
        task they do); leaders and admins every task of the plans they can see."""
        tasks = self.filter(plan__in=Plan.objects.visible_to(user))
        if user.is_authenticated and user.is_unit_staff:
            return tasks.assigned_to_units(list(user.unit_ids))
        return tasks

    def assigned_to_units(self, units) -> "TaskQuerySet":
        own = TaskUnit.objects.filter(unit__in=units)
        # A sub-item is part of its parent task: every unit of the parent may read it (only the
        # parent's lead unit reports on it; tasks.access decides that).
        return self.filter(
            Exists(own.filter(task=OuterRef("pk"))) | Exists(own.filter(task=OuterRef("parent")))
        )

    def for_listing(self) -> "TaskQuerySet":
        """Everything a task row shows, in a fixed number of queries."""
        return self.select_related("section", "plan", "parent").prefetch_related(
            models.Prefetch(
                "assignments",
                queryset=TaskUnit.objects.select_related("unit").order_by(
                    "role", "unit__sort_order"
                ),
            ),
            # Explicit ordering: Target's default ("task", …) would join tasks and plans again.
            models.Prefetch("targets", queryset=Target.objects.order_by("order", "pk")),
        )


class Task(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="工作要点", on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(
        Section, verbose_name="工作板块", on_delete=models.CASCADE, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级任务",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subtasks",
    )
    number = models.CharField("序号", max_length=10, blank=True)
    order = models.PositiveIntegerField("排序", help_text="在整份工作要点中的顺序")
    title = models.CharField("任务名称", max_length=300)
    text = models.TextField("任务内容", blank=True)
    units = models.ManyToManyField(
        Unit, through="TaskUnit", verbose_name="责任单位", related_name="tasks", blank=True
    )
    start_date = models.DateField("开始日期", null=True, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    deadline_text = models.CharField("时限原文", max_length=100, blank=True)
    weight = models.DecimalField(
        "权重",
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    progress = models.PositiveSmallIntegerField(
        "完成进度（%）", default=0, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(
        "状态", max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    # 未报送: no submitted report for the plan's latest closed period (set by the recompute).
    unreported = models.BooleanField("未报送", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="task_order_unique_per_plan"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_0_100"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="task_weight_positive"),
            models.CheckConstraint(condition=~Q(title=""), name="task_title_not_empty"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="task_not_its_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["plan", "status"], name="task_plan_status_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.section_id and self.plan_id and self.section.plan_id != self.plan_id:
            raise ValidationError({"section": "所选板块不属于该工作要点。"})
        if self.parent_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": "上级任务必须属于同一份工作要点。"})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "任务不能以自己为上级任务。"})

    @property
    def display_number(self) -> str:
        """3.1 for the first sub-item of task 3 (the parent must be loaded with the task)."""
        own = self.number or str(self.order)
        if self.parent_id and "parent" in self._state.fields_cache:
            return f"{self.parent.display_number}.{own}"
        return own

    def units_by_role(self, role: str) -> list[Unit]:
        # Reads the prefetched assignments when for_listing() was used.
        return [a.unit for a in self.assignments.all() if a.role == role]

    @property
    def lead_units(self) -> list[Unit]:
        return self.units_by_role(TaskUnit.Role.LEAD)

    @property
    def co_units(self) -> list[Unit]:
        return self.units_by_role(TaskUnit.Role.CO)


class TaskUnit(models.Model):
    """A unit's part in a task. One row per (task, unit): a unit cannot both lead and assist."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        CO = "co", "配合单位"

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="assignments"
    )

    class Receipt(models.TextChoices):
        PENDING = "pending", "待签收"
        CONFIRMED = "confirmed", "已签收"
        ADJUST = "adjust", "待调整"

    role = models.CharField("分工", max_length=4, choices=Role.choices, default=Role.LEAD)
    assigned_at = models.DateTimeField("交办时间", auto_now_add=True)
    # 签收: a lead unit confirms it has received the task, or asks for an adjustment.
    receipt = models.CharField(
        "签收状态", max_length=10, choices=Receipt.choices, default=Receipt.PENDING
    )
    receipt_note = models.TextField("调整理由", blank=True)
    receipt_by = models.ForeignKey(
        "workplans.User",
        verbose_name="签收人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    receipt_at = models.DateTimeField("签收时间", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        ordering = ["task", "role", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="task_unit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}（{self.get_role_display()}）"


class Target(models.Model):
    class Comparator(models.TextChoices):
        GTE = ">=", "不低于（≥）"
        LTE = "<=", "不高于（≤）"
        EQ = "=", "达到（=）"
        GT = ">", "高于（>）"
        LT = "<", "低于（<）"

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="targets"
    )
    text = models.CharField(
        "原文", max_length=300, help_text="文件中的原话，如：家庭医生签约服务率达43%以上"
    )
    indicator = models.CharField("指标名称", max_length=200)
    comparator = models.CharField(
        "比较方式", max_length=2, choices=Comparator.choices, null=True, blank=True
    )
    value = models.DecimalField("目标值", max_digits=14, decimal_places=4)
    unit = models.CharField("计量单位", max_length=20, blank=True)
    is_stretch = models.BooleanField("力争目标", default=False, help_text="原文为“力争…”")
    baseline = models.DecimalField("基期值", max_digits=14, decimal_places=4, null=True, blank=True)
    latest_actual = models.DecimalField(
        "最新实际值", max_digits=14, decimal_places=4, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "量化指标"
        verbose_name_plural = "量化指标"
        ordering = ["task", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_non_negative"),
            models.CheckConstraint(
                condition=Q(baseline__isnull=True) | Q(baseline__gte=0),
                name="target_baseline_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(latest_actual__isnull=True) | Q(latest_actual__gte=0),
                name="target_actual_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(comparator__isnull=True)
                | Q(comparator__in=[">=", "<=", "=", ">", "<"]),
                name="target_comparator_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def display_value(self) -> str:
        return f"{self.value.normalize():f}{self.unit}"


class Milestone(models.Model):
    """节点: progress expected by a date (6月底前完成招标 → 6-30, 30 %). Where a task has them,
    its expected progress follows them instead of the time elapsed."""

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField("节点日期")
    percent = models.PositiveSmallIntegerField("应达进度（%）", validators=[MaxValueValidator(100)])
    label = models.CharField("节点内容", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "进度节点"
        verbose_name_plural = "进度节点"
        ordering = ["task", "date"]
        constraints = [
            models.UniqueConstraint(fields=["task", "date"], name="one_milestone_per_date"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="milestone_percent_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%m-%d} {self.percent}% {self.label}"


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

    bureau = models.ForeignKey(
        "workplans.Bureau", verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=50, blank=True, help_text="如：国庆节、国庆调休")

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
