from django.db import models


class WorkerHeartbeat(models.Model):
    """Last sign of life from the Celery side, written by a beat-scheduled job.

    /healthz reads it to tell "a worker answers pings" from "scheduled jobs really run".
    """

    source = models.CharField("来源", max_length=50, unique=True)
    hostname = models.CharField("主机", max_length=200, blank=True)
    beat_at = models.DateTimeField("最近心跳")
    runs = models.PositiveIntegerField("运行次数", default=0)

    class Meta:
        verbose_name = "后台任务心跳"
        verbose_name_plural = "后台任务心跳"

    def __str__(self) -> str:
        return f"{self.source} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
