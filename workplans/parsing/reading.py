"""Turning an uploaded plan file (name + bytes) or pasted text into paragraphs and tables, safely.

Everything here is a pure function of its input: no database, no settings, no files kept.
The file type is decided by content as well as by extension; every refusal is a
`PlanImportError` whose Chinese message is shown to the user as is.

Safety, in the order it is applied:

- the size limits (empty, over `MAX_UPLOAD_BYTES`);
- for ZIP based files (.docx/.xlsx), the member count, the total declared uncompressed size and
  the compression ratio of every member are checked with `zipfile` before any XML is parsed;
- then every member is inflated here, in 64 KiB steps and whatever its headers declare
  (`_inflate_member`): a member that yields more than it declares, or a package that yields
  more than `MAX_ZIP_TOTAL_UNCOMPRESSED`, is a zip bomb, refused as soon as the excess shows.
  (`zipfile.ZipExtFile.read()` does stop at the declared size, but only after inflating up to
  1 GiB in one call: python-docx and openpyxl read members that way, so a package whose headers
  lie is never handed to them.) The XML parts are fed, still in steps, to a streaming expat
  check with defusedxml's rules that builds no tree: a DOCTYPE or entity declaration (Office
  files never have one; billion laughs), over `MAX_XML_PART_BYTES` in one part or over
  `MAX_XML_ELEMENTS` elements in the package is refused before python-docx / openpyxl parse
  anything (python-docx's own lxml parser does not resolve entities either);
- for .xlsx, the worksheet XML is scanned as bytes (rows, cells, merged ranges) before openpyxl
  loads it, because openpyxl's full mode materialises every cell of a merged range and every
  cell of a sheet: a small file could otherwise keep a worker busy for minutes;
- for .docx, tables are walked here in one pass (grid spans clamped) rather than through
  python-docx's `_Row.cells`, whose vertical-merge lookup is quadratic in the merge length and
  whose horizontal span is unbounded;
- any exception from python-docx / openpyxl becomes the "damaged file" message (logged).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import posixpath
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as DET
from django.conf import settings

from .errors import PlanImportError

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_UPLOAD_BYTES",
    "Block",
    "SourceDocument",
    "decode_text",
    "read_pasted_text",
    "read_upload",
]

MAX_UPLOAD_BYTES = settings.UPLOAD_MAX_BYTES

# ZIP (zip bomb) limits, checked before any XML is parsed.
MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ZIP_RATIO = 200
ZIP_RATIO_MIN_MEMBER_SIZE = 1024 * 1024
# Actual limits, applied while inflating every member ourselves (`_inspect_package`). A Word
# document.xml of a few hundred pages is a few MB and ~100k elements; a full-size 分工表
# (200k cells, see below) is 600-800k elements. python-docx takes ~4 s and ~250 MB for 1M.
MAX_XML_PART_BYTES = 24 * 1024 * 1024
MAX_XML_ELEMENTS = 1_000_000
INFLATE_STEP = 64 * 1024

# Spreadsheet limits.
MAX_SHEET_ROWS = 20_000
MAX_SHEET_COLUMNS = 200
# openpyxl's full mode loads ~100k cells a second here; a 分工表 has a few thousand.
MAX_WORKBOOK_CELLS = 200_000
# sharedStrings.xml is parsed whole by openpyxl whatever the cells refer to.
MAX_SHARED_STRINGS_BYTES = 20 * 1024 * 1024

# Word tables: Word itself allows 63 columns; spans beyond this are clamped.
MAX_TABLE_COLUMNS = 200

CONVERT_TIMEOUT_SECONDS = 60

TEXT_EXTENSIONS = frozenset({".txt"})
DOCX_EXTENSIONS = frozenset({".docx"})
XLSX_EXTENSIONS = frozenset({".xlsx"})
OLD_WORD_EXTENSIONS = frozenset({".doc", ".wps"})
OLD_EXCEL_EXTENSIONS = frozenset({".xls", ".et"})
KNOWN_EXTENSIONS = (
    TEXT_EXTENSIONS | DOCX_EXTENSIONS | XLSX_EXTENSIONS | OLD_WORD_EXTENSIONS | OLD_EXCEL_EXTENSIONS
)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

MSG_EMPTY_FILE = "文件是空的（0 字节），请检查后重新上传"
MSG_NO_CONTENT = "文件中没有找到任何文字内容（内容为空），请确认上传的是工作要点文件"
MSG_PASTED_EMPTY = "粘贴的内容是空的，请粘贴工作要点的全文"
MSG_ZIP_BOMB = "文件异常：压缩包解压后过大（疑似压缩炸弹），已拒绝处理"
MSG_XML_DECLARATION = (
    "文件中含有正常 Office 文件不会有的 XML 声明（DOCTYPE/实体定义），"
    "疑似恶意构造的文件，已拒绝处理"
)
MSG_XML_TOO_LARGE = (
    "文件内容过多（解压后的文档结构超出上限），疑似恶意构造的文件，已拒绝处理。"
    "如确为正常文件，请删除无关内容或拆分后再上传"
)
MSG_ENCRYPTED = "文件已加密（设置了打开密码），请去除密码后另存为 .docx/.xlsx 再上传"
MSG_OLD_BINARY = (
    "这是旧版 Word/Excel 格式（.doc/.xls）的文件，只是扩展名不同。"
    "请在 Word/WPS/Excel 中打开后另存为 .docx/.xlsx 再上传"
)
MSG_NOT_TEXT = (
    "文件内容不是可识别的文本（可能是二进制文件或编码无法识别），请另存为 UTF-8 文本后上传"
)
MSG_CORRUPT_DOCX = "文件已损坏，无法打开。请用 Word/WPS 打开确认后重新保存为 .docx 再上传"
MSG_CORRUPT_XLSX = "文件已损坏，无法打开。请用 Excel/WPS 打开确认后重新保存为 .xlsx 再上传"

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


_W_P, _W_TBL, _W_TR, _W_TC, _W_R = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r")
_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
_W_VAL = _w("val")
# Runs under these are not part of the visible paragraph text: deleted text, the "from" side
# of a move, text boxes (their own paragraphs, positioned anywhere) and the legacy fallback
# copy of alternate content.
_SKIPPED_RUN_ANCESTORS = frozenset(
    {_w("del"), _w("moveFrom"), _w("txbxContent"), f"{{{_MC_NS}}}Fallback"}
)


# ---------------------------------------------------------------------------------------------
# Result types


@dataclass
class Block:
    kind: str  # "paragraph" or "table"
    text: str = ""  # for paragraphs
    # for tables: rows of cell strings (merged cells repeated in every cell they cover)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class SourceDocument:
    kind: str  # "text", "docx" or "xlsx"
    filename: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Paragraphs joined by newlines; a table gives one line per row, cells joined by tabs."""
        lines: list[str] = []
        for block in self.blocks:
            if block.kind == "table":
                lines.extend("\t".join(_flatten_cell(c) for c in row) for row in block.rows)
            else:
                lines.append(block.text)
        return "\n".join(lines)


