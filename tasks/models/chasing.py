"""Keeping reports on time: the working-day calendar, the escalation ladder, notifications, and
the jobs' heartbeat."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from tasks.models.reporting import ReportingPeriod
from workplans.models import Task, Unit


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


class OutboxEmail(models.Model):
    """An e-mail waiting to go out, written in the same transaction as its notification.

    The send_outbox job (every minute, and kicked after each commit) sends unsent rows and
    marks them sent, so a crash of the job that chased never loses a mail nor sends it twice;
    see tasks/services/notify.py outbox_send for the one remaining window.
    """

    key = models.CharField("去重键", max_length=220, unique=True, help_text="接收人和通知键")
    recipient = models.EmailField("收件人", max_length=254)
    subject = models.CharField("主题", max_length=250)
    body = models.TextField("正文", blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=500, blank=True)

    class Meta:
        verbose_name = "待发邮件"
        verbose_name_plural = "待发邮件"
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="outbox_unsent_idx")
        ]

    def __str__(self) -> str:
        return f"{self.recipient}：{self.subject}"


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
