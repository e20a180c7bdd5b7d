from django.contrib import admin
from django.urls import include, path

from config import views

admin.site.site_header = "工作要点督办平台 · 后台管理"
admin.site.site_title = "督办平台后台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("tasks.urls_health")),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", views.PortalLogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PortalPasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        views.PortalPasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("plans/", include("workplans.urls")),
    path("", include("reports.urls")),
    path("tasks/", include("tasks.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served from MEDIA_URL, not even with DEBUG on: evidence is downloaded
# through tasks:attachment-download, which checks who may see the task.

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
