"""The beat scheduler (settings.CELERY_BEAT_SCHEDULER): django-celery-beat's, reading the
periodic jobs from the database rows admins edit in 后台管理 › 周期任务.

The stock scheduler writes settings.CELERY_BEAT_SCHEDULE over those rows every time beat
starts, which silently undoes an admin's change (09:00 moved to 08:30 comes back as 09:00 after
a restart). This one only creates the rows that are missing, as seed_demo does, so the rows are
the one schedule in every mode (`make run`, `make serve-prod`, docker compose).
"""

from django_celery_beat import schedulers
from django_celery_beat.models import PeriodicTask

from tasks.services.schedules import beat_schedules_install


class DatabaseScheduler(schedulers.DatabaseScheduler):
    def setup_schedule(self) -> None:
        beat_schedules_install()
        self.install_default_entries(self.schedule)

    def install_default_entries(self, data) -> None:
        """celery.backend_cleanup (deletes results past CELERY_RESULT_EXPIRES), added once."""
        if not PeriodicTask.objects.filter(name="celery.backend_cleanup").exists():
            super().install_default_entries(data)
