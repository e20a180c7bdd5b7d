"""/healthz sits at the site root, outside the tasks/ prefix."""

from django.urls import path

from tasks.views.health import healthz

urlpatterns = [path("healthz", healthz, name="healthz")]
