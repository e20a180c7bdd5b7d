from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from workplans.models.organisation import Unit
from workplans.models.plans import Plan, Section
from workplans.status_reason import StatusReason


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    ON_TRACK = "on_track", "正常推进"
    BEHIND = "behind", "滞后"
    OVERDUE = "overdue", "逾期"
    DONE = "done", "已完成"


def date_words(day) -> str:
    """2026年12月31日, as a deadline reads in a plan ("" for no date)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


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
    # Why the task has its status, as the status engine found it (workplans.status.StatusReason
    # as JSON); written with the status, shown as one line under it.
    status_reason = models.JSONField("状态说明", default=dict, blank=True)
    # 未报送: no submitted report for the plan's latest closed period (set by the recompute).
    unreported = models.BooleanField("未报送", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords(table_name="tasks_historicaltask")

    class Meta:
        db_table = "tasks_task"  # moved from the tasks app; the table kept its name
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
        indexes = [
            models.Index(fields=["plan", "status"], name="task_plan_status_idx"),
            # The dashboards' cache keys: the latest change to a plan's tasks, from the index.
            models.Index(fields=["plan", "updated_at"], name="task_plan_updated_idx"),
        ]

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
    def status_reason_text(self) -> str:
        """The status reason as one Chinese line ("" when the engine has not written one)."""
        reason = StatusReason.from_json(self.status_reason)
        return reason.text if reason else ""

    @property
    def deadline_note(self) -> str:
        """What stands beside the deadline date. After an approved delay the date is the new
        deadline and the plan's wording is only history: 已延期，原时限 2025年12月底 (from the
        `delayed` and `delayed_from` annotations, tasks.selectors.with_deadline_history: a page
        without them shows the wording). Otherwise the plan's wording when it says something the
        date does not (2026年12月底 beside 2026-12-31)."""
        if getattr(self, "delayed", False):
            original = self.deadline_text or date_words(getattr(self, "delayed_from", None))
            return f"已延期，原时限 {original}" if original else "已延期，原未设定时限"
        if self.deadline_text and self.deadline_text != date_words(self.deadline):
            return self.deadline_text
        return ""

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

    history = HistoricalRecords(table_name="tasks_historicaltaskunit")

    class Meta:
        db_table = "tasks_taskunit"  # moved from the tasks app; the table kept its name
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        ordering = ["task", "role", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="task_unit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}（{self.get_role_display()}）"


class Comparator(models.TextChoices):
    """How a target's actual is compared with its value: the one list of comparators."""

    GTE = ">=", "不低于（≥）"
    LTE = "<=", "不高于（≤）"
    EQ = "=", "达到（=）"
    GT = ">", "高于（>）"
    LT = "<", "低于（<）"

    @property
    def sign(self) -> str:
        return {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}[self.value]


class Target(models.Model):
    Comparator = Comparator

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

    history = HistoricalRecords(table_name="tasks_historicaltarget")

    class Meta:
        db_table = "tasks_target"  # moved from the tasks app; the table kept its name
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
                condition=Q(comparator__isnull=True) | Q(comparator__in=Comparator.values),
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

    history = HistoricalRecords(table_name="tasks_historicalmilestone")

    class Meta:
        db_table = "tasks_milestone"  # moved from the tasks app; the table kept its name
        verbose_name = "进度节点"
        verbose_name_plural = "进度节点"
        ordering = ["task", "date"]
        constraints = [
            models.UniqueConstraint(fields=["task", "date"], name="one_milestone_per_date"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="milestone_percent_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%m-%d} {self.percent}% {self.label}"
