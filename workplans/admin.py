from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from workplans.models import Bureau, Milestone, Plan, Section, Target, Task, TaskUnit, Unit, User
from workplans.services.statuses import statuses_recompute
from workplans.services.tasks import assignments_snapshot, task_edited

ONLY_USED = admin.RelatedOnlyFieldListFilter  # filter choices drawn from the scoped rows only


# Foreign keys and M2Ms whose choices must stay inside the user's bureau, with their bureau path.
SCOPED_CHOICES = {
    Bureau: "pk",
    Unit: "bureau_id",
    Plan: "bureau_id",
    Section: "plan__bureau_id",
    Task: "plan__bureau_id",
    User: "bureau_id",
    Target: "task__plan__bureau_id",
}


def scope_choices(model, bureau_path: str) -> None:
    """Register a model whose choices in admin forms must stay inside the user's bureau (apps
    above this one register theirs, e.g. reporting periods)."""
    SCOPED_CHOICES[model] = bureau_path


def limit_choices_to_bureau(db_field, request, kwargs: dict) -> dict:
    if request.user.is_superuser:
        return kwargs
    related = db_field.related_model
    for model, lookup in SCOPED_CHOICES.items():
        if issubclass(related, model):
            base = kwargs.get("queryset", related._default_manager.all())
            kwargs["queryset"] = base.filter(**{lookup: request.user.bureau_id})
    return kwargs


def may_use_admin(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or user.is_bureau_admin)


