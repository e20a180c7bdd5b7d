"""Plain text of a plan document → sections, tasks and sub-items, with where each came from.

Handles the shapes seen in real 工作要点: `一、` sections; `（一）`, `1.`, `（1）`, `①` items (the
highest level present in a section is the task level, the next one sub-items); paragraphs that
open with a lead sentence (`加强队伍建设。…`); headings glued to their body with no punctuation
(`加强疫情监测预警工作加强疫情监测…`); inline `一是…二是…` lists; numbering gaps kept as written.
"""

import re
from dataclasses import dataclass

from workplans.parsing.numbers import chinese_to_int

SECTION = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<rest>.+)$")
ITEM_MARKERS = [  # (rank, pattern); a lower rank is a higher level
    (1, re.compile(r"^[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)]\s*(?P<rest>.*)$")),
    (2, re.compile(r"^(?P<num>\d{1,3})\s*(?:[、．]|\.(?!\d))\s*(?P<rest>.+)$")),
    (3, re.compile(r"^[（(]\s*(?P<num>\d{1,2})\s*[）)]\s*(?P<rest>.+)$")),
    (4, re.compile(r"^(?P<num>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(?P<rest>.+)$")),
]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
INLINE_ITEM = re.compile(r"(?P<num>[一二三四五六七八九十]{1,2})是")
CLAUSE_END = re.compile(r"[，,；;。：:！？!?]")

# A glued heading ends with one of these nouns and the body starts with one of these verbs.
HEADING_ENDS = [
    "工作",
    "建设",
    "防控",
    "接种",
    "布局",
    "管理",
    "研究",
    "办理",
    "保障",
    "机制",
    "体系",
    "服务",
    "能力",
    "改革",
    "发展",
    "水平",
    "制度",
    "行动",
    "项目",
    "工程",
    "治理",
    "监管",
    "宣传",
    "关爱",
    "储备",
    "救治",
    "引领",
    "落实",
    "质量",
    "安全",
    "环境",
    "队伍",
    "网络",
    "平台",
    "运动",
    "活动",
    "成果",
    "规划",
    "考核",
]
BODY_STARTS = [
    "加强",
    "持续",
    "推进",
    "健全",
    "开展",
    "继续",
    "完善",
    "深化",
    "强化",
    "落实",
    "提升",
    "提高",
    "做好",
    "重点",
    "全面",
    "积极",
    "着力",
    "进一步",
    "坚持",
    "建立",
    "实施",
    "推动",
    "巩固",
    "启动",
    "组织",
    "扎实",
    "大力",
    "切实",
    "认真",
    "不断",
    "加快",
    "优化",
    "规范",
    "围绕",
    "依托",
    "贯彻",
    "聚焦",
    "加大",
    "抓好",
    "探索",
    "统筹",
    "发挥",
    "构建",
    "做实",
    "严格",
    "深入",
]


@dataclass
class Line:
    text: str
    start: int  # offsets of the stripped text in the source
    end: int


def split_lines(text: str) -> list[Line]:
    lines, position = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\u3000\xa0\r")
        if stripped:
            start = position + raw.index(stripped[0])
            lines.append(Line(stripped, start, start + len(stripped)))
        position += len(raw) + 1
    return lines


def section_heading(line: Line) -> tuple[str, str, str] | None:
    """(number, title, rest of the line after the title) for a `一、` heading."""
    match = SECTION.match(line.text)
    if not match:
        return None
    rest = match.group("rest").strip()
    # A real heading is short; a long line starting 一、 that reads like prose is still one
    # when its first sentence is short (一、加强XX。具体…).
    stop = rest.find("。")
    if 0 < stop <= 40:
        return match.group("num"), rest[:stop], rest[stop + 1 :].strip()
    if len(rest) > 60 and stop == -1 and CLAUSE_END.search(rest[:40]):
        return None
    return match.group("num"), rest.rstrip("。"), ""


def item_marker(text: str) -> tuple[int, str, str] | None:
    for rank, pattern in ITEM_MARKERS:
        match = pattern.match(text)
        if match:
            number = match.group("num")
            if rank == 4:
                number = str(CIRCLED.index(number) + 1)
            return rank, number, match.group("rest")
    return None


def lead_title(body: str) -> str:
    """The task's title: its lead sentence, its glued heading, or its first clause."""
    body = body.strip()
    first_stop = body.find("。")
    first_clause = CLAUSE_END.search(body)
    clause_at = first_clause.start() if first_clause else len(body)
    glued = _glued_heading(body[: min(clause_at, 40)])
    if glued:
        return glued
    if 0 < first_stop <= 40 and first_stop == clause_at:
        return body[:first_stop]
    return body[:clause_at][:40].rstrip("。")


def _glued_heading(head: str) -> str | None:
    for k in range(4, len(head) - 5):
        if head[:k].endswith(tuple(HEADING_ENDS)) and head[k:].startswith(tuple(BODY_STARTS)):
            return head[:k]
    return None


def inline_items(text: str) -> list[tuple[int, int, str]]:
    """Spans of an `一是…二是…` list inside a paragraph: [(start, end, number)], or []."""
    found, expected = [], 1
    for match in INLINE_ITEM.finditer(text):
        if chinese_to_int(match.group("num")) == expected:
            found.append(match)
            expected += 1
    if len(found) < 2:
        return []
    spans = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        spans.append((match.start(), end, str(index + 1)))
    return spans


def inline_title(item_text: str) -> str:
    body = INLINE_ITEM.sub("", item_text, count=1).strip()
    clause = CLAUSE_END.search(body)
    return (body[: clause.start()] if clause else body)[:40] or body[:40]
