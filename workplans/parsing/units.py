"""Lead and co-units named in a task's text, matched to a bureau's units and their aliases.

What names a unit as responsible, in the ways plans write it:
- a label and its list: `（责任科室：组干科、机关党委）`, `牵头单位：A；配合单位：B、C`,
  `牵头部门：`, `责任处室：`; when only 责任单位 is given it is the lead; a member marked
  `（牵头）` in a list is its lead and the others co-units;
- `以A为牵头单位`, `由A牵头，B配合`, `A牵头，B配合`, `（A负责）`, `A会同B…` / `A会B…` (A leads,
  B co-operates);
- never people: `分管领导：王伟`, `责任人：张三`, a name or post in a list (`医政科（王伟）`);
- never `…等按职责分工落实` / `各相关单位按职责分工负责` (no unit is named), nor a unit that is
  only mentioned (`加强与医保局的协作`).

Lists split on `、`, `，`, `；`, `/` and line breaks; on `和` / `及` / `与` only between names that
each look like a unit (`人口监测与家庭发展科` stays whole). With a bureau's dictionary, names are
its canonical names (aliases mapped) and unit-like names it does not know are kept and reported
as unknown; without one, names are kept as written.

jieba loads once per process, lazily, and gets a user dictionary of the bureau's unit names and
aliases, so that `区疾控中心牵头` cuts into the unit's name and `牵头`.
"""

import functools
import itertools
import re
import threading
from functools import cache

UNIT_SUFFIX = re.compile(
    r"(?:局|委员会|卫健委|委|卫生院|医院|保健院|中心|所|站|股|科|处|室|办|办公室|队|会|部|公司|院|"
    r"街道|乡镇|镇|乡|政府|联|协|团|党组|支部|总支|医共体|医联体|单位|机构|部门|组|专班|馆|校)$"
)
GENERIC_UNIT = re.compile(
    r"^(?:[区县市省委局]直|全[区县市省]|系统内?)?(?:各|相关|有关|其他|其它|所属|下属|直属)+"
    r"(?:单位|部门|科室|处室|股室|机构|科|股)$"
)
# Words of a clause, not of a unit's name: a phrase holding one is prose (`加强与医保局`).
PROSE = re.compile(
    r"[由把将对在的了是要并从向按]|加强|推进|开展|落实|完成|做好|实施|制定|建立|健全|完善|提升|"
    r"提高|推动|深化|强化|督促|确保|成立|印发|出台|召开|举办|形成|实现|按照|根据|结合|围绕|依托|"
    r"通过|进行|做实|抓好|抓实|牵头|负责|配合|协助|参与|会同|职责|分工|工作|组织(?!部)|积极|探索|"
    r"参加|定期|每年|接管|支持|鼓励|引导|动员|利用|发挥|带动"
)
# A unit named after the work it does: 健康中国行动推进办, 医改工作领导小组办公室, 创建工作专班.
WORK_NAMED_UNIT = re.compile(
    r"(?:推进|工作|创建|协调|领导)(?:领导小组)?(?:办公室|办|组|委员会|委|专班|中心)$"
)
PERSON_POST = re.compile(
    r"(?:局长|主任|书记|科长|股长|处长|院长|站长|所长|部长|领导|同志|负责人|责任人|联系人|委员|"
    r"干部|组长)$"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤欧阳"
)
PERSON_NAME = re.compile(rf"^[{SURNAMES}][\u4e00-\u9fff]{{1,2}}$")

