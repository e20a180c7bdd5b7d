"""The status rules as a table: no database, every boundary, comparator and missing value."""

import datetime as dt
from decimal import Decimal as D

import pytest

from workplans.models import TaskStatus as S
from workplans.status import (
    ReasonKind as K,
)
from workplans.status import (
    StatusReason,
    TargetFacts,
    TaskFacts,
    expected_progress,
    target_completion,
    target_met,
    task_status,
    task_verdict,
    time_share,
)

JAN1 = dt.date(2026, 1, 1)
DEC31 = dt.date(2026, 12, 31)
JUL1 = dt.date(2026, 7, 2)  # 182 of 364 days: half the year


def facts(progress=0, deadline=DEC31, start=JAN1, milestones=(), targets=()):
    return TaskFacts(deadline=deadline, start=start, progress=progress,
                     milestones=tuple(milestones), targets=tuple(targets))  # fmt: skip


def target(comparator, value, actual=None, baseline=None, stretch=False, indicator="", unit=""):
    return TargetFacts(comparator, D(str(value)), None if actual is None else D(str(actual)),
                       None if baseline is None else D(str(baseline)), stretch,
                       indicator, unit)  # fmt: skip


def why(kind, **figures):
    """The reason a case expects: its kind and the figures given (`target` is the named
    target's (comparator, value, actual))."""
    return kind, figures


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
    # id, facts, today, expected status, expected reason (its kind and key figures)
    ("done-at-100", facts(100), TODAY, S.DONE,
     why(K.DONE, progress=100, expected=0)),
    ("done-even-after-deadline", facts(100, deadline=dt.date(2026, 3, 1)), TODAY, S.DONE,
     why(K.DONE, progress=100, deadline=dt.date(2026, 3, 1))),
    ("overdue-day-after-deadline", facts(80, deadline=dt.date(2026, 6, 30)),
     dt.date(2026, 7, 1), S.OVERDUE,
     why(K.OVERDUE, progress=80, deadline=dt.date(2026, 6, 30))),
    ("not-overdue-on-deadline-day", facts(99, deadline=dt.date(2026, 7, 1)),
     dt.date(2026, 7, 1), S.ON_TRACK,
     why(K.ON_TRACK, progress=99, expected=100)),
    ("overdue-without-report", facts(0, deadline=dt.date(2026, 3, 31)), TODAY, S.OVERDUE,
     why(K.OVERDUE, progress=0, deadline=dt.date(2026, 3, 31))),
    ("on-track-at-expected", facts(50), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, progress=50, expected=50, tolerance=15)),
    ("on-track-within-tolerance", facts(36), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, progress=36, expected=50)),
    ("behind-past-tolerance", facts(34), TODAY, S.BEHIND,
     why(K.BEHIND_PROGRESS, progress=34, expected=50, tolerance=15)),
    ("behind-with-zero-progress-mid-year", facts(0), TODAY, S.BEHIND,
     why(K.BEHIND_PROGRESS, progress=0, expected=50)),
    ("not-started-early", facts(0), dt.date(2026, 1, 20), S.NOT_STARTED,
     why(K.NOT_STARTED, expected=6)),
    ("not-started-no-deadline", facts(0, deadline=None), TODAY, S.NOT_STARTED,
     why(K.NOT_STARTED, expected=0, deadline=None)),
    ("on-track-no-deadline", facts(10, deadline=None), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, progress=10, expected=0, deadline=None)),
    ("own-start-later", facts(0, start=dt.date(2026, 6, 15)), TODAY, S.NOT_STARTED,
     why(K.NOT_STARTED, expected=9)),
    ("milestone-not-yet-due", facts(0, milestones=[(dt.date(2026, 9, 30), 60)]), TODAY,
     S.NOT_STARTED,
     why(K.NOT_STARTED, expected=0, milestones_due=0, milestones_total=1)),
    ("milestone-due-and-missed", facts(10, milestones=[(dt.date(2026, 6, 30), 40)]), TODAY,
     S.BEHIND,
     why(K.BEHIND_PROGRESS, progress=10, expected=40,
         milestones_due=1, milestones_total=1)),
    ("milestone-due-and-met", facts(40, milestones=[(dt.date(2026, 6, 30), 40)]), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, expected=40, milestones_due=1, milestones_total=1)),
    ("milestones-beat-time-share", facts(20, milestones=[(dt.date(2026, 6, 30), 20),
                                                         (dt.date(2026, 9, 30), 80)]),
     TODAY, S.ON_TRACK,
     why(K.ON_TRACK, expected=20, milestones_due=1, milestones_total=2)),
    ("count-target-short", facts(50, targets=[target("=", 50, 10)]), TODAY, S.BEHIND,
     why(K.BEHIND_TARGET, expected=50, target=("=", "50", "10"),
         targets_short=1, targets_met=0)),
    ("count-target-on-pace", facts(50, targets=[target("=", 50, 20)]), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, target=None, targets_known=1, targets_met=0,
         targets_short=0)),
    ("count-target-met-early", facts(50, targets=[target("=", 50, 50)]), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, target=("=", "50", "50"), targets_known=1, targets_met=1)),
    ("rate-target-without-baseline-not-judged-yet", facts(50, targets=[target(">=", 43, 30)]),
     TODAY, S.ON_TRACK,
     why(K.ON_TRACK, targets_known=1, targets_met=0, targets_short=0)),
    ("rate-target-with-baseline-short", facts(50, targets=[target(">=", 43, 30, baseline=30)]),
     TODAY, S.BEHIND,
     why(K.BEHIND_TARGET, target=(">=", "43", "30"), targets_short=1)),
    ("rate-target-with-baseline-on-pace",
     facts(50, targets=[target(">=", 43, 37, baseline=30)]), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, targets_known=1, targets_met=0, targets_short=0)),
    ("ceiling-target-with-baseline-short",
     facts(50, targets=[target("<=", 17, 25, baseline=25)]), TODAY, S.BEHIND,
     why(K.BEHIND_TARGET, target=("<=", "17", "25"), targets_short=1)),
    ("ceiling-target-met", facts(50, targets=[target("<=", 17, 15)]), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, target=("<=", "17", "15"), targets_met=1)),
    ("target-unknown-is-not-failed", facts(50, targets=[target(">=", 43)]), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, targets_total=1, targets_known=0, target=None)),
    ("stretch-target-short-does-not-mark-task",
     facts(50, targets=[target("=", 50, 5, stretch=True)]), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, targets_total=0, stretch_known=1, stretch_met=0,
         target=("=", "50", "5"))),
    ("committed-and-stretch", facts(50, targets=[target("=", 50, 5, stretch=True),
                                                 target("=", 10, 1)]), TODAY, S.BEHIND,
     why(K.BEHIND_TARGET, target=("=", "10", "1"), targets_total=1,
         targets_short=1, stretch_known=1, stretch_met=0)),
    ("target-actual-counts-as-started", facts(0, deadline=None,
                                              targets=[target("=", 50, 5)]), TODAY, S.ON_TRACK,
     why(K.ON_TRACK, progress=0, targets_known=1)),
    ("delay-moved-deadline-no-longer-overdue", facts(60, deadline=dt.date(2027, 3, 31)),
     dt.date(2027, 1, 10), S.BEHIND,
     why(K.BEHIND_PROGRESS, progress=60, expected=83,
         deadline=dt.date(2027, 3, 31))),
    ("delay-moved-deadline-on-track", facts(95, deadline=dt.date(2027, 3, 31)),
     dt.date(2027, 1, 10), S.ON_TRACK,
     why(K.ON_TRACK, progress=95, expected=83)),
]  # fmt: skip


