"""The cast every access test uses: one bureau with two units, and a second bureau.

bureau_admin, leader, unit_staff (unit A), other_unit_staff (unit B), other_bureau_staff and
other_bureau_admin; a published plan with one task led by unit A and one led by unit B.
"""

from dataclasses import dataclass

import pytest

from tests.factories import (
    TEST_PASSWORD,
    BureauFactory,
    PlanFactory,
    SectionFactory,
    TargetFactory,
    UnitFactory,
    UserFactory,
    make_task,
)
from workplans.models import User


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@dataclass
class World:
    bureau: object
    unit_a: object
    unit_b: object
    plan: object
    section: object
    task_a: object
    task_b: object
    other_bureau: object
    other_unit: object
    other_plan: object
    other_task: object


@pytest.fixture
def world(db) -> World:
    bureau = BureauFactory(name="赫山区卫生健康局")
    unit_a = UnitFactory(bureau=bureau, name="医政医管股")
    unit_b = UnitFactory(bureau=bureau, name="疾病预防控制中心", aliases="疾控中心")
    plan = PlanFactory(bureau=bureau, title="2026年赫山区卫生健康工作要点")
    section = SectionFactory(plan=plan, number="一", title="深化医药卫生体制改革", order=1)
    task_a = make_task(section=section, lead=unit_a, co=[unit_b], title="推进紧密型医共体建设")
    TargetFactory(task=task_a)
    task_b = make_task(section=section, lead=unit_b, title="做好传染病监测预警")

    other_bureau = BureauFactory(name="宝山区卫生健康委员会")
    other_unit = UnitFactory(bureau=other_bureau, name="医政医管科")
    other_plan = PlanFactory(bureau=other_bureau, title="2026年宝山区卫生健康工作要点")
    other_section = SectionFactory(plan=other_plan, number="一", title="提升医疗服务", order=1)
    other_task = make_task(section=other_section, lead=other_unit, title="建设区域医疗中心")
    return World(
        bureau,
        unit_a,
        unit_b,
        plan,
        section,
        task_a,
        task_b,
        other_bureau,
        other_unit,
        other_plan,
        other_task,
    )


@pytest.fixture
def bureau_admin(world) -> User:
    return UserFactory(username="admin_a", bureau=world.bureau, role=User.Role.ADMIN)


@pytest.fixture
def leader(world) -> User:
    return UserFactory(username="leader_a", bureau=world.bureau, role=User.Role.LEADER)


@pytest.fixture
def unit_staff(world) -> User:
    return UserFactory(username="staff_a", bureau=world.bureau, units=[world.unit_a])


@pytest.fixture
def other_unit_staff(world) -> User:
    return UserFactory(username="staff_b", bureau=world.bureau, units=[world.unit_b])


@pytest.fixture
def other_bureau_staff(world) -> User:
    return UserFactory(username="staff_x", bureau=world.other_bureau, units=[world.other_unit])


@pytest.fixture
def other_bureau_admin(world) -> User:
    return UserFactory(username="admin_x", bureau=world.other_bureau, role=User.Role.ADMIN)


@pytest.fixture
def login(client):
    def _login(user: User):
        assert client.login(username=user.username, password=TEST_PASSWORD)
        return client

    return _login
