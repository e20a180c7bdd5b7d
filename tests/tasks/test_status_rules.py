"""The status rules as a table: no database, every boundary, comparator and missing value."""

import datetime as dt
from decimal import Decimal as D

import pytest

from workplans.models import TaskStatus as S
from workplans.status import (
    TargetFacts,
    TaskFacts,
    expected_progress,
    rollup,
    target_completion,
    target_met,
    task_status,
    time_share,
)

JAN1 = dt.date(2026, 1, 1)
DEC31 = dt.date(2026, 12, 31)
JUL1 = dt.date(2026, 7, 2)  # 182 of 364 days: half the year


def facts(progress=0, deadline=DEC31, start=JAN1, milestones=(), targets=()):
    return TaskFacts(deadline=deadline, start=start, progress=progress,
                     milestones=tuple(milestones), targets=tuple(targets))  # fmt: skip


def target(comparator, value, actual=None, baseline=None, stretch=False):
    return TargetFacts(comparator, D(str(value)), None if actual is None else D(str(actual)),
                       None if baseline is None else D(str(baseline)), stretch)  # fmt: skip


@pytest.mark.parametrize(
    ("comparator", "value", "actual", "met"),
    [
        ("<=", 17, 15, True), ("<=", 17, 17, True), ("<=", 17, 18, False),
        ("<", 17, 16.9, True), ("<", 17, 17, False),
        (">=", 43, 45, True), (">=", 43, 43, True), (">=", 43, 42.9, False),
        (">", 43, 43, False), (">", 43, 43.1, True),
        ("=", 50, 50, True), ("=", 50, 60, True), ("=", 50, 30, False),
        (None, 50, 50, True), (None, 50, 10, False),
        (">=", 43, None, None), ("<=", 17, None, None), ("=", 50, None, None),
        ("<=", "9", "8.5", True), (">=", D("80"), D("79.99"), False),
    ],
)  # fmt: skip
def test_target_met(comparator, value, actual, met):
    assert target_met(comparator, value, actual) is met


@pytest.mark.parametrize(
    ("comparator", "value", "actual", "done"),
    [("=", 50, 30, 0.6), ("=", 50, 60, 1.0), (">=", 43, 21.5, 0.5), ("<=", 17, 15, 1.0),
     ("<=", 17, 20, 0.0), ("=", 50, None, None), ("=", 0, 0, 1.0)],
)  # fmt: skip
def test_target_completion(comparator, value, actual, done):
    assert target_completion(comparator, value, actual) == done


@pytest.mark.parametrize(
    ("start", "deadline", "today", "share"),
    [(JAN1, DEC31, JAN1, 0.0), (JAN1, DEC31, DEC31, 1.0), (JAN1, DEC31, dt.date(2027, 1, 5), 1.0),
     (JAN1, None, JUL1, 0.0), (JAN1, dt.date(2026, 1, 11), dt.date(2026, 1, 6), 0.5),
     (dt.date(2026, 3, 1), DEC31, dt.date(2026, 2, 1), 0.0)],
)  # fmt: skip
def test_time_share(start, deadline, today, share):
    assert time_share(start, deadline, today) == pytest.approx(share, abs=0.01)


