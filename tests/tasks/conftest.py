"""Ground for the reporting tests: uploads under tmp_path, a fixed "today" on the bureau's clock
(Asia/Shanghai), and the world plan's March 2026 period opened through the service."""

import datetime as dt

import pytest
from django.test import Client

from tasks import services
from tests.factories import UserFactory
from tests.tasks.helpers import shanghai

MARCH_START = dt.date(2026, 3, 1)
MARCH_END = dt.date(2026, 3, 31)
MARCH_DUE = dt.date(2026, 3, 25)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock(time_machine):
    """10 March 2026, 09:00 in Shanghai; the clock stands still until a test moves it."""
    time_machine.move_to(shanghai(2026, 3, 10, 9, 0), tick=False)
    return time_machine


@pytest.fixture
def period(world, clock):
    return services.period_open(
        plan=world.plan, label="2026年3月", start=MARCH_START, end=MARCH_END, due_date=MARCH_DUE
    )


@pytest.fixture
def as_user(db):
    """A separate logged-in browser per user, so two people can work side by side."""

    def _as(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _as


@pytest.fixture
def second_staff(world):
    """A colleague of unit_staff in unit A (医政医管股)."""
    return UserFactory(
        username="staff_a2", full_name="李明", bureau=world.bureau, units=[world.unit_a]
    )
