"""Quantified figures in a task's text: targets to reach and results already reported.

`家庭医生签约服务率达43%以上` → a target (签约服务率, >=, 43, %); `全区已建成12家标准化村卫生室`
→ an achievement (a result, not a commitment). Years, dates, ordinals, ages, estimates (约, 近),
numbers inside quotation marks or titles (`“三医联动”`, `《…三年行动计划》`) and counts of a list
(`等6个维度`) are neither.

Forms read: a range (`1—2家` → >= 1 with value_max 2), `分别增长5.2%、8%左右` (one figure each,
`左右` on all), `2000余名` (>), a magnitude in the unit (`1.2万名`, `1.5亿元`, normalised to 名
and 元), `百分之九十`, and 力争 / 确保 before the figure (the target's qualifier).

Also read, with no measure word:
- a bare magnitude (`体检人数达1000万以上`, `总量达到1.5亿`): unit 万 / 亿 as written, normalised
  to a plain number (10000000, unit "");
- an index or a score right after a verb of reaching (`健康浙江发展指数达85`, `综合评分不低于85`):
  unit "" (a score written `90分` has the unit 分); never a year (`达2025年`), an ordinal, or a
  number a word follows (`达到3个`, `达到5岁`);
- a ratio after its measure (`床人比不低于1:1.6`, `医护比1∶1.25`): one figure, the second term
  as its value and unit 比; normalised to 1:x (`2:3` → 1.5 比).
An index, a score and a ratio reached (达到) are floors (>=), like a rate.

An age is part of an indicator's name (`5岁以下儿童死亡率`, `65岁及以上老年人`, `0—6岁儿童`)
wherever it stands, unless it is the figure itself: an age to reach (`人均预期寿命达到79岁`).
"""

import bisect
import re
from typing import NamedTuple

from workplans.parsing.numbers import CHINESE_NUMERAL_CHARS, normalise, to_number
from workplans.parsing.outline import TargetOutline

# Longest first, so that 人次 wins over 人 and 个百分点 over 个. A magnitude (万, 亿, 千万…) may
# come before any of them (万人次, 亿元), except the rates per 10 000.
UNIT_WORDS = (
    "人次 户次 场次 家次 台次 例次 项次 元 /10万 /万 ‰ % ％ 个百分点 百分点 名 人 家 个 所 种 项 "
    "张 床 台 次 场 户 例 支 套 篇 期 批 座 辆 公里 平方米 亩 小时 分钟 天 倍 份 册 件 条 处 对 "
    "组 部 门 类 间 块 剂 剂次 人份 元/人 岁 位 起 轮 级 分"
)
UNITS = sorted(UNIT_WORDS.split(" "), key=len, reverse=True)
# 90分 is a score; 三分之一, 分别, 分期, 分院 are not.
UNIT_PATTERNS = {"分": r"分(?![之别期批类级钟层段院局会站所部])"}
UNIT_ALTERNATIVES = "|".join(UNIT_PATTERNS.get(u, re.escape(u)) for u in UNITS)
RATE_UNITS = {"%", "％", "‰", "/10万", "/万", "个百分点", "百分点"}
# A level reached, like a rate: a score (90分), an index with no unit (指数达85), a ratio (1:1.2).
LEVEL_UNITS = {"分", "", "比"}
RATIO_UNIT = "比"
# A magnitude that stands without a measure word after it (达1000万以上, 达到1.5亿).
BARE_MAGNITUDES = ("千万", "百万", "亿", "万")
BARE_CRITERION = re.compile(
    r"(?:及以上|以上|及以下|以下|以内|左右)?的"
    r"|(?:及以上|以上|及以下|以下|以内)(?!水平|和|及|与|或|并)[\u4e00-\u9fa5]"
)

NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{CHINESE_NUMERAL_CHARS}]+)"
RANGE_DASH = r"(?:——|[—\-~～–－至到])"
FIGURE = re.compile(
    # `1—2家`, `8~10天`, `5%—8%`: the floor of a range, then the figure itself.
    rf"(?:(?P<low>{NUMBER})\s*(?P<lowunit>%|％|‰)?\s*{RANGE_DASH}\s*)?"
    rf"(?:百分之(?P<pct>{NUMBER})"
    rf"|(?P<num>{NUMBER})\s*(?P<more>余|多)?(?P<mag>千万|百万|亿|万|千)?(?P<more2>余|多)?\s*"
    # No measure word after a magnitude: a bare magnitude (1000万以上), kept if it is one.
    rf"(?:(?P<unit>{UNIT_ALTERNATIVES})|(?<=[万亿余多]))"
    r")"
)
CLAUSE_BREAK = re.compile(r"[，,；;。！？!?\n：:]")
SENTENCE_BREAK = re.compile(r"[；;。！？!?\n]")
QUOTED = re.compile(r"“[^”]{0,40}”|\"[^\"]{0,40}\"|《[^》]{0,80}》|「[^」]{0,40}」|‘[^’]{0,20}’")

