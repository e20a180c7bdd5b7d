import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, templates) lives as long as the process: move it
# out of the collector's way, so full collections during requests stay short (the desk's p95).
gc.collect()
gc.freeze()
