"""Issue #13 §5–6: login throttling, passwords, idle sessions, HTTPS defaults and headers."""

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory
from workplans.models import User

ROOT = Path(__file__).resolve().parent.parent
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def attempt(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


# --- 5. Login throttling (django-axes) ---------------------------------------------------------


def test_ten_wrong_passwords_lock_the_user_out_even_with_the_right_one(world, leader, client):
    for _ in range(9):
        response = attempt(client, LOGIN, "leader_a", "wrong")
        assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    tenth = attempt(client, LOGIN, "leader_a", "wrong")
    assert tenth.status_code == 429
    response = attempt(client, LOGIN, "leader_a", TEST_PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "已被锁定 15 分钟" in body and "请 15 分钟后再试" in body
    assert "_auth_user_id" not in client.session


def test_the_same_user_from_another_address_is_locked_too(world, leader, client):
    for _ in range(10):
        attempt(client, LOGIN, "leader_a", "wrong", address="10.0.0.1")
    assert attempt(client, LOGIN, "leader_a", TEST_PASSWORD, "10.9.9.9").status_code == 429


def test_one_address_is_locked_for_every_user(world, leader, unit_staff, client):
    for number in range(10):
        attempt(client, LOGIN, f"nobody{number}", "wrong", address="10.0.0.1")
    assert attempt(client, LOGIN, "staff_a", TEST_PASSWORD, "10.0.0.1").status_code == 429


def test_another_user_from_another_address_is_unaffected(world, leader, unit_staff, client):
    for _ in range(12):
        attempt(client, LOGIN, "leader_a", "wrong", address="10.0.0.1")
    response = attempt(client, LOGIN, "staff_a", TEST_PASSWORD, "10.0.0.2")
    assert response.status_code == 302


def test_admin_login_is_throttled_too(world, bureau_admin, client):
    for _ in range(10):
        attempt(client, ADMIN_LOGIN, "admin_a", "wrong")
    response = attempt(client, ADMIN_LOGIN, "admin_a", TEST_PASSWORD)
    assert response.status_code == 429
    assert "已被锁定 15 分钟" in response.content.decode()
    # and the portal refuses the same user as well
    assert attempt(client, LOGIN, "admin_a", TEST_PASSWORD, "10.0.0.5").status_code == 429


def test_the_lock_ends_after_the_cool_off(world, leader, client):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(10):
            attempt(client, LOGIN, "leader_a", "wrong")
        assert attempt(client, LOGIN, "leader_a", TEST_PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=16))
        response = attempt(client, LOGIN, "leader_a", TEST_PASSWORD)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(User.objects.get(username="leader_a").pk)


def test_a_success_resets_the_count(world, leader, client):
    for _ in range(9):
        attempt(client, LOGIN, "leader_a", "wrong")
    assert attempt(client, LOGIN, "leader_a", TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(9):
        attempt(client, LOGIN, "leader_a", "wrong")
    assert attempt(client, LOGIN, "leader_a", TEST_PASSWORD).status_code == 302


def test_axes_backend_comes_first(settings):
    assert settings.AUTHENTICATION_BACKENDS[0] == "config.security.LoginThrottleBackend"
    assert "rules.permissions.ObjectPermissionBackend" in settings.AUTHENTICATION_BACKENDS
    assert "workplans.auth.PortalModelBackend" in settings.AUTHENTICATION_BACKENDS
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


# --- 5. Passwords ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["leader", "unit_staff", "bureau_admin"])
def test_every_user_changes_their_own_password(world, role, request, login):
    user = request.getfixturevalue(role)
    client = login(user)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert reverse("password_change") in page and "修改密码" in page  # user menu link
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Zhe-shi-xin-mima-2026",
            "new_password2": "Zhe-shi-xin-mima-2026",
        },
    )
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Zhe-shi-xin-mima-2026")
    assert client.get(reverse("home")).status_code == 302  # still logged in


def test_password_change_page_is_chinese(world, leader, login):
    body = login(leader).get(reverse("password_change")).content.decode()
    assert "修改密码" in body and "旧密码" in body and "新密码" in body


def test_bureau_admin_sets_a_password_for_their_own_bureaus_user(world, bureau_admin, unit_staff,
                                                                  login):  # fmt: skip
    client = login(bureau_admin)
    url = reverse("admin:auth_user_password_change", args=[unit_staff.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"usable_password": "true", "password1": "Chong-zhi-2026!", "password2": "Chong-zhi-2026!"},
    )
    assert response.status_code == 302
    unit_staff.refresh_from_db()
    assert unit_staff.check_password("Chong-zhi-2026!")


def test_another_bureaus_admin_cannot_set_that_password(world, other_bureau_admin, unit_staff,
                                                        login):  # fmt: skip
    client = login(other_bureau_admin)
    url = reverse("admin:auth_user_password_change", args=[unit_staff.pk])
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, {"usable_password": "true", "password1": "X-2026-abcdef",
                                 "password2": "X-2026-abcdef"})  # fmt: skip
    assert response.status_code in (403, 404)
    unit_staff.refresh_from_db()
    assert unit_staff.check_password(TEST_PASSWORD)


