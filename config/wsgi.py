import gc
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# A server never starts without its key (config/settings.py lets a bare checkout run commands).
try:
    settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key when it is read
except ImproperlyConfigured:
    raise ImproperlyConfigured(settings.MISSING_SECRET_KEY) from None

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, templates) lives as long as the process: move it
# out of the collector's way, so full collections during requests stay short (the desk's p95).
gc.collect()
gc.freeze()
