from django.contrib import admin

from reports.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["source", "hostname", "beat_at", "runs"]
    readonly_fields = ["source", "hostname", "beat_at", "runs"]