AT_LEAST_AFTER = ("及以上", "以上水平", "以上")
AT_MOST_AFTER = ("及以下", "以下", "以内", "之内")
# Bounds: what the words say holds for a target and for a reported result alike.
BOUND_WORDS = [
    ("不低于", ">="),
    ("不少于", ">="),
    ("至少", ">="),
    ("超过", ">"),
    ("高于", ">"),
    ("大于", ">"),
    ("多于", ">"),
    ("不高于", "<="),
    ("不超过", "<="),
    ("不多于", "<="),
    ("低于", "<"),
    ("少于", "<"),
    ("小于", "<"),
]
# Movements: a commitment's direction (降至 is a ceiling to reach); a result is where it got (=).
MOVE_WORDS = [
    ("控制在", "<="),
    ("降至", "<="),
    ("降低到", "<="),
    ("降低至", "<="),
    ("下降到", "<="),
    ("下降至", "<="),
    ("降到", "<="),
    ("减少到", "<="),
    ("减少至", "<="),
    ("压缩到", "<="),
    ("压缩至", "<="),
    ("提高到", ">="),
    ("提高至", ">="),
    ("提升到", ">="),
    ("提升至", ">="),
    ("增加到", ">="),
    ("增加至", ">="),
    ("增至", ">="),
    ("达到", "="),
    ("达", "="),
    ("保持在", ">="),
    ("稳定在", ">="),
    ("缩短至", "<="),
    ("缩短到", "<="),
    ("延长至", ">="),
    ("延长到", ">="),
    ("确保", "="),
    ("力争", "="),
    ("为", "="),
]
BEFORE_WORDS = sorted(BOUND_WORDS + MOVE_WORDS, key=lambda pair: len(pair[0]), reverse=True)
BOUND = dict(BOUND_WORDS)
# A Chinese numeral counts only right after a verb of making or reaching (新建三家, 培训五百人).
COUNT_VERB_WORDS = (
    r"(?:新建|建成|建设|创建|新增|增加|培训|培养|招聘|引进|招收|完成|开展|打造|培育|选派|组建|"
    r"举办|达到|达|推进|设立|开设|改造|提质改造|新设|配备|遴选|评选|建立|实施|推荐|发放|免费|"
    r"新创建|招引|招录|组织|改扩建|新改扩建|改建|扩建|改造提升|升级改造|提质)"
)
COUNT_VERBS = re.compile(COUNT_VERB_WORDS + "$")
COUNT_VERB_START = re.compile("^" + COUNT_VERB_WORDS)
TIME_PREFIX = r"(?:到|至|在|于|截至|截止)?(?:20\d\d|今|本|明)年(?:年底|年末|底|末|内|前)?(?:前)?"
STRIP_INDICATOR_PREFIX = re.compile(
    r"^(?:并|将|把|使|让|要|确保|力争|全年|全市|全区|全县|全镇|全省|到年底|年内|年底前|其中|"
    r"计划|积极|努力|着力|对|[一二三四五六七八九十]+是|(?:\d{1,2}|[一二三四五六七八九十]{1,2})月"
    r"(?:底|末|中旬|上旬|下旬)?前?|"
    rf"同时|力争使|推动|实现|与|已经有|已有|已经|已|累计|共有|现有|目前|截至目前|{TIME_PREFIX}|"
    r"在(?:现有|原有|此|上年|去年)基础上|(?:“[^”]{1,10}”)?期间|"
    r"组织开展|完成|开展|落实|安排|共(?!建|享|同|性|识|青|产|治|用|管|有))+"
)
TRAILING_ADVERB = re.compile(
    r"(?:分别|(?<![平人年])均|各|累计|共|全年|(?<![0-9全当今本上明去每])年|已|已经|逐步|逐年|稳步|持续|"
    r"保持|进一步|不断|全部|都|力争|确保|要|将|平均)+$"
)
LEADING_COMPARATOR = re.compile("(?:" + "|".join(re.escape(w) for w, _ in BEFORE_WORDS) + r")$")
# The change a figure measures is not the measure: 门诊量同比增长 → 门诊量.
CHANGE_SUFFIX = re.compile(
    r"(?:(?:同比|环比|(?:比|较)(?:上年|去年|上一年|前一年|前年|20\d\d年)(?:同期)?))?"
    r"(?:分别|年均|平均|(?<![年平])均)?(?:增长|下降|增加|减少|提高|降低|提升|上升|减低)了?$"
)
FROM_PHRASE = re.compile(r"(?:由|从)[^，,；;由从]{0,12}\d[^，,；;由从]{0,4}$")
PER_CAPITA = re.compile(r"每(?:十万|[千万百])(?:常住)?人口|每(?:十万|[千万百])人")
EACH_WORD = re.compile(r"分别|(?<![年平])均|了$")
# 级 is a unit only for a figure to reach (评价达到4级以上), not a grade (二级以上医院); 岁 only
# for an age to reach (人均预期寿命达到79岁), not an age group (5岁以下儿童): _age_to_reach.
AGE_TARGET = re.compile(r"(?:达到|达|提高到|提升到|提高至|提升至|增至|超过)$")
# `由40元提高到74元`: the starting point of a change is not a figure.
FROM_BEFORE = re.compile(r"(?:由|从)(?:每人|人均|每[\u4e00-\u9fa5]{1,3})?$")  # 由每人40元
FROM_VALUE = re.compile(r"\s*(?:提高|提升|增加|增长|上升|下降|降低|减少|缩短|延长)?(?:到|至)")
# Ordinals, enumerations, estimates and what a task reviews are neither targets nor results.
SKIP_BEFORE = (
    "第",
    "等",
    "大约",
    "近",
    "前",
    "每",
    "总结",
    "回顾",
    "区内",
    "市内",
    "县内",
    "辖区",
    "辖区内",
)
ESTIMATE = re.compile(r"(?<![签制预节公条合契])约$")  # 约500名, not 签约12.6万人
# `15个专项行动`, `26项健康浙江行动`: the size of a programme, not a figure to reach.
PROGRAMME = re.compile(r"^[\u4e00-\u9fa5]{0,6}行动")
NOT_A_YEAR_NEXT = ("年", "月", "日", "岁", "周", "号", "级", "届", "轮", "版", "季")

