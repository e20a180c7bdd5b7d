"""WSGI application for bench/desk.py: the project's application plus one bench-only URL,
GET /bench-bare/ -> "ok", a Django view that goes through the whole middleware stack and touches
neither the session nor the database. The project's own URLs are not changed on disk.

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


@login_not_required
def bench_bare(request) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urls.urlpatterns.append(path("bench-bare/", bench_bare, name="bench-bare"))

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
