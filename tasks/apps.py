from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "任务与指标"

    def ready(self) -> None:
        from tasks import signals  # noqa: F401  (connects the receivers)
