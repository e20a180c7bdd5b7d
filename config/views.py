from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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


class PortalLogoutView(auth_views.LogoutView):
    pass


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 400, "请求有误", "提交的内容无法处理，请返回上一页检查后重试。")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = str(exception) if str(exception) else "您没有权限访问该页面。"
    return _error_page(request, 403, "无权访问", message)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 404, "页面不存在", "您访问的页面不存在，或您无权查看该内容。")


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(
        request, 403, "页面已过期", "页面已过期或安全校验失败，请刷新页面后重新提交。"
    )
