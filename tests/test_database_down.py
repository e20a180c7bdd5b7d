"""PostgreSQL lost mid-session (issue #13 §7): a logged-in user (a session cookie) gets the
portal's own 500 page, not a bare "Internal Server Error", and /healthz answers 503 JSON, not 500.
Neither needs the database: the 500 page runs no context processor, and /healthz treats a user
it cannot load as anonymous."""

import json
from pathlib import Path

from tests.fresh_process import run_snippet

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
client = Client(raise_request_exception=False)
client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32  # a logged-in browser
answers = {}
for path in ("/", "/tasks/", "/healthz"):
    r = client.get(path)
    answers[path] = {
        "status_code": r.status_code,
        "content_type": r.get("Content-Type", ""),
        "body": r.content.decode(),
    }
print(json.dumps(answers))
"""


def probe_with_dead_database() -> dict:
    return run_snippet(
        PROBE,
        DEBUG="off",
        SECRET_KEY="test-only-" + "x" * 40,
        SECURE_SSL_REDIRECT="off",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere",
        REDIS_URL="",
        BROKER_DIR="",
    )


def test_pages_and_healthz_without_a_database_for_a_logged_in_browser():
    answers = probe_with_dead_database()
    for path in ("/", "/tasks/"):
        page = answers[path]
        assert page["status_code"] == 500, (path, page)
        assert "系统暂时出现问题" in page["body"], (path, page["body"][:300])

    health = answers["/healthz"]
    assert health["status_code"] == 503, health
    assert health["content_type"].startswith("application/json")
    body = json.loads(health["body"])
    assert body["status"] == "down" and body["database"]["ok"] is False
