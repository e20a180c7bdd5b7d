"""Scoring a parsed plan against a hand-made gold outline (tests/fixtures/corpus/README.md):
precision, recall and F1 of sections, tasks (sub-items included), targets (value + comparator +
unit), achievements (value + unit), units (lead or co, per matched task), and, on matched tasks,
deadlines and titles. Scores add up over documents (micro-averaging) with `+`."""

import re
from collections import Counter
from dataclasses import dataclass

MARKER = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}[、.．]|"
    r"[①-⑳]|[一二三四五六七八九十]{1,2}是)"
)
NOISE = re.compile(r"[\s，,。；;：:、“”\"'（）()《》！？!?\-—]")


def normalise(text: str) -> str:
    return NOISE.sub("", MARKER.sub("", text or ""))


@dataclass
class Score:
    matched: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else float(self.gold == 0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else float(self.predicted == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(
            self.matched + other.matched,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "matched": self.matched,
            "predicted": self.predicted,
            "gold": self.gold,
        }


HEADING_MATCH_CHARS = 4
KINDS = ("sections", "tasks", "targets", "achievements", "units", "deadlines", "titles")


def _all_tasks(outline: dict, part: str = "sections") -> list[dict]:
    found = []
    for section in outline.get(part) or []:
        for task in section.get("tasks", []):
            found.append(task)
            found.extend(task.get("subtasks", []))
    return found


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _same_text(a: str, b: str) -> bool:
    """The same task: the same words (bigrams, 80%), or one text is the other's heading with
    its items below it (annotators differ on whether a heading's text takes in its items)."""
    a, b = normalise(a), normalise(b)
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= HEADING_MATCH_CHARS and longer.startswith(shorter):
        return True
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) >= 0.8


def score_sections(predicted: dict, gold: dict) -> Score:
    def key(section):
        return section["number"], normalise(section["title"])[:12]

    p = Counter(key(s) for s in predicted.get("sections", []))
    g = Counter(key(s) for s in gold.get("sections", []))
    return Score(sum((p & g).values()), sum(p.values()), sum(g.values()))


def matched_tasks(predicted: dict, gold: dict) -> list[tuple[dict, dict]]:
    """(predicted task, gold task) pairs of the same text, each gold task used once."""
    remaining = _all_tasks(gold)
    pairs = []
    for task in _all_tasks(predicted):
        for index, candidate in enumerate(remaining):
            if _same_text(task["text"], candidate["text"]):
                pairs.append((task, candidate))
                del remaining[index]
                break
    return pairs


def score_tasks(predicted: dict, gold: dict, pairs) -> Score:
    return Score(len(pairs), len(_all_tasks(predicted)), len(_all_tasks(gold)))


def _figures(outline: dict, kind: str, key) -> Counter:
    return Counter(
        key(figure)
        for part in ("sections", "summary")
        for task in _all_tasks(outline, part)
        for figure in task.get(kind) or []
    )


def _target_key(t: dict) -> tuple:
    return float(t["value"]), t["comparator"], t["unit"]


def _achievement_key(t: dict) -> tuple:
    return float(t["value"]), t["unit"]


def score_targets(predicted: dict, gold: dict) -> Score:
    p, g = _figures(predicted, "targets", _target_key), _figures(gold, "targets", _target_key)
    return Score(sum((p & g).values()), sum(p.values()), sum(g.values()))


def score_achievements(predicted: dict, gold: dict) -> Score:
    p = _figures(predicted, "achievements", _achievement_key)
    g = _figures(gold, "achievements", _achievement_key)
    return Score(sum((p & g).values()), sum(p.values()), sum(g.values()))


def _units(task: dict) -> Counter:
    return Counter(
        (role, re.sub(r"\s+", "", name))
        for role in ("lead_units", "co_units")
        for name in task.get(role) or []
    )


def score_units(predicted: dict, gold: dict, pairs) -> Score:
    matched = sum(sum((_units(p) & _units(g)).values()) for p, g in pairs)
    return Score(
        matched,
        sum(sum(_units(t).values()) for t in _all_tasks(predicted)),
        sum(sum(_units(t).values()) for t in _all_tasks(gold)),
    )


def score_deadlines(predicted: dict, gold: dict, pairs) -> Score:
    """On matched tasks: a deadline found (or 持续推进 seen) and the same as the gold's."""

    def reading(task):
        return "ongoing" if task.get("ongoing") else task.get("deadline")

    return Score(
        sum(1 for p, g in pairs if reading(g) and reading(p) == reading(g)),
        sum(1 for p, _ in pairs if reading(p)),
        sum(1 for _, g in pairs if reading(g)),
    )


def score_titles(pairs) -> Score:
    same = sum(1 for p, g in pairs if normalise(p["title"]) == normalise(g.get("title", "")))
    with_title = sum(1 for _, g in pairs if g.get("title"))
    return Score(same, with_title, with_title)


def _annotates_achievements(gold: dict) -> bool:
    """The original samples' gold predates achievements: their results are not scored."""
    return "summary" in gold or any("achievements" in t for t in _all_tasks(gold))


def score_document(predicted: dict | None, gold: dict) -> dict:
    """Scores per kind. A document that is not a plan is right only when the parser refused it;
    a notice without its plan is right when nothing is made of it (refused, or no tasks)."""
    if gold.get("not_a_plan") or gold.get("refuse"):
        one = Score(1 if predicted is None else 0, 1, 1)
        return {kind: one.as_dict() for kind in KINDS}
    if gold.get("no_tasks"):
        right = predicted is None or not _all_tasks(predicted)
        one = Score(int(right), 1, 1)
        return {kind: one.as_dict() for kind in KINDS}
    predicted = predicted or {"sections": []}
    pairs = matched_tasks(predicted, gold)
    return {
        "sections": score_sections(predicted, gold).as_dict(),
        "tasks": score_tasks(predicted, gold, pairs).as_dict(),
        "targets": score_targets(predicted, gold).as_dict(),
        "achievements": (
            score_achievements(predicted, gold) if _annotates_achievements(gold) else Score(0, 0, 0)
        ).as_dict(),
        "units": score_units(predicted, gold, pairs).as_dict(),
        "deadlines": score_deadlines(predicted, gold, pairs).as_dict(),
        "titles": score_titles(pairs).as_dict(),
    }


def total(scores: list[dict]) -> dict:
    """Micro-averaged scores over documents (each a score_document result)."""
    summed = {}
    for document in scores:
        for kind, s in document.items():
            one = Score(s["matched"], s["predicted"], s["gold"])
            summed[kind] = summed[kind] + one if kind in summed else one
    return {kind: s.as_dict() for kind, s in summed.items()}
