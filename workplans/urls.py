from django.urls import path

from workplans import views

app_name = "workplans"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("imports/", views.import_list, name="import-list"),
    path("imports/<int:import_id>/", views.import_review, name="import-review"),
    path("imports/<int:import_id>/publish/", views.import_publish, name="import-publish"),
    path("imports/<int:import_id>/discard/", views.import_discard, name="import-discard"),
    path("imports/<int:import_id>/units/", views.import_add_unit, name="import-add-unit"),
    path("imports/<int:import_id>/columns/", views.import_reparse, name="import-reparse"),
    path(
        "imports/<int:import_id>/sections/<str:section_id>/",
        views.import_edit_section,
        name="import-edit-section",
    ),
    path(
        "imports/<int:import_id>/tasks/<str:task_id>/",
        views.import_edit_task,
        name="import-edit-task",
    ),
    path(
        "imports/<int:import_id>/tasks/<str:task_id>/merge/",
        views.import_merge_task,
        name="import-merge-task",
    ),
    path(
        "imports/<int:import_id>/tasks/<str:task_id>/split/",
        views.import_split_task,
        name="import-split-task",
    ),
    path(
        "imports/<int:import_id>/tasks/<str:task_id>/move/",
        views.import_move_task,
        name="import-move-task",
    ),
    path(
        "imports/<int:import_id>/tasks/<str:task_id>/delete/",
        views.import_delete_task,
        name="import-delete-task",
    ),
    path(
        "imports/<int:import_id>/tasks/<str:task_id>/targets/",
        views.import_add_target,
        name="import-add-target",
    ),
    path(
        "imports/<int:import_id>/targets/<str:target_id>/",
        views.import_edit_target,
        name="import-edit-target",
    ),
    path(
        "imports/<int:import_id>/targets/<str:target_id>/delete/",
        views.import_delete_target,
        name="import-delete-target",
    ),
]
