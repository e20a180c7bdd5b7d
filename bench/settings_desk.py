"""Settings for bench/desk.py and its gunicorn: the project's own settings, except that
collectstatic writes to a scratch directory (BENCH_STATIC_ROOT) instead of var/staticfiles.

With DEBUG off the project serves static files through whitenoise's manifest storage, so pages
need a collected manifest; collecting into var/ would leave files other people's dev servers
pick up.
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
