"""find_deadline: deadline words in a task → a date in the plan's year, with the words kept."""

import datetime as dt

import pytest

from workplans.parsing.deadlines import find_deadline, is_ongoing

YEAR = 2021

DEADLINES = [
    pytest.param("年内完成全区村卫生室标准化建设", "2021-12-31", "年内", id="nian-nei"),
    pytest.param(
        "市妇幼保健院计生服务大楼要在年内开工建设", "2021-12-31", "年内", id="zai-nian-nei"
    ),
    pytest.param("年底前实现电子健康档案全覆盖", "2021-12-31", "年底前", id="niandi-qian"),
    pytest.param("区精神卫生中心年底全面迁入新址", "2021-12-31", "年底", id="niandi"),
    pytest.param("年末前完成年度绩效考核", "2021-12-31", "年末前", id="nianmo-qian"),
    pytest.param("今年底前完成全部改造任务", "2021-12-31", "今年底前", id="jinnian-di"),
    pytest.param("本年度内完成家庭医生签约", "2021-12-31", "本年度内", id="ben-niandu-nei"),
    pytest.param("6月底前完成发热门诊改造招标", "2021-06-30", "6月底前", id="6yue-di-qian"),
    pytest.param("六月底前完成发热门诊改造招标", "2021-06-30", "六月底前", id="liuyue-di-qian"),
    pytest.param("十一月底前完成年度考核", "2021-11-30", "十一月底前", id="shiyi-yue"),
    pytest.param("9月份前完成验收", "2021-09-30", "9月份前", id="yuefen-qian"),
    pytest.param("10月前完成村医培训", "2021-10-31", "10月前", id="10yue-qian"),
    pytest.param("上半年完成医疗质量评审", "2021-06-30", "上半年", id="shang-bannian"),
    pytest.param("下半年开展专项督导", "2021-12-31", "下半年", id="xia-bannian"),
    pytest.param("年中完成项目中期评估", "2021-06-30", "年中", id="nianzhong"),
    pytest.param("三季度完成信息系统验收", "2021-09-30", "三季度", id="san-jidu"),
    pytest.param("第三季度完成信息系统验收", "2021-09-30", "第三季度", id="di-san-jidu"),
    pytest.param("第一季度末前完成部署", "2021-03-31", "第一季度末前", id="di-yi-jidu-mo"),
    pytest.param("二季度末完成年度计划分解", "2021-06-30", "二季度末", id="er-jidu-mo"),
    pytest.param(
        "2021年12月31日前完成医共体章程修订", "2021-12-31", "2021年12月31日前", id="full-date"
    ),
    pytest.param("2021年6月底前完成招标", "2021-06-30", "2021年6月底前", id="year-month-end"),
    pytest.param("12月15日前报送年度工作总结", "2021-12-15", "12月15日前", id="month-day"),
    pytest.param("于3月31日前完成摸底调查", "2021-03-31", "3月31日前", id="yu-month-day"),
    pytest.param("2022年3月底前完成项目竣工验收", "2022-03-31", "2022年3月底前", id="next-year"),
    # Several deadlines: the latest wins, the others are milestones.
    pytest.param("6月底前完成招标，9月底前开工", "2021-09-30", "9月底前", id="latest-wins"),
    pytest.param("力争于年底前完成，上半年启动", "2021-12-31", "年底前", id="latest-first"),
    pytest.param(
        "一季度启动，三季度中期评估，11月底前完成验收", "2021-11-30", "11月底前", id="three"
    ),
]


@pytest.mark.parametrize(("text", "date", "words"), DEADLINES)
def test_find_deadline_resolves_words_to_a_date_in_the_plan_year(text, date, words):
    assert find_deadline(text, YEAR) == (dt.date.fromisoformat(date), words)


@pytest.mark.parametrize(("text", "date", "words"), DEADLINES)
def test_deadline_words_are_returned_as_written(text, date, words):
    _, found = find_deadline(text, YEAR)
    assert found in text