TODAY = JUL1
CASES = [
    # id, facts, today, expected status
    ("done-at-100", facts(100), TODAY, S.DONE),
    ("done-even-after-deadline", facts(100, deadline=dt.date(2026, 3, 1)), TODAY, S.DONE),
    ("overdue-day-after-deadline", facts(80, deadline=dt.date(2026, 6, 30)),
     dt.date(2026, 7, 1), S.OVERDUE),
    ("not-overdue-on-deadline-day", facts(99, deadline=dt.date(2026, 7, 1)),
     dt.date(2026, 7, 1), S.ON_TRACK),
    ("overdue-without-report", facts(0, deadline=dt.date(2026, 3, 31)), TODAY, S.OVERDUE),
    ("on-track-at-expected", facts(50), TODAY, S.ON_TRACK),
    ("on-track-within-tolerance", facts(36), TODAY, S.ON_TRACK),
    ("behind-past-tolerance", facts(34), TODAY, S.BEHIND),
    ("behind-with-zero-progress-mid-year", facts(0), TODAY, S.BEHIND),
    ("not-started-early", facts(0), dt.date(2026, 1, 20), S.NOT_STARTED),
    ("not-started-no-deadline", facts(0, deadline=None), TODAY, S.NOT_STARTED),
    ("on-track-no-deadline", facts(10, deadline=None), TODAY, S.ON_TRACK),
    ("own-start-later", facts(0, start=dt.date(2026, 6, 15)), TODAY, S.NOT_STARTED),
    ("milestone-not-yet-due", facts(0, milestones=[(dt.date(2026, 9, 30), 60)]), TODAY,
     S.NOT_STARTED),
    ("milestone-due-and-missed", facts(10, milestones=[(dt.date(2026, 6, 30), 40)]), TODAY,
     S.BEHIND),
    ("milestone-due-and-met", facts(40, milestones=[(dt.date(2026, 6, 30), 40)]), TODAY,
     S.ON_TRACK),
    ("milestones-beat-time-share", facts(20, milestones=[(dt.date(2026, 6, 30), 20),
                                                         (dt.date(2026, 9, 30), 80)]),
     TODAY, S.ON_TRACK),
    ("count-target-short", facts(50, targets=[target("=", 50, 10)]), TODAY, S.BEHIND),
    ("count-target-on-pace", facts(50, targets=[target("=", 50, 20)]), TODAY, S.ON_TRACK),
    ("count-target-met-early", facts(50, targets=[target("=", 50, 50)]), TODAY, S.ON_TRACK),
    ("rate-target-without-baseline-not-judged-yet", facts(50, targets=[target(">=", 43, 30)]),
     TODAY, S.ON_TRACK),
    ("rate-target-with-baseline-short", facts(50, targets=[target(">=", 43, 30, baseline=30)]),
     TODAY, S.BEHIND),
    ("rate-target-with-baseline-on-pace",
     facts(50, targets=[target(">=", 43, 37, baseline=30)]), TODAY, S.ON_TRACK),
    ("ceiling-target-with-baseline-short",
     facts(50, targets=[target("<=", 17, 25, baseline=25)]), TODAY, S.BEHIND),
    ("ceiling-target-met", facts(50, targets=[target("<=", 17, 15)]), TODAY, S.ON_TRACK),
    ("target-unknown-is-not-failed", facts(50, targets=[target(">=", 43)]), TODAY, S.ON_TRACK),
    ("stretch-target-short-does-not-mark-task",
     facts(50, targets=[target("=", 50, 5, stretch=True)]), TODAY, S.ON_TRACK),
    ("committed-and-stretch", facts(50, targets=[target("=", 50, 5, stretch=True),
                                                 target("=", 10, 1)]), TODAY, S.BEHIND),
    ("target-actual-counts-as-started", facts(0, deadline=None,
                                              targets=[target("=", 50, 5)]), TODAY, S.ON_TRACK),
    ("delay-moved-deadline-no-longer-overdue", facts(60, deadline=dt.date(2027, 3, 31)),
     dt.date(2027, 1, 10), S.BEHIND),
    ("delay-moved-deadline-on-track", facts(95, deadline=dt.date(2027, 3, 31)),
     dt.date(2027, 1, 10), S.ON_TRACK),
]  # fmt: skip


@pytest.mark.parametrize(("facts_", "today", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_task_status(facts_, today, expected):
    assert task_status(facts_, today=today) == expected


def test_tolerance_is_the_plans():
    assert task_status(facts(40), today=TODAY, tolerance=5) == S.BEHIND
    assert task_status(facts(40), today=TODAY, tolerance=15) == S.ON_TRACK


def test_expected_progress_follows_latest_due_milestone():
    milestones = [(dt.date(2026, 3, 31), 20), (dt.date(2026, 6, 30), 50)]
    assert expected_progress(facts(milestones=milestones), TODAY) == 50
    assert expected_progress(facts(milestones=milestones), dt.date(2026, 4, 1)) == 20


def test_rollup_counts_rates_and_weights():
    rows = [(S.DONE, 100, 3), (S.ON_TRACK, 50, 1), (S.OVERDUE, 20, 1), (S.BEHIND, 10, D("1"))]
    result = rollup(rows, targets=[True, False, None, True])
    assert result.counts[S.DONE] == 1 and result.counts[S.OVERDUE] == 1 and result.total == 4
    assert result.completion_rate == pytest.approx(3 / 6)
    assert result.weighted_progress == pytest.approx((300 + 50 + 20 + 10) / 6)
    assert result.targets_known == 3 and result.targets_met == 2
    assert result.target_rate == pytest.approx(2 / 3)


def test_rollup_of_nothing():
    result = rollup([])
    assert result.total == 0 and result.completion_rate == 0 and result.target_rate is None
