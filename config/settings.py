"""One settings module for every deployment; everything that differs comes from the environment.

Embedded default (nothing set): SQLite under var/, DEBUG on, Celery jobs run in-process;
`make run` adds a worker and beat on a filesystem broker under var/broker (BROKER_DIR).
Production: DATABASE_URL (PostgreSQL), REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG=off.
"""

import datetime as dt
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置：关闭 DEBUG 运行时必须通过环境变量提供 SECRET_KEY。"
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_celery_beat",
    "django_celery_results",
    "workplans",
    "tasks",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tasks.context_processors.notifications",
            ],
            "builtins": ["template_partials.templatetags.partials"],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

# Database: SQLite file under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)  # a fresh clone has no var/ yet
    # WAL and a busy timeout let the dev server and an in-process job write at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "workplans.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "workplans.auth.PortalModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
# The only language: Django's own texts (admin, form messages, password rules) stay Chinese even
# for a browser that asks for English first.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# E-mail: printed to the console unless EMAIL_URL names an SMTP server
# (e.g. smtp+tls://user:password@mail.example.gov.cn:587).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="督办平台 <noreply@localhost>")

# Celery, three ways (README: 状态、催办和后台任务):
# - REDIS_URL set (production): jobs go to Redis, a worker runs them, beat sends the schedule.
# - BROKER_DIR set, no REDIS_URL (`make run`: manage.py runembedded sets it for the web server,
#   the worker and beat it starts): kombu's filesystem transport, one file per message under
#   BROKER_DIR, so one machine runs the scheduled jobs like production with no server to install.
# - neither (tests, a bare runserver, management commands): jobs run in the caller's process
#   (eager) and nothing runs the schedule.
# Job state lives in the database; a job's outcome is also kept as a django-celery-results row
# (the 后台任务 page reads it). A down broker must not block callers: publishing gives up fast.
REDIS_URL = env.str("REDIS_URL", default="")
BROKER_DIR = env.str("BROKER_DIR", default="")
BROKER_DIR = (BASE_DIR / BROKER_DIR).resolve() if BROKER_DIR else None
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Publishing gives up within a second when Redis is down (callers are web requests).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 1,
        "socket_timeout": 5,
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
        "connect_retries_timeout": 1,
    }
elif BROKER_DIR:
    CELERY_BROKER_URL = "filesystem://localhost//"  # the host means nothing; it stops a warning
    # Producers (web, beat) and the consumer (worker) share these settings, so messages are
    # written to and read from the same folder; exchange bindings live in control/.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "polling_interval": 0.5,
    }
    for _folder in ("queue", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    # No broadcast over files: /healthz counts workers from their heartbeat rows instead.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
else:
    CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True  # task name, and the periodic job that sent it
CELERY_TASK_IGNORE_RESULT = False
CELERY_TASK_TRACK_STARTED = True
# Results older than this are deleted by beat's celery.backend_cleanup (04:00 every day).
CELERY_RESULT_EXPIRES = dt.timedelta(days=7)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# django-celery-beat's scheduler, except that the defaults below only fill in missing rows
# (the stock one rewrites them on every start, undoing an admin's change).
CELERY_BEAT_SCHEDULER = "tasks.beat:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # Every minute: proves beat and a worker are alive end to end (shown by /healthz).
    "worker-heartbeat": {"task": "tasks.record_worker_heartbeat", "schedule": 60.0},
    # Every night at 01:30 (Asia/Shanghai): statuses move with the calendar even when nobody
    # reports. Admins can change this in 后台管理 › 周期任务 (django-celery-beat).
    "recompute-statuses-nightly": {
        "task": "tasks.recompute_all_statuses",
        "schedule": crontab(hour=1, minute=30),
    },
    # Every day at 00:10: open the next reporting period on its start date, close old ones.
    "roll-reporting-periods": {
        "task": "tasks.roll_periods",
        "schedule": crontab(hour=0, minute=10),
    },
    # Every day at 09:00: 提醒 before the due date, 催办 after it, 督办单 when long overdue.
    "send-reminders": {"task": "tasks.send_reminders", "schedule": crontab(hour=9, minute=0)},
    # Every day at 03:00: export files older than EXPORT_KEEP_DAYS are deleted with their record.
    "clean-old-exports": {"task": "reports.clean_exports", "schedule": crontab(hour=3, minute=0)},
}
# How long exported files (督办台账 …) stay downloadable.
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}

# Uploads: one size limit for a plan document (or pasted text) and for a report attachment; the
# importer and the attachment check apply it, and it caps a request's form data as well.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
