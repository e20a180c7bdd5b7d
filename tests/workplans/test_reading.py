"""Reading uploads into text and tables: encodings, Word, Excel, and every way a file can be bad."""

import datetime as dt
import io
import os
import stat
import sys
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml

from tests import hostile_files
from tests.hostile_files import replace_members as rewrite_zip
from tests.upload_probe import measure
from workplans.parsing import reading
from workplans.parsing.errors import PlanImportError
from workplans.parsing.reading import (
    MAX_UPLOAD_BYTES,
    SourceDocument,
    decode_text,
    read_pasted_text,
    read_upload,
)

SAMPLE = (
    "2021年赫山区卫生健康工作要点\n"
    "一、切实加强党的全面领导\n"
    "抓好党史学习教育。扎实认真开展好党史学习教育活动"
)
SAMPLE_FILE = Path(__file__).resolve().parents[2] / "workplans/samples/2021-heshan-health-plan.txt"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refused(filename: str, data: bytes) -> str:
    with pytest.raises(PlanImportError) as caught:
        read_upload(filename, data)
    return caught.value.message


# ---------------------------------------------------------------------------------------------
# Fixture builders


def docx_bytes() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉文字不应出现"
    document.sections[0].footer.paragraphs[0].text = "页脚文字不应出现"
    document.add_heading("2021年赫山区卫生健康工作要点", level=1)
    document.add_paragraph("一、切实加强党的全面领导")
    document.add_paragraph("")
    document.add_paragraph("\u3000\u3000抓好党史学习教育。")
    table = document.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "牵头单位"], strict=True):
        cell.text = text
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "抓好党史学习教育"
    table.cell(1, 2).text = "办公室"
    table.cell(1, 2).merge(table.cell(2, 2))  # vertical merge
    table.cell(2, 0).text = "2"
    table.cell(2, 1).text = "推进健康赫山建设"
    table.cell(3, 0).text = "合计"
    table.cell(3, 0).merge(table.cell(3, 2))  # horizontal merge
    document.add_paragraph("二、全面推进健康赫山建设")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "分工表"
    sheet["A1"] = "2021年重点工作任务分工表"
    sheet.merge_cells("A1:D1")
    # row 2 left empty: the header is on row 3
    sheet.append([])
    sheet.append(["序号", "工作任务", "牵头单位", "完成时限"])
    sheet.append([1, "抓好党史学习教育", "办公室", dt.datetime(2021, 6, 30)])
    sheet.append([2.0, "提高群众满意度", "医政股", dt.date(2021, 12, 31)])
    sheet.append([3.25, "满意度达到", None, 0.95])
    sheet["D6"].number_format = "0%"
    sheet.merge_cells("C5:C6")
    sheet.cell(row=9, column=8).number_format = "0.00"  # a styled empty cell: trailing column
    hidden = workbook.create_sheet("隐藏")
    hidden["A1"] = "不应读取"
    hidden.sheet_state = "hidden"
    workbook.create_sheet("空表")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb_bytes(member: str = "word/document.xml", megabytes: int = 150) -> bytes:
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(member, "w", force_zip64=True) as stream,
    ):
        for _ in range(megabytes):
            stream.write(chunk)
    return buffer.getvalue()


def many_members_zip(count: int = 2_001) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b"<x/>")
        for i in range(count):
            archive.writestr(f"word/media/{i}.txt", b"")
    return buffer.getvalue()


