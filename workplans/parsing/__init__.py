"""Reading plan documents (text, Word, Excel) into a PlanOutline. No database access here:
callers pass the bureau's unit names in a UnitMatcher."""

from workplans.parsing.errors import PlanImportError
from workplans.parsing.outline import PlanOutline, SectionOutline, TargetOutline, TaskOutline
from workplans.parsing.units import UnitMatcher

__all__ = [
    "PlanImportError",
    "PlanOutline",
    "SectionOutline",
    "TargetOutline",
    "TaskOutline",
    "UnitMatcher",
    "parse_document",
]


def parse_document(
    document,
    *,
    units: UnitMatcher | None = None,
    year: int | None = None,
    column_roles: dict[int, str] | None = None,
):
    """A SourceDocument (see reading.py) → PlanOutline; raises PlanImportError.

    `column_roles` re-maps a task table's columns ({column index: role}, roles as in
    TableColumn), when the admin corrected how a column was read."""
    from workplans.parsing.document import outline_from_document

    return outline_from_document(
        document, units=units or UnitMatcher(), year=year, column_roles=column_roles
    )
