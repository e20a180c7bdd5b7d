from django.urls import path

from reports import dashboard_views, export_views, views

app_name = "reports"

# The paths are the ones these pages had before they moved here: links in sent notifications and
# bookmarks keep working.
urlpatterns = [
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("dashboard/", dashboard_views.leader_home, name="leader-home"),
    path(
        "plans/<int:plan_id>/dashboard/",
        dashboard_views.plan_dashboard_view,
        name="plan-dashboard",
    ),
    path("oversight/", dashboard_views.oversight, name="oversight"),
    path("plans/<int:plan_id>/ledger.xlsx", views.plan_ledger, name="plan-ledger"),
    path(
        "plans/<int:plan_id>/task-table.xlsx",
        views.plan_task_table_download,
        name="plan-task-table",
    ),
    path("tasks/periods/<int:period_id>/bulletin/", views.period_bulletin, name="period-bulletin"),
    path("plans/<int:plan_id>/exports/ledger/", export_views.ledger_export, name="ledger-export"),
    path("exports/", export_views.export_list, name="export-list"),
    path("exports/<int:export_id>/", export_views.export_detail, name="export-detail"),
    path("exports/<int:export_id>/retry/", export_views.export_retry_view, name="export-retry"),
    path(
        "exports/<int:export_id>/download/",
        export_views.export_download,
        name="export-download",
    ),
]
