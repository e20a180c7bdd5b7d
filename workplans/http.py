from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from workplans.models import User


class HtmxHttpRequest(HttpRequest):
    """Typing aid: HtmxMiddleware adds `htmx`; LoginRequiredMiddleware guarantees a real user."""

    htmx: HtmxDetails
    user: User