# Result wording: a figure already reached, not a commitment.
RESULT_IN_CLAUSE = re.compile(
    r"累计|同比|环比|(?:比|较)(?:上年|去年|上一年|前一年|前年|20\d\d年)(?:同期)?|较同期|"
    r"(?:共有|现有)(?!基础|水平)[^，,；;。\d]{0,8}$"
)
RESULT_IN_SENTENCE = re.compile(r"截[至止](?:目前|上年|去年|[上本]月)|目前|至今|现已")
ALREADY = re.compile(r"已(?![^，,；;。]*的)")  # 已建成12家; not 对已纳入管理的患者
PAST = re.compile(r"[\u4e00-\u9fa5](?<![为除])了(?!解)")  # 完成了, 达到了; not 为了, 了解
PAST_PARTICLE = re.compile(r"(?<=[\u4e00-\u9fa5])(?<![为除])了(?!解)")
FORWARD = re.compile(r"今年|明年|本年|年内|年底|到20\d\d|力争|确保|争取|计划|将")
COMMITMENT = re.compile(r"力争|确保|争取|目标")
QUALIFIER = re.compile(r"力争|确保")
EACH = re.compile(r"(分别|(?<![平人年])均|都|各)(?:[\u4e00-\u9fa5]{0,3})$")
# 高血压、2型糖尿病患者规范管理率: a rate of each group listed (not 三、四级手术占比).
LISTED_RATE = re.compile(r"^[^、]{2,}(?:、[^、]{2,})+率$")
SUBJECT_SPLIT = re.compile(r"、|和|以及")
MEASURE_END = re.compile(r"(?:率|数|量|比|比例|占比|人次|水平|费用|时间|天数|金额|资金)$")
CLAUSE_SCOPE, SENTENCE_SCOPE = 80, 160  # characters looked back from a figure
SEPARATORS = re.compile(r"[\s、，,和及与并]*")
JOINED = re.compile(r"\s*(?:和|、|及|与|以及|或)\s*")

