"""One settings module for every deployment; everything that differs comes from the environment.

Nothing set: DEBUG off and HTTPS-only (SECRET_KEY required); local development sets DEBUG=on
(or, for `make run` over plain http, the generated .env switches the HTTPS-only settings off).
Embedded default: SQLite under var/, Celery jobs run in-process;
`make run` adds a worker and beat on a filesystem broker under var/broker (BROKER_DIR).
Production: DATABASE_URL (PostgreSQL), REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG=off.
"""

import datetime as dt
import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
MISSING_SECRET_KEY = "SECRET_KEY 未设置：关闭 DEBUG 运行时必须通过环境变量提供 SECRET_KEY。"
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"
elif not SECRET_KEY and "DEBUG" in os.environ:
    # DEBUG=off set by hand or in .env: a deployment, which must have its key.
    raise ImproperlyConfigured(MISSING_SECRET_KEY)
# Nothing set at all (a fresh checkout): commands that sign nothing (makemigrations, check) run;
# serving refuses in config/wsgi.py, and Django itself refuses to sign with an empty key.

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
    "axes",
    "csp",
    "workplans",
    "tasks",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.probes.ProbeUserMiddleware",  # /healthz answers without a database (a 503)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "config.security.IdleTimeoutMiddleware",
    "config.security.PasswordChangeRequiredMiddleware",
    "config.security.PrivateCacheMiddleware",
    # Last: turns a login refused by django-axes (too many failures) into the lockout page.
    "axes.middleware.AxesMiddleware",
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
    # Parameters bound by the server, so that psycopg prepares a statement run often on one
    # connection (after 5 runs) and PostgreSQL stops parsing and planning it each time: the
    # task page, the desk and a submission repeat the same statements all day. Behind a pooler
    # in transaction mode (PgBouncer before 1.21) prepared statements break: DB_PREPARE=off.
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": 5 if env.bool("DB_PREPARE", default=True) else None,
    }
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
    # First: refuses any login (portal or admin) while the username or the address is locked out.
    "config.security.LoginThrottleBackend",
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

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords in a row for one
# username, or from one address, that username / address is refused for the cool-off time, even
# with the right password (portal and admin login alike). A success resets the count.
AXES_FAILURE_LIMIT = 10
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
AXES_COOLOFF_TIME = dt.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
AXES_VERBOSE = False

# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request (default 8 hours, one working
# day; the login page says so). The cookie lasts as long; config.security.IdleTimeoutMiddleware
# keeps the last-activity time in the session, rewriting it at most once a minute.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=8 * 60 * 60)
SESSION_ENGINE = "workplans.sessions"  # Django's database sessions, read with a compiled query
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
# seed_demo's accounts (one shared password) must change it at first login unless this is off;
# off by default only with DEBUG on. `make run`'s generated .env turns it off for the local demo.
DEMO_PASSWORDS_MUST_CHANGE = env.bool("DEMO_PASSWORDS_MUST_CHANGE", default=not DEBUG)

# HTTPS and headers: the secure values are the defaults whenever DEBUG is off; `make run`'s
# generated .env switches the HTTPS-only ones off for http://127.0.0.1 (see .env.example).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The container health check asks http://127.0.0.1:8000/healthz directly, not through the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Preloading commits the whole registrable domain to HTTPS in browsers (after a submission to
# hstspreload.org): the operator's decision, so off by default and its check warning silenced.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Behind a TLS-terminating proxy: the header it sets, e.g. "X-Forwarded-Proto" (value "https").
_proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from the site's own static files (no inline
# script, no event-handler attribute, no eval). Styles allow 'unsafe-inline' because templates
# draw progress bars with style="width: …" and htmx adds its indicator style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

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
        "socket_timeout": 1,  # a Redis that accepts but never answers: give up too
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
        "connect_retries_timeout": 1,
        # A job taken but not acknowledged (acks_late) goes back to the queue this long after
        # its worker vanished (killed, machine lost). Longer than CELERY_TASK_TIME_LIMIT (15
        # min), so a job still running is never handed to a second worker; explicit rather than
        # kombu's default hour, so a lost run of the reminders is redone within half an hour
        # (plus kombu's sweep for such messages, every 100 s or so).
        "visibility_timeout": 30 * 60,
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
# A pool process killed mid-job (OOM, SIGKILL) puts the message back instead of acknowledging
# it, so the job is redone; jobs are idempotent (README: 状态、催办和后台任务).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
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
    # Every minute: send the e-mails queued with notifications (tasks.models.OutboxEmail).
    "send-outbox": {"task": "tasks.send_outbox", "schedule": 60.0},
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
    # axes: failed logins and lockouts are WARNINGs; its INFO line per successful login is noise.
    "loggers": {"jieba": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Uploads: one size limit for a plan document (or pasted text) and for a report attachment; the
# importer and the attachment check apply it, and it caps a request's form data as well.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# An imported plan is read and parsed in a child process with these limits (0 seconds: in the
# web process itself, with no limit): a crafted file ends in a message, not a stuck worker.
IMPORT_PARSE_SECONDS = env.int("IMPORT_PARSE_SECONDS", default=20)
IMPORT_PARSE_MEMORY_MB = env.int("IMPORT_PARSE_MEMORY_MB", default=768)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
