from django.contrib import admin

from reports.models import ExportJob
from workplans.admin import ONLY_USED, BureauScopedAdmin


@admin.register(ExportJob)
class ExportJobAdmin(BureauScopedAdmin):
    """The bureau's exports, read only: who exported what and whether it worked."""

    bureau_lookup = "plan__bureau_id"
    list_display = ["created_at", "kind", "plan", "created_by", "status", "progress", "filename"]
    list_filter = ["kind", "status", ("plan", ONLY_USED)]
    list_select_related = ["plan", "created_by"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
