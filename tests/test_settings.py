"""Settings come from the environment and refuse unsafe combinations at start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def start(**env_overrides) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides}
    return subprocess.run(
        [sys.executable, "-c", LOAD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_refuses_to_start_without_secret_key_when_debug_off():
    done = start(DEBUG="off", SECRET_KEY="")
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "SECRET_KEY" in done.stderr


def test_starts_with_secret_key_when_debug_off():
    done = start(DEBUG="off", SECRET_KEY="a-real-secret-for-this-test-only")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_embedded_defaults(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def _postgres_settings(probe: str, **env_overrides) -> str:
    """What `probe` prints of the settings for a PostgreSQL DATABASE_URL."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://u@db.example:5432/portal",
        **env_overrides,
    }
    code = f"import django, json; django.setup(); from django.conf import settings as s; {probe}"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_postgres_connections_are_persistent_with_health_checks():
    probe = "d = s.DATABASES['default']; print(d['ENGINE'], d['CONN_MAX_AGE'])"
    probe += "; print(d['CONN_HEALTH_CHECKS'])"
    assert _postgres_settings(probe).split() == ["django.db.backends.postgresql", "60", "True"]


def _postgres_options(**env_overrides) -> dict:
    probe = "print(json.dumps(s.DATABASES['default']['OPTIONS']))"
    return json.loads(_postgres_settings(probe, **env_overrides))


def test_postgres_binds_on_the_server_and_prepares_repeated_statements_unless_told_not_to():
    assert _postgres_options() == {"server_side_binding": True, "prepare_threshold": 5}
    # behind a transaction pooler: no prepared statements (psycopg's None)
    assert _postgres_options(DB_PREPARE="off")["prepare_threshold"] is None


def test_no_redis_means_jobs_run_in_process():
    probe = (
        "import django; django.setup(); from config.celery import app; "
        "print(app.conf.task_always_eager)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": "",
        "BROKER_DIR": "",
    }
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "True", done.stderr


BROKER_PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "from config.celery import app; o = s.CELERY_BROKER_TRANSPORT_OPTIONS; "
    "print(app.conf.broker_url, app.conf.task_always_eager, o.get('data_folder_in'), "
    "o.get('data_folder_out'), app.conf.worker_enable_remote_control)"
)


def probe_broker(**env_overrides) -> list[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides}
    done = subprocess.run([sys.executable, "-c", BROKER_PROBE], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_broker_dir_means_the_filesystem_broker_and_no_eager_jobs(tmp_path):
    """What `make run`'s launcher gives its web server, worker and beat."""
    url, eager, folder_in, folder_out, remote = probe_broker(
        REDIS_URL="", BROKER_DIR=str(tmp_path / "broker")
    )
    assert url.startswith("filesystem://") and eager == "False"
    assert folder_in == folder_out == str(tmp_path / "broker" / "queue")  # one shared folder
    assert (tmp_path / "broker" / "queue").is_dir() and (tmp_path / "broker" / "control").is_dir()
    assert remote == "False"  # no broadcast over files


def test_redis_wins_over_broker_dir(tmp_path):
    url, eager, *_ = probe_broker(REDIS_URL="redis://127.0.0.1:1/0", BROKER_DIR=str(tmp_path))
    assert url == "redis://127.0.0.1:1/0" and eager == "False"


def test_job_outcomes_go_to_the_database(settings):
    assert settings.CELERY_RESULT_BACKEND == "django-db"
    assert settings.CELERY_RESULT_EXTENDED is True  # periodic_task_name, task_name
    assert settings.CELERY_TASK_IGNORE_RESULT is False
    assert settings.CELERY_RESULT_EXPIRES.days == 7  # celery.backend_cleanup deletes older


def test_every_static_asset_is_local():
    """No CDN: base.html and every template reference only local static files."""
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "https://" not in text and "http://" not in text.replace("http://127", ""), template


def test_a_bare_checkout_runs_commands_but_no_server():
    """Nothing set (no DEBUG, no SECRET_KEY, no .env read): `makemigrations --check` runs, as a
    new contributor or a CI step would call it; the WSGI application refuses to load."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    command = [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    if (ROOT / ".env").exists():  # `make run` wrote one (with a key): not a bare checkout
        return
    wsgi = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert wsgi.returncode != 0
    assert "SECRET_KEY 未设置" in wsgi.stderr
