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
# 第一部分：整体工作安排 — a part of a plan, as a section (a wrapper over 一、 sections is
# dropped by the caller when it holds no task of its own).
PART = re.compile(
    r"^(?P<num>第[一二三四五六七八九十]{1,3}(?:部分|篇))\s*[:：、.．]?\s*(?P<rest>\S.*)$"
)
ITEM_MARKERS = [  # (rank, pattern); a lower rank is a higher level
    (1, re.compile(r"^[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)]\s*(?P<rest>.*)$")),
    (2, re.compile(r"^(?P<num>\d{1,3})\s*(?:[、．]|\.(?!\d))\s*(?P<rest>.+)$")),
    (3, re.compile(r"^[（(]\s*(?P<num>\d{1,2})\s*[）)]\s*(?P<rest>.+)$")),
    (4, re.compile(r"^(?P<num>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(?P<rest>.+)$")),
]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# A short heading, spaces, then a body of sentences (not 坚持党建引领 推动全面从严治党).
SPACED_BODY = re.compile(
    r"^(?P<title>[^\s，,。；;：:]{2,20})[ \u3000\xa0]+(?P<body>(?=.{40,})[^\s].*[，,。；;].*)$"
)
# A short heading with its first item glued on (a line break lost in copying):
# `（二）健全妇女保健服务体系1.婚前期保健…`, `工作目标1.建立…`.
HEADING_THEN_FIRST_ITEM = re.compile(
    r"^(?P<heading>(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)?"
    r"[\u4e00-\u9fa5“”、，]{2,30}?。?)(?<![第\d])\s*(?=1\s*[.．、](?!\d)|[（(]1[）)])"
)
LONG_LINE = 400  # characters: past this a "line" is likely a whole document without breaks
# Where such a line is cut: before a `一、` that follows a sentence's end (统一、规范 is a
# list, not a heading), and before a `（一）` anywhere but in 第（一）项.
GLUED_MARKER = re.compile(
    r"(?<=[。；;！!:：])\s*(?=[一二三四五六七八九十]{1,3}、)"
    r"|(?<!第)\s*(?=[（(][一二三四五六七八九十]{1,3}[）)])"
    r"|\s*(?=第[一二三四五六七八九十]{1,3}部分)"
    r"|(?<=[。；;！!\u4e00-\u9fa5])\s*(?=\d{1,2}[.．](?=[\u4e00-\u9fa5]))"
)
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
    "压实",
    "夯实",
    "细化",
    "筑牢",
    "补齐",
    "拓展",
    "扩大",
    "打造",
    "创新",
    "努力",
    "力争",
    "逐步",
    "稳步",
    "着重",
    "同步",
]
# Task verbs that are adverbs: after a noun they start a clause, never a compound noun.
ADVERB_STARTS = ("持续", "继续", "进一步", "积极", "着力", "扎实", "大力", "切实", "认真", "不断",
                 "努力", "力争", "逐步", "稳步", "着重", "同步", "深入")  # fmt: skip
# Task verbs that also close a compound noun after a heading noun (`能力提升工程`, `行动提升计划`,
# `工程实施方案`, `防控重点人群`): there the split needs the body to take up the heading's words.
COMPOUND_STARTS = ("提升", "提高", "优化", "规范", "落实", "实施", "创新", "扩大", "拓展", "细化",
                   "同步", "启动", "重点", "全面", "统筹", "探索", "组织")  # fmt: skip
# Nouns that close such a compound: `能力提升工程`, `行动提升计划`, `工程实施方案`.
COMPOUND_HEADS = ("工程", "计划", "行动", "项目", "方案", "活动", "年", "工作", "机制", "体系",
                  "措施", "任务", "情况", "效果", "进度", "率", "办法", "细则", "专项")  # fmt: skip
# Openings of a clause that is not a heading (a preposition, a request): `将…`, `请结合实际…`.
NOT_A_HEADING_START = ("将", "把", "以", "由", "对", "在", "为", "从", "向", "按", "请", "使", "让",
                       "通过", "根据", "围绕", "依托", "结合", "针对", "坚持以")  # fmt: skip
# A heading ending in a person or an institution is the object of a pivot verb
# (`组织医务人员开展…`, `指导各医疗机构落实…`), not a heading.
CONCRETE_END = re.compile(
    r"(?:人员|人群|群众|居民|患者|医生|医师|儿童|老人|老年人|妇女|学生|家庭|企业|力量|各地|党员|干部|"
    r"职工|单位|机构|部门|医院|卫生院|中心|科室|站|所)$"
)
FIRST_INLINE_ITEM = re.compile(r"(?<![统唯同万专单第之])一是")
TITLE_QUOTES = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "‘": "’"}
SENTENCE_END = re.compile(r"[。！？!?]")
TITLE_LIMIT = 80  # characters: a longer first clause is cut at a word boundary


