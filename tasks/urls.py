from django.urls import path

from tasks import views

app_name = "tasks"

urlpatterns = [
    path("mine/", views.my_tasks, name="my-tasks"),
    path("<int:task_id>/", views.task_detail, name="task-detail"),
]
