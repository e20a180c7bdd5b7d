"""The period's 通报 as a Word file (reports/bulletin_docx.py) and its download
(reports:period-bulletin?format=docx), opened again with python-docx: the red head, the 文号, the
body's counts, the late units' table against bulletin_rows, the no-late-units case and access."""

import datetime as dt
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from reports.bulletin_docx import HEADERS, bulletin_docx
from reports.rollups import bulletin_rows
from tasks import services
from tasks.notices import DOCX
from tasks.services.chasing import reminders_send
from tests.factories import make_task
from tests.tasks.helpers import shanghai

TODAY = dt.date(2026, 12, 2)  # five working days after the 25 November due date


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(shanghai(2026, 12, 2, 9, 0), tick=False)
    return time_machine


@pytest.fixture
def period(world, clock):
    """November 2026: unit A leads two unreported tasks, unit B one; the ladder has run today,
    so each of them has had a 督办单 per task."""
    make_task(
        section=world.section,
        lead=world.unit_a,
        title="完善分级诊疗制度",
        order=max(world.task_a.order, world.task_b.order) + 1,
    )
    period = services.period_open(
        plan=world.plan,
        label="2026年11月",
        start=dt.date(2026, 11, 1),
        end=dt.date(2026, 11, 30),
        due_date=dt.date(2026, 11, 25),
    )
    reminders_send(today=TODAY)
    return period


def open_docx(body: bytes):
    return Document(BytesIO(body))


def build(period):
    rows = bulletin_rows(period=period, today=TODAY)
    return rows, open_docx(bulletin_docx(period, rows, today=TODAY).getvalue())


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def east_asian_font(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_red_head_number_and_title(period, world):
    _, document = build(period)
    head, number, title, *_ = texts(document)
    assert head == "赫山区卫生健康局工作要点落实情况通报"
    assert number == "赫山区卫生健康局督〔2026〕1号"
    assert title == "关于2026年11月进展未按时报送情况的通报"
    head_run = document.paragraphs[0].runs[0]
    assert east_asian_font(head_run) == "方正小标宋简体"
    assert str(head_run.font.color.rgb) == "C00000"
    assert document.paragraphs[1]._p.pPr.find(qn("w:pBdr")) is not None  # the red rule


def test_number_uses_the_short_name_and_the_periods_place(period, world):
    world.bureau.short_name = "赫山卫健"
    world.bureau.save()
    december = services.period_open(
        plan=world.plan,
        label="2026年12月",
        start=dt.date(2026, 12, 1),
        end=dt.date(2026, 12, 31),
        due_date=dt.date(2026, 12, 25),
    )
    december.plan.bureau.refresh_from_db()
    _, document = build(december)
    assert texts(document)[1] == "赫山卫健督〔2026〕2号"


def test_body_gives_plan_period_due_date_and_counts_in_fangsong(period, world):
    _, document = build(period)
    body = next(p for p in document.paragraphs if p.text.startswith("根据"))
    assert "《2026年赫山区卫生健康工作要点》" in body.text
    assert "2026年11月进展报送截止日为2026年11月25日" in body.text
    assert "截至2026年12月2日，仍有2个单位的3项任务未在平台报送进展" in body.text
    assert "3个工作日内" in body.text
    assert {east_asian_font(run) for run in body.runs} == {"仿宋"}
    assert texts(document)[-2:] == ["赫山区卫生健康局", "2026年12月2日"]


def test_table_lists_the_late_units_as_bulletin_rows_does(period, world):
    rows, document = build(period)
    assert [row.unit for row in rows] == ["医政医管股", "疾病预防控制中心"]
    (table,) = document.tables
    assert [cell.text for cell in table.rows[0].cells] == HEADERS
    body = table.rows[1:]
    assert len(body) == len(rows)
    for number, (line, row) in enumerate(zip(body, rows, strict=True), start=1):
        cells = line.cells
        assert cells[0].text == str(number)
        assert cells[1].text == row.unit
        tasks = [p.text.split(". ", 1)[1] for p in cells[2].paragraphs]
        assert tasks == row.tasks
        assert cells[3].text == str(row.days_late) == "5"
        assert cells[4].text == str(row.notices)
    first_tasks = [p.text for p in body[0].cells[2].paragraphs]
    assert first_tasks == ["1. 推进紧密型医共体建设", "2. 完善分级诊疗制度"]
    assert [line.cells[4].text for line in body] == ["2", "1"]


def test_no_late_units_says_so_instead_of_an_empty_table(period, world, unit_staff,
                                                         other_unit_staff):  # fmt: skip
    for task in world.plan.tasks.filter(parent__isnull=True):
        user = other_unit_staff if task.pk == world.task_b.pk else unit_staff
        services.report_save(task=task, period=period, user=user, version=None,
                             narrative="按计划推进", percent=50, problems="", next_steps="",
                             actuals={}, submit=True)  # fmt: skip
    rows, document = build(period)
    assert rows == []
    assert document.tables == []
    body = "\n".join(texts(document))
    assert "各单位均已在平台报送本期全部任务进展，无逾期未报送单位" in body
    assert "仍有" not in body


@pytest.mark.parametrize("who", ["bureau_admin", "leader"])
def test_admin_and_leader_download_the_word_file(period, who, request, client, login):
    login(request.getfixturevalue(who))
    url = reverse("reports:period-bulletin", args=[period.pk])
    response = client.get(url, {"format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment") and "通报-2026年11月.docx" in disposition
    document = open_docx(b"".join(response.streaming_content))
    assert texts(document)[0] == "赫山区卫生健康局工作要点落实情况通报"
    assert [row.cells[1].text for row in document.tables[0].rows[1:]] == [
        "医政医管股",
        "疾病预防控制中心",
    ]


def test_bulletin_page_links_to_the_word_file(period, bureau_admin, client, login):
    login(bureau_admin)
    url = reverse("reports:period-bulletin", args=[period.pk])
    page = client.get(url).content.decode()
    assert "下载 Word 版" in page and f"{url}?format=docx" in page


def test_staff_gets_403_and_other_bureau_admin_gets_404(
    period, unit_staff, other_bureau_admin, client, login
):
    url = reverse("reports:period-bulletin", args=[period.pk])
    login(unit_staff)
    assert client.get(url, {"format": "docx"}).status_code == 403
    client.logout()
    login(other_bureau_admin)
    assert client.get(url, {"format": "docx"}).status_code == 404