NO_DEADLINE = [
    pytest.param("三年内完成全部乡镇卫生院标准化建设", id="three-years"),
    pytest.param("3年内实现全覆盖", id="3-years"),
    pytest.param("启动实施社区卫生服务中心强基增能三年(2023—2025年)行动计划", id="year-range"),
    pytest.param("2023—2025年", id="bare-year-range"),
    pytest.param("组织对乡镇半年和年终进行全面调查", id="bannian-nianzhong"),
    pytest.param("加强卫生人才队伍建设，完善人才引进机制", id="plain"),
    pytest.param("每季度开展一次督导检查", id="every-quarter"),
    pytest.param("每年6月开展宣传活动", id="every-june"),
    pytest.param("5月12日举办国际护士节活动", id="date-without-qian"),
    pytest.param("近三年新增的医疗机构", id="past-years"),
    pytest.param("全年开展义诊活动不少于20场", id="quannian"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", NO_DEADLINE)
def test_text_without_deadline_words_has_no_deadline(text):
    assert find_deadline(text, YEAR) == (None, None)


def test_without_a_plan_year_there_is_no_deadline():
    assert find_deadline("年内完成全区村卫生室标准化建设", None) == (None, None)


def test_the_plan_year_decides_the_year_of_relative_words():
    assert find_deadline("6月底前完成招标", 2024) == (dt.date(2024, 6, 30), "6月底前")
    assert find_deadline("年内完成", 2023) == (dt.date(2023, 12, 31), "年内")


def test_leap_year_month_end():
    assert find_deadline("2月底前完成摸底", 2024) == (dt.date(2024, 2, 29), "2月底前")
    assert find_deadline("2月底前完成摸底", 2023) == (dt.date(2023, 2, 28), "2月底前")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "2021年底前完成全区村卫生室标准化建设",
            (dt.date(2021, 12, 31), "2021年底前"),
            id="explicit-year-end",
        ),
        pytest.param(
            "到2021年底实现医共体全覆盖",
            (dt.date(2021, 12, 31), "2021年底"),
            id="explicit-year-end-dao",
        ),
        pytest.param(
            "2020年12月31日前已完成的项目做好审计",
            (None, None),
            id="past-date-not-reread",
        ),
    ],
)
def test_former_deadline_gaps(text, expected):
    assert find_deadline(text, YEAR) == expected


# Issue #12: spans, month ends, several dates, ongoing work -----------------------------------

SPANS_AND_MONTHS = [
    pytest.param("2024年7月底前完成招标", 2024, "2024-07-31", "2024年7月底前", id="year-month-end"),
    pytest.param("7月底前完成招标", 2024, "2024-07-31", "7月底前", id="month-end"),
    pytest.param(
        "2024年8月—2025年9月开展试点", 2024, "2025-09-30", "2024年8月—2025年9月", id="span-dash"
    ),
    pytest.param(
        "2024年8月至2025年9月开展试点", 2024, "2025-09-30", "2024年8月至2025年9月", id="span-zhi"
    ),
    pytest.param(
        "2024年8月-2025年9月底前完成", 2024, "2025-09-30", "2024年8月-2025年9月底前", id="span-di"
    ),
    pytest.param(
        "2024年8月至12月开展专项检查", 2024, "2024-12-31", "2024年8月至12月", id="span-same-year"
    ),
    pytest.param("8月至10月开展专项检查", 2024, "2024-10-31", "8月至10月", id="span-no-year"),
    pytest.param("3—5月份开展爱国卫生月活动", 2024, "2024-05-31", "3—5月份", id="span-yuefen"),
    pytest.param(
        "2024年3月1日至6月30日开展", 2024, "2024-06-30", "2024年3月1日至6月30日", id="span-days"
    ),
    pytest.param(
        "2024年8月—2026年6月实施三年行动",
        2024,
        "2026-06-30",
        "2024年8月—2026年6月",
        id="multi-year-span",
    ),
    pytest.param(
        "6月底前完成方案，2024年8月至2025年3月组织实施，年底前完成中期评估",
        2024,
        "2025-03-31",
        "2024年8月至2025年3月",
        id="latest-of-several",
    ),
]


