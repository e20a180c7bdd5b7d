"""The status rules, as plain functions over plain values (no ORM), so they can be tested as a
table and shared by pages, exports and jobs.

Task: 已完成 · 正常推进 · 滞后 · 逾期 · 未启动.
- 已完成 when the approved progress reaches 100.
- 逾期 when the deadline has passed (Asia/Shanghai dates) and the task is not done.
- 滞后 when the approved progress is behind the expected progress by more than the plan's
  tolerance (default 15 points), or a committed target's latest actual is short of where it
  should be by now. Expected progress follows the task's milestones (节点) where set, else the
  share of time elapsed between its start and its deadline.
- 未启动 when nothing has been achieved yet and nothing is expected yet; else 正常推进.
A target written with 力争 is a stretch: missing it marks the target, not the task, as short.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from workplans.models import TaskStatus

DEFAULT_TOLERANCE = 15


def target_met(comparator: str | None, value, actual) -> bool | None:
    """Whether `actual` meets the target; None when there is no actual yet.

    `<= 17` is met by 15, `>= 43` by 45, a count `= 50` by 50 or more (a count to reach), and a
    target without a comparator is read as a figure to reach.
    """
    if actual is None:
        return None
    value, actual = Decimal(str(value)), Decimal(str(actual))
    if comparator == "<=":
        return actual <= value
    if comparator == "<":
        return actual < value
    if comparator == ">":
        return actual > value
    return actual >= value  # ">=", "=" (a count to reach) and None


def target_completion(comparator: str | None, value, actual) -> float | None:
    """How far a target is done, 0–1: a count `= 50名` is 60 % done at 30. Ceilings (<=, <)
    and floors are either met (1) or not (0) — a level, not an amount."""
    met = target_met(comparator, value, actual)
    if met is None:
        return None
    if comparator in (None, "=", ">=", ">") and Decimal(str(value)) > 0:
        return float(min(Decimal(1), Decimal(str(actual)) / Decimal(str(value))))
    return 1.0 if met else 0.0


@dataclass(frozen=True)
class TargetFacts:
    comparator: str | None
    value: Decimal
    actual: Decimal | None = None
    baseline: Decimal | None = None
    is_stretch: bool = False


@dataclass(frozen=True)
class TaskFacts:
    deadline: dt.date | None
    start: dt.date
    progress: int = 0
    milestones: tuple[tuple[dt.date, int], ...] = ()
    targets: tuple[TargetFacts, ...] = field(default_factory=tuple)


def past_deadline(deadline: dt.date | None, today: dt.date) -> bool:
    """逾期 starts the day after the deadline (both Asia/Shanghai dates)."""
    return deadline is not None and today > deadline


def time_share(start: dt.date, deadline: dt.date | None, today: dt.date) -> float:
    """Share of the task's time elapsed, 0–1 (0 with no deadline: nothing can be expected)."""
    if deadline is None or today <= start:
        return 0.0
    if today >= deadline:
        return 1.0
    return (today - start).days / max((deadline - start).days, 1)


def expected_progress(facts: TaskFacts, today: dt.date) -> float:
    """Percent expected by today: the latest milestone already due, else the time share."""
    if facts.milestones:
        due = [percent for date, percent in facts.milestones if date <= today]
        return float(max(due)) if due else 0.0
    return 100.0 * time_share(facts.start, facts.deadline, today)


def target_short(target: TargetFacts, share: float, tolerance: int = DEFAULT_TOLERANCE) -> bool:
    """Whether a target's latest actual is short of where it should be by now.

    An amount to reach (=, >=, > without a baseline) should have grown with time; a level with a
    baseline should have moved from the baseline toward the value; otherwise it is judged only
    at the deadline. No actual yet is unknown, never short.
    """
    if target.actual is None or target_met(target.comparator, target.value, target.actual):
        return False
    value, actual = Decimal(str(target.value)), Decimal(str(target.actual))
    slack = Decimal(tolerance) / 100
    share_d = Decimal(str(share))
    if target.baseline is not None:
        baseline = Decimal(str(target.baseline))
        expected = baseline + (value - baseline) * share_d
        span = abs(value - baseline) * slack
        if target.comparator in ("<=", "<"):
            return actual > expected + span
        return actual < expected - span
    if target.comparator in (None, "="):
        return actual < value * (share_d - slack)
    return share >= 1.0


def task_status(
    facts: TaskFacts, *, today: dt.date, tolerance: int = DEFAULT_TOLERANCE
) -> TaskStatus:
    if facts.progress >= 100:
        return TaskStatus.DONE
    if past_deadline(facts.deadline, today):
        return TaskStatus.OVERDUE
    expected = expected_progress(facts, today)
    if expected - facts.progress > tolerance:
        return TaskStatus.BEHIND
    share = time_share(facts.start, facts.deadline, today)
    if any(target_short(t, share, tolerance) for t in facts.targets if not t.is_stretch):
        return TaskStatus.BEHIND
    if facts.progress == 0 and not any(t.actual for t in facts.targets):
        return TaskStatus.NOT_STARTED
    return TaskStatus.ON_TRACK


@dataclass
class Rollup:
    counts: dict[str, int]
    total: int
    completion_rate: float  # weighted share of done tasks, 0–1
    weighted_progress: float  # weighted mean progress, 0–100
    targets_known: int
    targets_met: int

    @property
    def target_rate(self) -> float | None:
        return self.targets_met / self.targets_known if self.targets_known else None


def rollup(rows: list[tuple[str, int, Decimal | float]], targets: list[bool | None] = ()) -> Rollup:
    """Roll up (status, progress, weight) rows of a section, a unit or a plan."""
    counts = dict.fromkeys(TaskStatus.values, 0)
    total_weight = done_weight = progress_weight = 0.0
    for status, progress, weight in rows:
        counts[status] += 1
        weight = float(weight or 1)
        total_weight += weight
        progress_weight += weight * progress
        if status == TaskStatus.DONE:
            done_weight += weight
    known = [met for met in targets if met is not None]
    return Rollup(
        counts=counts,
        total=len(rows),
        completion_rate=done_weight / total_weight if total_weight else 0.0,
        weighted_progress=progress_weight / total_weight if total_weight else 0.0,
        targets_known=len(known),
        targets_met=sum(1 for met in known if met),
    )
