"""The parsed shape of a plan document, shared by every reader (text, docx, xlsx).

`to_json()` gives the contract `parse_plan` prints; spans (character offsets into the source
text) are kept for the review page, which highlights where each task and target came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def _plain(number: float | None) -> float | int | None:
    if number is None:
        return None
    return int(number) if float(number).is_integer() else number


@dataclass
class TargetOutline:
    """A figure in a task: a target to reach, or (as an achievement) a result already reported.

    `value` and `unit` are as written (1.2, 万名); `normalised_value` and `normalised_unit` bring
    the magnitude out of the unit (12000, 名). A range (`1—2家`) is one target: the floor in
    `value` with comparator `>=`, the ceiling in `value_max`.
    """

    text: str
    indicator: str
    comparator: str | None
    value: float
    unit: str
    span: tuple[int, int] | None = None
    value_max: float | None = None
    approximate: bool = False  # 左右
    qualifier: str | None = None  # 力争 (a stretch) or 确保 (a must)
    normalised_value: float | None = None
    normalised_unit: str | None = None

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "indicator": self.indicator,
            "comparator": self.comparator,
            "value": _plain(self.value),
            "unit": self.unit,
            "value_max": _plain(self.value_max),
            "approximate": self.approximate,
            "qualifier": self.qualifier,
            "normalised_value": _plain(
                self.value if self.normalised_value is None else self.normalised_value
            ),
            "normalised_unit": self.unit if self.normalised_unit is None else self.normalised_unit,
        }


@dataclass
class TaskOutline:
    number: str
    title: str
    text: str
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_text: str | None = None
    targets: list[TargetOutline] = field(default_factory=list)
    subtasks: list[TaskOutline] = field(default_factory=list)
    span: tuple[int, int] | None = None
    achievements: list[TargetOutline] = field(default_factory=list)  # results, not targets
    ongoing: bool = False  # 长期推进 / 持续推进: no deadline by design

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "text": self.text,
            "lead_units": list(self.lead_units),
            "co_units": list(self.co_units),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "ongoing": self.ongoing,
            "targets": [t.to_json() for t in self.targets],
            "achievements": [t.to_json() for t in self.achievements],
            "subtasks": [t.to_json() for t in self.subtasks],
        }


@dataclass
class SectionOutline:
    number: str
    title: str
    tasks: list[TaskOutline] = field(default_factory=list)
    span: tuple[int, int] | None = None

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "tasks": [t.to_json() for t in self.tasks],
        }


@dataclass
class ParseWarning:
    """Something the parser was unsure of, at a line of the source (1-based; 0: the whole)."""

    line: int
    message: str

    def to_json(self) -> dict:
        return {"line": self.line, "message": self.message}

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}" if self.line else self.message


@dataclass
class TableColumn:
    """How a column of a task table was read: its header as written and the role given to it
    (number, section, title, text, lead, co, deadline, leader, ignored)."""

    index: int
    header: str
    role: str

    def to_json(self) -> dict:
        return {"index": self.index, "header": self.header, "role": self.role}


PLAN, SUMMARY, MIXED = "plan", "summary", "mixed"


@dataclass
class PlanOutline:
    title: str
    year: int | None
    issuer: str | None = None
    doc_number: str | None = None
    issued_date: dt.date | None = None
    sections: list[SectionOutline] = field(default_factory=list)
    summary_found: bool = False
    unknown_units: list[str] = field(default_factory=list)
    source_text: str = ""
    kind: str = PLAN  # plan, summary (results only) or mixed (a summary, then a plan)
    summary: list[SectionOutline] = field(default_factory=list)  # the summary part, apart
    warnings: list[ParseWarning] = field(default_factory=list)
    columns: list[TableColumn] = field(default_factory=list)  # a task table's reading

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ParseWarning(line, message))

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "year": self.year,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "issued_date": self.issued_date.isoformat() if self.issued_date else None,
            "summary_found": self.summary_found,
            "unknown_units": list(self.unknown_units),
            "sections": [s.to_json() for s in self.sections],
            "summary": [s.to_json() for s in self.summary],
            "warnings": [w.to_json() for w in self.warnings],
            "columns": [c.to_json() for c in self.columns],
        }

    def iter_tasks(self):
        for section in self.sections:
            for task in section.tasks:
                yield task
                yield from task.subtasks


def line_number(text: str, offset: int) -> int:
    """The 1-based line of a character offset in the source text."""
    return text.count("\n", 0, max(0, offset)) + 1