UNIT_WORD = r"(?:单位|部门|科室|处室|股室|机构|科|处|股)"
LEAD_LABEL = rf"(?:牵头|责任|主责|负责|承办|主办){UNIT_WORD}?"
CO_LABEL = rf"(?:配合|协办|参与|协同|协作|协助){UNIT_WORD}?"
PERSON_LABEL = (
    r"(?:分管|主管|牵头|责任|联系|包保|挂点|挂钩|具体)?(?:局领导|委领导|领导|负责人|责任人|联系人)"
)
LABEL = re.compile(
    rf"(?:(?P<lead>{LEAD_LABEL})|(?P<co>{CO_LABEL}))\s*(?:[:：]|(?<=[位门室构科处股])为(?![主重]))"
    rf"|(?P<person>{PERSON_LABEL})\s*[:：]"
)
# `医政科、疾控中心等按职责分工落实`, `各相关单位按职责分工负责`: the clause names no unit.
BY_DUTY = re.compile(
    r"[^，,。；;：:（）()\n]{0,60}按(?:照)?(?:各自)?职责(?:分工)?[^，,。；;（）()\n]{0,20}"
)

LEAD_PATTERNS = [
    re.compile(
        r"以(?P<units>[^，,。；;]{2,120}?)为(?:牵头|责任|主责)(?:单位|部门|科室|处室|股室)"
        r"|以(?P<alone>[^，,。；;]{2,120}?)为牵头(?=\s*(?:[，,。；;）)]|$))"
    ),
    re.compile(
        r"[（(](?P<units>[^（）()]{2,80}?)(?:牵头|负责)"
        r"(?:[，,、；;]?(?:[^（）()]*?配合)?|[。；;][^（）()]{0,80})[）)]"
    ),
    re.compile(r"由(?P<units>[^，,。；;]{2,60}?)(?:牵头|负责|承办)"),
]
# A clause opening with the names, then 牵头 (or 负责 ending the clause): `医政科牵头，…`.
BARE_LEAD = re.compile(
    r"(?:^|(?<=[，,。；;：:\s]))(?P<units>[^，,。；;：:（）()\s]{2,60}?)"
    r"(?:牵头(?!医院|单位|部门|科室|处室|作用)|负责(?=\s*(?:[，,。；;）)]|$)))"
)
CO_PATTERNS = [
    re.compile(
        r"[（(][^（）()]{2,80}?牵头[，,、；;]\s*(?P<units>[^（）()]{2,80}?)(?:配合|参与|协同)[）)]"
    ),
]
BARE_CO = re.compile(
    r"(?:^|(?<=[，,。；;：:\s（(]))(?P<units>[^，,。；;：:（）()\s]{2,80}?)"
    r"(?:共同)?(?:配合|协助|参与|协同)(?=\s*(?:[，,。；;）)]|$)|做好|开展|实施|落实|完成|推进|抓好)"
)
JOINT = re.compile(r"会同|(?<=[局科室办院站所心委股处部队府])会(?![议商诊员谈签审计同])")
MAX_JOINT = 20  # 会同 read per task: a pasted line repeating it is not read thousands of times
CLAUSE_START = re.compile(r"[，,。；;：:\n（(）)]")
RESPONSIBILITY_WORDS = re.compile(
    r"牵头|负责|责任|主责|承办|主办|配合|协助|协办|参与|协同|协作|会同|领导|联系人|"
    r"(?<=[局科室办院站所心委股处部队府])会"
)
HARD_SEPARATORS = re.compile(r"[、，,；;/\s]+")
SOFT_SEPARATORS = re.compile(r"[和及与]")
ROLE_MARK = re.compile(r"[（(]\s*(?P<role>牵头|主责|负责|配合|协办|参与)(?:单位|部门)?\s*[）)]")

_jieba_lock = threading.Lock()


@cache
def jieba_module():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def cut_words(text: str) -> list[str]:
    """jieba's words of `text`, with the bureau's unit names in its dictionary (the lock: a
    matcher being built adds words to the same dictionary)."""
    jieba = jieba_module()
    with _jieba_lock:
        return jieba.lcut(text)


def _prose(name: str) -> bool:
    """Words of a sentence in a name, beyond a unit named after its work (推进办, 工作专班)."""
    return bool(PROSE.search(WORK_NAMED_UNIT.sub("", name)))


def _looks_like_unit(name: str) -> bool:
    return (
        2 <= len(name) <= 30
        and bool(UNIT_SUFFIX.search(name))
        and not _prose(name)
        and not PERSON_POST.search(name)
        and not GENERIC_UNIT.match(name)
        and not re.search(r"\d", name)
    )


