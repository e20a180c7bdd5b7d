"""Keep docker-compose.yml, the Dockerfile and .env.example honest without a Docker engine.

Every command a container runs must be a real entry point of this project (an existing management
command, the WSGI application, the Celery app), secrets may only be `${...}` references to the
user's .env, and the compose file, the Dockerfile and `make serve-prod` must start the same thing.
"""

import importlib
import json
import os
import re
import shlex
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands
from django.http.request import validate_host
from django.urls import resolve
from gunicorn.config import Config as GunicornConfig

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_PATH = ROOT / "docker-compose.yml"
DOCKERFILE_PATH = ROOT / "Dockerfile"
DOCKERIGNORE_PATH = ROOT / ".dockerignore"
ENV_EXAMPLE_PATH = ROOT / ".env.example"
SETTINGS_PATH = ROOT / "config" / "settings.py"

INFRA_SERVICES = {"db", "redis"}
APP_SERVICES = {"web", "worker", "beat"}
SECRET_VARIABLES = ("SECRET_KEY", "POSTGRES_PASSWORD")
# Variables Django or Celery read themselves, so config/settings.py never names them.
FRAMEWORK_VARIABLES = {"DJANGO_SETTINGS_MODULE"}
SHELLS = {"sh", "bash", "/bin/sh", "/bin/bash"}
PYTHON = re.compile(r"python(3(\.\d+)?)?")
SHELL_OPERATOR = re.compile(r"[();<>|&]+")
CELERY_OPTIONS_WITH_VALUE = {"-b", "--broker", "--result-backend", "--loader", "--config"}


def load_compose() -> dict:
    return yaml.safe_load(COMPOSE_PATH.read_text(encoding="utf-8"))


def services() -> dict:
    return load_compose()["services"]


def environment_of(service: dict) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def command_parts(command: str | list) -> list[list[str]]:
    """A compose `command` as the argv of each `&&`-separated step (unwrapping `sh -c "..."`)."""
    # Compose splits a string command like a shell would, but runs no shell: `&&` stays literal.
    argv = shlex.split(command) if isinstance(command, str) else [str(arg) for arg in command]
    if len(argv) == 3 and argv[0] in SHELLS and argv[1] == "-c":
        lexer = shlex.shlex(argv[2], posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        parts: list[list[str]] = [[]]
        for token in lexer:
            if token == "&&":
                parts.append([])
                continue
            assert not SHELL_OPERATOR.fullmatch(token), f"unsupported shell syntax {token!r}"
            parts[-1].append(token)
        return parts
    operators = [arg for arg in argv if SHELL_OPERATOR.fullmatch(arg)]
    assert not operators, f"{operators} without `sh -c` would reach the program as arguments"
    return [argv]


def gunicorn_args(argv: list[str]):
    return GunicornConfig().parser().parse_args(argv[1:])


def celery_app_and_subcommand(argv: list[str]) -> tuple[str | None, str | None]:
    app, args = None, iter(argv[1:])
    for arg in args:
        if arg in ("-A", "--app"):
            app = next(args, None)
        elif arg.startswith("--app="):
            app = arg.split("=", 1)[1]
        elif arg in CELERY_OPTIONS_WITH_VALUE:
            next(args, None)
        elif not arg.startswith("-"):
            return app, arg
    return app, None


def check_entry_point(argv: list[str]) -> tuple[str, str]:
    """Fail unless argv starts a real entry point of this project; return (kind, detail)."""
    if argv[:1] == ["exec"]:
        argv = argv[1:]
    assert argv, "empty command"
    executable = Path(argv[0]).name
    if PYTHON.fullmatch(executable):
        assert argv[1:2] == ["manage.py"], f"python may only run manage.py: {argv}"
        name = argv[2] if len(argv) > 2 else ""
        assert name in get_commands(), f"no management command {name!r}"
        return "manage", name
    if executable == "gunicorn":
        app_paths = gunicorn_args(argv).args
        assert len(app_paths) == 1, f"gunicorn needs exactly one WSGI app: {argv}"
        module_name, _, variable = app_paths[0].partition(":")
        module = importlib.import_module(module_name)
        assert callable(getattr(module, variable or "application", None)), app_paths[0]
        return "gunicorn", app_paths[0]
    if executable == "celery":
        app_name, subcommand = celery_app_and_subcommand(argv)
        assert app_name, f"celery without -A: {argv}"
        config_celery = importlib.import_module("config.celery")
        assert isinstance(config_celery.app, Celery)
        assert find_app(app_name) is config_celery.app, f"-A {app_name} is not config.celery.app"
        assert subcommand in ("worker", "beat"), f"celery subcommand {subcommand!r}"
        return "celery", subcommand
    pytest.fail(f"not an entry point of this project: {' '.join(argv)}")


def web_gunicorn_argv() -> list[str]:
    argv = command_parts(services()["web"]["command"])[-1]
    return argv[1:] if argv[:1] == ["exec"] else argv


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE_PATH.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def settings_variables() -> set[str]:
    text = SETTINGS_PATH.read_text(encoding="utf-8")
    names = re.findall(r"""\benv(?:\.\w+)?\(\s*["'](\w+)["']""", text)
    names += re.findall(r"""os\.(?:environ\.get|getenv)\(\s*["'](\w+)["']""", text)
    names += re.findall(r"""os\.environ\[\s*["'](\w+)["']""", text)
    return set(names)


def compose_variables() -> set[str]:
    return set(re.findall(r"\$\{(\w+)", COMPOSE_PATH.read_text(encoding="utf-8")))


def env_example_names() -> list[str]:
    text = ENV_EXAMPLE_PATH.read_text(encoding="utf-8")
    return re.findall(r"^\s*#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE)


def env_example_values() -> dict[str, str]:
    text = ENV_EXAMPLE_PATH.read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.MULTILINE))


