from django.urls import reverse

from tests.factories import TEST_PASSWORD


def test_wrong_password_gives_chinese_message(world, unit_staff, client):
    response = client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_login_page_is_chinese_and_needs_no_login(client, db):
    body = client.get(reverse("login")).content.decode()
    assert "登录" in body and "用户名" in body and "密码" in body


def test_login_then_back_to_requested_page(world, leader, client):
    url = reverse("reports:plan-detail", args=[world.plan.pk])
    response = client.get(url)
    assert response.status_code == 302
    response = client.post(
        response.url, {"username": "leader_a", "password": TEST_PASSWORD, "next": url}
    )
    assert response.url == url


def test_unknown_url_is_chinese_404(world, leader, login):
    response = login(leader).get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_unknown_url_is_404_for_anonymous_too(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_forbidden_page_is_chinese_403(world, leader, login):
    response = login(leader).get(reverse("tasks:my-tasks"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and "科室人员" in body


def test_csrf_failure_is_explained_in_chinese(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("login"), {"username": "x", "password": "y"}
    )
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