def _is_person(name: str) -> bool:
    return bool(PERSON_NAME.match(name) or PERSON_POST.search(name))


def _written_name(name: str) -> bool:
    """A name from a label's list or a unit column that does not end like a unit, or a generic
    one (`县直各部门`, `相关村`): kept as written unless it is a person or prose."""
    return (
        2 <= len(name) <= 20
        and not _is_person(name)
        and not _prose(name)
        and not re.search(r"[\d%％]", name)
    )


class UnitMatcher:
    """Known names (canonical name and aliases) → canonical name; unknown unit-like names kept."""

    def __init__(self, names: dict[str, list[str]] | None = None) -> None:
        self.canonical: dict[str, str] = {}
        for name, aliases in (names or {}).items():
            self.canonical[name] = name
            for alias in aliases:
                self.canonical.setdefault(alias, name)
        self.unknown: list[str] = []
        self._longest_first = sorted(self.canonical, key=len, reverse=True)
        if self.canonical:
            jieba = jieba_module()
            with _jieba_lock:
                for word in self.canonical:
                    jieba.add_word(word, freq=200000)

    def resolve(self, phrase: str, *, written: bool = True) -> list[str]:
        """Canonical names in a phrase such as `市第三人民医院、区中医医院`, in order.

        `written`: the phrase is a list of units by position (a 责任单位 label's list, a unit
        column), so without a dictionary a name is kept as written even when it does not end
        like a unit (people, generic words and prose still are not); otherwise only names that
        look like units count.

        Known names are found first, longest first, so that a name holding 与 or 和
        (人口监测与家庭发展股) is not cut at it; what is left is split at separators and cut by
        jieba with the bureau's names in its dictionary. Unit-like leftovers are kept as unknown.
        """
        found, _ = self._scan(phrase, written=written)
        for _, name, known in found:
            if not known and self.canonical and name not in self.unknown:
                self.unknown.append(name)
        return list(dict.fromkeys(name for _, name, _ in sorted(found)))

    def _scan(
        self, phrase: str, *, written: bool = False
    ) -> tuple[list[tuple[int, str, bool]], list[str]]:
        """(names with their position and whether they are known, leftover words)."""
        found: list[tuple[int, str, bool]] = []
        leftovers: list[str] = []
        masked = re.sub(r"[（(][^（）()]{0,12}[）)]", _mask_aside, phrase)
        for word in self._longest_first:
            start = masked.find(word)
            while start != -1:
                found.append((start, self.canonical[word], True))
                masked = masked[:start] + "、" * len(word) + masked[start + len(word) :]
                start = masked.find(word)
        keep_written = written and not self.canonical
        position = 0
        for chunk in HARD_SEPARATORS.split(masked):
            start = masked.find(chunk, position) if chunk else position
            position = start + len(chunk)
            for offset, part in _soft_split(chunk, keep_written):
                part = _clean(part)
                if not part:
                    continue
                at = start + offset
                tokens = [t for t in self._cut(part) if t in self.canonical]
                if tokens:
                    found.extend((at, self.canonical[t], True) for t in tokens)
                elif _looks_like_unit(part) or (keep_written and _written_name(part)):
                    found.append((at, part, False))
                else:
                    leftovers.append(part)
        return found, leftovers

    def _cut(self, part: str) -> list[str]:
        return cut_words(part) if self.canonical else []

    def find(self, text: str, *, first_listed_leads: bool = False) -> tuple[list[str], list[str]]:
        """(lead units, co-units) named as responsible in the text. `first_listed_leads`: the
        document says 列第一位者为牵头 (the State Council's convention), so of the units named
        together as responsible (（A、B、C负责）) the first leads and the others take part."""
        if not RESPONSIBILITY_WORDS.search(text):
            return [], []  # most tasks name no unit; skip the patterns
        lead: list[str] = []
        co: list[str] = []
        if "职责" in text:
            text = BY_DUTY.sub(lambda m: " " * len(m.group(0)), text)
        text = self._labelled(text, lead, co)
        for pattern in LEAD_PATTERNS:
            for match in pattern.finditer(text):
                phrase = match.group("units") or match.groupdict().get("alone") or ""
                lead.extend(self.resolve(phrase, written=False))
        for match in BARE_LEAD.finditer(text):
            phrase = match.group("units")
            if self._all_units(phrase):
                lead.extend(self.resolve(phrase, written=False))
        self._joint(text, lead, co)
        for pattern in CO_PATTERNS:
            for match in pattern.finditer(text):
                co.extend(self.resolve(match.group("units"), written=False))
        for match in BARE_CO.finditer(text):
            phrase = match.group("units")
            if self._all_units(phrase):
                co.extend(self.resolve(phrase, written=False))
        lead = list(dict.fromkeys(lead))
        if first_listed_leads and len(lead) > 1 and not co:
            lead, co = lead[:1], lead[1:]
        return lead, [name for name in dict.fromkeys(co) if name not in lead]

    def _labelled(self, text: str, lead: list[str], co: list[str]) -> str:
        """Read `牵头单位：…` / `配合单位：…` lists into lead and co; skip `分管领导：…`. The text
        with every label and its list blanked, for the other patterns."""
        labels = list(LABEL.finditer(text))
        if not labels:
            return text
        blanked = list(text)
        for index, label in enumerate(labels):
            limit = labels[index + 1].start() if index + 1 < len(labels) else len(text)
            end = _list_end(text, label.end(), limit)
            for i in range(label.start(), end):
                blanked[i] = " "
            if label.group("person"):
                continue
            value = text[label.end() : end]
            marked_lead, marked_co, rest = _role_marks(value)
            if marked_lead and label.group("lead"):
                lead.extend(self.resolve("、".join(marked_lead)))
                co.extend(self.resolve("、".join(marked_co + rest)))
                continue
            names = self.resolve("、".join(marked_lead + marked_co + rest))
            (lead if label.group("lead") else co).extend(names)
        return "".join(blanked)

    def _joint(self, text: str, lead: list[str], co: list[str]) -> None:
        """`A会同B制定…`, `A会B开展…`: A leads and B co-operates, when both are units."""
        for match in itertools.islice(JOINT.finditer(text), MAX_JOINT):
            before = text[max(0, match.start() - 60) : match.start()]
            starts = list(CLAUSE_START.finditer(before))
            phrase = before[starts[-1].end() if starts else 0 :].strip()
            phrase = re.sub(r"^(?:由|并由|请)", "", phrase)
            if not phrase or not self._all_units(phrase):
                continue
            after = text[match.end() : match.end() + 80]
            stop = CLAUSE_START.search(after)
            partners = self._leading_units(after[: stop.start() if stop else len(after)])
            if not partners:
                continue
            lead.extend(self.resolve(phrase, written=False))
            co.extend(self.resolve(partners, written=False))

    def _leading_units(self, clause: str) -> str:
        """The names that open a clause, before its verb: `区财政局、区医保局制定方案` → the two
        bureaus. The longest opening that is all units and is followed by a verb (or ends)."""
        import jieba.posseg

        jieba_module()
        best, position = "", 0
        words = list(jieba.posseg.cut(clause[:80]))
        for index, word in enumerate(words):
            position += len(word.word)
            opening = clause[:position]
            if not UNIT_SUFFIX.search(opening):
                continue  # a run of names ends in a unit's last word (局, 中心, 科…)
            if index + 1 < len(words) and not _opens_with_verb(words[index + 1], clause[position:]):
                continue
            if self._all_units(opening):
                best = opening
        return best

    def _all_units(self, phrase: str) -> bool:
        phrase = phrase.strip()
        if not phrase or _prose(phrase) or phrase[0] in "与和及同跟":
            return False
        found, leftovers = self._scan(phrase)
        return bool(found) and not leftovers