def test_compose_has_exactly_the_expected_services():
    found = services()
    assert set(found) == INFRA_SERVICES | APP_SERVICES
    assert re.fullmatch(r"postgres:15([.\-].*)?", found["db"]["image"])
    assert re.fullmatch(r"redis:7([.\-].*)?", found["redis"]["image"])


def test_infrastructure_has_healthchecks_and_keeps_data_in_a_named_volume():
    compose = load_compose()
    db, redis = compose["services"]["db"], compose["services"]["redis"]
    assert "pg_isready" in db["healthcheck"]["test"]
    assert "redis-cli" in redis["healthcheck"]["test"]
    assert "ping" in redis["healthcheck"]["test"]
    data_volumes = [v.split(":")[0] for v in db["volumes"] if v.endswith("/postgresql/data")]
    assert data_volumes, "PostgreSQL data must live in a volume"
    assert data_volumes[0] in compose["volumes"], "use a named volume, not a bind mount"


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_app_service_command_is_a_real_entry_point(name):
    service = services()[name]
    assert "command" in service, f"{name} must say what it runs"
    for argv in command_parts(service["command"]):
        check_entry_point(argv)


def test_each_app_service_runs_its_role():
    found = services()
    web = [check_entry_point(argv) for argv in command_parts(found["web"]["command"])]
    assert web[-1] == ("gunicorn", "config.wsgi")
    assert ("manage", "migrate") in web[:-1], "migrate before gunicorn starts"
    assert ("manage", "collectstatic") in web[:-1]
    assert [check_entry_point(p) for p in command_parts(found["worker"]["command"])] == [
        ("celery", "worker")
    ]
    assert [check_entry_point(p) for p in command_parts(found["beat"]["command"])] == [
        ("celery", "beat")
    ]


def test_beat_uses_the_database_scheduler_from_settings():
    from celery.utils.imports import symbol_by_name
    from django.conf import settings
    from django_celery_beat.schedulers import DatabaseScheduler

    # django-celery-beat's, keeping the rows admins edit (tasks/beat.py)
    assert settings.CELERY_BEAT_SCHEDULER == "tasks.beat:DatabaseScheduler"
    assert issubclass(symbol_by_name(settings.CELERY_BEAT_SCHEDULER), DatabaseScheduler)
    beat_argv = command_parts(services()["beat"]["command"])[0]
    assert not {"-S", "--scheduler"} & set(beat_argv), "the scheduler is set in settings"


def test_app_services_are_configured_by_environment():
    compose = load_compose()
    db_env = environment_of(compose["services"]["db"])
    for name in sorted(APP_SERVICES):
        service = compose["services"][name]
        env_file = service.get("env_file")
        assert ".env" in ([env_file] if isinstance(env_file, str) else env_file), name
        env = environment_of(service)
        database = re.fullmatch(
            r"postgres(?:ql)?://(\w+):\$\{POSTGRES_PASSWORD[^}]*\}@db:5432/(\w+)",
            env["DATABASE_URL"],
        )
        assert database, f"{name}: DATABASE_URL {env['DATABASE_URL']!r}"
        assert database.groups() == (db_env["POSTGRES_USER"], db_env["POSTGRES_DB"])
        assert re.fullmatch(r"redis://redis:6379/\d+", env["REDIS_URL"]), name
        # A bare `off` is a YAML boolean; Compose wants the string.
        assert env["DEBUG"] == "off", name
        mounts = {v.split(":")[1]: v.split(":")[0] for v in service["volumes"]}
        assert mounts.get(env["MEDIA_ROOT"]) in compose["volumes"], f"{name}: shared media"