@dataclass
class Line:
    text: str
    start: int  # offsets of the stripped text in the source
    end: int


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their offsets. A very long line (a document pasted without its line
    breaks) is cut again where a sentence ends and a heading or item marker starts."""
    lines, position = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\u3000\xa0\r")
        if stripped:
            start = position + raw.index(stripped[0])
            if len(stripped) > LONG_LINE:
                lines.extend(_cut_at_markers(stripped, start))
            elif glued := HEADING_THEN_FIRST_ITEM.match(stripped):
                # 工作目标1.建立…: the heading and its first item
                lines.extend(_cut_at(stripped, start, [0, glued.end("heading"), len(stripped)]))
            else:
                lines.append(Line(stripped, start, start + len(stripped)))
        position += len(raw) + 1
    return lines


def _cut_at_markers(text: str, start: int) -> list[Line]:
    return _cut_at(
        text, start, [0] + [m.start() for m in GLUED_MARKER.finditer(text)] + [len(text)]
    )


def _cut_at(text: str, start: int, cuts: list[int]) -> list[Line]:
    """The pieces of a line between the cuts, stripped, with their offsets."""
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = text[a:b].strip()
        if piece:
            offset = start + a + (len(text[a:b]) - len(text[a:b].lstrip()))
            pieces.append(Line(piece, offset, offset + len(piece)))
    return pieces


def section_heading(line: Line) -> tuple[str, str, str] | None:
    """(number, title, rest of the line after the title) for a `一、` or `第一部分` heading."""
    match = SECTION.match(line.text) or PART.match(line.text)
    if not match:
        return None
    rest = match.group("rest").strip()
    # 一、总体目标 到2022年，…: a heading whose line break became a space, its body after it.
    spaced = SPACED_BODY.match(rest)
    if spaced:
        return match.group("num"), spaced.group("title"), spaced.group("body")
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


def lead_title(body: str, *, heading_line: bool = False) -> str:
    """The task's title: its glued heading (`加强疫情监测预警工作加强…`, `提升基层服务能力一是…`),
    else its first clause (its lead sentence when that has no clause break), cut at a word
    boundary when longer than TITLE_LIMIT.

    `heading_line`: the body is a heading on a line of its own, the task's text going on below
    it; then its one sentence is the title even when it holds a comma (`以X为重点，推进Y。`).
    """
    body = body.strip()
    head = body[: _clause_end(body)]
    glued = _glued_heading(head)
    if glued:
        return glued
    if heading_line:
        stop = _clause_end(body, SENTENCE_END)
        if stop <= TITLE_LIMIT and not body[stop:].strip("。.！？!? "):
            return _cut_at_word(body[:stop], TITLE_LIMIT)
    return _cut_at_word(head.rstrip("。. "), TITLE_LIMIT)


def _clause_end(text: str, ends: re.Pattern | None = None) -> int:
    """Where the first clause ends: at a clause mark outside quotes and brackets (a mark inside
    “…” or （…） is part of the clause), at the 一是 opening a glued list, or at a line break."""
    ends = ends or CLAUSE_END
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        closer = TITLE_QUOTES.get(char)
        if closer:
            close = text.find(closer, index + 1, index + 60)
            if close != -1:
                index = close + 1
                continue
        if char == "\n" or ends.match(char):
            return index
        if index >= 2 and FIRST_INLINE_ITEM.match(text, index):
            return index
        index += 1
    return length


def _cut_at_word(text: str, limit: int) -> str:
    """The text, or when longer than the limit its longest opening that ends between two words
    (jieba) and not on a joining word (、和及与的等), so that no word is cut in two."""
    if len(text) <= limit:
        return text
    from workplans.parsing.units import cut_words

    best, position = 0, 0
    for word in cut_words(text[: limit + 20]):
        position += len(word)
        if position > limit:
            break
        if not re.search(r"[、，,和及与的等或并“《（(]$", text[:position]):
            best = position
    return text[: best or limit]


def _glued_heading(head: str) -> str | None:
    """A heading glued to its body with no punctuation: `一是` right after it, or a task verb
    (BODY_STARTS) opening a new clause after a heading that ends in a noun.

    The split is taken where jieba cuts words, after a heading that opens with a verb (not a
    preposition: `以信息化建设推进…` is one clause) and ends in an abstract noun or a nominalised
    verb (HEADING_ENDS, jieba's vn; not a person or an institution, which is the object of
    `组织医务人员开展…`), before a body of at least six characters that reads as a clause of
    its own (the verb takes an object: not `体系不断完善、`, `能力提升工程`, `重点人群`); and,
    unless the heading ends in a listed noun and the body opens with a plain task verb, only when
    the body opens with an adverb (持续, 进一步), repeats the heading's verb, or takes up its
    words again (`加强疫情监测预警工作加强疫情监测…`).
    """
    item = FIRST_INLINE_ITEM.search(head, 4)
    if item:
        return head[: item.start()]
    if head.startswith(NOT_A_HEADING_START):
        return None
    words = None
    for k in range(4, min(len(head) - 5, 31)):
        rest = head[k:]
        start = next((verb for verb in BODY_STARTS if rest.startswith(verb)), None)
        if start is None or head[k - 1] in "、和及与的":
            continue
        if words is None:
            words = _tagged_words(head)
            opens_with_verb = head.startswith(tuple(BODY_STARTS)) or (
                words and words[0][1][:1] in ("v", "d", "a", "i", "l")
            )
            if not opens_with_verb:
                return None  # a heading opens with a verb: not 市卫健委…
        index = next((i for i, (_, _, end) in enumerate(words) if end == k), None)
        if index is None or index == 0:
            continue
        word, flag, _ = words[index]
        heading = head[:k]
        listed = heading.endswith(tuple(HEADING_ENDS))
        if k == 4 and flag[:1] not in ("n", "j"):
            continue  # 推动建设完善…, 大力宣传全面…: two verbs, no heading
        if not any(
            f[:1] in ("n", "j", "l") or f in ("vn", "an") for _, f, _ in words[1 : index + 1]
        ):
            continue  # 牵头协调落实推动…: a run of verbs, no heading
        if head[k - len(word) - 1 : k - len(word)] in ("、", "和", "及", "与"):
            continue  # …健康服务点、升级优化…: the last of a list, not a heading's end
        if not listed and (
            (flag[:1] not in ("n", "j") and flag not in ("vn", "an", "l"))
            or CONCRETE_END.search(heading)
        ):
            continue
        if not _clause_follows(words, k, start):
            continue
        # Words the body takes up again, leaving out the heading's last word (`实施母婴安全行动
        # 提升计划和健康儿童行动…` repeats only 行动: one name, not a heading and its body).
        shared = _bigrams(heading[: k - len(word)]) & _bigrams(rest)
        if start in ADVERB_STARTS or start in heading[:6]:
            return heading
        if listed:
            return heading
        if len(shared) >= (1 if listed else 2):
            return heading
    return None


def _clause_follows(words: list[tuple[str, str, int]], k: int, start: str) -> bool:
    """Whether the words from offset k, opening with the task verb `start`, read as a clause of
    their own: the verb (after an adverb, the verb it modifies) takes an object. Not a compound
    closing (`提升工程`, `重点人群`), not a verb ending a list (`不断完善、`), not `推进中的`."""
    following = [(word, flag) for word, flag, end in words if end > k + len(start)]
    if start in ADVERB_STARTS or start in ("重点", "全面"):
        if not following or not (
            following[0][1][:1] in ("v", "d") or following[0][0] in BODY_STARTS
        ):
            return False  # 积极分子, 重点专科, 持续低迷: not an adverb before a verb
        following = following[1:]
    if not following:
        return False
    word, flag = following[0]
    if word[:1] in "“《（(‘「":
        return True  # an object in quotes or brackets
    if flag[:1] in ("x", "u", "f", "y") or not re.match(r"[\u4e00-\u9fff\w]", word):
        return False
    # 能力提升工程, 行动提升计划, 人才能力提升培训项目: a compound closes within two words.
    return start not in COMPOUND_STARTS or not any(
        w.endswith(COMPOUND_HEADS) for w, _ in following[:2]
    )


def _tagged_words(text: str) -> list[tuple[str, str, int]]:
    """(word, jieba part of speech, end offset) of each word."""
    import jieba.posseg

    from workplans.parsing.units import jieba_module

    jieba_module()
    found, position = [], 0
    for pair in jieba.posseg.cut(text):
        position += len(pair.word)
        found.append((pair.word, pair.flag, position))
    return found


def _bigrams(text: str) -> set[str]:
    return {
        text[i : i + 2]
        for i in range(len(text) - 1)
        if re.fullmatch(r"[\u4e00-\u9fff]{2}", text[i : i + 2])
    }


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
    """An `一是…` item's title, by the rules of lead_title."""
    return lead_title(INLINE_ITEM.sub("", item_text, count=1))
