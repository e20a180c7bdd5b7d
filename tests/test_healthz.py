"""/healthz against the real database, and against databases and brokers that do not answer."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from tests.fresh_process import run_snippet

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import django, json
django.setup()
from django.test import Client
r = Client().get("/healthz")
print(json.dumps({"status_code": r.status_code, "body": r.json()}))
"""


def probe_healthz(**env_overrides) -> dict:
    """Ask /healthz in a fresh process, so the settings read the given environment."""
    return run_snippet(PROBE, **{"ALLOWED_HOSTS": "testserver", **env_overrides})


def test_healthz_ok_when_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] is True
    assert {"database", "broker", "workers", "status"} <= set(body)


def test_healthz_needs_no_login(client, db):
    assert client.get("/healthz").status_code == 200


def test_healthz_503_when_database_does_not_answer():
    result = probe_healthz(DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere")
    assert result["status_code"] == 503
    assert result["body"]["database"]["ok"] is False
    assert result["body"]["status"] == "down"


def test_healthz_reports_broker_down_but_stays_200(tmp_path):
    db_file = tmp_path / "h.sqlite3"
    result = probe_healthz(DATABASE_URL=f"sqlite:///{db_file}", REDIS_URL="redis://127.0.0.1:1/0")
    assert result["status_code"] == 200
    assert result["body"]["broker"] == {"ok": False, "mode": "redis", "error": "ConnectionError"}
    assert result["body"]["workers"]["ok"] is False
    assert result["body"]["status"] == "degraded"


def test_healthz_in_process_mode_without_redis(tmp_path):
    result = probe_healthz(
        DATABASE_URL=f"sqlite:///{tmp_path / 'h.sqlite3'}", REDIS_URL="", BROKER_DIR=""
    )
    assert result["body"]["broker"]["mode"] == "in-process"
    assert result["body"]["status"] == "ok"
    assert json.dumps(result)  # plain JSON all the way down


def test_healthz_filesystem_broker_without_a_worker_is_degraded(tmp_path):
    """`make run`'s broker (BROKER_DIR) with no worker heartbeat yet: the broker folder is fine,
    no worker is seen, and the answer is still 200 (the site works; jobs wait in the folder)."""
    migrate = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'h.sqlite3'}",
        "REDIS_URL": "",
        "BROKER_DIR": str(tmp_path / "broker"),
    }
    done = subprocess.run([sys.executable, "-c", migrate], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    (tmp_path / "broker" / "queue" / "1_x.celery.msg").write_text("{}")  # one message waiting
    result = probe_healthz(
        DATABASE_URL=env["DATABASE_URL"], REDIS_URL="", BROKER_DIR=env["BROKER_DIR"]
    )
    body = result["body"]
    assert result["status_code"] == 200
    assert body["broker"] == {"ok": True, "mode": "filesystem", "queued": 1}
    assert body["workers"]["mode"] == "heartbeat" and body["workers"]["count"] == 0
    assert body["workers"]["ok"] is False and body["status"] == "degraded"
    assert body["beat"] == {"ok": False, "last_heartbeat": None}
