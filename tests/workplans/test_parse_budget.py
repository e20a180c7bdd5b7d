"""Reading and parsing an import in a budgeted child process (issue #13: a 1.2 MB text took 44 s
of CPU and ended in a gunicorn WORKER TIMEOUT): past the time or memory budget the import ends in
a Chinese message and the child is gone."""

import time

import pytest
from django.urls import reverse

from workplans.models import PlanImport
from workplans.parsing import PlanImportError
from workplans.parsing.budget import within_budget


def slow() -> None:
    time.sleep(30)


def greedy() -> bytes:
    return bytes(1024 * 2**20)  # 1 GB


def refused() -> None:
    raise PlanImportError("未识别到工作要点的结构")


def test_work_past_the_time_budget_ends_in_a_message(settings):
    settings.IMPORT_PARSE_SECONDS = 1
    with pytest.raises(PlanImportError, match="文件解析超时（超过 1 秒）"):
        within_budget(slow)


def test_work_past_the_memory_budget_ends_in_a_message(settings):
    settings.IMPORT_PARSE_MEMORY_MB = 64
    with pytest.raises(PlanImportError, match="内存超出上限"):
        within_budget(greedy)


def test_the_parsers_own_messages_and_results_come_back():
    with pytest.raises(PlanImportError, match="未识别到工作要点的结构"):
        within_budget(refused)
    assert within_budget(sorted, [3, 1, 2]) == [1, 2, 3]


def test_a_stuck_parse_answers_the_upload_page_with_a_message(
    settings, monkeypatch, bureau_admin, login
):
    settings.IMPORT_PARSE_SECONDS = 1
    monkeypatch.setattr("workplans.imports.read_and_parse", lambda *args, **kwargs: slow())
    response = login(bureau_admin).post(
        reverse("workplans:import-list"), {"text": "2026年工作要点\n一、板块\n1.任务", "year": ""}
    )
    assert response.status_code == 400
    assert "文件解析超时" in response.content.decode()
    assert PlanImport.objects.count() == 0
