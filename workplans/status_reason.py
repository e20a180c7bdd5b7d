"""Why a task has its status: the reason the status rules (workplans/status.py) return with
it, stored on the task (Task.status_reason, as JSON) and rendered as one Chinese line.

Plain values only, no ORM and no model import, so the Task model can render its stored reason.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# Points of progress a task may lag behind before it is 滞后 (a plan may set its own).
DEFAULT_TOLERANCE = 15


class ReasonKind:
    """Short codes of StatusReason.kind: which rule gave the task its status."""

    DONE = "done"
    OVERDUE = "overdue"
    BEHIND_PROGRESS = "behind_progress"
    BEHIND_TARGET = "behind_target"
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"


def number_text(value) -> str:
    """95.0000 → 95, 96.2000 → 96.2 (as the targets are written)."""
    return f"{Decimal(str(value)).normalize():f}"


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class ReasonTarget:
    """A target a reason names: figures as written (strings), so the stored reason compares
    equal from one recompute to the next."""

    indicator: str
    comparator: str  # "" for none (a figure to reach)
    value: str
    unit: str = ""
    actual: str = ""  # "" for no actual yet
    stretch: bool = False

    @classmethod
    def of(cls, target) -> "ReasonTarget":
        """From a workplans.status.TargetFacts."""
        return cls(
            indicator=target.indicator or "量化指标",
            comparator=target.comparator or "",
            value=number_text(target.value),
            unit=target.unit,
            actual="" if target.actual is None else number_text(target.actual),
            stretch=target.is_stretch,
        )

    def to_json(self) -> dict:
        data = {"indicator": self.indicator, "comparator": self.comparator, "value": self.value}
        if self.unit:
            data["unit"] = self.unit
        if self.actual:
            data["actual"] = self.actual
        if self.stretch:
            data["stretch"] = True
        return data

    @property
    def required(self) -> str:
        """要求 ≥95%; a count or figure to reach: 要求达到 50名."""
        if self.comparator in ("", "="):
            return f"要求达到 {self.value}{self.unit}"
        sign = {">=": "≥", "<=": "≤"}.get(self.comparator, self.comparator)
        return f"要求 {sign}{self.value}{self.unit}"

    @property
    def latest(self) -> str:
        return f"最新 {self.actual}{self.unit}" if self.actual else "暂无实际值"


@dataclass(frozen=True)
class StatusReason:
    """Why a task has its status, as the rules found it: which rule decided (`kind`) and the
    figures it compared, in whole percents. `text` is the one line the pages and the ledger
    show; `to_json`/`from_json` store it on the task (Task.status_reason).

    targets_* count committed targets (力争 targets are counted apart in stretch_*): total, with
    an actual (known), met, and short of where they should be by now. `target` is the one target
    the line names: the first short committed one, else the only committed one when all are met,
    else a 力争 target not yet reached."""

    kind: str
    progress: int = 0
    expected: int = 0
    tolerance: int = DEFAULT_TOLERANCE
    deadline: dt.date | None = None
    milestones_due: int = 0
    milestones_total: int = 0
    target: ReasonTarget | None = None
    targets_total: int = 0
    targets_known: int = 0
    targets_met: int = 0
    targets_short: int = 0
    stretch_known: int = 0
    stretch_met: int = 0

    # Storage ----------------------------------------------------------------------------

    def to_json(self) -> dict:
        """Plain JSON values; fields at their default (0, None) are left out, kind and
        tolerance are always there. A recompute compares it with the stored one."""
        data: dict = {"kind": self.kind, "tolerance": self.tolerance}
        for name in _COUNTS:
            value = getattr(self, name)
            if value:
                data[name] = value
        if self.deadline:
            data["deadline"] = self.deadline.isoformat()
        if self.target:
            data["target"] = self.target.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict | None) -> "StatusReason | None":
        """The stored reason, or None for an empty one; keys it does not know are ignored."""
        if not data or not data.get("kind"):
            return None
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if fields.get("deadline"):
            fields["deadline"] = dt.date.fromisoformat(fields["deadline"])
        if fields.get("target"):
            target = fields["target"]
            fields["target"] = ReasonTarget(
                **{k: v for k, v in target.items() if k in ReasonTarget.__dataclass_fields__}
            )
        return cls(**fields)

    # The line ---------------------------------------------------------------------------

    @property
    def _by_milestones(self) -> bool:
        return self.milestones_total > 0

    @property
    def _has_expectation(self) -> bool:
        """False with neither a deadline nor milestones: nothing can be expected."""
        return self._by_milestones or self.deadline is not None

    @property
    def _expected_text(self) -> str:
        """应完成约 92% by the time share; 应完成 50%（已到期节点 2/4）by milestones."""
        if self._by_milestones:
            return (
                f"应完成 {self.expected}%（已到期节点 {self.milestones_due}/"
                f"{self.milestones_total}）"
            )
        return f"应完成约 {self.expected}%"

    @property
    def _reported(self) -> str:
        return f"报送 {self.progress}%" if self.progress else "尚无进展"

    def _targets_notes(self) -> tuple[list[str], list[str]]:
        """(committed targets' note, 力争 targets' note), each empty or one phrase."""
        named, committed, stretch = self.target, [], []
        if self.targets_total and self.targets_met == self.targets_total:
            if self.targets_total == 1 and named and not named.stretch:
                committed.append(
                    f"指标均已达标（{named.indicator} {named.latest}，{named.required}）"
                )
            else:
                committed.append(f"指标均已达标（{self.targets_met} 项）")
        elif self.targets_short and named and not named.stretch:
            more = f"（共 {self.targets_short} 项指标未达到）" if self.targets_short > 1 else ""
            committed.append(
                f"指标“{named.indicator}”{named.required}，{named.latest}，未达到当前应有水平{more}"
            )
        elif self.targets_known:
            committed.append(f"已达标指标 {self.targets_met}/{self.targets_total}")
        if named and named.stretch:
            stretch.append(
                f"力争指标“{named.indicator}”{named.required}，{named.latest}，尚未达到"
                "（不影响状态）"
            )
        elif self.stretch_known and self.stretch_met == self.stretch_known:
            stretch.append("力争指标均已达到")
        elif self.stretch_known:
            stretch.append(f"力争指标已达到 {self.stretch_met}/{self.stretch_known}（不影响状态）")
        return committed, stretch

    @property
    def text(self) -> str:
        """The one Chinese line: why the task has its status."""
        committed, stretch = self._targets_notes()
        kind = self.kind
        if kind == ReasonKind.DONE:
            head = "进度已达 100%"
        elif kind == ReasonKind.OVERDUE:
            due = date_text(self.deadline) if self.deadline else "完成时限"
            head = f"已过完成时限（{due}），进度 {self.progress}%"
        elif kind == ReasonKind.BEHIND_PROGRESS:
            if self.targets_total and self.targets_met == self.targets_total:
                # The targets are met and the progress is not: say both, the targets first.
                behind = (
                    f"但进度 {self.progress}% 低于{self._expected_text}，"
                    f"超过容差 {self.tolerance} 个百分点"
                )
                return "；".join([*committed, behind, *stretch])
            basis = "" if self._by_milestones else "（时间进度）"
            head = (
                f"{self._expected_text}{basis}，{self._reported}，"
                f"落后 {self.expected - self.progress} 个百分点，超过容差 {self.tolerance}"
            )
        elif kind == ReasonKind.BEHIND_TARGET:
            # The short target decided: it comes first, the progress (within the tolerance) after.
            progress = f"进度 {self.progress}%，{self._expected_text}"
            return "；".join([*committed, progress, *stretch])
        elif kind == ReasonKind.NOT_STARTED:
            if not self._has_expectation:
                head = "未设完成时限，暂无进展"
            elif self.expected == 0:
                head = "尚未到应有进展的时间，暂无进展"
            else:
                head = f"暂无进展，{self._expected_text}，在容差 {self.tolerance} 个百分点内"
        elif not self._has_expectation:
            head = f"{self._reported}，未设完成时限"
        elif self.progress < self.expected:
            head = f"{self._reported}，{self._expected_text}，在容差内"
        else:
            head = f"{self._reported}，{self._expected_text}"
        return "；".join([head, *committed, *stretch])

    def __str__(self) -> str:
        return self.text


# StatusReason's whole-number fields, stored only when not 0.
_COUNTS = (
    "progress",
    "expected",
    "milestones_due",
    "milestones_total",
    "targets_total",
    "targets_known",
    "targets_met",
    "targets_short",
    "stretch_known",
    "stretch_met",
)
