"""Checking a report attachment before it is stored: type by name and by content, size, then
the structure of each type. A file that fails is never written to storage.

- Images (Pillow): the file must open, `verify()` and decode (JPEG at a reduced scale), at most
  `MAX_IMAGE_PIXELS`; nothing but padding may follow the image's end (PNG IEND, JPEG EOI), and
  no HTML/PHP markers may appear anywhere in it (polyglots).
- PDF: `%PDF-` header, `%%EOF` at the end with nothing after it, no zip appended; no active
  content: the names /JS, /JavaScript, /Launch, /EmbeddedFile(s), /RichMedia, /XFA and /AA
  (hex escapes like /J#53 decoded) are looked for in the file's raw bytes outside compressed
  streams, in uncompressed streams and in FlateDecode object streams (PDF 1.5 /ObjStm, inflated
  with a cap). Other compressed streams (page content, images, fonts) are not inflated: names
  there are not dictionaries a reader acts on. An object stream that can't be inflated (an
  encrypted PDF, another filter) is refused.
- .docx/.xlsx: the importer's checks (`check_zip_package`): every member inflated with capped
  reads, XML without DOCTYPE/entities and within the element limits, workbook cell limits.
- .doc/.xls (OLE): the leading bytes only.

Downloads are always served as attachments with `X-Content-Type-Options: nosniff`
(tasks.views.workspace.attachment_download)."""

import io
import re
import warnings
import zlib

from django.core.exceptions import ValidationError

from workplans.parsing.errors import PlanImportError
from workplans.parsing.reading import MAX_UPLOAD_BYTES, check_zip_package, sniff

