from django.contrib import admin

from tasks.models import (
    CalendarDay,
    DelayRequest,
    LeaderComment,
    ProgressReport,
    ReportingPeriod,
    TargetActual,
    WorkerHeartbeat,
)
from workplans.admin import (
    ONLY_USED,
    BureauScopedAdmin,
    BureauScopedInline,
    OwnBureauAdmin,
    scope_choices,
)

scope_choices(ReportingPeriod, "plan__bureau_id")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(BureauScopedAdmin):
    bureau_lookup = "plan__bureau_id"
    list_display = ["label", "plan", "start", "end", "due_date", "status"]
    list_filter = ["status", ("plan", ONLY_USED)]
    search_fields = ["label", "plan__title"]


class TargetActualInline(BureauScopedInline):
    model = TargetActual
    fields = ["target", "value"]
    raw_id_fields = ["target"]


@admin.register(ProgressReport)
class ProgressReportAdmin(BureauScopedAdmin):
    bureau_lookup = "task__plan__bureau_id"
    list_display = ["task", "period", "unit", "status", "percent", "submitted_at", "is_late"]
    list_filter = ["status", "is_late", ("period", ONLY_USED)]
    search_fields = ["task__title", "narrative", "unit__name"]
    list_select_related = ["task", "period", "unit"]
    raw_id_fields = ["task"]
    readonly_fields = ["author", "reviewer", "reviewed_at", "submitted_at", "version"]
    inlines = [TargetActualInline]


@admin.register(DelayRequest)
class DelayRequestAdmin(BureauScopedAdmin):
    bureau_lookup = "task__plan__bureau_id"
    list_display = ["task", "unit", "old_deadline", "new_deadline", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["task__title", "reason"]
    raw_id_fields = ["task"]
    readonly_fields = ["requested_by", "decided_by", "decided_at"]


@admin.register(LeaderComment)
class LeaderCommentAdmin(BureauScopedAdmin):
    bureau_lookup = "task__plan__bureau_id"
    list_display = ["task", "author", "text", "created_at"]
    search_fields = ["task__title", "text"]
    raw_id_fields = ["task"]
    readonly_fields = ["author"]


@admin.register(CalendarDay)
class CalendarDayAdmin(OwnBureauAdmin):
    bureau_lookup = "bureau_id"
    list_display = ["date", "kind", "name", "source", "bureau"]
    list_filter = ["kind", "source"]
    date_hierarchy = "date"
    search_fields = ["name"]
    list_select_related = ["bureau"]
    unique_in_bureau = (("date",), "本机构已有这一天的记录，请在列表中修改那一行。")

    def save_model(self, request, obj, form, change) -> None:
        # A day changed by hand is the office's own: imports leave it alone from now on.
        obj.source = CalendarDay.Source.MANUAL
        super().save_model(request, obj, form, change)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["source", "hostname", "beat_at", "runs"]
    readonly_fields = ["source", "hostname", "beat_at", "runs"]