# A figure with no unit: right after a verb of reaching (指数达85, 评分不低于85), or joined to
# such a figure (分别达到85和90); it must end there (a boundary, or 以上 / 左右 and a boundary).
REACH_WORDS = (
    "不低于 不少于 不高于 不超过 提高到 提高至 提升到 提升至 增加到 增加至 降低到 降低至 "
    "下降到 下降至 保持在 稳定在 控制在 达到 增至 降至 降到 超过 高于 低于 达"
)
PLAIN_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
UNITLESS = re.compile(
    rf"(?<![下送到传表通转抵发直雷])(?:{'|'.join(REACH_WORDS.split())})"
    rf"[ \t]*(?P<num>{PLAIN_NUMBER})"
)
UNITLESS_NEXT = re.compile(rf"[ \t]*(?:和|、|及|与|或)[ \t]*(?P<num>{PLAIN_NUMBER})")
UNITLESS_END = re.compile(
    r"(?![\d.]|[,，]\d{3})(?:及以上|以上水平|以上|及以下|以下|以内|左右)?"
    r"(?=$|[，,；;。！？!?、）)\s]|和|及|与|或|并)"
)
YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
# A ratio after its measure (床人比不低于1:1.6, 医护比1∶1.25, 医护比例达到1:1.2).
RATIO = re.compile(rf"(?P<first>{PLAIN_NUMBER})\s*[:：∶]\s*(?P<num>{PLAIN_NUMBER})(?![\d.:：∶])")
RATIO_LEAD = re.compile(rf"比例?(?:{'|'.join(re.escape(w) for w, _ in BEFORE_WORDS)})?\s*$")
# What an age in an indicator's name (5岁以下儿童, 65岁及以上老年人) is followed by.
AGE_GROUP_NEXT = re.compile(
    r"(?:及?以[上下]|以内)?的?(?:儿童|婴|幼|老|妇|女|男|孕|产|青|少|新生|学|居民|人|患者|群|组|段)"
)
# 人均预期寿命达到79岁, 寿命较2020年提高1岁: the age is the figure of a life span.
LIFE_SPAN = re.compile(r"寿命[^岁，,；;。！？!?、和及与或\s]{0,14}$")
# 人均预期寿命提高到82.25岁，比2015年增加1.36岁: a change of it, in a clause with no subject.
LIFE_SPAN_CHANGE = re.compile(
    r"寿命[^岁，,；;。！？!?、和及与或]{0,14}岁[，,（(]\s*(?:(?:比|较)[^，,；;。]{0,10})?"
    r"(?:增加|提高|延长|提升|增长|上升)了?$"
)


