from django.contrib import admin

from tasks.models import Target, Task, TaskUnit
from workplans.admin import ONLY_USED, BureauScopedAdmin, BureauScopedInline


class TaskUnitInline(BureauScopedInline):
    model = TaskUnit
    fields = ["unit", "role"]
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
