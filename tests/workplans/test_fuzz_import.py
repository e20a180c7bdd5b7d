"""Fuzzing the importer (issue #13): mutated plans as pasted text, .txt, .docx and .xlsx go
through the reader and the parser, and some through the upload page. Every input must end in a
parsed plan or a PlanImportError with a Chinese message (a 302 to the review page or a 400 on
the page), never another exception or a 500. Examples are derandomised, so CI runs the same
inputs every time; the budget keeps the whole file to about half a minute."""

import io
import re
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from workplans.parsing import PlanImportError, UnitMatcher, parse_document
from workplans.parsing.reading import read_pasted_text, read_upload

SAMPLES = Path(__file__).resolve().parents[2] / "workplans" / "samples"
SAMPLE_TEXTS = [
    (SAMPLES / name).read_text(encoding="utf-8")[:6000]
    for name in ("2021-heshan-health-plan.txt", "2023-baoshan-health-plan.txt")
]
# Pieces a plan is made of, so that mutations make plan-like text, not only noise.
TOKENS = [
    "一、",
    "二、",
    "（一）",
    "（二）",
    "1.",
    "2．",
    "（1）",
    "①",
    "一是",
    "二是",
    "三是",
    "。",
    "，",
    "；",
    "\n",
    "\t",
    "|",
    "达到",
    "以上",
    "不低于",
    "控制在",
    "%",
    "‰",
    "万元",
    "1.2万",
    "力争",
    "确保",
    "牵头单位：",
    "配合单位：",
    "（责任科室：",
    "）",
    "2026年12月底前",
    "2024327",
    "附件",
    "序号",
    "工作任务",
    "牵头领导",
    "完成时限",
    "\u200b",
    "\x00",
    "\ufeff",
    "𠀀",
    "医政医管股",
]

mutation = st.tuples(
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.integers(min_value=0, max_value=40),
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)),
)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def mutate(text: str, edits) -> str:
    """Apply (position share, characters to cut, piece to insert) edits in turn."""
    for share, cut, piece in edits:
        at = int(share * len(text))
        text = text[:at] + piece * (1 + cut % 3) + text[at + cut :]
    return text


def parse(document):
    units = UnitMatcher({"医政医管股": [], "疾病预防控制中心": ["疾控中心"]})
    outline = parse_document(document, units=units, year=2026)
    outline.to_json()
    return outline


def assert_parsed_or_refused(make_document) -> None:
    try:
        parse(make_document())
    except PlanImportError as error:
        assert re.search(r"[\u4e00-\u9fff]", str(error)), f"message not in Chinese: {error}"


def as_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n")[:400]:
        document.add_paragraph(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", line))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_xlsx(text: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "工作任务", "牵头单位", "配合单位", "完成时限"])
    for number, line in enumerate(text.split("\n")[:300], start=1):
        cells = (line.split("|") + ["", "", ""])[:4]
        sheet.append([number, *(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", c) for c in cells)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@SETTINGS
@given(sample=st.sampled_from(SAMPLE_TEXTS), edits=st.lists(mutation, max_size=25))
def test_mutated_text_is_parsed_or_refused(sample, edits):
    text = mutate(sample, edits)
    assert_parsed_or_refused(lambda: read_pasted_text(text))
    assert_parsed_or_refused(lambda: read_upload("plan.txt", text.encode("utf-8", "replace")))


@SETTINGS
@given(
    sample=st.sampled_from(SAMPLE_TEXTS),
    edits=st.lists(mutation, max_size=10),
    kind=st.sampled_from(["docx", "xlsx"]),
    damage=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=3),
    cut=st.one_of(st.none(), st.floats(0.05, 1)),
)
def test_mutated_office_files_are_parsed_or_refused(sample, edits, kind, damage, cut):
    text = mutate(sample, edits)
    data = bytearray(as_docx(text) if kind == "docx" else as_xlsx(text))
    for share, byte in damage:  # flipped bytes: a damaged download or a crafted file
        data[int(share * (len(data) - 1))] = byte
    if cut is not None:
        data = data[: int(cut * len(data))]
    assert_parsed_or_refused(lambda: read_upload(f"plan.{kind}", bytes(data)))


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    sample=st.sampled_from(SAMPLE_TEXTS),
    edits=st.lists(mutation, max_size=15),
    kind=st.sampled_from(["txt", "docx", "xlsx"]),
)
def test_the_upload_page_answers_a_draft_or_a_message(
    bureau_admin, login, world, sample, edits, kind
):
    text = mutate(sample, edits)
    data = {
        "txt": lambda: text.encode("utf-8", "replace"),
        "docx": lambda: as_docx(text),
        "xlsx": lambda: as_xlsx(text),
    }[kind]()
    payload = {"file": SimpleUploadedFile(f"plan.{kind}", data), "text": "", "year": "2026"}
    response = login(bureau_admin).post(reverse("workplans:import-list"), payload)
    assert response.status_code in (302, 400), response.status_code


def damaged_member(data: bytes, member: str) -> bytes:
    """The package with bytes inside one member's compressed data overwritten (its headers
    intact): zipfile opens it, and fails only when that member is read."""
    import zipfile

    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    middle = start + info.compress_size // 2
    return data[:middle] + b"\xff\x00\xff\x00\xff\x00" + data[middle + 6 :]


def test_a_workbook_with_a_damaged_sheet_is_refused_with_a_message():
    """A damaged deflate stream inside a sheet: the reader's size checks and openpyxl both meet
    it, and it ends in the reader's message."""
    data = damaged_member(as_xlsx(SAMPLE_TEXTS[0]), "xl/worksheets/sheet1.xml")
    with pytest.raises(PlanImportError, match="损坏|无法读取|打不开"):
        read_upload("plan.xlsx", data)
