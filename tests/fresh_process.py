"""Running a snippet of Python in a fresh process with the project's settings: for what a test
process cannot show (settings read at start-up, a database or a broker that is down)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_snippet(code: str, **env_overrides: str) -> dict:
    """Run `code` with config.settings and the given environment; its last line of output, a
    JSON object, is returned. Fails the test with the process's error output otherwise."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
