"""WSGI application for the load benchmarks (bench/desk.py, bench/dashboard.py): the project's
application plus one bench-only URL, GET /bench-bare/ -> "ok", a Django view that goes through
the whole middleware stack and touches neither the session nor the database. With ?task=<id>
it runs one indexed query instead (the task's title, by primary key) and answers with the
title. GET /bench-bare-login/?task=<id> runs the same query behind the login (session and user
read, as on every portal page). Every response carries X-Bench-Worker (the worker's pid), so a
script can tell that each worker has served a page before it measures. The project's own URLs
are not changed on disk.

    gunicorn bench.bare_wsgi:application   (from the project root)
"""

import os

import django
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")  # as config/wsgi.py does
django.setup(set_prefix=False)

from config import urls  # noqa: E402
from workplans.models import Task  # noqa: E402


@login_not_required
def bench_bare(request) -> HttpResponse:
    task = request.GET.get("task")
    if task is None:
        return HttpResponse("ok", content_type="text/plain")
    title = Task.objects.values_list("title", flat=True).get(pk=int(task))
    return HttpResponse(title, content_type="text/plain; charset=utf-8")


def bench_bare_login(request) -> HttpResponse:
    """The same query behind the login: the session and the user are read, as for every portal
    page (what any signed-in page costs before doing its own work)."""
    title = Task.objects.values_list("title", flat=True).get(pk=int(request.GET["task"]))
    return HttpResponse(title, content_type="text/plain; charset=utf-8")


urls.urlpatterns.append(path("bench-bare/", bench_bare, name="bench-bare"))
urls.urlpatterns.append(path("bench-bare-login/", bench_bare_login, name="bench-bare-login"))

# The project's own WSGI module, as production serves it (its start-up checks, gc.freeze).
from config.wsgi import application as django_application  # noqa: E402


def application(environ, start_response):
    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Bench-Worker", str(os.getpid()))], exc_info)

    return django_application(environ, start)
