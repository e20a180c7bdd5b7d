"""Hostile uploads built in the tests (issue #13): zip bombs that pass the declared-size checks,
XML entity bombs, oversized workbooks, polyglot images and PDFs with active content.

Each is a small version of the file reported, built the same way."""

import io
import os
import struct
import zipfile
import zlib

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def plain_docx(text: str = "2026年3月家庭医生签约工作进展") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plain_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["指标", "实际值"])
    workbook.active.append(["家庭医生签约服务率", 45])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def replace_members(data: bytes, replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, replace.get(info.filename, source.read(info)))
    return buffer.getvalue()


def lying_size_docx(megabytes: int = 200, declared: int = 10_000) -> bytes:
    """A .docx whose word/document.xml inflates to `megabytes` MB while its local header and
    its central directory entry both declare `declared` bytes (so every declared-size check,
    total and ratio, passes)."""
    source = zipfile.ZipFile(io.BytesIO(plain_docx()))
    buffer = io.BytesIO()
    name = "word/document.xml"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename == name:
                with archive.open(name, "w") as stream:
                    stream.write(XML_HEAD + f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
                    zeros = b"\0" * (1024 * 1024)
                    for _ in range(megabytes):
                        stream.write(zeros)
            else:
                archive.writestr(info.filename, source.read(info))
        member = archive.getinfo(name)
    data = bytearray(buffer.getvalue())
    # Local header: the uncompressed size is at offset 22; central directory entry: at 24.
    assert data[member.header_offset : member.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, member.header_offset + 22, declared)
    encoded = name.encode()
    index = data.find(b"PK\x01\x02")
    while data[index + 46 : index + 46 + len(encoded)] != encoded:
        index = data.find(b"PK\x01\x02", index + 4)
        assert index >= 0
    struct.pack_into("<I", data, index + 24, declared)
    return bytes(data)


def many_elements_xml(paragraphs: int) -> bytes:
    """document.xml with `paragraphs` paragraphs of random text: 3 elements each, and random
    enough that the deflate ratio stays far under the 200:1 threshold."""
    noise = os.urandom(paragraphs * 4).hex()
    body = "".join(
        f"<w:p><w:r><w:t>{noise[i * 8 : i * 8 + 8]}</w:t></w:r></w:p>" for i in range(paragraphs)
    )
    return XML_HEAD + f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode()


def under_ratio_docx(paragraphs: int = 400_000) -> bytes:
    """A .docx with honest headers and a modest ratio, but more XML than a parser should take
    (the reported file: 5 MB holding 95 MB of XML; this one: ~2.5 MB holding ~16 MB, 1.2M
    elements)."""
    return replace_members(plain_docx(), {"word/document.xml": many_elements_xml(paragraphs)})


BILLION_LAUGHS = (
    XML_HEAD + b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    b'<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    b'<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    b'<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    b'<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    b'<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>'
    + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'.encode()
    + b"</w:body></w:document>"
)


def billion_laughs_docx() -> bytes:
    return replace_members(plain_docx(), {"word/document.xml": BILLION_LAUGHS})


def many_cells_xlsx(rows: int = 2_010, columns: int = 100) -> bytes:
    """A workbook of rows x columns stored cells (201k by default) with real, honest XML."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    parts = []
    for r in range(1, rows + 1):
        cells = "".join(f'<c r="{letter}{r}"><v>{r}</v></c>' for letter in letters)
        parts.append(f'<row r="{r}">{cells}</row>')
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(parts)}</sheetData></worksheet>"
    )
    return replace_members(plain_xlsx(), {"xl/worksheets/sheet1.xml": XML_HEAD + sheet.encode()})


def zero_bomb_docx(megabytes: int = 4) -> bytes:
    """A tiny zip whose document part inflates to megabytes of zeros (ratio far above 200)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00" * (megabytes * 1024 * 1024))
    return buffer.getvalue()


# Images and PDFs -------------------------------------------------------------------------


def real_png(size: tuple[int, int] = (4, 3)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (255, 255, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def real_jpg(size: tuple[int, int] = (16, 12)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_html_polyglot() -> bytes:
    return real_png() + b"<html><body><script>alert(document.cookie)</script></body></html>"


def jpg_php_polyglot() -> bytes:
    return real_jpg() + b"<?php system($_GET['c']); ?>"


def png_pixel_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG that declares 900M pixels in a few hundred bytes (decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * width
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def simple_pdf(extra_catalog: bytes = b"", extra_objects: bytes = b"") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R" + extra_catalog + b">> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        + extra_objects
        + b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


def pdf_with_javascript() -> bytes:
    return simple_pdf(
        b" /OpenAction 3 0 R",
        b"3 0 obj <</S /JavaScript /JS (app.alert\\('x'\\))>> endobj\n",
    )


def pdf_with_hex_escaped_js() -> bytes:
    # /J#53 is the name /JS written with a hex escape.
    return simple_pdf(b" /OpenAction 3 0 R", b"3 0 obj <</S /JavaScript /J#53 (x)>> endobj\n")


def pdf_with_launch() -> bytes:
    return simple_pdf(b" /OpenAction <</S /Launch /F (cmd.exe)>>")


def pdf_with_embedded_file() -> bytes:
    return simple_pdf(
        b" /Names <</EmbeddedFiles 3 0 R>>",
        b"3 0 obj <</Names [(a.exe) 4 0 R]>> endobj\n"
        b"4 0 obj <</Type /Filespec /EF <</F 5 0 R>>>> endobj\n"
        b"5 0 obj <</Type /EmbeddedFile /Length 2>> stream\nMZ\nendstream endobj\n",
    )


def pdf_with_js_in_object_stream() -> bytes:
    """The /JS dictionary hidden in a compressed object stream (PDF 1.5)."""
    objects = b"3 0 obj <</S /JavaScript /JS (app.alert\\(1\\))>>"
    packed = zlib.compress(b"3 0 " + objects[len(b"3 0 obj ") :])
    return simple_pdf(
        b" /OpenAction 3 0 R",
        b"6 0 obj <</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b">> stream\n"
        + packed
        + b"\nendstream endobj\n",
    )


def pdf_zip_polyglot() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return simple_pdf() + buffer.getvalue()