@pytest.mark.parametrize(("text", "year", "date", "words"), SPANS_AND_MONTHS)
def test_spans_end_on_their_last_day_and_the_latest_date_wins(text, year, date, words):
    assert find_deadline(text, year) == (dt.date.fromisoformat(date), words)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("每年5-6月开展宣传活动", id="every-year-span"),
        pytest.param("2023—2025年", id="year-span"),
        pytest.param("用3-5个月时间完成整治", id="months-count"),
        pytest.param("2026年6月底前完成", id="far-single-date"),
    ],
)
def test_no_deadline_from_repeated_spans_durations_or_far_single_dates(text):
    assert find_deadline(text, 2024) == (None, None)


ONGOING = [
    pytest.param("长期推进", id="cell-changqi-tuijin"),
    pytest.param("持续推进", id="cell-chixu-tuijin"),
    pytest.param("长期坚持", id="cell-changqi-jianchi"),
    pytest.param("持续开展。", id="cell-chixu-kaizhan"),
    pytest.param("常态化开展", id="cell-changtaihua"),
    pytest.param("健全现代医院管理制度。（完成时限：长期推进）", id="shixian-label"),
    pytest.param("完善联防联控机制（持续推进）", id="aside"),
    pytest.param("建立县级统筹招聘的人才管理机制，此项工作长期推进。", id="cixiang-gongzuo"),
    pytest.param("完善信息平台，推动电子病历应用，持续推进。", id="closing-clause"),
]
NOT_ONGOING = [
    pytest.param("持续推进医共体建设，年底前实现全覆盖", id="opening-verb"),
    pytest.param("长期坚持以人民为中心的发展思想", id="verb-with-object"),
    pytest.param("全年开展义诊活动不少于20场", id="quannian"),
    pytest.param("6月底前完成", id="a-date"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", ONGOING)
def test_ongoing_wording_as_the_deadline_is_ongoing_with_no_date(text):
    assert is_ongoing(text)
    assert find_deadline(text, 2024) == (None, None)


@pytest.mark.parametrize("text", NOT_ONGOING)
def test_the_same_verbs_opening_a_task_are_not_ongoing(text):
    assert not is_ongoing(text)


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        pytest.param("2024年12月", "2024-12-31", id="year-month"),
        pytest.param("12月31日", "2024-12-31", id="month-day"),
        pytest.param("2024.6", "2024-06-30", id="dotted"),
        pytest.param("6月", "2024-06-30", id="month-alone"),
        pytest.param("2024年", "2024-12-31", id="year-alone"),
        pytest.param("2024年6月底前", "2024-06-30", id="words-as-in-text"),
    ],
)
def test_a_deadline_cell_reads_a_bare_date_as_the_deadline(cell, date):
    found, words = find_deadline(cell, 2024, cell=True)
    assert found == dt.date.fromisoformat(date)
    assert words in cell
    if "底" not in cell:
        assert find_deadline(cell, 2024) == (None, None)  # in a task's text: not a deadline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("到2026年，全市医养结合服务网络基本建立", ("2026-12-31", "2026年"), id="dao"),
        pytest.param("比例逐年提高，到2026年底达到80%", ("2026-12-31", "2026年底"), id="dao-di"),
        pytest.param("到2025年6月底前完成试点", ("2025-06-30", "2025年6月底前"), id="dao-month"),
        pytest.param("截至2024年底实现全覆盖", ("2024-12-31", "2024年底"), id="jiezhi"),
        pytest.param("到2035年基本建成健康城市", None, id="vision"),
        pytest.param("2026年底前完成", None, id="far-without-dao"),
    ],
)
def test_a_multi_year_plan_runs_to_the_year_it_names_after_dao(text, expected):
    """`到2025年` as a deadline is 2025-12-31; a multi-year plan's year is its first."""
    if expected is None:
        assert find_deadline(text, 2024) == (None, None)
    else:
        date, words = expected
        assert find_deadline(text, 2024) == (dt.date.fromisoformat(date), words)