def test_no_literal_secrets_in_compose_file():
    for name, service in services().items():
        env = environment_of(service)
        for variable in SECRET_VARIABLES:
            if variable in env:
                assert re.fullmatch(rf"\$\{{{variable}:\?[^}}]+\}}", str(env[variable])), (
                    f"{name}: {variable} must be a required ${{{variable}:?...}} reference"
                )
    text = COMPOSE_PATH.read_text(encoding="utf-8")
    for variable in SECRET_VARIABLES:
        assert f"${{{variable}:?" in text, f"compose must refuse to start without {variable}"
    # `KEY: value` / `KEY=value` anywhere, but not the names inside `${...}` references.
    for value in re.findall(r"(?<![{\w])\w*(?:SECRET_KEY|PASSWORD)\w*\s*[:=]\s*(\S+)", text):
        assert value.strip("\"'").startswith("${"), f"literal secret {value!r}"
    for password in re.findall(r"://[^:/\s@]+:(\$\{[^}]*\}|[^@\s]+)@", text):
        assert password.startswith("${"), f"literal password in a URL: {password!r}"


def test_app_services_wait_for_healthy_database_and_broker():
    found = services()
    for name in sorted(APP_SERVICES):
        depends_on = found[name].get("depends_on")
        assert isinstance(depends_on, dict), f"{name}: depends_on needs conditions"
        for dependency in ("db", "redis"):
            assert depends_on[dependency]["condition"] == "service_healthy", (name, dependency)
        for dependency, rule in depends_on.items():
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in found[dependency], f"{dependency} has no healthcheck"


def test_web_listens_where_compose_publishes_and_checks_health_on_healthz(monkeypatch):
    web = services()["web"]
    binds = gunicorn_args(web_gunicorn_argv()).bind
    assert len(binds) == 1
    host, _, port = binds[0].rpartition(":")
    assert host in ("0.0.0.0", "[::]"), "gunicorn must listen beyond the container's loopback"
    assert any(str(mapping).endswith(f":{port}") for mapping in web["ports"])

    test = web["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"], "image may lack curl: use python's urllib"
    code = test[3]
    url = f"http://127.0.0.1:{port}/healthz"
    assert url in code
    assert resolve("/healthz").url_name == "healthz"

    requests = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda req, **kw: requests.append(req))
    for allowed_hosts in (env_example_values()["ALLOWED_HOSTS"], "portal.example.com", "*"):
        monkeypatch.setenv("ALLOWED_HOSTS", allowed_hosts)
        exec(compile(code, "healthcheck", "exec"), {})
        request = requests.pop()
        assert request.full_url == url
        hosts = [h for h in allowed_hosts.split(",") if h] or ["localhost"]
        assert validate_host(request.get_header("Host") or "127.0.0.1", hosts), allowed_hosts


def test_dockerfile_agrees_with_the_compose_web_entry_point():
    instructions = dockerfile_instructions()
    last = dict(instructions)
    assert instructions[0] == ("FROM", "python:3.11-slim")
    cmd = last["CMD"]
    assert (json.loads(cmd) if cmd.startswith("[") else shlex.split(cmd)) == web_gunicorn_argv()
    port = gunicorn_args(web_gunicorn_argv()).bind[0].rpartition(":")[2]
    assert last["EXPOSE"] == port
    assert last.get("USER") not in (None, "root", "0"), "run as a non-root user"
    # Dependencies first (a layer cached across code changes), then the project, then drop root.
    install = instructions.index(("RUN", "pip install --no-cache-dir ."))
    assert instructions.index(("COPY", "pyproject.toml ./")) < install
    copy_project = instructions.index(("COPY", ". ."))
    assert install < copy_project < instructions.index(("USER", last["USER"]))

    compose = services()
    build = compose["web"]["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    assert (ROOT / context).resolve() == ROOT
    for name in ("worker", "beat"):
        assert compose[name].get("image") == compose["web"].get("image"), f"{name}: same image"
    assert environment_of(compose["web"])["MEDIA_ROOT"].startswith(last["WORKDIR"] + "/")


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    entries = set(DOCKERIGNORE_PATH.read_text(encoding="utf-8").split())
    assert {".env", ".venv", "var", ".git", "__pycache__", "*.sqlite3"} <= entries


def test_env_example_names_only_variables_the_project_reads():
    names = env_example_names()
    assert len(names) == len(set(names)), "duplicate variables in .env.example"
    unknown = set(names) - settings_variables() - compose_variables() - FRAMEWORK_VARIABLES
    assert not unknown, f".env.example documents variables nothing reads: {sorted(unknown)}"


def test_env_example_documents_every_variable_and_commits_no_secret():
    names = set(env_example_names())
    missing = (settings_variables() | compose_variables()) - names
    assert not missing, f".env.example misses {sorted(missing)}"
    values = env_example_values()
    for variable in SECRET_VARIABLES:
        assert values.get(variable) == "", f"{variable} must be present and empty"
    assert values["DEBUG"] == "off"


def test_make_serve_prod_starts_the_same_entry_points():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env |= {"DATABASE_URL": "postgres://portal:x@127.0.0.1:5432/portal", "REDIS_URL": "redis://"}
    result = subprocess.run(
        ["make", "-n", "serve-prod"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"\bgunicorn config\.wsgi\b", result.stdout), result.stdout
    assert re.search(r"\bcelery -A config worker\b", result.stdout), result.stdout
    assert re.search(r"\bcelery -A config beat\b", result.stdout), result.stdout
