"""Quantified targets in a task's text: `家庭医生签约服务率达43%以上` → (签约服务率, >=, 43, %).

A target is a number with a measure unit that the plan commits to reach. Years, dates, ordinals,
ages, numbers inside quotation marks or titles (`“三医联动”`, `《…三年行动计划》`) and counts of a
list (`等6个维度`) are not targets.
"""

import re

from workplans.parsing.numbers import CHINESE_NUMERAL_CHARS, to_number
from workplans.parsing.outline import TargetOutline

# Longest first, so that 万人次 wins over 人次 and /10万 over 万.
UNIT_WORDS = (
    "万人次 人次 万元 亿元 元 /10万 /万 ‰ % ％ 个百分点 百分点 名 人 家 个 所 种 项 张 床 台 次 "
    "场 户 例 支 套 篇 期 批 座 辆 公里 平方米 万平方米 亩 小时 分钟 天 倍 份 册 件 条 处 万人 "
    "万份 对 组 部 门 类 间 块 剂 剂次 人份 元/人 岁"
)
UNITS = sorted(UNIT_WORDS.split(" "), key=len, reverse=True)
RATE_UNITS = {"%", "％", "‰", "/10万", "/万", "个百分点", "百分点"}

NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{CHINESE_NUMERAL_CHARS}]+)"
NUMBER_WITH_UNIT = re.compile(
    rf"(?P<num>{NUMBER})\s*(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})"
)
CLAUSE_BREAK = re.compile(r"[，,；;。！？!?\n：:]")
QUOTED = re.compile(r"“[^”]{0,40}”|\"[^\"]{0,40}\"|《[^》]{0,80}》|「[^」]{0,40}」|‘[^’]{0,20}’")

AT_LEAST_AFTER = ("以上", "及以上", "以上水平")
AT_MOST_AFTER = ("以下", "及以下", "以内", "之内")
BEFORE_WORDS = [  # checked right before the number, longest first
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
    ("确保", "="),
    ("力争", "="),
    ("为", "="),
]
BEFORE_WORDS.sort(key=lambda pair: len(pair[0]), reverse=True)
# A Chinese numeral counts only right after a verb of making or reaching (新建三家, 培训五百人).
COUNT_VERBS = re.compile(
    r"(?:新建|建成|建设|创建|新增|增加|培训|培养|招聘|引进|招收|完成|开展|打造|培育|选派|组建|"
    r"举办|达到|达|推进|设立|开设|改造|提质改造|新设|配备|遴选|评选|建立|实施|推荐|发放|免费)$"
)
STRIP_INDICATOR_PREFIX = re.compile(
    r"^(?:并|将|把|使|让|要|确保|力争|全年|全市|全区|全县|到年底|年内|其中|同时|力争使|推动|实现)+"
)
LEADING_COMPARATOR = re.compile("|".join(re.escape(w) for w, _ in BEFORE_WORDS) + r"$")
# What already exists or was done is not a commitment: 已建成12家, 累计完成5000人次, 共有卫生院15所.
EXISTING = re.compile(r"(?:已|累计|共有|现有|目前|总结)[\u4e00-\u9fa5]{0,4}$")
# 岁 is a unit only for a figure to reach (人均预期寿命达到79岁), not an age group (5岁以下儿童).
AGE_TARGET = re.compile(r"(?:达到|达|提高到|提升到|提高至|提升至|增至|超过)$")
# Ordinals, enumerations, estimates and what already exists are not commitments.
SKIP_BEFORE = (
    "第",
    "等",
    "约",
    "近",
    "前",
    "每",
    "已",
    "累计",
    "现有",
    "共有",
    "总结",
    "回顾",
    "区内",
    "市内",
    "县内",
    "辖区",
    "辖区内",
)
# `15个专项行动`, `26项健康浙江行动`: the size of a programme, not a figure to reach.
PROGRAMME = re.compile(r"^[\u4e00-\u9fa5]{0,6}行动")
NOT_A_YEAR_NEXT = ("年", "月", "日", "岁", "周", "号", "级", "届", "轮", "版", "季")


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    found = CLAUSE_BREAK.search(text, end)
    return left, found.start() if found else len(text)


