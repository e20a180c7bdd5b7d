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


def parse_document(document, *, units: UnitMatcher | None = None, year: int | None = None):
    """A SourceDocument (see reading.py) → PlanOutline; raises PlanImportError."""
    from workplans.parsing.document import outline_from_document

    return outline_from_document(document, units=units or UnitMatcher(), year=year)
