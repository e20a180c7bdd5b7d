"""The test run's settings: the project's own, with DEBUG on unless the environment says otherwise.

Nothing set means production (DEBUG off, HTTPS-only); the tests run the development setup (plain
http for the live server, static files without a manifest). tests/test_settings.py starts
config.settings itself in subprocesses to check the production defaults.
"""

import os

os.environ.setdefault("DEBUG", "on")

from config.settings import *  # noqa: E402, F403