def _flatten_cell(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")


# ---------------------------------------------------------------------------------------------
# Entry points


def read_upload(filename: str, data: bytes) -> SourceDocument:
    """Read an uploaded plan file; raises PlanImportError with a message for the user."""
    name = _basename(filename)
    ext = _extension(name)
    soffice = _find_soffice()
    if ext not in KNOWN_EXTENSIONS:
        raise PlanImportError(_unsupported_type_message(ext, libreoffice=soffice is not None))

    data = bytes(data)
    if not data:
        raise PlanImportError(MSG_EMPTY_FILE)
    if len(data) > MAX_UPLOAD_BYTES:
        raise PlanImportError(_too_large_message(len(data)))

    if ext in TEXT_EXTENSIONS:
        return _read_text_upload(name, data)
    if ext in DOCX_EXTENSIONS:
        return _read_office_upload(name, ext, data, expected="docx")
    if ext in XLSX_EXTENSIONS:
        return _read_office_upload(name, ext, data, expected="xlsx")
    expected = "docx" if ext in OLD_WORD_EXTENSIONS else "xlsx"
    return _read_old_format_upload(name, ext, data, expected=expected, soffice=soffice)


def read_pasted_text(text: str) -> SourceDocument:
    """Wrap text pasted into the import form; raises PlanImportError when it is blank."""
    text = _normalise_text((text or "").replace("\x00", ""))
    if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
        raise PlanImportError(
            f"粘贴的内容过大（{_megabytes(len(text.encode('utf-8')))} MB），"
            f"上限为 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
        )
    blocks = _text_blocks(text)
    if not blocks:
        raise PlanImportError(MSG_PASTED_EMPTY)
    return SourceDocument(kind="text", filename="", blocks=blocks)


def decode_text(data: bytes) -> str:
    """Decode a plain-text upload without guessing wrong (no mojibake); normalise newlines.

    Order: byte-order mark, strict UTF-8, UTF-16 without BOM (NUL bytes at odd or even
    positions), strict GB18030 (a superset of GBK and GB2312). The decoded text must look like
    text (see `_looks_like_text`). A BOM or a clean UTF-8 decoding is final: UTF-8 bytes also
    decode as GB18030, into mojibake, so an implausible UTF-8 text is refused, not re-guessed.
    """
    data = bytes(data)
    bom_encoding = _bom_encoding(data)
    if bom_encoding is not None:
        try:
            return _accept_text(data.decode(bom_encoding))
        except UnicodeDecodeError:
            pass  # not really a BOM: carry on guessing
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and "\x00" not in utf8:
        return _accept_text(utf8)
    # NUL bytes: ASCII in UTF-16 (UTF-8 and GB18030 text never holds NUL bytes).
    for encoding in _utf16_without_bom(data):
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(decoded):
            return _normalise_text(decoded)
    if utf8 is None:
        try:
            return _accept_text(data.decode("gb18030"))
        except UnicodeDecodeError:
            pass
    raise PlanImportError(MSG_NOT_TEXT)


def _accept_text(decoded: str) -> str:
    if not _looks_like_text(decoded):
        raise PlanImportError(MSG_NOT_TEXT)
    return _normalise_text(decoded)


# ---------------------------------------------------------------------------------------------
# Names, sizes, messages


def _basename(filename: str) -> str:
    # Browsers may send "C:\fakepath\x.docx"; keep only the last component.
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.strip()


def _extension(name: str) -> str:
    return os.path.splitext(name.rstrip(". "))[1].lower()


def _find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _too_large_message(size: int) -> str:
    return f"文件过大（{_megabytes(size)} MB），上限为 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"


def _accepted_types(libreoffice: bool) -> str:
    accepted = ".docx（Word 文档）、.txt（纯文本）、.xlsx（分工表）"
    if libreoffice:
        accepted += "，以及旧版 .doc、.wps、.xls、.et"
    return accepted


def _unsupported_type_message(ext: str, *, libreoffice: bool) -> str:
    accepted = _accepted_types(libreoffice)
    if not ext:
        return f"无法识别文件类型（文件名没有扩展名）。请上传以下类型的文件：{accepted}"
    hint = ""
    if ext == ".pdf":
        hint = "PDF 文件请先用 WPS/Word 转换为 .docx，或复制全文后粘贴。"
    return f"不支持的文件类型（{ext}）。{hint}请上传以下类型的文件：{accepted}"


def _app_names(kind: str) -> tuple[str, str]:
    return ("Word 文档", "Word/WPS") if kind == "docx" else ("Excel 表格", "Excel/WPS")


def _corrupt_message(kind: str) -> str:
    return MSG_CORRUPT_DOCX if kind == "docx" else MSG_CORRUPT_XLSX


# ---------------------------------------------------------------------------------------------
# Content sniffing


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


def sniff(data: bytes) -> str | None:
    """What the leading bytes say a file is: "zip" (docx/xlsx), "ole" (doc/xls), "pdf", "png",
    "jpeg", or None. The one place files are recognised by content (imports and evidence)."""
    if data.startswith(ZIP_MAGIC):
        return "zip"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.lstrip()[:5] == PDF_MAGIC:
        return "pdf"
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(JPEG_MAGIC):
        return "jpeg"
    return None


def _ole_message(data: bytes) -> str:
    # An OOXML file with an open password is an OLE compound file holding an
    # "EncryptedPackage" stream; the directory stores stream names in UTF-16LE.
    if ENCRYPTED_PACKAGE in data:
        return MSG_ENCRYPTED
    return MSG_OLD_BINARY


def _open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """Open `data` as a zip and apply the zip bomb limits; no member is inflated here."""
    declared = _declared_entry_count(data)
    if declared is not None and declared > MAX_ZIP_MEMBERS:
        raise PlanImportError(MSG_ZIP_BOMB)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        logger.warning("Unreadable zip upload (%s): %s", kind, exc)
        raise PlanImportError(_corrupt_message(kind)) from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise PlanImportError(MSG_ZIP_BOMB)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > ZIP_RATIO_MIN_MEMBER_SIZE and (
            info.compress_size <= 0 or info.file_size / info.compress_size > MAX_ZIP_RATIO
        ):
            raise PlanImportError(MSG_ZIP_BOMB)
    if total > MAX_ZIP_TOTAL_UNCOMPRESSED:
        raise PlanImportError(MSG_ZIP_BOMB)
    try:
        _inspect_package(zf, kind)
    except BaseException:
        zf.close()
        raise
    return zf


def _inspect_package(zf: zipfile.ZipFile, kind: str) -> None:
    """Inflate every member in bounded steps (never more than it declares, never more than
    `MAX_ZIP_TOTAL_UNCOMPRESSED` in all) and pass each XML part through a streaming defusedxml
    parser: no DOCTYPE/entities, at most `MAX_XML_PART_BYTES` per part and `MAX_XML_ELEMENTS`
    in the package. Nothing is kept: afterwards the declared sizes are known to be true."""
    total = 0
    counter = _ElementCounter()
    for info in zf.infolist():
        is_xml = info.filename.lower().endswith((".xml", ".rels"))
        parser = _xml_checker() if is_xml else None
        size = 0
        try:
            for chunk in _inflate_member(zf, info, kind):
                size += len(chunk)
                total += len(chunk)
                if total > MAX_ZIP_TOTAL_UNCOMPRESSED:
                    raise PlanImportError(MSG_ZIP_BOMB)
                if parser is not None:
                    if size > MAX_XML_PART_BYTES:
                        raise PlanImportError(MSG_XML_TOO_LARGE)
                    counter.add(chunk)
                    parser.feed(chunk)
            if parser is not None and size:
                parser.close()
        except PlanImportError:
            raise
        except defusedxml.DefusedXmlException as exc:
            logger.warning("XML declarations in %s of an upload: %r", info.filename, exc)
            raise PlanImportError(MSG_XML_DECLARATION) from exc
        except Exception as exc:  # noqa: BLE001 - ParseError, zlib errors…: a damaged file
            logger.warning("Unreadable part %s in an upload: %s", info.filename, exc)
            raise PlanImportError(_corrupt_message(kind)) from exc


class _ElementCounter:
    """Counts start tags in the raw XML as it streams by ("<" not followed by "/", "?" or "!";
    "<" inside CDATA or comments counts too, erring on the safe side): at C speed, where a
    parser callback per element would double the time. The parser checks the rest."""

    def __init__(self) -> None:
        self.count = 0
        self._last = b""

    def add(self, chunk: bytes) -> None:
        if self._last == b"<" and chunk[:1] in (b"/", b"?", b"!"):
            self.count -= 1  # a "<" ending the previous chunk was not a start tag
        self.count += (
            chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
        )
        self._last = chunk[-1:]
        if self.count > MAX_XML_ELEMENTS:
            raise PlanImportError(MSG_XML_TOO_LARGE)


class _XmlChecker:
    """A streaming, tree-less well-formedness check with defusedxml's rules (no DOCTYPE, no
    entity declarations, no external references), on pyexpat directly: defusedxml's own
    parser is the pure-Python ElementTree one, five times slower when nothing is built."""

    def __init__(self) -> None:
        self._parser = expat.ParserCreate()
        self._parser.StartDoctypeDeclHandler = self._doctype
        self._parser.EntityDeclHandler = self._entity
        self._parser.UnparsedEntityDeclHandler = self._unparsed_entity
        self._parser.ExternalEntityRefHandler = self._external_reference

    def feed(self, chunk: bytes) -> None:
        self._parser.Parse(chunk, False)

    def close(self) -> None:
        self._parser.Parse(b"", True)

    @staticmethod
    def _doctype(name, sysid, pubid, has_internal_subset):
        raise defusedxml.DTDForbidden(name, sysid, pubid)

    @staticmethod
    def _entity(name, is_parameter, value, base, sysid, pubid, notation_name):
        raise defusedxml.EntitiesForbidden(name, value, base, sysid, pubid, notation_name)

    @staticmethod
    def _unparsed_entity(name, base, sysid, pubid, notation_name):
        raise defusedxml.EntitiesForbidden(name, None, base, sysid, pubid, notation_name)

    @staticmethod
    def _external_reference(context, base, sysid, pubid):
        raise defusedxml.ExternalReferenceForbidden(context, base, sysid, pubid)


def _xml_checker() -> _XmlChecker:
    return _XmlChecker()


def _inflate_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str):
    """Yield a member's bytes in steps of at most `INFLATE_STEP`, inflated here from the raw
    data after its local header: output beyond the declared size is a zip bomb, whatever the
    headers say; a short or mismatching (CRC) member is a damaged file."""
    if info.flag_bits & 0x1:
        raise PlanImportError(_corrupt_message(kind))  # encrypted members: not Office files
    fp = zf.fp
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) != 30 or header[:4] != ZIP_MAGIC:
        raise PlanImportError(_corrupt_message(kind))
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    position = info.header_offset + 30 + name_length + extra_length
    remaining = info.compress_size
    produced, crc = 0, 0

    def raw_piece() -> bytes:
        nonlocal position, remaining
        if remaining <= 0:
            return b""
        fp.seek(position)
        piece = fp.read(min(INFLATE_STEP, remaining))
        position += len(piece)
        remaining -= len(piece) if piece else remaining
        return piece

    def account(out: bytes) -> None:
        nonlocal produced, crc
        produced += len(out)
        if produced > info.file_size:
            raise PlanImportError(MSG_ZIP_BOMB)  # the headers lie about the size
        crc = zlib.crc32(out, crc)

    if info.compress_type == zipfile.ZIP_STORED:
        while piece := raw_piece():
            account(piece)
            yield piece
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        pending = b""
        while not inflater.eof:
            if not pending:
                pending = raw_piece()
                if not pending:
                    break
            out = inflater.decompress(pending, INFLATE_STEP)
            pending = inflater.unconsumed_tail
            if out:
                account(out)
                yield out
        if not inflater.eof:
            raise PlanImportError(_corrupt_message(kind))
    else:
        raise PlanImportError(_corrupt_message(kind))
    if produced != info.file_size or crc != info.CRC:
        raise PlanImportError(_corrupt_message(kind))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str, cap: int) -> bytes:
    """A member's bytes through `_inflate_member`, refused (zip bomb) past `cap`."""
    pieces, size = [], 0
    for chunk in _inflate_member(zf, info, kind):
        size += len(chunk)
        if size > cap:
            raise PlanImportError(MSG_ZIP_BOMB)
        pieces.append(chunk)
    return b"".join(pieces)