def _masked(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    return any(a <= position < b for a, b in spans)


def _comparator(before: str, after: str, unit: str) -> tuple[str | None, int]:
    """The comparator and how many characters of `after` belong to the target."""
    for word in AT_LEAST_AFTER:
        if after.startswith(word):
            return ">=", len(word)
    for word in AT_MOST_AFTER:
        if after.startswith(word):
            return "<=", len(word)
    if after.startswith("左右"):
        return "=", 2
    for word, comparator in BEFORE_WORDS:
        if before.endswith(word):
            if comparator == "=" and unit in RATE_UNITS and word in ("达到", "达"):
                return ">=", 0  # a rate "reached" is a floor: 覆盖率达到95%
            return comparator, 0
    return "=", 0


RANGE = re.compile(r"(?P<low>\d+(?:\.\d+)?)\s*[—\-~～至到]\s*$")


def find_targets(text: str, *, offset: int = 0) -> list[TargetOutline]:
    """Targets in `text`; spans are shifted by `offset` (the text's place in the document)."""
    masked = _masked(text)
    targets: list[TargetOutline] = []
    previous: TargetOutline | None = None
    previous_end = -1
    for match in NUMBER_WITH_UNIT.finditer(text):
        number, unit = match.group("num"), match.group("unit")
        start, end = match.start(), match.end()
        if _inside(masked, start) or not _is_quantity(text, number, unit, start, end):
            continue
        value = to_number(number)
        if value is None:
            continue
        unit = "%" if unit == "％" else unit
        before = text[max(0, start - 6) : start]
        comparator, extra = _comparator(before, text[end : end + 6], unit)
        clause_start, _ = _clause_bounds(text, start, end)
        if comparator == "=" and "至少" in text[max(clause_start, start - 10) : start]:
            comparator = ">="  # 每个乡镇至少建成1家: 至少 need not touch the number
        span_end = end + extra
        # "分别达100种和60种": the second figure shares the first one's indicator and comparator.
        joined = previous is not None and re.fullmatch(
            r"\s*[和、及与]\s*", text[previous_end:start]
        )
        if joined:
            indicator, comparator, span_start = previous.indicator, previous.comparator, start
        else:
            lead = text[clause_start:start]
            span_start = clause_start + (len(lead) - len(lead.lstrip()))
            indicator = _indicator(lead, text, span_end)
        found = [(comparator, value)]
        # "推荐1—2家": a range is a floor and a ceiling.
        low = RANGE.search(text[clause_start:start])
        if low and not joined:
            found = [(">=", float(low.group("low"))), ("<=", value)]
            indicator = _indicator(text[clause_start : clause_start + low.start()], text, span_end)
        for comparator_, value_ in found:
            target = TargetOutline(
                text=text[span_start:span_end].strip(),
                indicator=indicator,
                comparator=comparator_,
                value=value_,
                unit=unit,
                span=(offset + span_start, offset + span_end),
            )
            targets.append(target)
        previous, previous_end = target, span_end
    return targets


def _is_quantity(text: str, number: str, unit: str, start: int, end: int) -> bool:
    before = text[max(0, start - 6) : start]
    if before.endswith(SKIP_BEFORE) or EXISTING.search(before):
        return False
    if unit == "岁" and not AGE_TARGET.search(before):
        return False
    if unit in ("项", "个") and PROGRAMME.match(text[end : end + 8]):
        return False
    if number[0].isdigit():
        return not (unit in ("人", "个", "次") and text[end : end + 1] in NOT_A_YEAR_NEXT)
    # A Chinese numeral counts only right after a verb (新建三家), and never in 三个一批.
    if not COUNT_VERBS.search(before):
        return False
    return not (text[end : end + 1] and text[end] in CHINESE_NUMERAL_CHARS)


def _indicator(lead: str, text: str, end: int) -> str:
    lead = lead.strip()
    lead = LEADING_COMPARATOR.sub("", lead)
    lead = re.sub(r"(?:分别|均|各|累计|共|全年|年)$", "", lead)
    lead = LEADING_COMPARATOR.sub("", lead)
    lead = STRIP_INDICATOR_PREFIX.sub("", lead)
    if COUNT_VERBS.search(lead) or len(lead) < 2:
        # 招收定向培养医学生14名 reads well as it is; 新建3家社区卫生服务中心 needs what follows.
        tail = re.match(r"[^，,；;。、\s（(]{1,14}", text[end:])
        if tail and len(lead) < 12:
            lead = f"{lead}{tail.group(0)}"
    return lead[-40:] or text[max(0, end - 20) : end]
