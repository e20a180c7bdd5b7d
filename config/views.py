import logging

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_unit_staff:
        return redirect("tasks:my-tasks")
    if request.user.is_leader:
        return redirect("reports:leader-home")
    return redirect("workplans:plan-list")


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（密码区分大小写）。",
        "inactive": "该账号已停用，请联系督查室。",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget = forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username"}
        )
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class PortalLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = PortalAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["idle_text"] = idle_text(settings.SESSION_IDLE_TIMEOUT)
        return context


def idle_text(seconds: int) -> str:
    """SESSION_IDLE_TIMEOUT in words: 8 小时, 90 分钟."""
    if seconds % 3600 == 0:
        return f"{seconds // 3600} 小时"
    return f"{max(1, seconds // 60)} 分钟"


class PortalLogoutView(auth_views.LogoutView):
    pass


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password here (staff and leaders have no admin access);
    a user flagged must_change_password is sent here until they do."""

    template_name = "registration/password_change.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self.request.user, "must_change_password", False):
            self.request.user.must_change_password = False
            self.request.user.save(update_fields=["must_change_password"])
        return response


class PortalPasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    return render(request, "error.html", context, status=status)


request_logger = logging.getLogger("django.request")


def _printable(text: str) -> str:
    """Text from the request as one log line: control characters (a newline in a path) escaped."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def log_refusal(request: HttpRequest, response: HttpResponse, exception: Exception) -> None:
    """A refused request (403, or a view's 400) as one WARNING line: who, what and why. Django
    would log the refusal with its traceback, which says nothing about a refusal a view meant;
    tracebacks stay for real errors (500)."""
    user = getattr(request, "user", None)
    who = (
        f"user {user.pk} ({user.get_username()})" if user and user.is_authenticated else "anonymous"
    )
    request_logger.warning(
        "%s %s: %s %s %s: %s",
        "Forbidden" if response.status_code == 403 else "Bad request",
        response.status_code,
        who,
        request.method,
        _printable(request.get_full_path()),
        _printable(str(exception)) or "—",
        extra={"status_code": response.status_code, "request": request},
    )
    response._has_been_logged = True  # django.utils.log.log_response: logged already


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    response = _error_page(request, 400, "请求有误", "提交的内容无法处理，请返回上一页检查后重试。")
    if isinstance(exception, BadRequest):  # SuspiciousOperation stays with django.security
        log_refusal(request, response, exception)
    return response


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = str(exception) if str(exception) else "您没有权限访问该页面。"
    response = _error_page(request, 403, "无权访问", message)
    log_refusal(request, response, exception)
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 404, "页面不存在", "您访问的页面不存在，或您无权查看该内容。")


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page needs nothing that may be what failed: no request context, so no context
    processor (the user, the notifications count) touches the database."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(
        request, 403, "页面已过期", "页面已过期或安全校验失败，请刷新页面后重新提交。"
    )
