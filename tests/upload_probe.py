"""Time and peak memory of checking uploads, each measured in a fresh process.

`measure("import" | "evidence", {filename: bytes})` writes the files to a temporary folder and
runs this module as a script on them: Django is set up and the Office and image libraries are
imported and warmed up first, then for each file the peak resident size is reset
(/proc/self/clear_refs) and the file is read with `read_upload` (import) or
`attachment_validate` (evidence). Peak = VmHWM after minus VmRSS before, so it counts memory
allocated by C libraries (zlib, libxml2, Pillow) too, which tracemalloc would not see.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(target: str, files: dict[str, bytes]) -> dict[str, dict]:
    """{filename: {"seconds", "peak_mb", "refused", "message"}}."""
    with tempfile.TemporaryDirectory(prefix="upload-probe-") as tmp:
        names = {}
        for index, (name, data) in enumerate(files.items()):
            path = Path(tmp) / f"{index:03d}"
            path.write_bytes(data)
            names[path.name] = name
        (Path(tmp) / "names.json").write_text(json.dumps(names), encoding="utf-8")
        env = {**os.environ}
        env.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        completed = subprocess.run(
            [sys.executable, __file__, target, tmp],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if completed.returncode != 0:
        raise AssertionError(f"probe failed: {completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _run(target: str, folder: Path) -> dict[str, dict]:  # pragma: no cover - in the subprocess
    import gc
    import time

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import docx  # noqa: F401 - loaded before the baseline, as in a running server
    import openpyxl  # noqa: F401
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image  # noqa: F401

    from tasks.evidence import attachment_validate
    from tests import hostile_files
    from workplans.parsing.errors import PlanImportError
    from workplans.parsing.reading import read_upload

    def check(name: str, data: bytes) -> str | None:
        try:
            if target == "import":
                read_upload(name, data)
            else:
                attachment_validate(SimpleUploadedFile(name, data))
        except PlanImportError as error:
            return error.message
        except ValidationError as error:
            return " ".join(error.message_dict["file"])
        return None

    warm_up = {"a.docx": hostile_files.plain_docx(), "a.xlsx": hostile_files.plain_xlsx()}
    if target == "evidence":
        warm_up |= {
            "a.png": hostile_files.real_png(),
            "a.jpg": hostile_files.real_jpg(),
            "a.pdf": hostile_files.simple_pdf(),
        }
    for name, data in warm_up.items():
        assert check(name, data) is None, name

    names = json.loads((folder / "names.json").read_text(encoding="utf-8"))
    results = {}
    for stored, name in names.items():
        data = (folder / stored).read_bytes()
        gc.collect()
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
        before = _status_kb("VmRSS")
        started = time.perf_counter()
        message = check(name, data)
        seconds = time.perf_counter() - started
        peak = _status_kb("VmHWM") - before
        results[name] = {
            "seconds": round(seconds, 3),
            "peak_mb": round(peak / 1024, 1),
            "refused": message is not None,
            "message": message,
        }
    return results


if __name__ == "__main__":  # pragma: no cover - run by measure()
    print(json.dumps(_run(sys.argv[1], Path(sys.argv[2])), ensure_ascii=False))  # noqa: T201