class AdminAccessMixin:
    """The bureau's admins (and platform superusers) may use these admin pages; access to rows
    is then limited by BureauScopedMixin.get_queryset and the parent's scoping for inlines."""

    def has_module_permission(self, request) -> bool:
        return may_use_admin(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return may_use_admin(request)

    def has_add_permission(self, request, *args) -> bool:
        return may_use_admin(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_use_admin(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return may_use_admin(request)


class BureauScopedMixin(AdminAccessMixin):
    """Django admin for a bureau's 督查室: rows and choices limited to the user's own bureau.

    Superusers (platform operators) see every bureau. `bureau_lookup` is the ORM path from the
    model to its bureau id.
    """

    bureau_lookup = "bureau_id"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.bureau_lookup: request.user.bureau_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **limit_choices_to_bureau(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **limit_choices_to_bureau(db_field, request, kwargs)
        )


class BureauScopedAdmin(BureauScopedMixin, SimpleHistoryAdmin):
    """The scoped admin with django-simple-history's pages. simple-history reads its history
    tables directly, so both history pages check the row is in the user's bureau first."""

    def _require_in_scope(self, request, object_id) -> None:
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404("不存在或不属于本机构。")

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )


class OwnBureauAdmin(BureauScopedAdmin):
    """For rows that belong to a bureau: a bureau admin's rows go to their own bureau (the field
    is hidden from them), and the model's one-per-bureau rule `unique_in_bureau` (fields and the
    message) is checked on the form, since Django skips constraints on fields a form lacks."""

    unique_in_bureau: tuple[tuple[str, ...], str] | None = None

    def save_model(self, request, obj, form, change) -> None:
        if not request.user.is_superuser:
            obj.bureau_id = request.user.bureau_id
        super().save_model(request, obj, form, change)

    def get_exclude(self, request, obj=None):
        return [] if request.user.is_superuser else ["bureau"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if request.user.is_superuser or self.unique_in_bureau is None:
            return form
        bureau_id, (fields, message) = request.user.bureau_id, self.unique_in_bureau
        model = self.model

        class InOwnBureau(form):
            def clean(self):
                cleaned = super().clean()
                values = {name: cleaned.get(name) for name in fields}
                if all(value not in (None, "") for value in values.values()):
                    taken = model._default_manager.filter(bureau_id=bureau_id, **values)
                    if taken.exclude(pk=self.instance.pk).exists():
                        self.add_error(fields[0], message)
                return cleaned

        return InOwnBureau


class BureauScopedInline(AdminAccessMixin, admin.TabularInline):
    """Inlines inherit the parent's row scoping; their own choices are limited the same way."""

    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **limit_choices_to_bureau(db_field, request, kwargs)
        )


@admin.register(Bureau)
class BureauAdmin(admin.ModelAdmin):  # Bureau keeps no simple_history table
    list_display = ["name", "short_name", "parent", "created_at"]
    search_fields = ["name", "short_name"]
    list_filter = [("parent", ONLY_USED)]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Unit)
class UnitAdmin(OwnBureauAdmin):
    list_display = ["name", "kind", "aliases", "bureau", "sort_order", "is_active"]
    list_filter = ["kind", "is_active", ("bureau", ONLY_USED)]
    search_fields = ["name", "aliases"]
    list_editable = ["sort_order", "is_active"]
    unique_in_bureau = (("name",), "本机构已有同名的单位，请在列表中修改那一行。")


class SectionInline(BureauScopedInline):
    model = Section
    fields = ["order", "number", "title"]


@admin.register(Plan)
class PlanAdmin(OwnBureauAdmin):
    list_display = [
        "title",
        "year",
        "doc_number",
        "bureau",
        "status",
        "reporting_cycle",
        "issued_date",
    ]
    list_filter = ["status", "year", "reporting_cycle", ("bureau", ONLY_USED)]
    search_fields = ["title", "doc_number", "issuer"]
    date_hierarchy = "issued_date"
    inlines = [SectionInline]

    unique_in_bureau = (("year", "title"), "本机构已有这一年同名的工作要点，请修改标题或年度。")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if {"status_tolerance", "status", "year"} & set(form.changed_data):
            statuses_recompute(plan_ids=[obj.pk])  # the rules read these, as in the portal


@admin.register(Section)
class SectionAdmin(BureauScopedAdmin):
    bureau_lookup = "plan__bureau_id"
    list_display = ["__str__", "plan", "order"]
    list_filter = ["plan__year", ("plan", ONLY_USED)]
    search_fields = ["title", "plan__title"]
    list_select_related = ["plan"]


class PortalPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's 修改密码 form, its help text wholly in Chinese (Django 5.2 leaves a warning in
    English)."""

    usable_password_help_text = SetUnusablePasswordMixin.usable_password_help_text + (
        '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "选择“禁用”后，该用户现有的密码将失效。</li></ul>"
    )


@admin.register(User)
class PortalUserAdmin(BureauScopedMixin, UserAdmin):
    add_form_template = "admin/workplans/user/add_form.html"  # its note in Chinese
    change_password_form = PortalPasswordChangeForm
    list_display = ["username", "full_name", "bureau", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", ("bureau", ONLY_USED)]
    search_fields = ["username", "full_name", "email", "phone", "units__name"]
    filter_horizontal = ["units"]
    superuser_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "email", "phone")}),
        ("机构与角色", {"fields": ("bureau", "role", "units")}),
        (
            "权限",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    bureau_admin_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "email", "phone")}),
        ("角色与单位", {"fields": ("role", "units", "is_active")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        ("角色与单位", {"fields": ("full_name", "role", "units")}),
    )

    def get_queryset(self, request):
        users = super().get_queryset(request)
        # Platform operators are outside any bureau's reach, even one they are filed under.
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            fieldsets = self.add_fieldsets
            if request.user.is_superuser:
                fieldsets = (*fieldsets, ("机构", {"fields": ("bureau",)}))
            return fieldsets
        return (
            self.superuser_fieldsets if request.user.is_superuser else self.bureau_admin_fieldsets
        )

    def save_model(self, request, obj, form, change) -> None:
        if not request.user.is_superuser:
            obj.bureau_id = request.user.bureau_id
            obj.is_superuser = False
        # Entering Django admin follows the role (a database constraint holds the same rule).
        obj.is_staff = obj.is_superuser or obj.role == User.Role.ADMIN
        super().save_model(request, obj, form, change)


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


class MilestoneInline(BureauScopedInline):
    model = Milestone
    fields = ["date", "percent", "label"]


@admin.register(Task)
class TaskAdmin(BureauScopedAdmin):
    bureau_lookup = "plan__bureau_id"
    list_display = ["display_number", "title", "section", "plan", "deadline", "status", "progress"]
    list_display_links = ["title"]
    list_filter = ["status", "plan__year", ("plan", ONLY_USED), ("assignments__unit", ONLY_USED)]
    search_fields = ["title", "text", "assignments__unit__name"]
    list_select_related = ["section", "plan"]
    raw_id_fields = ["parent"]
    # Status (and its reason), progress and 未报送 follow approved reports and the rules; they
    # are not typed in.
    exclude = ["status_reason"]
    readonly_fields = ["status", "status_reason_line", "progress", "unreported"]
    inlines = [TaskUnitInline, TargetInline, MilestoneInline]

    def save_related(self, request, form, formsets, change) -> None:
        before = assignments_snapshot(form.instance) if change else {}
        super().save_related(request, form, formsets, change)
        task_edited(task=form.instance, user=request.user, assignments_before=before)

    @admin.display(description="序号", ordering="order")
    def display_number(self, obj: Task) -> str:
        return obj.display_number

    @admin.display(description="状态说明")
    def status_reason_line(self, obj: Task) -> str:
        return obj.status_reason_text or "—"


@admin.register(Target)
class TargetAdmin(BureauScopedAdmin):
    bureau_lookup = "task__plan__bureau_id"
    list_display = ["text", "indicator", "comparator", "value", "unit", "latest_actual", "task"]
    list_filter = ["comparator", "is_stretch", ("task__plan", ONLY_USED)]
    search_fields = ["text", "indicator", "task__title"]
    list_select_related = ["task"]
    raw_id_fields = ["task"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        task_edited(task=obj.task, user=request.user, assignments_before={})

    def delete_model(self, request, obj) -> None:
        task = obj.task
        super().delete_model(request, obj)
        task_edited(task=task, user=request.user, assignments_before={})
