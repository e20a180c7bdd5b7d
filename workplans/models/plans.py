from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from workplans.models.organisation import Bureau, User


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        """Admins see their own bureau's drafts; everyone else sees published or closed plans."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        released = Q(status__in=[Plan.Status.PUBLISHED, Plan.Status.CLOSED])
        readable = Q(bureau__in=Bureau.objects.readable_by(user))
        if user.role == User.Role.ADMIN:
            return self.filter(readable & (released | Q(bureau_id=user.bureau_id)))
        return self.filter(readable & released)

    def managed_by(self, user) -> "PlanQuerySet":
        if user.is_superuser:
            return self.all()
        if user.role != User.Role.ADMIN or user.bureau_id is None:
            return self.none()
        return self.filter(bureau_id=user.bureau_id)


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        CLOSED = "closed", "已关闭"

    class Cycle(models.TextChoices):
        MONTHLY = "monthly", "按月报送"
        QUARTERLY = "quarterly", "按季度报送"

    bureau = models.ForeignKey(
        Bureau, verbose_name="机构", on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    issuer = models.CharField("发文单位", max_length=200, blank=True)
    issued_date = models.DateField("印发日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    reporting_cycle = models.CharField(
        "报送周期", max_length=10, choices=Cycle.choices, default=Cycle.MONTHLY
    )
    source_file = models.FileField("原始文件", upload_to="plans/%Y/", blank=True)
    remind_days = models.PositiveSmallIntegerField(
        "提前提醒（工作日）", default=3, help_text="报送截止日前几个工作日提醒未报送的单位。"
    )
    notice_after_days = models.PositiveSmallIntegerField(
        "督办单（逾期工作日）", default=5, help_text="截止日后仍未报送超过几个工作日发督办单。"
    )
    status_tolerance = models.PositiveSmallIntegerField(
        "滞后容差（百分点）",
        default=15,
        help_text="进度落后于应达进度超过这个百分点即判为“滞后”。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作要点"
        verbose_name_plural = "工作要点"
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "year", "title"], name="plan_title_unique_per_bureau_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_year_in_range"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="plan_title_not_empty"),
            models.CheckConstraint(
                condition=Q(status_tolerance__lte=100), name="plan_tolerance_0_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="工作要点", on_delete=models.CASCADE, related_name="sections"
    )
    number = models.CharField("序号", max_length=10, help_text="文件中的序号，如：一、二")
    title = models.CharField("板块标题", max_length=300)
    order = models.PositiveSmallIntegerField("排序")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作板块"
        verbose_name_plural = "工作板块"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="section_number_unique_per_plan"
            ),
            models.UniqueConstraint(fields=["plan", "order"], name="section_order_unique_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.number}、{self.title}"


class PlanImportQuerySet(models.QuerySet):
    def managed_by(self, user) -> "PlanImportQuerySet":
        if user.is_superuser:
            return self.all()
        if not user.is_authenticated or user.role != User.Role.ADMIN or user.bureau_id is None:
            return self.none()
        return self.filter(bureau_id=user.bureau_id)


class PlanImport(models.Model):
    """An imported plan under review. Nothing reaches the live plan until it is published.

    `outline` holds the parsed tree (sections, tasks, sub-items, targets, each with an id and
    the span of the source text it came from); every edit bumps `version`, and an edit made
    against an older version is refused, so two admins never overwrite each other silently.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "待审核"
        PUBLISHED = "published", "已发布"
        DISCARDED = "discarded", "已放弃"

    class Kind(models.TextChoices):
        TEXT = "text", "文本文件"
        DOCX = "docx", "Word 文档"
        XLSX = "xlsx", "Excel 分工表"
        PASTE = "paste", "粘贴的文本"

    bureau = models.ForeignKey(
        Bureau, verbose_name="机构", on_delete=models.CASCADE, related_name="imports"
    )
    title = models.CharField("标题", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_kind = models.CharField("来源类型", max_length=10, choices=Kind.choices)
    source_text = models.TextField("原文")
    outline = models.JSONField("解析结果")
    summary_found = models.BooleanField("含年度总结", default=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    plan = models.ForeignKey(
        Plan,
        verbose_name="发布后的工作要点",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    created_by = models.ForeignKey(
        User,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        User,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = PlanImportQuerySet.as_manager()

    class Meta:
        verbose_name = "工作要点导入"
        verbose_name_plural = "工作要点导入"
        ordering = ["-updated_at"]
        constraints = [
            # Re-importing the same plan replaces its draft instead of adding a second one.
            models.UniqueConstraint(
                fields=["bureau", "year", "title"],
                condition=Q(status="draft"),
                name="one_draft_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_import_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"
