"""/healthz must answer when the database does not (issue #13 §7): with a session cookie, any
middleware or the view asking `request.user` would load the session and the user from the
database, and a lost database would turn the probe's 503 into a 500.

ProbeUserMiddleware, right after AuthenticationMiddleware, gives the probe paths a user that
loads as usual when the database answers and is anonymous when it does not.
"""

from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

PROBE_URL_NAMES = ("healthz",)


def _user_or_anonymous(request: HttpRequest):
    try:
        return get_user(request)
    except DatabaseError:  # the database is down: /healthz reports that itself
        return AnonymousUser()


class ProbeUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._paths: frozenset[str] | None = None

    def probe_paths(self) -> frozenset[str]:
        if self._paths is None:
            self._paths = frozenset(reverse(name) for name in PROBE_URL_NAMES)
        return self._paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in self.probe_paths():
            request.user = SimpleLazyObject(lambda: _user_or_anonymous(request))
        return self.get_response(request)
