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

`task_verdict` applies the rules and returns the status with the reason it was decided by
(StatusReason, workplans/status_reason.py: which rule, the figures compared, one line of text);
`task_status` is its status alone.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from workplans.models import TaskStatus
from workplans.status_reason import DEFAULT_TOLERANCE, ReasonKind, ReasonTarget, StatusReason


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
    indicator: str = ""  # named in the status reason
    unit: str = ""


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


def whole_percent(percent: float) -> int:
    """Expected progress as a whole percent, rounded up, so the rounded figures never contradict
    the rule: behind by more than the tolerance stays so after rounding, and within it stays
    within (progress and tolerance are whole numbers). Float noise (7.000000000000001) is not
    rounded up."""
    return math.ceil(round(percent, 6))


@dataclass(frozen=True)
class Verdict:
    """A task's status and the reason the rules give for it."""

    status: TaskStatus
    reason: StatusReason


def decide(facts: TaskFacts, today: dt.date, tolerance: int) -> tuple[TaskStatus, str, float]:
    """The rules themselves, in their order: (status, the kind of reason, expected progress in
    percent, 0 where it was not needed). task_status and task_verdict both decide here."""
    progress = facts.progress
    if progress >= 100:
        return TaskStatus.DONE, ReasonKind.DONE, 0.0
    if past_deadline(facts.deadline, today):
        return TaskStatus.OVERDUE, ReasonKind.OVERDUE, 0.0
    expected = expected_progress(facts, today)
    if expected - progress > tolerance:
        return TaskStatus.BEHIND, ReasonKind.BEHIND_PROGRESS, expected
    if facts.targets:
        share = time_share(facts.start, facts.deadline, today)
        if any(target_short(t, share, tolerance) for t in facts.targets if not t.is_stretch):
            return TaskStatus.BEHIND, ReasonKind.BEHIND_TARGET, expected
    if progress == 0 and not any(t.actual for t in facts.targets):
        return TaskStatus.NOT_STARTED, ReasonKind.NOT_STARTED, expected
    return TaskStatus.ON_TRACK, ReasonKind.ON_TRACK, expected


def task_verdict(
    facts: TaskFacts, *, today: dt.date, tolerance: int = DEFAULT_TOLERANCE
) -> Verdict:
    """The status rules (see the module's docstring), with the reason they decided by."""
    status, kind, expected = decide(facts, today, tolerance)
    named = None
    committed = known = met = short = stretch_known = stretch_short = ()
    if facts.targets:
        committed = [t for t in facts.targets if not t.is_stretch]
        known = [t for t in committed if t.actual is not None]
        met = [t for t in known if target_met(t.comparator, t.value, t.actual)]
        stretch_known = [t for t in facts.targets if t.is_stretch and t.actual is not None]
        stretch_short = [
            t for t in stretch_known if not target_met(t.comparator, t.value, t.actual)
        ]
        share = time_share(facts.start, facts.deadline, today)
        short = [t for t in committed if target_short(t, share, tolerance)]
        if short:
            named = short[0]
        elif len(committed) == 1 and len(met) == 1:
            named = met[0]
        elif stretch_short:
            named = stretch_short[0]
    # Done and overdue do not depend on the expected progress: their reasons leave it out.
    judged = kind not in (ReasonKind.DONE, ReasonKind.OVERDUE)
    reason = StatusReason(
        kind=kind,
        progress=facts.progress,
        expected=whole_percent(expected) if judged else 0,
        tolerance=tolerance,
        deadline=facts.deadline,
        milestones_due=sum(1 for date, _ in facts.milestones if date <= today) if judged else 0,
        milestones_total=len(facts.milestones) if judged else 0,
        target=ReasonTarget.of(named) if named else None,
        targets_total=len(committed),
        targets_known=len(known),
        targets_met=len(met),
        targets_short=len(short),
        stretch_known=len(stretch_known),
        stretch_met=len(stretch_known) - len(stretch_short),
    )
    return Verdict(status, reason)


def task_status(
    facts: TaskFacts, *, today: dt.date, tolerance: int = DEFAULT_TOLERANCE
) -> TaskStatus:
    """The status alone: task_verdict's, without working out the reason (the dashboard replays
    the rules over every task and period)."""
    return decide(facts, today, tolerance)[0]


def completion_rate(done: int, total: int) -> float:
    """完成率: the share of tasks that are 已完成, 0–1, every task counting once (as the 督办台账
    prints it); weights only enter the weighted progress."""
    return done / total if total else 0.0
