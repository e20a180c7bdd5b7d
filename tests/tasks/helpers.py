"""Small builders shared by the reporting tests: real files, form data, snapshots of the data."""

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.models import (
    Attachment,
    Cooperation,
    DelayRequest,
    LeaderComment,
    ProgressReport,
    ReportingPeriod,
    TargetActual,
)
from workplans.models import Target, Task, TaskUnit

SHANGHAI = ZoneInfo("Asia/Shanghai")
HX = {"HX-Request": "true"}


def shanghai(*args: int) -> dt.datetime:
    """A moment on the bureau's wall clock (deadlines and "today" are Asia/Shanghai)."""
    return dt.datetime(*args, tzinfo=SHANGHAI)


# Files -----------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    """A real 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpg_bytes() -> bytes:
    """A real 16x12 JPEG (Pillow): evidence images are decoded, not only sniffed."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 30, 30)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def zip_bomb_bytes(megabytes: int = 4) -> bytes:
    """A tiny zip whose document part inflates to megabytes of zeros (ratio far above 200)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00" * (megabytes * 1024 * 1024))
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# Forms -----------------------------------------------------------------------------------


def report_data(*, version: int = 0, action: str = "draft", **fields) -> dict:
    data = {
        "version": version,
        "narrative": "已完成家庭医生签约摸底，覆盖全部乡镇卫生院。",
        "percent": 30,
        "problems": "",
        "next_steps": "",
        "action": action,
    }
    data.update(fields)
    return data


def form_version(body: str) -> int:
    """The version the task page's report form was rendered with."""
    match = re.search(r'name="version" value="(\d+)"', body)
    assert match, "the page has no report form"
    return int(match.group(1))


def field_block(body: str, field_id: str) -> str:
    """The <p> of the report form holding the field, where its inline error is shown."""
    match = re.search(rf'<p[^>]*>\s*<label for="{field_id}">.*?</p>', body, flags=re.DOTALL)
    assert match, f"no {field_id} on the page"
    return match.group(0)


# Snapshots -------------------------------------------------------------------------------


def snapshot() -> dict:
    """Everything a refused request must leave as it was."""
    return {
        "reports": list(
            ProgressReport.objects.order_by("pk").values_list(
                "pk", "status", "version", "narrative", "percent", "author_id"
            )
        ),
        "report_history": ProgressReport.history.count(),
        "actuals": list(TargetActual.objects.order_by("pk").values_list("pk", "value")),
        "attachments": list(Attachment.objects.order_by("pk").values_list("pk", "name")),
        "cooperations": list(Cooperation.objects.order_by("pk").values_list("pk", "text")),
        "delays": list(
            DelayRequest.objects.order_by("pk").values_list("pk", "status", "new_deadline")
        ),
        "comments": list(LeaderComment.objects.order_by("pk").values_list("pk", "text")),
        "periods": list(ReportingPeriod.objects.order_by("pk").values_list("pk", "status")),
        "receipts": list(
            TaskUnit.objects.order_by("pk").values_list("pk", "receipt", "receipt_note")
        ),
        "tasks": list(
            Task.objects.order_by("pk").values_list("pk", "deadline", "progress", "status")
        ),
        "targets": list(Target.objects.order_by("pk").values_list("pk", "latest_actual")),
        "files": media_files(),
    }