def _opens_with_verb(word, rest: str) -> bool:
    """Whether the words after a run of names open with a verb (`制定`, `共同`, `对`): jieba's
    tag of the next word, or of its first two characters (`制定方案` is tagged as one noun)."""

    if word.flag[:1] in ("v", "d", "p") or word.flag == "i":
        return True
    return _two_characters_open_a_verb(rest[:2])


@functools.lru_cache(maxsize=4096)
def _two_characters_open_a_verb(head: str) -> bool:
    import jieba.posseg

    words = jieba.posseg.lcut(head)
    return len(words) == 1 and words[0].flag[:1] in ("v", "d", "p")


def _mask_aside(match: re.Match) -> str:
    """A short aside in brackets inside a list: a person (`（王伟）`) is dropped; a role mark
    (`（牵头）`) is kept for _role_marks; anything else (`各镇（街道）卫生院`) stays."""
    inner = match.group(0)[1:-1].strip()
    if _is_person(inner) or re.fullmatch(r"[^\s]{0,8}(?:领导|负责人|责任人|联系人)[^\s]*", inner):
        return ""
    return match.group(0)


def _clean(part: str) -> str:
    part = ROLE_MARK.sub("", part).strip("“”\"'《》 ：:。.")
    if part[:1] in "（(" and not re.search(r"[）)]", part):
        part = part[1:]
    if part[-1:] in "）)" and not re.search(r"[（(]", part):
        part = part[:-1]
    return re.sub(r"等(?:单位|部门|科室)?$", "", part).strip()


