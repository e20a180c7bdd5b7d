from django.urls import path

from reports import views

app_name = "reports"

# The paths are the ones these pages had before they moved here: links in sent notifications and
# bookmarks keep working.
urlpatterns = [
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:plan_id>/ledger.xlsx", views.plan_ledger, name="plan-ledger"),
    path("tasks/periods/<int:period_id>/bulletin/", views.period_bulletin, name="period-bulletin"),
]
