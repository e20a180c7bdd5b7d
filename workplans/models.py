import re

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

ALIAS_SEPARATORS = re.compile(r"[\s,，、;；]+")


class BureauQuerySet(models.QuerySet):
    def readable_by(self, user) -> "BureauQuerySet":
        """The user's own bureau plus those it oversees (children and grandchildren).

        Oversight is granted explicitly, by setting a bureau's 上级机构; staff never get it.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.bureau_id is None:
            return self.none()
        if user.role == User.Role.STAFF:
            return self.filter(pk=user.bureau_id)
        own = user.bureau_id
        return self.filter(Q(pk=own) | Q(parent_id=own) | Q(parent__parent_id=own))


class Bureau(models.Model):
    name = models.CharField("机构名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构（可督查本机构）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="设置后，上级机构的局领导和督查室可只读查看本机构已发布的工作要点。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = BureauQuerySet.as_manager()

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="bureau_not_its_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet):
    def active(self) -> "UnitQuerySet":
        return self.filter(is_active=True)

    def visible_to(self, user) -> "UnitQuerySet":
        return self.filter(bureau__in=Bureau.objects.readable_by(user))


class Unit(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", "机关股室"
        AFFILIATE = "affiliate", "局属单位"
        HOSPITAL = "hospital", "医疗机构"
        TOWNSHIP = "township", "乡镇（街道）"
        OTHER = "other", "其他"

    bureau = models.ForeignKey(
        Bureau, verbose_name="所属机构", on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    aliases = models.TextField(
        "别名",
        blank=True,
        help_text="文件中对本单位的其他写法，用顿号、逗号或换行分隔，如：疾控中心、区疾控中心",
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["bureau", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "name"], name="unit_name_unique_per_bureau"),
            models.CheckConstraint(condition=~Q(name=""), name="unit_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [a for a in ALIAS_SEPARATORS.split(self.aliases) if a and a != self.name]


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", "督查室（管理员）"
        STAFF = "staff", "科室人员"
        LEADER = "leader", "局领导"

    full_name = models.CharField("姓名", max_length=50, blank=True)
    bureau = models.ForeignKey(
        Bureau,
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.STAFF)
    units = models.ManyToManyField(
        Unit,
        verbose_name="所在单位",
        blank=True,
        related_name="members",
        help_text="科室人员可报送这些单位牵头或配合的任务。",
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    daily_digest = models.BooleanField(
        "催办改为每日汇总",
        default=False,
        help_text="勾选后，每天只收到一条汇总，而不是每项任务一条。",
    )

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["bureau", "role", "username"]
        constraints = [
            # Everyone but a platform superuser works inside exactly one bureau.
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(bureau__isnull=False),
                name="user_has_bureau_unless_superuser",
            ),
            # Only a bureau's 督查室 admins (and platform superusers) may enter Django admin.
            models.CheckConstraint(
                condition=Q(is_staff=False) | Q(role="admin") | Q(is_superuser=True),
                name="user_admin_site_only_for_admins",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_bureau_admin(self) -> bool:
        return self.role == self.Role.ADMIN and self.bureau_id is not None

    @property
    def is_leader(self) -> bool:
        return self.role == self.Role.LEADER

    @property
    def is_unit_staff(self) -> bool:
        return self.role == self.Role.STAFF and not self.is_superuser

    @cached_property
    def unit_ids(self) -> frozenset[int]:
        """The user's units, read once per request (the user object lives for one request)."""
        return frozenset(self.units.values_list("pk", flat=True))


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