def test_a_flagged_user_must_change_the_password_first(world, client):
    user = UserFactory(username="flagged", bureau=world.bureau, role=User.Role.LEADER,
                       must_change_password=True)  # fmt: skip
    assert client.login(username="flagged", password=TEST_PASSWORD)
    response = client.get(reverse("workplans:plan-list"))
    assert response.status_code == 302 and response.url == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "请先修改初始密码" in page
    client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "Xin-mima-2026!",
         "new_password2": "Xin-mima-2026!"},
    )  # fmt: skip
    user.refresh_from_db()
    assert user.must_change_password is False
    assert client.get(reverse("workplans:plan-list")).status_code == 200


def test_seed_demo_flags_demo_accounts_when_asked(db, settings):
    from django.core.management import call_command

    settings.DEMO_PASSWORDS_MUST_CHANGE = True
    call_command("seed_demo", verbosity=0)
    assert not User.objects.filter(must_change_password=False, username="juzhang").exists()
    assert User.objects.get(username="juzhang").must_change_password is True


def test_demo_passwords_must_change_by_default_in_production():
    done = probe("DEMO_PASSWORDS_MUST_CHANGE")
    assert done == "True"


# --- 5. Idle sessions --------------------------------------------------------------------------


def test_login_page_says_when_an_idle_session_ends(client, db):
    assert "连续 8 小时无操作将自动退出登录" in client.get(LOGIN).content.decode()


def test_a_session_idle_for_a_working_day_ends(world, leader, client):
    url = reverse("workplans:plan-list")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        assert attempt(client, LOGIN, "leader_a", TEST_PASSWORD).status_code == 302
        assert client.get(url).status_code == 200
        clock.shift(dt.timedelta(hours=7, minutes=50))
        assert client.get(url).status_code == 200  # activity keeps it alive
        clock.shift(dt.timedelta(hours=7, minutes=50))
        assert client.get(url).status_code == 200
        clock.shift(dt.timedelta(hours=8, minutes=1))
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(LOGIN)
        assert "_auth_user_id" not in client.session


def test_the_cookie_lasts_no_longer_than_the_idle_timeout(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 8 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT


# --- 6. Headers --------------------------------------------------------------------------------


def test_logged_in_pages_and_downloads_are_private_no_store(world, bureau_admin, login):
    client = login(bureau_admin)
    page = client.get(reverse("workplans:plan-list"))
    assert page["Cache-Control"] == "private, no-store"
    download = client.get(reverse("reports:plan-task-table", args=[world.plan.pk]))
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"


def test_csp_allows_only_own_scripts(client, db):
    policy = client.get(LOGIN)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert re.search(r"script-src [^;]*unsafe", policy) is None
    assert "frame-ancestors 'none'" in policy


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "inline script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"hx-on|hx-headers|hx-vars|javascript:", re.I), "script in an attribute"),
]


def test_no_template_has_inline_script():
    for template in ROOT.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            assert not pattern.search(text), f"{template}: {what}"
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            assert not pattern.search(text), f"{template}: {what}"


def test_anonymous_healthz_does_not_name_the_database_engine(client, db):
    text = client.get("/healthz").content.decode()
    assert "engine" not in text and "sqlite" not in text and "postgresql" not in text


# --- 6. Production defaults --------------------------------------------------------------------


def production_env(**extra) -> dict:
    prefixes = ("SECURE_", "SESSION_", "CSRF_", "DEMO_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process: not a deployment's)
    for name in ("DEBUG", "DATABASE_URL", "REDIS_URL", "BROKER_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.gov.cn",
        **extra,
    )
    return env


def probe(name: str) -> str:
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=production_env(),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_nothing_set_means_production():
    assert probe("DEBUG") == "False"
    assert probe("SECURE_SSL_REDIRECT") == "True"
    assert probe("SECURE_HSTS_SECONDS") == "31536000"
    assert probe("SESSION_COOKIE_SECURE") == "True"
    assert probe("CSRF_COOKIE_SECURE") == "True"


def test_check_deploy_is_clean_with_production_defaults():
    code = "import django; django.setup(); from django.core.management import call_command; " \
        "call_command('check', deploy=True, fail_level='WARNING')"  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=production_env(DEBUG="off"),
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "WARNING" not in output and "System check identified no issues" in output


def test_proxy_header_comes_from_the_environment():
    code = "import django; django.setup(); from django.conf import settings; " \
        "print(settings.SECURE_PROXY_SSL_HEADER)"  # fmt: skip
    env = production_env(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", done.stderr


def test_https_redirect_spares_the_health_check(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200  # docker compose's check uses plain http
    response = client.get(LOGIN)
    assert response.status_code == 301 and response.url.startswith("https://")