class _Candidate(NamedTuple):
    """A number that may be a figure: `number` is the figure itself (the ceiling of a range,
    the second term of a ratio); `unit` holds any magnitude (万名, 亿, "" for none)."""

    start: int
    end: int
    number: str
    unit: str
    low: str | None = None
    percent: bool = False
    more: bool = False
    checked: bool = False  # read by a rule of its own: no _is_quantity
    ratio_first: str | None = None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) meets one of `spans` (sorted, not overlapping one another)."""
    at = bisect.bisect_left(spans, (end,)) - 1
    return at >= 0 and spans[at][1] > start


def _candidates(text: str) -> tuple[list[_Candidate], list[tuple[int, int]]]:
    """The numbers of `text` that may be figures, in order, and the spans of its ratios."""
    ratios = []
    for match in RATIO.finditer(text):
        first = float(match.group("first").replace(",", ""))
        if first and RATIO_LEAD.search(text, max(0, match.start() - 12), match.start()):
            ratios.append(
                _Candidate(
                    match.start(),
                    match.end(),
                    match.group("num"),
                    RATIO_UNIT,
                    checked=True,
                    ratio_first=match.group("first"),
                )
            )
    ratio_spans = [(c.start, c.end) for c in ratios]
    found = list(ratios)
    for match in FIGURE.finditer(text):
        if _overlaps(ratio_spans, match.start(), match.end()):
            continue
        mag, unit = match.group("mag") or "", match.group("unit")
        number = match.group("pct") or match.group("num")
        if match.group("pct") is not None:
            unit = "%"
        elif unit is None:
            # 1000万以上, 总量达到1.5亿: a bare magnitude, Arabic digits only; not a criterion
            # (人口10万以上的乡镇, 50万以下设备采购).
            if mag not in BARE_MAGNITUDES or not number[0].isdigit():
                continue
            if BARE_CRITERION.match(text, match.end()):
                continue
            unit = ""
        found.append(
            _Candidate(
                match.start(),
                match.end(),
                number,
                mag + unit,
                low=match.group("low"),
                percent=match.group("pct") is not None,
                more=bool(match.group("more") or match.group("more2")),
            )
        )
    taken = sorted((c.start, c.end) for c in found)  # they do not overlap
    for match in UNITLESS.finditer(text):
        at = match.start("num")
        while True:
            number = match.group("num")
            end = match.end("num")
            if (
                not UNITLESS_END.match(text, end)
                or YEAR_LIKE.fullmatch(number)
                or _overlaps(taken, at, end)
            ):
                break
            found.append(_Candidate(at, end, number, "", checked=True))
            # 分别达到85和90: a figure joined to it has no verb of its own.
            match = UNITLESS_NEXT.match(text, UNITLESS_END.match(text, end).end())
            if not match:
                break
            at = match.start("num")
    found.sort(key=lambda c: c.start)
    return found, ratio_spans


def _breaks(pattern: re.Pattern, text: str) -> list[int]:
    """Where each clause (or sentence) of `text` starts, in order: 0 and after each break."""
    return [0, *(m.end() for m in pattern.finditer(text))]


def _start_before(breaks: list[int], position: int) -> int:
    """The last start at or before `position` (bisect: a long text has many figures)."""
    return breaks[bisect.bisect_right(breaks, position) - 1]


def _masked(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    at = bisect.bisect_right(starts, position) - 1
    return at >= 0 and spans[at][0] <= position < spans[at][1]


def _after_word(after: str) -> tuple[str | None, int]:
    """The comparator a word after the figure gives (以上, 以内, 左右), and its length."""
    for word in AT_LEAST_AFTER:
        if after.startswith(word):
            return ">=", len(word)
    for word in AT_MOST_AFTER:
        if after.startswith(word):
            return "<=", len(word)
    if after.startswith("左右"):
        return "=", 2
    return None, 0


def _before_word(before: str, unit: str, result: bool) -> str:
    for word, comparator in BEFORE_WORDS:
        if before.endswith(word):
            if result:
                return BOUND.get(word, "=")  # a result is where it got: 达到31.7% is =
            if (
                comparator == "="
                and (unit in RATE_UNITS or unit in LEVEL_UNITS)
                and word in ("达到", "达")
            ):
                return ">="  # a rate, score or ratio "reached" is a floor: 覆盖率达到95%
            return comparator
    return "="


def find_figures(
    text: str, *, offset: int = 0, results_only: bool = False
) -> tuple[list[TargetOutline], list[TargetOutline]]:
    """(targets, achievements) in `text`; spans are shifted by `offset` (the text's place in
    the document). With `results_only` (a summary part) every figure is an achievement;
    otherwise a figure with result wording (已, 累计, 同比, 比上年, 较2022年, 现有, 目前,
    完成了…) is one, unless the sentence commits to it (力争, 确保).
    """
    masked = _masked(text)  # quotation spans do not overlap: bisect on their starts
    masked_starts = [a for a, _ in masked]
    candidates, ratio_spans = _candidates(text)
    starts = {candidate.start for candidate in candidates}
    clause_breaks = [  # the colon of a ratio (1:1.6) does not end a clause
        at for at in _breaks(CLAUSE_BREAK, text) if not _overlaps(ratio_spans, at - 1, at)
    ]
    sentence_breaks = _breaks(SENTENCE_BREAK, text)
    targets: list[TargetOutline] = []
    achievements: list[TargetOutline] = []
    previous: TargetOutline | None = None  # the figure before, and where its text ends
    previous_end = -1
    previous_result = False
    previous_sentence = -1
    last_target_sentence = -1
    group: list[TargetOutline] = []  # figures joined by 和 / 、 (分别达100种和60种)
    subjects: list[str] = []  # 门诊和住院患者满意度分别达到…: one indicator a figure
    share_end = -1
    for candidate in candidates:
        start, end = candidate.start, candidate.end
        number, unit = candidate.number, candidate.unit
        first_number = candidate.low or number
        if _inside(masked, masked_starts, start) or not (
            candidate.checked
            or _is_quantity(
                text,
                first_number,
                unit,
                start,
                end,
                percent=candidate.percent,
                ranged=candidate.low is not None,
            )
        ):
            continue
        value = to_number(number)
        low = to_number(candidate.low) if candidate.low else None
        if value is None or (candidate.low and low is None):
            continue
        unit = "%" if unit == "％" else unit
        # Scopes are bounded: a text without punctuation is one clause, however long.
        clause_start = max(_start_before(clause_breaks, start), start - CLAUSE_SCOPE)
        sentence_start = max(_start_before(sentence_breaks, start), start - SENTENCE_SCOPE)
        if (
            share_end >= clause_start
            and unit not in RATE_UNITS
            and not (previous is not None and JOINED.fullmatch(text[previous_end:start]))
        ):
            continue  # 80%以上的村卫生室能够提供6类以上中医药技术服务: 6类 says which ones count
        joined = (
            previous is not None
            and previous_end <= start
            and bool(JOINED.fullmatch(text[previous_end:start]))
        )
        result = (
            previous_result
            if joined
            else results_only or _is_result(text, sentence_start, clause_start, start)
        )
        before = text[max(0, start - 6) : start]
        after_comparator, extra = _after_word(text[end : end + 6])
        comparator = after_comparator or _before_word(before, unit, result)
        if (
            comparator == "="
            and not result
            and before.endswith(("达到", "达"))
            and PER_CAPITA.search(text, clause_start, start)
        ):
            comparator = ">="  # 每千人口托位数达到4个: a ratio reached is a floor, like a rate
        at_least = "至少" in text[max(clause_start, start - 10) : start]
        if comparator == "=" and not after_comparator and at_least:
            comparator = ">="  # 每个乡镇至少建成1家: 至少 need not touch the number
        approximate = text.startswith("左右", end)
        more = candidate.more
        if more:
            comparator = ">"  # 2000余名, 2000多名
        span_end = end + extra
        copies = 1
        if joined:
            indicator, span_start = previous.indicator, start
            if len(subjects) > len(group):
                indicator = subjects[len(group)]
            if not after_comparator and not more:
                comparator = previous.comparator
            elif after_comparator:
                # 分别增长5.2%、8%左右 / 分别达到95%和90%以上: the word closes the whole list.
                for member in group:
                    member.comparator = comparator
                    member.approximate = member.approximate or approximate
            approximate = approximate or previous.approximate
        else:
            lead_start = clause_start
            if previous is not None and clause_start <= previous_end <= start:
                # 遴选省级名中医30名、基层名中医20名: the second clause starts after the first.
                lead_start = SEPARATORS.match(text, previous_end).end()
            if unit in RATE_UNITS and text.startswith("的", span_end):
                lead_start = start  # 90%以上的乡镇卫生院: what the share is of comes after it
            lead = text[lead_start:start]
            span_start = lead_start + (len(lead) - len(lead.lstrip()))
            subject = previous.indicator if previous_sentence == sentence_start else ""
            subject = (
                CHANGE_SUFFIX.sub("", subject)
                if len(CHANGE_SUFFIX.sub("", subject)) >= 2
                else subject
            )
            indicator = _indicator(lead, text, span_end, subject)
            borrowed = bool(subject) and indicator.startswith(subject) and subject not in lead
            forward = FORWARD.search(text, clause_start, start)
            if borrowed and previous_result and not result and not results_only and not forward:
                result = True  # 门诊量同比增长12.5%，超过200万人次: the same result
                if not after_comparator and not more:
                    comparator = _before_word(before, unit, result)
            if lead_start > clause_start and previous is not None:
                indicator = _carry_verb(previous.indicator, indicator)
            elif subject and not borrowed:
                indicator = _complete_measure(subject, indicator)
            group, subjects = [], []
            each = EACH.search(lead.rstrip())
            if each or LISTED_RATE.search(indicator):
                subjects = _subjects(indicator)
                joined_next = JOINED.match(text, span_end)
                list_follows = joined_next and (
                    FIGURE.match(text, joined_next.end()) or joined_next.end() in starts
                )
                if len(subjects) > 1 and not (each and each.group(1) == "分别" and list_follows):
                    copies = len(subjects)  # 报告率和报告及时率均达到98%: one a measure
                if subjects:
                    indicator = subjects[0]
        value_max = None
        if low is not None:  # 推荐1—2家: one target, a floor and a ceiling
            value, value_max, comparator = low, value, ">="
        normalised_value, normalised_unit = normalise(value, unit)
        if candidate.ratio_first is not None:  # 2:3 → 1.5 比 (1:x)
            normalised_value = round(value / float(candidate.ratio_first.replace(",", "")), 6)
        qualifier = None
        if not result:
            qualifier = _qualifier(
                text,
                sentence_start,
                clause_start,
                start,
                previous if joined else None,
                targets[-1] if targets else None,
                last_target_sentence,
            )
            last_target_sentence = sentence_start
        for copy in range(copies):
            figure = TargetOutline(
                text=text[span_start:span_end].strip(),
                indicator=subjects[copy] if copies > 1 else indicator,
                comparator=comparator,
                value=value,
                unit=unit,
                span=(offset + span_start, offset + span_end),
                value_max=value_max,
                approximate=approximate,
                qualifier=qualifier,
                normalised_value=normalised_value,
                normalised_unit=normalised_unit,
            )
            (achievements if result else targets).append(figure)
            group.append(figure)
        previous, previous_end, previous_result = figure, span_end, result
        previous_sentence = sentence_start
        if unit in RATE_UNITS and text.startswith("的", span_end):
            share_end = span_end  # a share of things (80%以上的…): later counts are its criterion
    return targets, achievements


def find_targets(text: str, *, offset: int = 0) -> list[TargetOutline]:
    """The targets in `text` (what find_figures gives first)."""
    return find_figures(text, offset=offset)[0]


def _is_result(text: str, sentence_start: int, clause_start: int, start: int) -> bool:
    clause = text[clause_start:start]
    if ALREADY.search(clause) or PAST.search(clause):
        return True  # 已建成12家, 完成了5000人次: done, whatever the sentence hopes
    sentence = text[sentence_start:start]
    if COMMITMENT.search(sentence):
        return False  # 力争累计完成5000人次, 确保比上年增长10%: a commitment
    if RESULT_IN_CLAUSE.search(clause):
        return True
    # 截至目前，…: the sentence reports, unless this clause looks ahead (目前…，今年提高到45%).
    return bool(RESULT_IN_SENTENCE.search(sentence)) and not FORWARD.search(clause)


def _subjects(indicator: str) -> list[str]:
    """The measures a list names: 高血压、糖尿病患者规范管理率 → 高血压患者规范管理率,
    糖尿病患者规范管理率; 法定传染病报告率和报告及时率 → 法定传染病报告率, 法定传染病报告及时率;
    乡镇卫生院门诊和住院诊疗目录病种 → …门诊诊疗目录病种, …住院诊疗目录病种. [] for one."""
    change = CHANGE_SUFFIX.search(indicator)  # 门急诊人次和出院人次增长: each 增长
    tail = change.group(0) if change else ""
    core = indicator[: len(indicator) - len(tail)]
    parts = [part for part in SUBJECT_SPLIT.split(core) if part]
    if len(parts) < 2 or any(len(part) > 30 for part in parts):
        return []
    from workplans.parsing.units import cut_words

    words = [cut_words(part) for part in parts]
    if MEASURE_END.search(parts[0]) and MEASURE_END.search(parts[-1]):
        # Whole measures; a later one may leave out the subject the first one names.
        found = [parts[0]]
        for part, cut in zip(parts[1:], words[1:], strict=True):
            at = parts[0].find(cut[0])
            found.append(parts[0][:at] + part if at > 0 else part)
        return [measure + tail for measure in found]
    # Heads sharing what the last part says after its own head: 门诊和住院患者满意度.
    head_first = _edge_word(words[0], from_end=True)
    head_last = _edge_word(words[-1], from_end=False)
    prefix = parts[0][: len(parts[0]) - len(head_first)]
    suffix = parts[-1][len(head_last) :]
    if not suffix:
        return [part + tail for part in parts]
    heads = [head_first, *parts[1:-1], head_last]
    return [f"{prefix}{head}{suffix}{tail}" for head in heads]


def _edge_word(words: list[str], *, from_end: bool) -> str:
    """The first (or last) word, with any one-character pieces before it: 2型糖尿病."""
    taken = ""
    for word in reversed(words) if from_end else words:
        taken = word + taken if from_end else taken + word
        if len(word) >= 2:
            break
    return taken


def _complete_measure(before: str, indicator: str) -> str:
    """报告率达到95%，报告及时率达到90%: a short measure that leaves out the subject the one
    before it named (法定传染病报告率 → 法定传染病报告及时率)."""
    if len(indicator) > 8 or not MEASURE_END.search(indicator) or indicator in before:
        return indicator
    from workplans.parsing.units import cut_words

    head = cut_words(indicator)[0]
    at = before.find(head)
    if len(head) >= 2 and at > 0 and MEASURE_END.search(before):
        return before[:at] + indicator
    return indicator


def _carry_verb(before: str, indicator: str) -> str:
    """新增省级临床重点专科2个、市级临床重点专科3个: the second count shares the verb."""
    verb = COUNT_VERB_START.match(before)
    if verb and not COUNT_VERB_START.match(indicator) and len(indicator) >= 2:
        return verb.group(0) + indicator
    return indicator


def _qualifier(
    text: str,
    sentence_start: int,
    clause_start: int,
    start: int,
    joined_to: TargetOutline | None,
    last: TargetOutline | None,
    last_sentence_start: int,
) -> str | None:
    """力争 or 确保 governing the figure: in its own clause (力争全年完成…达到1.2万名), shared by
    figures joined to it, carried over parallel clauses of a sentence (力争A达到x，B达到y), or
    from a leading clause of time (力争到2025年底，…)."""
    if joined_to is not None:
        return joined_to.qualifier
    found = list(QUALIFIER.finditer(text, clause_start, start))
    if found:
        return found[-1].group(0)
    if last is not None and last_sentence_start == sentence_start and last.qualifier:
        return last.qualifier
    for match in QUALIFIER.finditer(text, sentence_start, clause_start):
        clause_end = CLAUSE_BREAK.search(text, match.end())
        head = text[match.start() : clause_end.start() if clause_end else start]
        if len(head) <= 14 and re.search(r"年|月|底|前|内|期间", head):
            return match.group(0)  # 力争到2025年底，…
    return None


def _is_quantity(
    text: str,
    number: str,
    unit: str,
    start: int,
    end: int,
    *,
    percent: bool = False,
    ranged: bool = False,
) -> bool:
    before = text[max(0, start - 6) : start]
    if before.endswith(SKIP_BEFORE) or ESTIMATE.search(before):
        return False
    if FROM_BEFORE.search(before) and FROM_VALUE.match(text, end):
        return False
    if percent:
        return True  # 百分之九十
    if unit == "级" and not number[0].isdigit():
        return False  # 达到二级医院水平: a grade's name
    if number == "一" and unit == "次":
        return False  # 每季度开展一次: how often, not how many
    if unit == "分" and not number[0].isdigit():
        return False  # 十分重要: a score is written in digits
    if unit == "岁" and not _age_to_reach(text, start, end, ranged=ranged):
        return False
    if unit == "级" and not AGE_TARGET.search(before):
        return False
    if unit in ("项", "个") and PROGRAMME.match(text[end : end + 8]):
        return False
    if number[0].isdigit():
        return not (unit in ("人", "个", "次") and text[end : end + 1] in NOT_A_YEAR_NEXT)
    # A Chinese numeral counts only right after a verb (新建三家), and never in 三个一批.
    if not COUNT_VERBS.search(before):
        return False
    return not (text[end : end + 1] and text[end] in CHINESE_NUMERAL_CHARS)


def _age_to_reach(text: str, start: int, end: int, *, ranged: bool) -> bool:
    """人均预期寿命达到79岁 is a figure; an age that names a group (5岁以下儿童死亡率,
    65岁及以上老年人, 0—6岁儿童, 3岁以下婴幼儿) is part of the indicator, wherever it stands."""
    if AGE_GROUP_NEXT.match(text, end):
        return False
    lead = text[max(0, start - 40) : start]
    if LIFE_SPAN.search(lead) or LIFE_SPAN_CHANGE.search(lead):
        return True  # 人均预期寿命达到79岁, 人均预期寿命较2020年提高1岁
    return not ranged and bool(AGE_TARGET.search(lead))


def _indicator(lead: str, text: str, end: int, subject: str = "") -> str:
    """What the figure measures: the clause before it without comparator words, time phrases
    and leading adverbs; after a count verb, the noun phrase that follows (新建3家社区卫生服务站);
    in a clause with no subject of its own (较2022年提高2.1个百分点, 超过200万人次), `subject`
    (the indicator of the figure before it in the sentence)."""
    raw = lead.strip()
    lead = LEADING_COMPARATOR.sub("", raw.lstrip("的、和及与"))
    lead = FROM_PHRASE.sub("", lead).replace("至少", "")  # 标准由40元提高到: 由40元 is no measure
    lead = TRAILING_ADVERB.sub("", lead)
    lead = LEADING_COMPARATOR.sub("", lead)
    lead = PAST_PARTICLE.sub("", lead)
    lead = STRIP_INDICATOR_PREFIX.sub("", lead)
    change = CHANGE_SUFFIX.search(lead)
    if change:
        # 门诊量同比增长12.5%: the figure is a change, and the indicator says so.
        core, phrase = lead[: change.start()], EACH_WORD.sub("", change.group(0))
        if len(core) < 2 and subject:
            return subject + phrase  # 较2022年提高2.1个百分点: of what the sentence spoke about
        lead = core + phrase
    # 招收定向培养医学生14名 reads well as it is; 新建3家社区卫生服务中心 needs what follows.
    if COUNT_VERBS.search(lead) or len(lead) < 2:
        after = _noun_after(text, end)
        if not after and subject and COUNT_VERBS.fullmatch(lead):
            # 已建成12家标准化村卫生室，今年新建3家: more of what the sentence counted.
            after = COUNT_VERB_START.sub("", subject)
        lead = f"{lead}{after}"
    if len(lead) < 2 and subject:
        return subject
    if len(lead) > 40:
        lead = _last_words(lead, 40)
    return lead or _last_words(raw, 20) or text[max(0, end - 20) : end].strip()


# Words that end the noun phrase after a count (推荐2家社区卫生服务中心申报…): what the counted
# things then do.
NOUN_PHRASE_END = re.compile(
    r"申报|创建|上线|参加|参与|纳入|建设|达到|实现|完成|通过|接入|入驻|提供|成为|评为|获评|落地|"
    r"运行|开展|联合|组成|下沉|进行|开通|投入|试点|加入|获得|挂牌|前往|落实|实施|能够|可以|"
    r"与|等"
)
NOUN_PHRASE_MAX = 16
NOT_A_NOUN = re.compile(r"全部|均|都|用于|作为|主要|以上|以下|左右|左|右|以|于|为|的|了|并|且|和")


def _noun_after(text: str, end: int) -> str:
    """The noun phrase after a count, ending at a word boundary: 符合条件的社区卫生服务中心 out
    of 符合条件的社区卫生服务中心申报创建… (a verb ends it, else the clause; jieba only cuts a
    long phrase with no verb)."""
    tail = re.match(r"的?([^，,；;。、\s（(：:“”《》]{1,40})", text[end:])
    if not tail:
        return ""
    phrase = tail.group(1)
    if NOT_A_NOUN.match(phrase):
        return ""  # 新增5元全部用于村级: no noun follows
    stop = NOUN_PHRASE_END.search(phrase, 2)
    if stop:
        phrase = phrase[: stop.start()]
    if len(phrase) <= NOUN_PHRASE_MAX:
        return phrase
    from workplans.parsing.units import cut_words

    words = cut_words(phrase)
    kept = ""
    for word in words:
        if kept and len(kept) + len(word) > NOUN_PHRASE_MAX:
            break
        kept += word
    return kept


def _last_words(text: str, limit: int) -> str:
    """The end of `text`, at most `limit` characters, starting at a word boundary."""
    if len(text) <= limit:
        return text
    from workplans.parsing.units import cut_words

    words = cut_words(text)
    kept = ""
    for word in reversed(words):
        if len(kept) + len(word) > limit:
            break
        kept = word + kept
    return kept or text[-limit:]
