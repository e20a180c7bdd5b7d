# The two commands a user needs: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint fmt migrations-check serve-prod install install-test e2e-browser clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（找不到 $(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# A .env with a fresh secret key, made once: the demo runs with DEBUG off, like production, but
# on http://127.0.0.1, so the HTTPS-only defaults are switched off (and the demo accounts keep
# their shared password).
.env:
	@$(PY) -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50)); print('DEBUG=off')" > .env
	@printf '%s\n' SECURE_SSL_REDIRECT=off SECURE_HSTS_SECONDS=0 SESSION_COOKIE_SECURE=off \
		CSRF_COOKIE_SECURE=off DEMO_PASSWORDS_MUST_CHANGE=off >> .env
	@echo "已生成 .env（SECRET_KEY，DEBUG=off；本机 http 演示：关闭仅限 HTTPS 的设置）"

# The web server, a Celery worker and beat, talking through files under var/broker (no Redis);
# one Ctrl+C stops all three (tasks/management/commands/runembedded.py).
run: install .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py recompute_statuses
	@echo "打开 http://$(HOST):$(PORT)/ 登录（按 Ctrl+C 停止网站、worker 和 beat）"
	$(PY) manage.py runembedded $(HOST):$(PORT)

test: install-test
	$(PY) -m pytest -n 2 --dist loadfile -p no:cacheprovider $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	DEBUG=on $(PY) manage.py makemigrations --check --dry-run

# Production topology on one machine: gunicorn + Celery worker + beat against DATABASE_URL and
# REDIS_URL (both required), with SECRET_KEY and DEBUG=off from the environment or .env.
serve-prod: install
	@test -n "$$DATABASE_URL" || { echo "serve-prod 需要 DATABASE_URL（PostgreSQL）"; exit 1; }
	@test -n "$$REDIS_URL" || { echo "serve-prod 需要 REDIS_URL"; exit 1; }
	DEBUG=off $(PY) manage.py migrate --noinput
	DEBUG=off $(PY) manage.py recompute_statuses
	DEBUG=off $(PY) manage.py collectstatic --noinput --verbosity 0
	export DEBUG=off; trap 'kill 0' EXIT INT TERM; \
	$(VENV)/bin/celery -A config worker --loglevel INFO --concurrency 2 & \
	$(VENV)/bin/celery -A config beat --loglevel INFO & \
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache

# Backup and restore (README: 备份与恢复): the database and the uploaded files in one archive.
# `make backup [OUT=path.tar.gz]` (default var/backups/portal-YYYYmmdd-HHMM.tar.gz);
# `make restore FILE=… [FORCE=1]` refuses a database or media folder with data unless FORCE=1.
.PHONY: backup restore
backup: install
	$(PY) manage.py backup $(if $(OUT),--out "$(OUT)")

restore: install
	@test -n "$(FILE)" || { echo "用法：make restore FILE=var/backups/portal-….tar.gz [FORCE=1]"; exit 1; }
	$(PY) manage.py restore "$(FILE)" $(if $(FORCE),--force)
