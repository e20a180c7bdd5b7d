"""The parsed shape of a plan document, shared by every reader (text, docx, xlsx).

`to_json()` gives the contract `parse_plan` prints; spans (character offsets into the source
text) are kept for the review page, which highlights where each task and target came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class TargetOutline:
    text: str
    indicator: str
    comparator: str | None
    value: float
    unit: str
    span: tuple[int, int] | None = None

    def to_json(self) -> dict:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "text": self.text,
            "indicator": self.indicator,
            "comparator": self.comparator,
            "value": value,
            "unit": self.unit,
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

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "text": self.text,
            "lead_units": list(self.lead_units),
            "co_units": list(self.co_units),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "targets": [t.to_json() for t in self.targets],
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

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "year": self.year,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "issued_date": self.issued_date.isoformat() if self.issued_date else None,
            "summary_found": self.summary_found,
            "unknown_units": list(self.unknown_units),
            "sections": [s.to_json() for s in self.sections],
        }

    def iter_tasks(self):
        for section in self.sections:
            for task in section.tasks:
                yield task
                yield from task.subtasks