def xlsx_with_sheet_xml_edit(old: bytes, new: bytes) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = "任务"
    workbook.active["A1"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert old in sheet_xml
    return rewrite_zip(data, {"xl/worksheets/sheet1.xml": sheet_xml.replace(old, new, 1)})


def docx_with_body_xml(xml: str) -> bytes:
    document = docx.Document()
    body = document.element.body
    body.insert(0, parse_xml(xml))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ENCRYPTED = OLE_MAGIC + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 2048
OLD_BINARY = OLE_MAGIC + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 2048


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    return zip_bomb_bytes()


# ---------------------------------------------------------------------------------------------
# Text and encodings


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-8-sig"),
        SAMPLE.encode("gb18030"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("gb2312"),
        SAMPLE.encode("utf-16-le"),
        b"\xff\xfe" + SAMPLE.encode("utf-16-le"),
        b"\xfe\xff" + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-32"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "gb2312", "utf16le", "utf16le-bom", "utf16be-bom"]
    + ["utf16be", "utf32-bom"],
)
def test_text_encodings_round_trip_exactly(encoded):
    assert decode_text(encoded) == SAMPLE
    document = read_upload("要点.txt", encoded)
    assert document.kind == "text"
    assert document.filename == "要点.txt"
    assert document.text == SAMPLE
    assert [b.text for b in document.blocks] == SAMPLE.split("\n")


def test_gb18030_only_characters_survive():
    text = "㐀䶵 扩展汉字𠀀与欧元€符号"
    assert decode_text(text.encode("gb18030")) == text


def test_text_normalisation_keeps_lines():
    data = "\ufeff第一行\r\n\u3000\u3000第二行\xa0末尾\r第三行\n\n".encode()
    assert decode_text(data) == "第一行\n  第二行 末尾\n第三行\n\n"
    document = read_upload("a.txt", data)
    assert [b.text for b in document.blocks] == ["第一行", "第二行 末尾", "第三行"]


def test_real_sample_file():
    document = read_upload(SAMPLE_FILE.name, SAMPLE_FILE.read_bytes())
    assert document.kind == "text"
    assert "一、切实加强党的全面领导" in document.text
    assert "\r" not in document.text


def test_random_bytes_named_txt_refused():
    message = refused("plan.txt", os.urandom(4096))
    assert "文本" in message
    assert "编码" in message


def test_text_with_nul_or_control_characters_refused():
    assert "文本" in refused("a.txt", "工作要点".encode() + b"\x00\x01\x02" * 50)
    with pytest.raises(PlanImportError):
        decode_text(("工作要点" * 10 + "\x07" * 10).encode())


def test_latin1_garbage_refused_rather_than_mojibake():
    # Valid UTF-8, but not plan text: mostly accented Latin letters.
    assert "文本" in refused("a.txt", ("ÃÂ¤Ã¥Â·Â¥ÃÂ½ÂÃ¨Â¦ÂÃ§ÂÂ¹" * 20).encode())


def test_docx_named_txt_gets_a_clear_message():
    message = refused("plan.txt", docx_bytes())
    assert ".txt" in message
    assert "Word" in message


def test_whitespace_only_text_file_refused():
    assert "空" in refused("a.txt", " \r\n\u3000\n".encode())


def test_pasted_text():
    document = read_pasted_text("  2021年工作要点\r\n\r\n\u3000一、加强党建  \n")
    assert document.kind == "text"
    assert [b.text for b in document.blocks] == ["2021年工作要点", "一、加强党建"]
    assert document.text == "2021年工作要点\n一、加强党建"


@pytest.mark.parametrize("blank", ["", "   ", "\n\r\n\t", "\u3000\xa0"])
def test_pasted_blank_text_refused(blank):
    with pytest.raises(PlanImportError) as caught:
        read_pasted_text(blank)
    assert "空" in caught.value.message


# ---------------------------------------------------------------------------------------------
# Word


def test_docx_paragraphs_and_tables_in_order():
    document = read_upload("2021年工作要点.docx", docx_bytes())
    assert document.kind == "docx"
    assert [b.kind for b in document.blocks] == [
        "paragraph",
        "paragraph",
        "paragraph",
        "table",
        "paragraph",
    ]
    assert [b.text for b in document.blocks if b.kind == "paragraph"] == [
        "2021年赫山区卫生健康工作要点",
        "一、切实加强党的全面领导",
        "抓好党史学习教育。",
        "二、全面推进健康赫山建设",
    ]
    table = document.blocks[3]
    assert table.rows == [
        ["序号", "工作任务", "牵头单位"],
        ["1", "抓好党史学习教育", "办公室"],
        ["2", "推进健康赫山建设", "办公室"],  # vertically merged value repeated
        ["合计", "合计", "合计"],  # horizontally merged value repeated
    ]
    assert "序号\t工作任务\t牵头单位\n1\t抓好党史学习教育\t办公室\n" in document.text
    assert "页眉" not in document.text
    assert "页脚" not in document.text


def test_docx_extension_is_case_insensitive_and_path_is_dropped():
    document = read_upload("C:\\fakepath\\PLAN.DOCX", docx_bytes())
    assert document.kind == "docx"
    assert document.filename == "PLAN.DOCX"


def test_docx_tracked_changes_hyperlinks_and_content_controls():
    data = docx_with_body_xml(
        f"<w:sdt {W_NS}><w:sdtContent><w:p>"
        "<w:r><w:t>一、</w:t></w:r>"
        '<w:ins w:id="1" w:author="a"><w:r><w:t>加强</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除的字</w:delText></w:r></w:del>'
        '<w:hyperlink w:anchor="x"><w:r><w:t>党建</w:t></w:r></w:hyperlink>'
        "<w:r><w:tab/><w:t>工作</w:t></w:r>"
        "</w:p></w:sdtContent></w:sdt>"
    )
    document = read_upload("a.docx", data)
    assert document.blocks[0].text == "一、加强党建\t工作"


def test_docx_long_vertical_merge_and_huge_span_are_fast():
    rows = "<w:tr><w:tc><w:p><w:r><w:t>牵头</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"
    rows += (
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
        "<w:tc><w:p><w:r><w:t>任务</w:t></w:r></w:p></w:tc></w:tr>"
    ) * 5_000
    rows += (
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>'
        "<w:p><w:r><w:t>宽</w:t></w:r></w:p></w:tc></w:tr>"
    )
    data = docx_with_body_xml(f"<w:tbl {W_NS}>{rows}</w:tbl>")
    started = time.perf_counter()
    document = read_upload("a.docx", data)
    assert time.perf_counter() - started < 2
    table = document.blocks[0].rows
    assert len(table) == 5_002
    assert table[1] == ["牵头", "任务"] + [""] * (len(table[1]) - 2)
    assert table[-1][0] == "宽"
    assert len(table[-1]) == reading.MAX_TABLE_COLUMNS


def test_docx_that_is_really_xlsx():
    message = refused("plan.docx", xlsx_bytes())
    assert "Excel" in message
    assert ".docx" in message


def test_xlsx_that_is_really_docx():
    message = refused("plan.xlsx", docx_bytes())
    assert "Word" in message


def test_truncated_docx_refused():
    data = docx_bytes()
    assert "损坏" in refused("plan.docx", data[: len(data) // 2])


def test_docx_with_broken_xml_refused_without_traceback():
    data = rewrite_zip(docx_bytes(), {"word/document.xml": b"<w:document><w:body><w:p>"})
    assert "损坏" in refused("plan.docx", data)


def test_plain_text_named_docx_refused():
    assert "损坏" in refused("plan.docx", SAMPLE.encode())


# ---------------------------------------------------------------------------------------------
# Excel


def test_xlsx_rows_merges_and_values():
    document = read_upload("分工表.xlsx", xlsx_bytes())
    assert document.kind == "xlsx"
    assert len(document.blocks) == 1  # hidden and empty sheets skipped
    rows = document.blocks[0].rows
    assert rows == [
        ["2021年重点工作任务分工表"] * 4,
        ["序号", "工作任务", "牵头单位", "完成时限"],
        ["1", "抓好党史学习教育", "办公室", "2021-06-30"],
        ["2", "提高群众满意度", "医政股", "2021-12-31"],
        ["3.25", "满意度达到", "医政股", "95%"],
    ]
    assert document.text.split("\n")[1] == "序号\t工作任务\t牵头单位\t完成时限"
    assert "不应读取" not in document.text


def test_xlsx_too_many_rows_names_the_sheet():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "大表"
    for i in range(reading.MAX_SHEET_ROWS + 1):
        sheet.append([i])
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.perf_counter()
    message = refused("a.xlsx", buffer.getvalue())
    assert time.perf_counter() - started < 2
    assert "大表" in message
    assert "行数过多" in message


def test_xlsx_too_many_columns_names_the_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.title = "宽表"
    workbook.active.cell(row=1, column=reading.MAX_SHEET_COLUMNS + 1, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    message = refused("a.xlsx", buffer.getvalue())
    assert "宽表" in message
    assert "列数过多" in message


def test_xlsx_giant_merged_range_refused_before_loading():
    data = xlsx_with_sheet_xml_edit(
        b"</sheetData>",
        b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    )
    started = time.perf_counter()
    message = refused("a.xlsx", data)
    assert time.perf_counter() - started < 2
    assert "任务" in message


def test_xlsx_with_broken_xml_refused():
    data = xlsx_with_sheet_xml_edit(b"</sheetData>", b"</sheetDat>")
    assert "损坏" in refused("a.xlsx", data)


# ---------------------------------------------------------------------------------------------
# Bad files


def test_zip_bomb_refused(zip_bomb):
    assert len(zip_bomb) < 1024 * 1024
    assert "压缩炸弹" in refused("plan.docx", zip_bomb)
    assert "压缩炸弹" in refused("plan.xlsx", zip_bomb_bytes("xl/workbook.xml", megabytes=150))


def test_high_ratio_member_refused_even_under_total_limit():
    assert "压缩炸弹" in refused("plan.docx", zip_bomb_bytes(megabytes=5))


def test_too_many_zip_members_refused():
    assert "压缩炸弹" in refused("plan.docx", many_members_zip())


@pytest.mark.parametrize("filename", ["plan.docx", "plan.xlsx", "plan.doc", "plan.xls"])
def test_encrypted_office_file_refused(filename):
    message = refused(filename, ENCRYPTED)
    assert "加密" in message
    assert "密码" in message


@pytest.mark.parametrize("filename", ["plan.docx", "plan.xlsx"])
def test_old_binary_format_under_new_extension_refused(filename):
    assert "旧版" in refused(filename, OLD_BINARY)


@pytest.mark.parametrize("filename", ["plan.pdf", "plan.exe", "plan.png", "plan", "plan.docx.zip"])
def test_wrong_extension_lists_accepted_types(filename, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice
    message = refused(filename, b"%PDF-1.7 whatever")
    for accepted in (".docx", ".txt", ".xlsx"):
        assert accepted in message
    assert ".doc、" not in message


def test_empty_file_refused():
    assert "空" in refused("plan.docx", b"")
    assert "0 字节" in refused("plan.txt", b"")


def test_oversize_file_refused():
    message = refused("plan.txt", b"a" * (MAX_UPLOAD_BYTES + 1))
    assert "过大" in message
    assert "10 MB" in message


def test_old_formats_without_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert "LibreOffice" in refused("plan.doc", OLD_BINARY)
    assert ".docx" in refused("plan.WPS", OLD_BINARY)
    assert ".xlsx" in refused("plan.xls", OLD_BINARY)
    # A .doc that is really a .docx (renamed, or saved so by WPS) is read by content.
    assert read_upload("plan.doc", docx_bytes()).kind == "docx"


# ---------------------------------------------------------------------------------------------
# LibreOffice conversion, with a stand-in `soffice` on PATH


def fake_soffice(tmp_path: Path, monkeypatch, output: bytes, sleep: bool = False) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "converted").write_bytes(output)
    script = bin_dir / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, sys, time\n"
        "args = sys.argv[1:]\n"
        "assert '--headless' in args\n"
        f"if {sleep!r}:\n"
        "    time.sleep(30)\n"
        "outdir = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "target = args[args.index('--convert-to') + 1]\n"
        "source = pathlib.Path(args[-1])\n"
        f"data = pathlib.Path({str(tmp_path / 'converted')!r}).read_bytes()\n"
        "(outdir / (source.stem + '.' + target)).write_bytes(data)\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bin_dir))


def test_old_doc_converted_with_libreoffice(monkeypatch, tmp_path):
    fake_soffice(tmp_path, monkeypatch, docx_bytes())
    document = read_upload("2021年工作要点.doc", OLD_BINARY)
    assert document.kind == "docx"
    assert document.filename == "2021年工作要点.doc"
    assert "一、切实加强党的全面领导" in document.text
    assert ".wps" in refused("plan.pdf", b"%PDF-1.7")


def test_old_xls_converted_with_libreoffice(monkeypatch, tmp_path):
    fake_soffice(tmp_path, monkeypatch, xlsx_bytes())
    document = read_upload("分工表.et", OLD_BINARY)
    assert document.kind == "xlsx"
    assert document.blocks[0].rows[1] == ["序号", "工作任务", "牵头单位", "完成时限"]


def test_libreoffice_timeout(monkeypatch, tmp_path):
    fake_soffice(tmp_path, monkeypatch, docx_bytes(), sleep=True)
    monkeypatch.setattr(reading, "CONVERT_TIMEOUT_SECONDS", 1)
    started = time.perf_counter()
    assert "超时" in refused("plan.doc", OLD_BINARY)
    assert time.perf_counter() - started < 10


# ---------------------------------------------------------------------------------------------
# Every bad case answers quickly


def test_every_bad_case_is_fast(zip_bomb, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    data = docx_bytes()
    cases = {
        "zip bomb": ("plan.docx", zip_bomb),
        "members": ("plan.docx", many_members_zip()),
        "encrypted": ("plan.xlsx", ENCRYPTED),
        "old binary": ("plan.docx", OLD_BINARY),
        "old format": ("plan.doc", OLD_BINARY),
        "truncated": ("plan.docx", data[: len(data) // 2]),
        "random": ("plan.txt", os.urandom(MAX_UPLOAD_BYTES)),
        "pdf": ("plan.pdf", b"%PDF-1.7"),
        "wrong kind": ("plan.docx", xlsx_bytes()),
        "empty": ("plan.docx", b""),
        "oversize": ("plan.txt", b"a" * (MAX_UPLOAD_BYTES + 1)),
    }
    for name, (filename, payload) in cases.items():
        started = time.perf_counter()
        with pytest.raises(PlanImportError):
            read_upload(filename, payload)
        assert time.perf_counter() - started < 2, name
    started = time.perf_counter()
    with pytest.raises(PlanImportError):
        read_pasted_text(" \n" * 1000)
    assert time.perf_counter() - started < 2


def test_source_document_text_flattens_cells():
    document = SourceDocument(
        kind="docx",
        filename="a.docx",
        blocks=[
            reading.Block(kind="paragraph", text="标题"),
            reading.Block(kind="table", rows=[["a\nb", "c\td"], ["e", ""]]),
        ],
    )
    assert document.text == "标题\na b\tc d\ne\t"


# ---------------------------------------------------------------------------------------------
# Zip bombs that pass the declared-size checks, XML bombs (issue #13, section 2)


def test_member_inflating_past_its_declared_size_is_a_zip_bomb():
    data = hostile_files.lying_size_docx(megabytes=200, declared=10_000)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert info.file_size == 10_000  # every declared-size check passes
    started = time.perf_counter()
    assert "压缩炸弹" in refused("plan.docx", data)
    assert time.perf_counter() - started < 1


def test_xml_under_the_ratio_threshold_but_too_many_elements_is_refused():
    data = hostile_files.under_ratio_docx()
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("word/document.xml")
    assert info.file_size / info.compress_size < reading.MAX_ZIP_RATIO
    assert len(data) < MAX_UPLOAD_BYTES
    started = time.perf_counter()
    assert "文档结构超出上限" in refused("plan.docx", data)
    assert time.perf_counter() - started < 5


def package_elements(data: bytes) -> int:
    archive = zipfile.ZipFile(io.BytesIO(data))
    counter = reading._ElementCounter()
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")):
            counter.add(archive.read(info))
    return counter.count


def test_element_limit_counts_the_whole_package(monkeypatch):
    xml = hostile_files.many_elements_xml(200)  # 600 elements
    one = rewrite_zip(docx_bytes(), {"customXml/item1.xml": xml})
    buffer = io.BytesIO(one)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("customXml/item9.xml", xml)
    two = buffer.getvalue()
    monkeypatch.setattr(reading, "MAX_XML_ELEMENTS", package_elements(one) + 100)
    assert read_upload("plan.docx", one).kind == "docx"
    assert "文档结构超出上限" in refused("plan.docx", two)


def test_xml_part_over_the_byte_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_XML_PART_BYTES", 64 * 1024)
    data = rewrite_zip(docx_bytes(), {"word/document.xml": reading_xml_of_bytes(100 * 1024)})
    assert "文档结构超出上限" in refused("plan.docx", data)


def reading_xml_of_bytes(size: int) -> bytes:
    text = os.urandom(size // 2).hex()
    return f"<w:document {W_NS}><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>".encode()


@pytest.mark.parametrize(
    ("filename", "part"),
    [("plan.docx", "word/document.xml"), ("plan.xlsx", "xl/worksheets/sheet1.xml")],
)
def test_doctype_and_entities_are_refused(filename, part):
    base = docx_bytes() if filename.endswith("docx") else xlsx_bytes()
    data = rewrite_zip(base, {part: hostile_files.BILLION_LAUGHS})
    started = time.perf_counter()
    assert "DOCTYPE" in refused(filename, data)
    assert time.perf_counter() - started < 1


def test_member_with_a_bad_crc_is_refused_as_damaged():
    data = bytearray(docx_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    # Central directory CRC of word/document.xml (offset 16 in its entry).
    encoded = b"word/document.xml"
    index = data.find(b"PK\x01\x02")
    while data[index + 46 : index + 46 + len(encoded)] != encoded:
        index = data.find(b"PK\x01\x02", index + 4)
    data[index + 16 : index + 20] = ((info.CRC + 1) & 0xFFFFFFFF).to_bytes(4, "little")
    assert "损坏" in refused("plan.docx", bytes(data))


def test_refused_hostile_uploads_stay_under_100_mb_above_idle():
    """Peak resident memory above idle and time for each refused file, in a fresh process
    (libxml2 and zlib allocate outside Python's allocator); printed for the record."""
    results = measure(
        "import",
        {
            "lying-sizes.docx": hostile_files.lying_size_docx(),
            "under-ratio.docx": hostile_files.under_ratio_docx(),
            "billion-laughs.docx": hostile_files.billion_laughs_docx(),
            "200k-cells.xlsx": hostile_files.many_cells_xlsx(),
            "ratio-bomb.docx": zip_bomb_bytes(),
        },
    )
    for name, result in results.items():
        print(f"{name}: {result['seconds']} s, {result['peak_mb']} MB, {result['message']}")  # noqa: T201
    for name, result in results.items():
        assert result["refused"], name
        assert result["peak_mb"] < 100, (name, result)
        assert result["seconds"] < 5, (name, result)
