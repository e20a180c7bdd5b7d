import datetime as dt
from decimal import Decimal

import factory

from workplans.models import Bureau, Milestone, Plan, Section, Target, Task, TaskUnit, Unit, User

TEST_PASSWORD = "test-pass-123"


class BureauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bureau

    name = factory.Sequence(lambda n: f"测试第{n}区卫生健康局")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    bureau = factory.SubFactory(BureauFactory)
    name = factory.Sequence(lambda n: f"第{n}股室")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    bureau = factory.SubFactory(BureauFactory)
    role = User.Role.STAFF
    password = factory.django.Password(TEST_PASSWORD)
    is_staff = factory.LazyAttribute(lambda o: o.role == User.Role.ADMIN)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    bureau = factory.SubFactory(BureauFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"2026年卫生健康工作要点（{n}）")
    status = Plan.Status.PUBLISHED
    issued_date = dt.date(2026, 3, 1)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"{o.order}")
    title = factory.Sequence(lambda n: f"板块{n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    section = factory.SubFactory(SectionFactory)
    plan = factory.SelfAttribute("section.plan")
    order = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.order))
    title = factory.Sequence(lambda n: f"推进重点工作第{n}项")
    deadline = dt.date(2026, 12, 31)


class TaskUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskUnit

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory)
    role = TaskUnit.Role.LEAD


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    task = factory.SubFactory(TaskFactory)
    text = "家庭医生签约服务率达43%以上"
    indicator = "家庭医生签约服务率"
    comparator = Target.Comparator.GTE
    value = Decimal("43")
    unit = "%"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    task = factory.SubFactory(TaskFactory)
    date = dt.date(2026, 6, 30)
    percent = 50
    label = "完成阶段目标"


def make_task(*, section: Section, lead: Unit, co: list[Unit] | tuple = (), **fields) -> Task:
    task = TaskFactory(section=section, plan=section.plan, **fields)
    TaskUnitFactory(task=task, unit=lead, role=TaskUnit.Role.LEAD)
    for unit in co:
        TaskUnitFactory(task=task, unit=unit, role=TaskUnit.Role.CO)
    return task