def _declared_entry_count(data: bytes) -> int | None:
    """Entry count from the end-of-central-directory record, before zipfile reads them all."""
    index = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if index < 0 or index + 22 > len(data):
        return None
    count = int.from_bytes(data[index + 10 : index + 12], "little")
    return None if count == 0xFFFF else count  # 0xFFFF: the real count is in the zip64 record


def _zip_office_kind(zf: zipfile.ZipFile) -> str | None:
    """The package's Office kind ("docx", "xlsx" or None), from the parts it holds."""
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    info = _zip_member(zf, "[Content_Types].xml")
    if info is not None and info.file_size <= 1024 * 1024:
        try:
            content_types = _read_member(zf, info, "docx", 1024 * 1024)
        except Exception:  # noqa: BLE001 - a damaged member only means "unknown"
            return None
        if b"wordprocessingml.document.main" in content_types:
            return "docx"
        if b"spreadsheetml.sheet.main" in content_types:
            return "xlsx"
    return None


def _zip_member(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return zf.getinfo(name)
    except KeyError:
        return None


def _wrong_office_kind_message(ext: str, actual: str) -> str:
    actual_name, _ = _app_names(actual)
    return f"文件扩展名为 {ext}，但内容是 {actual_name}，请确认文件类型（应为 .{actual}）"


# ---------------------------------------------------------------------------------------------
# Readers per type


def _read_text_upload(name: str, data: bytes) -> SourceDocument:
    sniffed = sniff(data)
    if sniffed == "zip":
        actual = None
        declared = _declared_entry_count(data)
        if declared is None or declared <= MAX_ZIP_MEMBERS:
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    actual = _zip_office_kind(zf)
            except Exception:  # noqa: BLE001 - any failure: just not an Office package
                actual = None
        if actual is not None:
            raise PlanImportError(_wrong_office_kind_message(".txt", actual))
        raise PlanImportError(
            "文件扩展名为 .txt，但内容是压缩包，不是可识别的文本。请上传 .docx、.txt 或 .xlsx 文件"
        )
    if sniffed == "ole":
        if ENCRYPTED_PACKAGE in data:
            raise PlanImportError(MSG_ENCRYPTED)
        raise PlanImportError(
            "文件扩展名为 .txt，但内容是旧版 Word/Excel 文件。"
            "请在 Word/WPS 中打开后另存为 .docx 或纯文本再上传"
        )
    if sniffed == "pdf":
        raise PlanImportError("文件扩展名为 .txt，但内容是 PDF。请转换为 .docx，或复制全文后粘贴")
    blocks = _text_blocks(decode_text(data))
    if not blocks:
        raise PlanImportError(MSG_NO_CONTENT)
    return SourceDocument(kind="text", filename=name, blocks=blocks)


def _read_office_upload(name: str, ext: str, data: bytes, *, expected: str) -> SourceDocument:
    sniffed = sniff(data)
    if sniffed == "ole":
        raise PlanImportError(_ole_message(data))
    if sniffed == "pdf":
        raise PlanImportError(
            f"文件扩展名为 {ext}，但内容是 PDF。请用 WPS/Word 转换为 .docx，或复制全文后粘贴"
        )
    if sniffed != "zip":
        raise PlanImportError(_corrupt_message(expected))
    return _read_office_package(name, ext, data, expected=expected)


def _read_office_package(name: str, ext: str, data: bytes, *, expected: str) -> SourceDocument:
    zf = _open_zip(data, expected)
    with zf:
        actual = _zip_office_kind(zf)
        if actual is None:
            raise PlanImportError(_corrupt_message(expected))
        if actual != expected:
            raise PlanImportError(_wrong_office_kind_message(ext, actual))
        if actual == "xlsx":
            _check_workbook_size(zf)
    blocks = _read_docx_blocks(data) if actual == "docx" else _read_xlsx_blocks(data)
    if not blocks:
        raise PlanImportError(MSG_NO_CONTENT)
    return SourceDocument(kind=actual, filename=name, blocks=blocks)


def _read_old_format_upload(
    name: str, ext: str, data: bytes, *, expected: str, soffice: str | None
) -> SourceDocument:
    sniffed = sniff(data)
    if sniffed == "zip":
        # Often a .docx/.xlsx renamed, or saved by WPS under the old extension: read it directly.
        return _read_office_package(name, ext, data, expected=expected)
    if sniffed == "ole" and ENCRYPTED_PACKAGE in data:
        raise PlanImportError(MSG_ENCRYPTED)
    if sniffed == "pdf":
        raise PlanImportError(
            f"文件扩展名为 {ext}，但内容是 PDF。请用 WPS/Word 转换为 .docx，或复制全文后粘贴"
        )
    if soffice is None:
        if expected == "docx":
            raise PlanImportError(
                "暂不支持 .doc/.wps 旧格式（本机未安装 LibreOffice），"
                "请在 Word/WPS 中另存为 .docx 后上传"
            )
        raise PlanImportError(
            "暂不支持 .xls/.et 旧格式（本机未安装 LibreOffice），"
            "请在 Excel/WPS 中另存为 .xlsx 后上传"
        )
    converted = _convert_with_libreoffice(soffice, data, ext, expected)
    if not converted.startswith(ZIP_MAGIC):
        raise PlanImportError(_conversion_failed_message(expected))
    return _read_office_package(name, f".{expected}", converted, expected=expected)


# ---------------------------------------------------------------------------------------------
# LibreOffice conversion of .doc/.wps/.xls/.et


def _conversion_failed_message(expected: str) -> str:
    _, apps = _app_names(expected)
    return (
        f"旧格式文件转换失败（文件可能已损坏或设置了密码），请在 {apps} 中另存为 .{expected} 后上传"
    )


def _convert_with_libreoffice(soffice: str, data: bytes, ext: str, target: str) -> bytes:
    """Convert with `soffice --headless --convert-to` in a private temp dir; returns the bytes."""
    with tempfile.TemporaryDirectory(prefix="plan-convert-") as tmp:
        workdir = Path(tmp)
        source = workdir / f"upload{ext}"
        source.write_bytes(data)
        outdir = workdir / "out"
        outdir.mkdir()
        command = [
            soffice,
            # A private profile: concurrent conversions would otherwise fight over one lock.
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            process = subprocess.Popen(
                command,
                cwd=workdir,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group, so a timeout kills it all
            )
        except OSError as exc:
            logger.warning("Could not start LibreOffice (%s): %s", soffice, exc)
            raise PlanImportError(_conversion_failed_message(target)) from exc
        try:
            stdout, stderr = process.communicate(timeout=CONVERT_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            _kill_process_group(process)
            process.communicate()
            logger.warning("LibreOffice conversion of %s timed out", ext)
            raise PlanImportError(
                f"旧格式文件转换超时（超过 {CONVERT_TIMEOUT_SECONDS} 秒），"
                f"请另存为 .{target} 后上传"
            ) from None
        output = outdir / f"upload.{target}"
        if process.returncode != 0 or not output.is_file():
            logger.warning(
                "LibreOffice conversion of %s failed (exit %s): %s %s",
                ext,
                process.returncode,
                stdout[-2000:].decode("utf-8", "replace"),
                stderr[-2000:].decode("utf-8", "replace"),
            )
            raise PlanImportError(_conversion_failed_message(target))
        return output.read_bytes()


def _kill_process_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()


# ---------------------------------------------------------------------------------------------
# Plain text


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16 LE, whose BOM it starts with
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def _utf16_without_bom(data: bytes) -> list[str]:
    """UTF-16 byte orders worth trying, from NUL bytes: ASCII in UTF-16LE leaves NULs at odd
    offsets, in UTF-16BE at even ones. Text in UTF-8 or GB18030 never holds NUL bytes."""
    if len(data) % 2 or b"\x00" not in data:
        return []
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    return ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# What Chinese plan text is made of: CJK ideographs, ASCII letters/digits/punctuation, CJK and
# full-width punctuation, and the symbols these documents use (①、Ⅰ、㈠、℃、≥、■、─ …).
_PLAUSIBLE_RE = re.compile(
    "["
    "\\s"
    "\x21-\x7e"
    "\u00a1-\u00bf\u00d7\u00f7"  # Latin-1 punctuation, ×, ÷
    "\u2010-\u205e"  # general punctuation: – — ‘ ’ “ ” … ‰ ※
    "\u2100-\u22ff"  # letterlike (℃ №), number forms (Ⅰ Ⅱ), arrows, maths (≥ ≤)
    "\u2460-\u27bf"  # enclosed numbers (① ⑴ ⒈), box drawing, shapes (■ ●), dingbats (✔)
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3200-\u33ff"  # enclosed CJK (㈠) and CJK compatibility (㎡)
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef"  # vertical / compatibility / full-width forms
    "\U00020000-\U0003134f"  # CJK ideograph extensions B-H
    "]+"
)
_WHITESPACE_RE = re.compile(r"\s+")


def _looks_like_text(text: str) -> bool:
    """False for binary garbage: NUL, over 1% control characters, or too few of the characters
    Chinese plan text is made of (below 85% of the non-space characters)."""
    if not text:
        return True
    if "\x00" in text:
        return False
    controls = sum(1 for _ in _CONTROL_RE.finditer(text))
    if controls > len(text) * 0.01:
        return False
    non_space = len(text) - sum(len(m) for m in _WHITESPACE_RE.findall(text))
    if non_space == 0:
        return True
    implausible = len(_PLAUSIBLE_RE.sub("", text))
    return (non_space - implausible) / non_space >= 0.85


def _normalise_text(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return text.replace("\u3000", " ").replace("\xa0", " ")


def _text_blocks(text: str) -> list[Block]:
    """One paragraph block per non-empty line (surrounding spaces removed)."""
    return [Block(kind="paragraph", text=line.strip()) for line in text.split("\n") if line.strip()]


def _clean_inline(text: str) -> str:
    """Normalise a piece of document text; keeps inner line breaks, strips each line."""
    lines = (line.strip() for line in _normalise_text(text).split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------------------------
# .docx


def _read_docx_blocks(data: bytes) -> list[Block]:
    import docx  # imported here: the module stays importable without the Office libraries

    try:
        document = docx.Document(io.BytesIO(data))
        return list(_docx_body_blocks(document.element.body))
    except PlanImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever python-docx raises, the file is unusable
        logger.warning("python-docx could not read an upload", exc_info=True)
        raise PlanImportError(MSG_CORRUPT_DOCX) from exc


def _docx_body_blocks(body):
    for kind, element in _iter_block_elements(body):
        if kind == "p":
            for line in _paragraph_text(element).split("\n"):
                if line:
                    yield Block(kind="paragraph", text=line)
        else:
            rows = _docx_table_rows(element)
            if rows:
                yield Block(kind="table", rows=rows)


def _iter_block_elements(container):
    """("p", w:p) and ("tbl", w:tbl) children in document order, looking through block-level
    content controls (w:sdt) and custom XML wrappers."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _W_P:
            yield "p", child
        elif tag == _W_TBL:
            yield "tbl", child
        elif tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _iter_block_elements(content)
        elif tag == _W_CUSTOM_XML:
            yield from _iter_block_elements(child)


def _iter_children(container, tag: str):
    """Children with `tag`, looking through w:sdt / w:customXml wrappers (rows, cells)."""
    for child in container.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _iter_children(content, tag)
        elif child.tag == _W_CUSTOM_XML:
            yield from _iter_children(child, tag)


_RUN_CHILD_TEXT = {
    _w("tab"): "\t",
    _w("ptab"): "\t",
    _w("br"): "\n",
    _w("cr"): "\n",
    _w("noBreakHyphen"): "-",
}
_W_T = _w("t")


def _has_ancestor(element, stop, tags: frozenset[str]) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _paragraph_text(p) -> str:
    """Visible text of a w:p: runs anywhere inside it (hyperlinks, insertions, fields, smart
    tags, inline content controls), without deleted text, text boxes or fallback copies."""
    parts: list[str] = []
    for run in p.iter(_W_R):
        if _has_ancestor(run, p, _SKIPPED_RUN_ANCESTORS):
            continue
        for child in run.iterchildren():
            if child.tag == _W_T:
                parts.append(child.text or "")
            else:
                parts.append(_RUN_CHILD_TEXT.get(child.tag, ""))
    return _clean_inline("".join(parts))


def _int_attr(element, path: str, default: int) -> int:
    found = element.find(path)
    if found is None:
        return default
    try:
        return int(found.get(_W_VAL, default))
    except (TypeError, ValueError):
        return default


def _vmerge_continues(tc) -> bool:
    vmerge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
    return vmerge is not None and vmerge.get(_W_VAL, "continue") == "continue"


def _docx_table_rows(tbl) -> list[list[str]]:
    """Rows of a w:tbl on its layout grid: a horizontally merged cell (gridSpan) repeats across
    the columns it spans, a vertically merged one (vMerge) down the rows it covers."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for tr in _iter_children(tbl, _W_TR):
        before = _int_attr(tr, f"{_w('trPr')}/{_w('gridBefore')}", 0)
        column = min(max(before, 0), MAX_TABLE_COLUMNS)
        current: dict[int, str] = {}
        for tc in _iter_children(tr, _W_TC):
            span = _int_attr(tc, f"{_w('tcPr')}/{_w('gridSpan')}", 1)
            span = min(max(span, 1), MAX_TABLE_COLUMNS)
            continues = _vmerge_continues(tc) and column in above
            text = above[column] if continues else _cell_text(tc)
            for offset in range(span):
                if column + offset < MAX_TABLE_COLUMNS:
                    current[column + offset] = text
            column += span
        above = current
        if any(current.values()):
            width = max(current) + 1
            rows.append([current.get(i, "") for i in range(width)])
    if rows:
        width = max(len(row) for row in rows)
        for row in rows:
            row.extend([""] * (width - len(row)))
    return rows


def _cell_text(tc) -> str:
    lines: list[str] = []
    for kind, element in _iter_block_elements(tc):
        if kind == "p":
            text = _paragraph_text(element)
            if text:
                lines.append(text)
        else:  # a nested table: one line per row
            for row in _docx_table_rows(element):
                line = " ".join(_flatten_cell(cell) for cell in row if cell)
                if line:
                    lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# .xlsx


@dataclass
class _SheetStats:
    rows: int = 0
    cells: int = 0
    merged_cells: int = 0
    max_merged_row: int = 0
    max_merged_column: int = 0


_ROOT_PREFIX_RE = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>/]")
_MERGE_REF_RE_TEMPLATE = (
    rb"<%smergeCell\b[^>]*?\bref=\"(\$?[A-Za-z]+\$?\d+)(?::(\$?[A-Za-z]+\$?\d+))?\""
)
_CELL_REF_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def _check_workbook_size(zf: zipfile.ZipFile) -> None:
    """Bound what openpyxl will load, from the raw worksheet XML: rows and columns per visible
    sheet, cells (including every cell of each merged range) for the whole workbook."""
    names = _worksheet_names(zf)
    shared = _zip_member(zf, "xl/sharedStrings.xml")
    if shared is not None and shared.file_size > MAX_SHARED_STRINGS_BYTES:
        raise PlanImportError("表格内容过多（文字总量超出上限），请删除无关的工作表后再上传")
    total_cells = 0
    for info in zf.infolist():
        part = info.filename
        if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            continue
        if part.count("/") != 2:  # xl/worksheets/_rels/… are not sheets
            continue
        title, visible = names.get(part, (posixpath.splitext(posixpath.basename(part))[0], True))
        stats = _scan_worksheet(zf, info)
        rows = max(stats.rows, stats.max_merged_row)
        if visible and rows > MAX_SHEET_ROWS:
            raise PlanImportError(_too_many_rows_message(title, rows))
        if visible and stats.max_merged_column > MAX_SHEET_COLUMNS:
            raise PlanImportError(_too_many_columns_message(title, stats.max_merged_column))
        total_cells += stats.cells + stats.merged_cells
        if total_cells > MAX_WORKBOOK_CELLS:
            raise PlanImportError(
                f"表格内容过多（单元格超过 {MAX_WORKBOOK_CELLS} 个，工作表“{title}”），"
                "请删除无关的工作表、空行或大范围的合并单元格后再上传"
            )


def _too_many_rows_message(title: str, rows: int) -> str:
    return (
        f"工作表“{title}”的行数过多（{rows} 行，上限为 {MAX_SHEET_ROWS} 行）。"
        "如果实际没有这么多行，可能是整列设置了格式，请删除多余的空行后再上传"
    )


def _too_many_columns_message(title: str, columns: int) -> str:
    return (
        f"工作表“{title}”的列数过多（{columns} 列，上限为 {MAX_SHEET_COLUMNS} 列）。"
        "如果实际没有这么多列，请删除多余的空列后再上传"
    )


def _worksheet_names(zf: zipfile.ZipFile) -> dict[str, tuple[str, bool]]:
    """{"xl/worksheets/sheet1.xml": ("分工表", visible)}; {} if the workbook can't be read."""
    try:
        workbook = _small_xml(zf, "xl/workbook.xml")
        rels = _small_xml(zf, "xl/_rels/workbook.xml.rels")
        if workbook is None or rels is None:
            return {}
        targets = {}
        for rel in rels.iter():
            if _local_name(rel.tag) == "Relationship" and rel.get("Target"):
                target = rel.get("Target", "")
                if target.startswith("/"):
                    part = target.lstrip("/")
                else:
                    part = posixpath.normpath(posixpath.join("xl", target))
                targets[rel.get("Id")] = part
        names = {}
        for sheet in workbook.iter():
            if _local_name(sheet.tag) != "sheet":
                continue
            rel_id = next((v for k, v in sheet.attrib.items() if _local_name(k) == "id"), None)
            if rel_id in targets:
                visible = sheet.get("state", "visible") == "visible"
                names[targets[rel_id]] = (sheet.get("name", ""), visible)
        return names
    except Exception:  # noqa: BLE001 - names are only for messages; openpyxl decides later
        logger.debug("Could not read sheet names before loading", exc_info=True)
        return {}


def _small_xml(zf: zipfile.ZipFile, name: str):
    info = _zip_member(zf, name)
    if info is None or info.file_size > 2 * 1024 * 1024:
        return None
    return DET.fromstring(_read_member(zf, info, "xlsx", 2 * 1024 * 1024), forbid_dtd=True)


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _scan_worksheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> _SheetStats:
    """Count <row>, <c> and merged-range cells in a worksheet part, streaming its bytes."""
    stats = _SheetStats()
    prefix: bytes | None = None
    merge_re = None
    carry = b""
    try:
        chunks = _inflate_member(zf, info, "xlsx")
        while True:
            chunk = next(chunks, b"")
            buffer = carry + chunk
            if chunk:
                # Count only up to the last complete tag; the rest waits for the next chunk.
                cut = buffer.rfind(b">") + 1
                if cut == 0 and len(buffer) < 4 * 1024 * 1024:
                    carry = buffer
                    continue
                buffer, carry = (buffer[:cut], buffer[cut:]) if cut else (buffer, b"")
            if prefix is None:
                match = _ROOT_PREFIX_RE.search(buffer)
                prefix = (match.group(1) or b"") if match else b""
                merge_re = re.compile(_MERGE_REF_RE_TEMPLATE % re.escape(prefix))
            _count_tags(buffer, prefix, merge_re, stats)
            if not chunk:
                break
    except PlanImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - bad CRC, unsupported compression, zlib errors
        logger.warning("Unreadable worksheet %s in an upload: %s", info.filename, exc)
        raise PlanImportError(MSG_CORRUPT_XLSX) from exc
    return stats


def _count_tags(buffer: bytes, prefix: bytes, merge_re, stats: _SheetStats) -> None:
    row_open, cell_open = b"<" + prefix + b"row", b"<" + prefix + b"c"
    for end in (b" ", b">", b"/", b"\n", b"\t", b"\r"):
        stats.rows += buffer.count(row_open + end)
        stats.cells += buffer.count(cell_open + end)
    if b"mergeCell" not in buffer:
        return
    for match in merge_re.finditer(buffer):
        first = _cell_position(match.group(1).decode("ascii"))
        last = _cell_position(match.group(2).decode("ascii")) if match.group(2) else first
        if first is None or last is None:
            continue
        rows = abs(last[0] - first[0]) + 1
        columns = abs(last[1] - first[1]) + 1
        stats.merged_cells += rows * columns
        stats.max_merged_row = max(stats.max_merged_row, first[0], last[0])
        stats.max_merged_column = max(stats.max_merged_column, first[1], last[1])


def _cell_position(ref: str) -> tuple[int, int] | None:
    match = _CELL_REF_RE.fullmatch(ref)
    if not match:
        return None
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + (ord(letter) - 64)
    return int(match.group(2)), column


def _read_xlsx_blocks(data: bytes) -> list[Block]:
    import openpyxl  # imported here: the module stays importable without the Office libraries

    try:
        with warnings.catch_warnings():
            # "Data Validation extension is not supported", "Unknown extension"…: noise here.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
        try:
            blocks = []
            for sheet in workbook.worksheets:
                if sheet.sheet_state != "visible":
                    continue
                rows = _sheet_rows(sheet)
                if rows:
                    blocks.append(Block(kind="table", rows=rows))
            return blocks
        finally:
            workbook.close()
    except PlanImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl raises, the file is unusable
        logger.warning("openpyxl could not read an upload", exc_info=True)
        raise PlanImportError(MSG_CORRUPT_XLSX) from exc


def _sheet_rows(sheet) -> list[list[str]]:
    max_row, max_column = sheet.max_row, sheet.max_column
    if max_row > MAX_SHEET_ROWS:
        raise PlanImportError(_too_many_rows_message(sheet.title, max_row))
    if max_column > MAX_SHEET_COLUMNS:
        raise PlanImportError(_too_many_columns_message(sheet.title, max_column))
    values: dict[tuple[int, int], str] = {}
    # The stored cells only (openpyxl keeps them in `_cells`): iter_rows() would create a cell
    # object for every empty position of the used range.
    for (row, column), cell in sheet._cells.items():
        if cell.value is None:
            continue
        text = _cell_string(cell.value, cell.number_format)
        if text:
            values[row, column] = text
    for merged in sheet.merged_cells.ranges:
        top_left = values.get((merged.min_row, merged.min_col))
        if not top_left:
            continue
        for row in range(merged.min_row, min(merged.max_row, max_row) + 1):
            for column in range(merged.min_col, min(merged.max_col, max_column) + 1):
                values[row, column] = top_left
    if not values:
        return []
    width = max(column for _, column in values)  # trailing empty columns dropped
    used_rows = sorted({row for row, _ in values})  # fully empty rows dropped
    return [[values.get((row, column), "") for column in range(1, width + 1)] for row in used_rows]


def _cell_string(value, number_format: str | None = None) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if number_format and "%" in number_format:
            return _number_string(round(value * 100, 10)) + "%"
        return _number_string(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, str):
        return _clean_inline(value)
    return _clean_inline(str(value))


def _number_string(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.15g}"


def check_zip_package(data: bytes, kind: str) -> None:
    """Check an Office package (`kind`: docx or xlsx) the way an import does, without parsing
    it into a document: zip bomb limits, every member inflated with capped reads, the XML
    checks (no DOCTYPE/entities, element and size limits), an Office package at all, and the
    workbook limits for a spreadsheet. Raises PlanImportError. Report attachments use it."""
    with _open_zip(data, kind) as zf:
        actual = _zip_office_kind(zf)
        if actual is None:
            raise PlanImportError(_corrupt_message(kind))
        if actual == "xlsx":
            _check_workbook_size(zf)
