"""The office exports the 督办台账 from the plan page: a click, a progress bar that the page polls
without reloading, the download link, and a workbook that opens with the plan's tasks in it."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def in_process_jobs():
    """The embedded default's way of running jobs, also in CI's Redis pass."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def test_office_exports_the_ledger_and_opens_it(
    page, log_in, world, bureau_admin, in_process_jobs, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(bureau_admin.username)
    page.goto(f"/plans/{world.plan.pk}/")
    url_before = page.url
    page.get_by_test_id("export-ledger").click()
    # The answer comes in place: first the progress bar, then (polled) the file.
    expect(page.get_by_test_id("export-progress")).to_be_visible()
    link = page.get_by_test_id("export-download")
    expect(link).to_be_visible()
    assert page.url == url_before  # no reload, no navigation
    with page.expect_download() as caught:
        link.click()
    download = caught.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "ledger.xlsx"
    download.save_as(path)
    sheet = load_workbook(path)["台账"]
    assert sheet["A1"].value.startswith(world.plan.title)
    titles = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert world.task_a.title in titles and world.task_b.title in titles

    page.goto("/exports/")
    expect(page.get_by_role("link", name=download.suggested_filename)).to_be_visible()