MAX_ATTACHMENT_BYTES = MAX_UPLOAD_BYTES
# extension → (content type served on download, what its leading bytes must be)
ALLOWED = {
    "pdf": ("application/pdf", "pdf"),
    "doc": ("application/msword", "ole"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "zip"),
    "xls": ("application/vnd.ms-excel", "ole"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "png": ("image/png", "png"),
}
ACCEPTED = "PDF、Word（.doc/.docx）、Excel（.xls/.xlsx）、图片（.jpg/.png）"

# A 40-megapixel photo decodes to ~120 MB (RGB); JPEG is decoded at 1/8 scale anyway.
MAX_IMAGE_PIXELS = 40_000_000
# What may follow an image's end marker: a few bytes of padding some tools add.
IMAGE_TRAILER_ALLOWANCE = 16
MAX_OBJECT_STREAM_BYTES = 16 * 1024 * 1024
MAX_OBJECT_STREAMS_TOTAL = 64 * 1024 * 1024

MSG_IMAGE = "图片文件结构有误或附带了其他内容，请重新导出图片后上传"
MSG_IMAGE_TOO_LARGE = f"图片尺寸过大（超过 {MAX_IMAGE_PIXELS // 10_000} 万像素），请缩小后再上传"
MSG_PDF_STRUCTURE = (
    "PDF 文件结构有误、已加密或附带了其他内容，请用阅读器打印为新的 PDF（不加密）后再上传"
)
MSG_PDF_ACTIVE = "PDF 中含有脚本或嵌入文件，出于安全考虑不能上传，请打印为新的 PDF 后再上传"

_MARKUP_MARKERS = (b"<?php", b"<script", b"<html", b"<iframe", b"<body")
# Names that make a PDF run or carry something: scripts, launching programs, embedded files,
# Flash/multimedia, XFA forms, additional (event) actions.
_ACTIVE_PDF_NAMES = frozenset(
    {
        b"JS",
        b"JavaScript",
        b"Launch",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"RichMedia",
        b"XFA",
        b"AA",
    }
)
_PDF_NAME_RE = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
_PDF_HEX_ESCAPE_RE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM_RE = re.compile(rb"stream(?:\r\n|\n|\r)")
_PDF_WHITESPACE = b"\x00\t\n\x0c\r "


def attachment_validate(upload) -> str:
    """The file's content type, or a ValidationError in Chinese naming the problem."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError({"file": f"不支持“{name}”这种文件，请上传 {ACCEPTED}。"})
    if upload.size == 0:
        raise ValidationError({"file": f"“{name}”是空文件。"})
    if upload.size > MAX_ATTACHMENT_BYTES:
        size, limit = upload.size / 1024 / 1024, MAX_ATTACHMENT_BYTES / 1024 / 1024
        raise ValidationError({"file": f"“{name}”有 {size:.1f} MB，超过 {limit:g} MB 的上限。"})
    content_type, kind = ALLOWED[extension]
    upload.seek(0)
    if sniff(upload.read(16)) != kind:
        raise ValidationError(
            {"file": f"“{name}”的内容与扩展名 .{extension} 不符，请确认文件类型。"}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        if kind == "zip":
            check_zip_package(data, extension)
        elif kind in ("png", "jpeg"):
            _check_image(data, kind)
        elif kind == "pdf":
            _check_pdf(data)
    except PlanImportError as error:
        raise ValidationError({"file": f"“{name}”：{error.message}"}) from error
    return content_type


# Images -----------------------------------------------------------------------------------


def _check_image(data: bytes, kind: str) -> None:
    from PIL import Image

    lowered = data.lower()
    if any(marker in lowered for marker in _MARKUP_MARKERS):
        raise PlanImportError(MSG_IMAGE)
    end = _png_end(data) if kind == "png" else _jpeg_end(data)
    if end is None or len(data) - end > IMAGE_TRAILER_ALLOWANCE or data[end:].strip(b"\0"):
        raise PlanImportError(MSG_IMAGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != ("PNG" if kind == "png" else "JPEG"):
                    raise PlanImportError(MSG_IMAGE)
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise PlanImportError(MSG_IMAGE_TOO_LARGE)
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                if kind == "jpeg":
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()
    except PlanImportError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PlanImportError(MSG_IMAGE_TOO_LARGE) from exc
    except Exception as exc:  # noqa: BLE001 - whatever Pillow raises, the image is unusable
        raise PlanImportError(MSG_IMAGE) from exc


def _png_end(data: bytes) -> int | None:
    """Offset just past the IEND chunk, walking the chunks; None if the structure is broken."""
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if position > len(data):
            return None
        if kind == b"IEND":
            return position
    return None


def _jpeg_end(data: bytes) -> int | None:
    """Offset just past the end-of-image marker, walking the segments (so EXIF thumbnails and
    their own markers are skipped) and the entropy-coded data after each start of scan."""
    if not data.startswith(b"\xff\xd8"):
        return None
    position = 2
    size = len(data)
    while position < size:
        if data[position] != 0xFF:
            return None
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            return None
        marker = data[position]
        position += 1
        if marker == 0xD9:
            return position
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if position + 2 > size:
            return None
        length = int.from_bytes(data[position : position + 2], "big")
        if length < 2:
            return None
        position += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    return None
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1 if following == 0xFF else 2
                    continue
                break
    return None


# PDF --------------------------------------------------------------------------------------


def _check_pdf(data: bytes) -> None:
    if not data.lstrip(_PDF_WHITESPACE).startswith(b"%PDF-"):
        raise PlanImportError(MSG_PDF_STRUCTURE)
    eof = data.rfind(b"%%EOF")
    if eof < 0 or data[eof + 5 :].strip(_PDF_WHITESPACE):
        raise PlanImportError(MSG_PDF_STRUCTURE)
    # A zip appended (PDF+ZIP polyglot), even one whose comment ends in %%EOF.
    if b"PK\x05\x06" in data[-65_557:] and b"PK\x03\x04" in data:
        raise PlanImportError(MSG_PDF_STRUCTURE)
    for text in _pdf_scannable_parts(data):
        for match in _PDF_NAME_RE.finditer(text):
            name = match.group(1)
            if b"#" in name:
                name = _PDF_HEX_ESCAPE_RE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
            if name in _ACTIVE_PDF_NAMES:
                raise PlanImportError(MSG_PDF_ACTIVE)


def _pdf_scannable_parts(data: bytes):
    """The bytes a reader interprets as objects: everything outside streams, uncompressed
    stream bodies, and inflated FlateDecode object streams (capped)."""
    position = 0
    inflated_total = 0
    while True:
        match = _PDF_STREAM_RE.search(data, position)
        if match is None:
            yield data[position:]
            return
        if data[match.start() - 3 : match.start()] == b"end":  # "endstream"
            yield data[position : match.end()]
            position = match.end()
            continue
        yield data[position : match.end()]
        end = data.find(b"endstream", match.end())
        if end < 0:
            raise PlanImportError(MSG_PDF_STRUCTURE)
        header_start = data.rfind(b"obj", max(position, match.start() - 4096), match.start())
        header = data[max(header_start, position) : match.start()]
        body = data[match.end() : end]
        position = end
        if b"/ObjStm" in header:
            if b"/Filter" not in header:
                yield body
                continue
            if not re.search(rb"/Filter\s*\[?\s*/FlateDecode\s*\]?\s*[/>]", header):
                raise PlanImportError(MSG_PDF_STRUCTURE)
            inflated = _inflate_capped(body, MAX_OBJECT_STREAM_BYTES)
            inflated_total += len(inflated)
            if inflated_total > MAX_OBJECT_STREAMS_TOTAL:
                raise PlanImportError(MSG_PDF_STRUCTURE)
            yield inflated
        elif b"/Filter" not in header:
            yield body


def _inflate_capped(body: bytes, cap: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(body, cap + 1)
    except zlib.error as exc:
        raise PlanImportError(MSG_PDF_STRUCTURE) from exc
    if len(out) > cap:
        raise PlanImportError(MSG_PDF_STRUCTURE)
    return out