def _soft_split(chunk: str, keep_written: bool) -> list[tuple[int, str]]:
    """A piece cut at 和 / 及 / 与 when every part looks like a unit; else the piece whole."""
    parts, offsets, start = [], [], 0
    for match in SOFT_SEPARATORS.finditer(chunk):
        parts.append(chunk[start : match.start()])
        offsets.append(start)
        start = match.end()
    parts.append(chunk[start:])
    offsets.append(start)
    if len(parts) > 1 and all(_looks_like_unit(_clean(p)) for p in parts):
        return list(zip(offsets, parts, strict=True))
    return [(0, chunk)]


def _list_end(text: str, start: int, limit: int) -> int:
    """Where a label's list ends: before the next label, a full stop, a line break or the
    bracket that closes the aside holding it."""
    depth = 0
    for index in range(start, limit):
        char = text[index]
        if char in "（(":
            depth += 1
        elif char in "）)":
            if depth == 0:
                return index
            depth -= 1
        elif char in "。\n" or (char in "；;" and _next_is_label_or_end(text, index + 1, limit)):
            return index
    return limit


def _next_is_label_or_end(text: str, start: int, limit: int) -> bool:
    """A ；inside a list separates names; one followed by prose ends the list."""
    rest = text[start : min(limit, start + 20)].strip()
    return not rest or bool(re.match(r"[^，,；;、]{0,6}[:：]", rest))


def _role_marks(value: str) -> tuple[list[str], list[str], list[str]]:
    """Members of a list marked `（牵头）` or `（配合）`, and the unmarked ones."""
    lead, co, rest = [], [], []
    for piece in HARD_SEPARATORS.split(value):
        mark = ROLE_MARK.search(piece)
        if not mark:
            rest.append(piece)
        elif mark.group("role") in ("牵头", "主责", "负责"):
            lead.append(piece)
        else:
            co.append(piece)
    return lead, co, rest


TRAILING_ASIDE = re.compile(
    rf"[（(]\s*(?:(?:{LEAD_LABEL}|{CO_LABEL})\s*[:：]|[^（）()]{{2,60}}?(?:牵头|负责)[，,、；;）)])"
    r"[^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*[）)]?[）)]?[。.；;\s]*$"
)


def trailing_assignment(text: str) -> int | None:
    """Where a task's closing `（牵头处室：A；配合处室：B）` begins, or None. The aside names the
    units of the whole task: a caller splitting the task into 一是…三是 items cuts it from the
    last item (whose text it ends) and reads it on the task."""
    match = TRAILING_ASIDE.search(text)
    return match.start() if match else None
