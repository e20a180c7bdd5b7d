"""Lead and co-units named in a task's text, matched to a bureau's units and their aliases.

jieba loads once per process, lazily, and gets a user dictionary of the bureau's unit names and
aliases, so that `区疾控中心牵头` cuts into the unit's name and `牵头`.
"""

import re
import threading
from functools import cache

LEAD_PATTERNS = [
    re.compile(r"以(?P<units>[^，,。；;：:]{2,120}?)为(?:牵头单位|牵头)"),
    re.compile(r"(?:牵头单位|责任单位|负责单位|主责单位)\s*[:：为]\s*(?P<units>[^；;。\n）)]+)"),
    re.compile(
        r"[（(](?P<units>[^（）()]{2,80}?)(?:牵头|负责)[，,、；;]?(?:[^（）()]*?配合)?[）)]"
    ),
    re.compile(r"由(?P<units>[^，,。；;]{2,60}?)(?:牵头|负责|承办)"),
]
CO_PATTERNS = [
    re.compile(r"(?:配合单位|协办单位|参与单位|协同单位)\s*[:：为]\s*(?P<units>[^；;。\n）)]+)"),
    re.compile(
        r"[（(][^（）()]{2,80}?牵头[，,、；;]\s*(?P<units>[^（）()]{2,80}?)(?:配合|参与|协同)[）)]"
    ),
    re.compile(r"(?P<units>[^，,。；;（(]{2,80}?)(?:配合|协助)(?:做好|实施|开展|落实)?"),
]
RESPONSIBILITY_WORDS = re.compile(r"牵头|负责|责任单位|主责|承办|配合|协助|协办|参与单位|协同单位")
UNIT_SUFFIX = re.compile(
    r"(?:局|委员会|卫健委|委|卫生院|医院|保健院|中心|所|站|股|科|处|室|办|办公室|队|会|部|公司|院|"
    r"街道|乡镇|镇|乡)$"
)

_jieba_lock = threading.Lock()


@cache
def jieba_module():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _looks_like_unit(name: str) -> bool:
    return 2 <= len(name) <= 30 and bool(UNIT_SUFFIX.search(name))


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

    def resolve(self, phrase: str) -> list[str]:
        """Canonical names in a phrase such as `市第三人民医院、区中医医院`, in order.

        Known names are found first, longest first, so that a name holding 与 or 和
        (人口监测与家庭发展股) is not cut at it; what is left is split at separators and cut by
        jieba with the bureau's names in its dictionary. Unit-like leftovers are kept as unknown.
        """
        found, _ = self._scan(phrase)
        for _, name, known in found:
            if not known and self.canonical and name not in self.unknown:
                self.unknown.append(name)
        return list(dict.fromkeys(name for _, name, _ in sorted(found)))

    def _scan(self, phrase: str) -> tuple[list[tuple[int, str, bool]], list[str]]:
        """(names with their position and whether they are known, leftover words)."""
        found: list[tuple[int, str, bool]] = []
        leftovers: list[str] = []
        masked = phrase
        for word in self._longest_first:
            start = masked.find(word)
            while start != -1:
                found.append((start, self.canonical[word], True))
                masked = masked[:start] + "、" * len(word) + masked[start + len(word) :]
                start = masked.find(word)
        for piece in re.finditer(r"[^、，,；;/\s和及与]+", masked):
            part = re.sub(r"等(?:单位|部门)?$", "", piece.group(0).strip("“”\"'（）() "))
            if not part:
                continue
            tokens = [t for t in self._cut(part) if t in self.canonical]
            if tokens:
                found.extend((piece.start(), self.canonical[t], True) for t in tokens)
            elif _looks_like_unit(part):
                found.append((piece.start(), part, False))
            else:
                leftovers.append(part)
        return found, leftovers

    def _cut(self, part: str) -> list[str]:
        return jieba_module().lcut(part) if self.canonical else []

    def find(self, text: str) -> tuple[list[str], list[str]]:
        """(lead units, co-units) named as responsible in the text."""
        if not RESPONSIBILITY_WORDS.search(text):
            return [], []  # most tasks name no unit; skip the patterns
        lead: list[str] = []
        for pattern in LEAD_PATTERNS:
            for match in pattern.finditer(text):
                lead.extend(self.resolve(match.group("units")))
        co: list[str] = []
        for pattern in CO_PATTERNS:
            for match in pattern.finditer(text):
                phrase = match.group("units")
                if pattern is CO_PATTERNS[2] and not self._all_units(phrase):
                    continue
                co.extend(n for n in self.resolve(phrase) if n not in lead)
        return list(dict.fromkeys(lead)), list(dict.fromkeys(co))

    def _all_units(self, phrase: str) -> bool:
        found, leftovers = self._scan(phrase)
        return bool(found) and not leftovers
