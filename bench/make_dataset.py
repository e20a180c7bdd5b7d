"""Write the synthetic benchmark dataset into the database the settings name (DATABASE_URL):

    python bench/make_dataset.py --bureaus 50 --tasks-per-plan 300 --periods 12 [--year Y]

What it makes: bench/dataset.py. Refused arguments or an existing dataset print a Chinese
message and exit with status 1, writing nothing.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    # Measured in-process with the project settings; a checkout has no SECRET_KEY, so DEBUG on
    # unless the caller sets it (production settings refuse to start without the key).
    os.environ.setdefault("DEBUG", "on")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.dataset import DatasetError, run

    try:
        run(sys.argv[1:], sys.stdout)
    except DatasetError as exc:
        sys.exit(f"错误：{exc}")
