"""Django admin as the bureau's 督查室 sees it: all in Chinese (whatever the browser asks for),
greeted by name, with the portal's icon and its own widths for lists and inlines."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

ENGLISH = [
    "After you’ve created a user",
    "Enter a username and password",
    "If disabled, the current password",
    "Your password can’t be too similar",
    "Your password must contain",
    "Required. 150 characters",
    "Enter the same password as before",
    "Welcome,",
    "Add user",
]


@pytest.mark.parametrize("accept_language", ["", "en-US,en;q=0.9"])
def test_user_add_page_has_no_english_help_text(world, bureau_admin, login, accept_language):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    body = login(bureau_admin).get(reverse("admin:workplans_user_add"), headers=headers)
    text = body.content.decode()
    assert body.status_code == 200
    for english in ENGLISH:
        assert english not in text
    assert "先填写用户名、密码、姓名、角色和所在单位" in text
    assert "你的密码必须包含至少 8 个字符" in text  # the password rules, in Chinese


def test_password_page_has_no_english_warning(world, bureau_admin, unit_staff, login):
    url = reverse("admin:auth_user_password_change", args=[unit_staff.pk])
    text = login(bureau_admin).get(url).content.decode()
    assert "If disabled" not in text
    assert "该用户现有的密码将失效" in text


def test_admin_header_greets_the_person_by_name(world, bureau_admin, login):
    text = login(bureau_admin).get(reverse("admin:index")).content.decode()
    tools = re.search(r'id="user-tools">.*?</div>', text, re.S).group(0)
    assert f"<strong>{bureau_admin.full_name}</strong>" in tools
    assert bureau_admin.username not in tools


def test_name_falls_back_to_the_username(world, bureau_admin):
    bureau_admin.full_name = ""
    assert bureau_admin.get_short_name() == bureau_admin.username


def icon_link(text: str) -> str:
    match = re.search(r'<link rel="icon"[^>]*>', text)
    assert match, "no icon link"
    return match.group(0)


def test_portal_and_admin_share_a_real_favicon(world, bureau_admin, login, client):
    portal = client.get(reverse("login")).content.decode()
    admin = login(bureau_admin).get(reverse("admin:workplans_task_changelist")).content.decode()
    for page in (portal, admin):
        link = icon_link(page)
        assert "favicon.svg" in link and "data:," not in link
    icon = (settings.BASE_DIR / "static" / "favicon.svg").read_text(encoding="utf-8")
    assert icon.startswith("<svg") and "viewBox" in icon


def test_admin_pages_load_the_admin_stylesheet(world, bureau_admin, login):
    client = login(bureau_admin)
    for url in (
        reverse("admin:workplans_task_changelist"),
        reverse("admin:workplans_task_change", args=[world.task_a.pk]),
    ):
        text = client.get(url).content.decode()
        assert re.search(r'<link rel="stylesheet" href="[^"]*css/admin\.css">', text)
    css = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text(encoding="utf-8")
    assert "#result_list" in css and ".inline-group .tabular" in css
