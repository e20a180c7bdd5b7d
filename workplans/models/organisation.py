import re

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from workplans.compiled import CompiledQuery

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

    def known_in(self, bureau) -> "UnitQuerySet":
        """The units a bureau's documents and forms may name: its active ones. The importer, the
        review page and publishing all read the bureau's names through this."""
        return self.filter(bureau=bureau, is_active=True)

    def by_name(self) -> dict[str, "Unit"]:
        """Each unit under its name and under each alias (a name wins over another's alias)."""
        units = list(self)
        found = {unit.name: unit for unit in units}
        for unit in units:
            for alias in unit.alias_list:
                found.setdefault(alias, unit)
        return found

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
    must_change_password = models.BooleanField(
        "下次登录须修改密码",
        default=False,
        help_text="勾选后，该用户登录后须先修改密码才能使用平台（生产环境的演示账号默认勾选）。",
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

    def get_short_name(self) -> str:
        """What Django admin greets the user with (欢迎，王督查): the name, not the username."""
        return self.display_name

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
        return frozenset(unit_id for (unit_id,) in USER_UNIT_IDS.rows(user_id=self.pk))


# Read on nearly every request: compiled once (workplans.compiled).
USER_UNIT_IDS = CompiledQuery(
    lambda user_id: User.units.through.objects.filter(user_id=user_id).values_list("unit_id"),
    "USER_UNIT_IDS",
)
