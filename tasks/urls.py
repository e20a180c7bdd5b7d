from django.urls import path

from tasks import views

app_name = "tasks"

urlpatterns = [
    path("mine/", views.my_tasks, name="my-tasks"),
    path("<int:task_id>/", views.task_detail, name="task-detail"),
    path("<int:task_id>/report/", views.report_save, name="report-save"),
    path("<int:task_id>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("<int:task_id>/cooperation/", views.cooperation_save, name="cooperation-save"),
    path("<int:task_id>/receipt/", views.receipt, name="receipt"),
    path("<int:task_id>/delay/", views.delay_create, name="delay-create"),
    path("<int:task_id>/comments/", views.comment_add, name="comment-add"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment-download"),
    path(
        "attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment-delete",
    ),
    path("review/", views.review_list, name="review-list"),
    path("reports/<int:report_id>/review/", views.report_review, name="report-review"),
    path("delays/<int:delay_id>/decide/", views.delay_decide, name="delay-decide"),
    path("plans/<int:plan_id>/periods/", views.plan_periods, name="plan-periods"),
    path("periods/<int:period_id>/close/", views.period_close, name="period-close"),
    path("plans/<int:plan_id>/receipts/", views.plan_receipts, name="plan-receipts"),
    path(
        "assignments/<int:assignment_id>/remind/",
        views.receipt_remind_view,
        name="receipt-remind",
    ),
    path(
        "assignments/<int:assignment_id>/reopen/",
        views.receipt_reopen,
        name="receipt-reopen",
    ),
]

urlpatterns += [
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/<int:notification_id>/", views.notification_open, name="notification-open"),
    path("<int:task_id>/urge/", views.task_urge, name="task-urge"),
    path(
        "escalations/<int:escalation_id>/reply/",
        views.escalation_reply_view,
        name="escalation-reply",
    ),
    path("escalations/<int:escalation_id>/notice/", views.notice_page, name="notice"),
    path("periods/<int:period_id>/units/<int:unit_id>/urge/", views.unit_urge, name="unit-urge"),
]

urlpatterns += [path("jobs/", views.job_list, name="job-list")]

urlpatterns += [
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/import/", views.calendar_import, name="calendar-import"),
    path("calendar/days/", views.calendar_day_save_view, name="calendar-day-save"),
    path(
        "calendar/days/<int:day_id>/delete/",
        views.calendar_day_delete_view,
        name="calendar-day-delete",
    ),
]
