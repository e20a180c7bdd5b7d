"""Co-units' 配合情况 and the lead unit's report: one person in both units sees only the lead's
form; the lead unit can quote a co-unit's part into its narrative; the review queue shows the
co-units' parts beside the report."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tasks import services
from tasks.models import Cooperation, ReportingPeriod
from tests.factories import UserFactory
from tests.tasks.helpers import HX, report_data

pytestmark = pytest.mark.usefixtures("clock")

QUOTE = "【配合单位 疾病预防控制中心】已派出3名公卫医生驻点指导"


def task_page(client, task) -> str:
    return client.get(reverse("tasks:task-detail", args=[task.pk])).content.decode()


@pytest.fixture
def cooperation(world, period, other_unit_staff) -> Cooperation:
    return services.cooperation_save(
        task=world.task_a, period=period, user=other_unit_staff, text="已派出3名公卫医生驻点指导"
    )


# One person in the lead unit and a co-unit ----------------------------------------------


def test_a_member_of_lead_and_co_unit_sees_the_lead_form_only(world, period, as_user):
    both = UserFactory(username="staff_ab", bureau=world.bureau, units=[world.unit_a, world.unit_b])
    page = task_page(as_user(both), world.task_a)
    assert 'id="report-form"' in page
    assert reverse("tasks:cooperation-save", args=[world.task_a.pk]) not in page
    assert "本单位配合情况" not in page
    covered = re.search(r'data-testid="cooperation-covered">([^<]*)<', page).group(1)
    assert "疾病预防控制中心" in covered and "本期进展一并报送" in covered


def test_a_co_unit_alone_still_gets_the_cooperation_box(world, period, as_user, other_unit_staff):
    page = task_page(as_user(other_unit_staff), world.task_a)
    assert reverse("tasks:cooperation-save", args=[world.task_a.pk]) in page
    assert 'id="report-form"' not in page
    assert "cooperation-covered" not in page


# Quoting a co-unit's part into the narrative --------------------------------------------


def test_lead_unit_can_quote_a_co_units_part_into_the_narrative(
    world, cooperation, as_user, unit_staff
):
    page = task_page(as_user(unit_staff), world.task_a)
    button = re.search(r"<button[^>]*data-quote-into[^>]*>引用到工作进展</button>", page)
    assert button, "no 引用到工作进展 button"
    assert 'data-quote-into="id_narrative"' in button.group(0)
    assert f'data-quote="{QUOTE}"' in button.group(0)
    assert 'id="id_narrative"' in page
    assert "复制到下面的工作进展中" in page  # said without JavaScript
    script = (settings.BASE_DIR / "static" / "js" / "app.js").read_text(encoding="utf-8")
    assert "quoteInto" in script


def test_no_quote_button_once_the_report_is_sent(world, cooperation, as_user, unit_staff):
    client = as_user(unit_staff)
    url = reverse("tasks:report-save", args=[world.task_a.pk])
    client.post(url, report_data(action="submit"), headers=HX)
    page = task_page(client, world.task_a)
    assert "已派出3名公卫医生驻点指导" in page  # still shown
    assert "引用到工作进展" not in page


# The review queue -------------------------------------------------------------------------


def test_review_queue_shows_the_co_units_parts_beside_the_report(
    world, cooperation, period, as_user, unit_staff, bureau_admin
):
    # Another period's part is not this report's.
    april = ReportingPeriod.objects.create(
        plan=world.plan,
        label="2026年4月",
        start=period.end.replace(month=4, day=1),
        end=period.end.replace(month=4, day=30),
        due_date=period.end.replace(month=4, day=25),
    )
    Cooperation.objects.create(
        task=world.task_a, period=april, unit=world.unit_b, text="四月的配合", author=unit_staff
    )
    url = reverse("tasks:report-save", args=[world.task_a.pk])
    as_user(unit_staff).post(url, report_data(action="submit"), headers=HX)
    page = as_user(bureau_admin).get(reverse("tasks:review-list")).content.decode()
    parts = re.search(r'data-testid="review-cooperations">.*?</div>', page, re.S).group(0)
    assert "疾病预防控制中心" in parts and "已派出3名公卫医生驻点指导" in parts
    assert "四月的配合" not in page


def test_review_queue_reads_the_parts_in_one_query(
    world, cooperation, period, as_user, unit_staff, other_unit_staff, bureau_admin
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = as_user(bureau_admin)
    url = reverse("tasks:report-save", args=[world.task_a.pk])
    as_user(unit_staff).post(url, report_data(action="submit"), headers=HX)
    with CaptureQueriesContext(connection) as one:
        admin.get(reverse("tasks:review-list"))
    url = reverse("tasks:report-save", args=[world.task_b.pk])
    as_user(other_unit_staff).post(url, report_data(action="submit"), headers=HX)
    with CaptureQueriesContext(connection) as two:
        admin.get(reverse("tasks:review-list"))
    cooperation_reads = [q for q in two.captured_queries if 'FROM "tasks_cooperation"' in q["sql"]]
    assert len(cooperation_reads) == 1
    assert len(two) == len(one)
