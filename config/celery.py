import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Jobs live in each app's jobs.py, so the `tasks` app and Celery tasks never share a name.
app.autodiscover_tasks(related_name="jobs")
