"""The plan as a structure: who (bureaus, units, users), the plan document (plans, sections,
imports) and what it asks (tasks, their units, targets and milestones)."""

from workplans.models.organisation import Bureau, Unit, User
from workplans.models.plans import Plan, PlanImport, Section
from workplans.models.tasks import Comparator, Milestone, Target, Task, TaskStatus, TaskUnit

__all__ = [
    "Bureau",
    "Comparator",
    "Milestone",
    "Plan",
    "PlanImport",
    "Section",
    "Target",
    "Task",
    "TaskStatus",
    "TaskUnit",
    "Unit",
    "User",
]