@pytest.mark.parametrize(("facts_", "today", "expected"), [c[1:4] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_task_status(facts_, today, expected):
    assert task_status(facts_, today=today) == expected


@pytest.mark.parametrize(("facts_", "today", "expected", "reason"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_task_verdict_gives_the_status_with_its_reason(facts_, today, expected, reason):
    verdict = task_verdict(facts_, today=today)
    assert verdict.status == expected
    kind, figures = reason
    assert verdict.reason.kind == kind
    for name, value in figures.items():
        found = getattr(verdict.reason, name)
        if name == "target" and found is not None:
            found = (found.comparator, found.value, found.actual)
        assert found == value, name
    # Stored and read back, the reason is the same value and says the same.
    assert StatusReason.from_json(verdict.reason.to_json()) == verdict.reason
    assert verdict.reason.text and "None" not in verdict.reason.text


def test_tolerance_is_the_plans():
    assert task_status(facts(40), today=TODAY, tolerance=5) == S.BEHIND
    assert task_status(facts(40), today=TODAY, tolerance=15) == S.ON_TRACK


def test_expected_progress_follows_latest_due_milestone():
    milestones = [(dt.date(2026, 3, 31), 20), (dt.date(2026, 6, 30), 50)]
    assert expected_progress(facts(milestones=milestones), TODAY) == 50
    assert expected_progress(facts(milestones=milestones), dt.date(2026, 4, 1)) == 20


# The reason as one line -------------------------------------------------------------------

VACCINATION = target(">=", 95, "96.2", indicator="接种率", unit="%")
SIGNING = target(">=", 43, 30, baseline=30, indicator="家庭医生签约服务率", unit="%")
QUARTERS = [(dt.date(2026, 3, 31), 25), (dt.date(2026, 6, 30), 50),
            (dt.date(2026, 9, 30), 75), (DEC31, 100)]  # fmt: skip
TEXTS = [
    ("done", facts(100), TODAY, "进度已达 100%"),
    ("overdue", facts(80, deadline=dt.date(2026, 6, 30)), TODAY,
     "已过完成时限（2026年6月30日），进度 80%"),
    ("behind-by-time", facts(20), TODAY,
     "应完成约 50%（时间进度），报送 20%，落后 30 个百分点，超过容差 15"),
    ("behind-with-nothing-approved", facts(0), TODAY,
     "应完成约 50%（时间进度），尚无进展，落后 50 个百分点，超过容差 15"),
    ("behind-by-milestones", facts(20, milestones=QUARTERS), TODAY,
     "应完成 50%（已到期节点 2/4），报送 20%，落后 30 个百分点，超过容差 15"),
    # The case a leader asked about: the only target is met, the progress is not.
    ("targets-met-but-behind", facts(80, targets=[VACCINATION]), dt.date(2026, 12, 20),
     "指标均已达标（接种率 最新 96.2%，要求 ≥95%）；但进度 80% 低于应完成约 97%，"
     "超过容差 15 个百分点"),
    ("targets-met-but-behind-milestones", facts(20, milestones=QUARTERS,
                                                targets=[VACCINATION]), TODAY,
     "指标均已达标（接种率 最新 96.2%，要求 ≥95%）；但进度 20% 低于应完成 50%（已到期节点 2/4），"
     "超过容差 15 个百分点"),
    ("behind-on-target", facts(50, targets=[SIGNING]), TODAY,
     "指标“家庭医生签约服务率”要求 ≥43%，最新 30%，未达到当前应有水平；进度 50%，应完成约 50%"),
    ("not-started", facts(0, start=dt.date(2026, 8, 1)), TODAY, "尚未到应有进展的时间，暂无进展"),
    ("not-started-within-tolerance", facts(0), dt.date(2026, 1, 20),
     "暂无进展，应完成约 6%，在容差 15 个百分点内"),
    ("on-track-ahead", facts(60), TODAY, "报送 60%，应完成约 50%"),
    ("on-track-within-tolerance", facts(40, targets=[VACCINATION]), TODAY,
     "报送 40%，应完成约 50%，在容差内；指标均已达标（接种率 最新 96.2%，要求 ≥95%）"),
    ("on-track-no-deadline", facts(10, deadline=None), TODAY, "报送 10%，未设完成时限"),
    ("stretch-short-named-as-such",
     facts(50, targets=[target("=", 500, 50, stretch=True, indicator="新增床位", unit="张")]),
     TODAY, "报送 50%，应完成约 50%；力争指标“新增床位”要求达到 500张，最新 50张，尚未达到"
            "（不影响状态）"),
    ("committed-and-stretch-counted",
     facts(50, targets=[target("=", 50, 5, stretch=True),
                        target("<=", 17, 15, indicator="孕产妇死亡率", unit="/10万")]),
     TODAY, "报送 50%，应完成约 50%；指标均已达标（孕产妇死亡率 最新 15/10万，要求 ≤17/10万）；"
            "力争指标已达到 0/1（不影响状态）"),
    ("several-targets-met", facts(50, targets=[target("<=", 17, 15), target(">=", 43, 45)]),
     TODAY, "报送 50%，应完成约 50%；指标均已达标（2 项）"),
    ("some-targets-met", facts(50, targets=[target("<=", 17, 15), target(">=", 43, 30),
                                            target(">=", 90)]),
     TODAY, "报送 50%，应完成约 50%；已达标指标 1/3"),
]  # fmt: skip


@pytest.mark.parametrize(("facts_", "today", "text"), [c[1:] for c in TEXTS],
                         ids=[c[0] for c in TEXTS])  # fmt: skip
def test_reason_text(facts_, today, text):
    reason = task_verdict(facts_, today=today).reason
    assert reason.text == text
    assert StatusReason.from_json(reason.to_json()).text == text


def test_targets_met_but_behind_is_still_behind_and_says_why():
    verdict = task_verdict(facts(80, targets=[VACCINATION]), today=dt.date(2026, 12, 20))
    assert verdict.status == S.BEHIND
    reason = verdict.reason
    assert (reason.kind, reason.targets_met, reason.targets_known) == (K.BEHIND_PROGRESS, 1, 1)
    assert (reason.progress, reason.expected, reason.tolerance) == (80, 97, 15)
    assert (reason.target.indicator, reason.target.actual) == ("接种率", "96.2")


def test_rounded_figures_never_contradict_the_status():
    """Whole percents, expected rounded up: 滞后 on progress always reads as a gap past the
    tolerance, and 正常推进 never does, whatever the day."""
    for progress in range(0, 100, 7):
        for day in range(0, 364, 3):
            today = JAN1 + dt.timedelta(days=day)
            reason = task_verdict(facts(progress), today=today).reason
            gap = reason.expected - reason.progress
            if reason.kind == K.BEHIND_PROGRESS:
                assert gap > reason.tolerance, (progress, today)
            else:
                assert gap <= reason.tolerance, (progress, today)


def test_stored_reason_is_compact_and_stable():
    reason = task_verdict(facts(50, targets=[SIGNING]), today=TODAY).reason
    stored = reason.to_json()
    assert stored == {
        "kind": "behind_target",
        "tolerance": 15,
        "progress": 50,
        "expected": 50,
        "targets_total": 1,
        "targets_known": 1,
        "targets_short": 1,
        "deadline": "2026-12-31",
        "target": {
            "indicator": "家庭医生签约服务率",
            "comparator": ">=",
            "value": "43",
            "unit": "%",
            "actual": "30",
        },
    }
    assert task_verdict(facts(50, targets=[SIGNING]), today=TODAY).reason.to_json() == stored
    assert StatusReason.from_json({}) is None and StatusReason.from_json(None) is None
    assert StatusReason.from_json({**stored, "later_field": 1}) == reason  # unknown keys ignored


def test_task_status_is_the_verdicts_status():
    """task_status skips the reason, not the rules: the two agree over a sweep of cases."""
    targets = [(), [SIGNING], [VACCINATION], [target("=", 50, 5, stretch=True)], [target(">=", 43)]]
    for progress in (0, 10, 40, 100):
        for day in range(0, 400, 9):
            today = JAN1 + dt.timedelta(days=day)
            for milestones in ((), QUARTERS):
                for with_targets in targets:
                    facts_ = facts(progress, milestones=milestones, targets=with_targets)
                    verdict = task_verdict(facts_, today=today)
                    assert task_status(facts_, today=today) == verdict.status
