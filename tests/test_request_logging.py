"""What the server log says about a request: a refusal (403, a view's 400) is one WARNING line
naming who, what and why, without a traceback; a real error (500) keeps its traceback."""

import logging

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse

from config.views import permission_denied


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_refusal_is_one_line_without_a_traceback(world, leader, caplog):
    client = Client()
    client.force_login(leader)
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("tasks:my-tasks"), {"q": "a"})
    assert response.status_code == 403
    [record] = request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and record.exc_text is None
    line = record.getMessage()
    assert "\n" not in line
    assert f"user {leader.pk} (leader_a)" in line
    assert f"GET {reverse('tasks:my-tasks')}?q=a" in line
    assert "“我的任务”供科室人员使用" in line  # the PermissionDenied message: why
    assert "Traceback" not in caplog.text


def test_a_bad_request_from_a_view_is_one_line_too(world, unit_staff, caplog):
    client = Client()
    client.force_login(unit_staff)
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("tasks:my-tasks"), {"state": "nonsense"})
    assert response.status_code == 400
    [record] = request_records(caplog)
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert "筛选条件无效" in record.getMessage()
    assert f"user {unit_staff.pk} (staff_a)" in record.getMessage()


def test_a_server_error_keeps_its_traceback(world, unit_staff, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr("config.views.redirect", broken)  # the home view fails
    client = Client(raise_request_exception=False)
    client.force_login(unit_staff)
    with caplog.at_level(logging.INFO):
        response = client.get("/")
    assert response.status_code == 500
    [record] = request_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info and record.exc_info[0] is RuntimeError
    assert "Traceback" in caplog.text and "数据库连接中断" in caplog.text


def test_an_anonymous_post_with_a_newline_in_its_path_stays_on_one_line(caplog):
    request = RequestFactory().post("/tasks/1/report/")
    request.path = "/tasks/1/report/\nWARNING forged line"
    request.user = AnonymousUser()
    with caplog.at_level(logging.INFO):
        permission_denied(request, PermissionDenied("只有牵头单位可以填报这项任务的进展。\n再试"))
    [record] = request_records(caplog)
    line = record.getMessage()
    assert "\n" not in line
    assert "anonymous POST /tasks/1/report/" in line and "只有牵头单位" in line
