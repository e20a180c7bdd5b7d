from django.contrib import admin

from tasks.models import DelayRequest, LeaderComment, ProgressReport, ReportingPeriod, TargetActual
from workplans.admin import ONLY_USED, BureauScopedAdmin, BureauScopedInline
from workplans.models import Target, Task, TaskUnit


class TaskUnitInline(BureauScopedInline):
    model = TaskUnit
    fields = ["unit", "role", "receipt", "receipt_note"]
    autocomplete_fields = ["unit"]


class TargetInline(BureauScopedInline):
    model = Target
    fields = [
        "order",
        "text",
        "indicator",
        "comparator",
        "value",
        "unit",
        "is_stretch",
        "baseline",
        "latest_actual",
    ]


@admin.register(Task)
class TaskAdmin(BureauScopedAdmin):
    bureau_lookup = "plan__bureau_id"
    list_display = ["display_number", "title", "section", "plan", "deadline", "status", "progress"]
    list_display_links = ["title"]
    list_filter = ["status", "plan__year", ("plan", ONLY_USED), ("assignments__unit", ONLY_USED)]
    search_fields = ["title", "text", "assignments__unit__name"]
    list_select_related = ["section", "plan"]
    raw_id_fields = ["parent"]
    inlines = [TaskUnitInline, TargetInline]

    @admin.display(description="序号", ordering="order")
    def display_number(self, obj: Task) -> str:
        return obj.display_number


@admin.register(Target)
class TargetAdmin(BureauScopedAdmin):
    bureau_lookup = "task__plan__bureau_id"
    list_display = ["text", "indicator", "comparator", "value", "unit", "latest_actual", "task"]
    list_filter = ["comparator", "is_stretch", ("task__plan", ONLY_USED)]
    search_fields = ["text", "indicator", "task__title"]
    list_select_related = ["task"]
    raw_id_fields = ["task"]


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
