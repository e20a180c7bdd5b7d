"""Views of the tasks app: the staff desk and task workspace, the office's pages, the
working-day calendar, chasing, and the scheduled jobs' page."""

from tasks.views.calendar import (  # noqa: F401
    calendar_day_delete_view,
    calendar_day_save_view,
    calendar_import,
    calendar_page,
)
from tasks.views.chasing import (  # noqa: F401
    escalation_reply_view,
    notice_page,
    notification_list,
    notification_open,
    task_urge,
    unit_urge,
)
from tasks.views.jobs import job_list  # noqa: F401
from tasks.views.office import (  # noqa: F401
    delay_decide,
    period_close,
    plan_periods,
    plan_receipts,
    receipt_remind_view,
    receipt_reopen,
    report_review,
    review_list,
)
from tasks.views.workspace import (  # noqa: F401
    attachment_delete,
    attachment_download,
    attachment_upload,
    comment_add,
    cooperation_save,
    delay_create,
    my_tasks,
    receipt,
    report_save,
    task_detail,
)
