"""Scoring a parsed plan against a hand-made gold outline: precision, recall and F1 of sections,
tasks (sub-items included) and targets (value + comparator + unit)."""

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

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "matched": self.matched,
            "predicted": self.predicted,
            "gold": self.gold,
        }


def _all_tasks(outline: dict) -> list[dict]:
    found = []
    for section in outline.get("sections", []):
        for task in section.get("tasks", []):
            found.append(task)
            found.extend(task.get("subtasks", []))
    return found


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _same_text(a: str, b: str) -> bool:
    a, b = normalise(a), normalise(b)
    if a == b:
        return True
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) >= 0.8


def score_sections(predicted: dict, gold: dict) -> Score:
    def key(section):
        return section["number"], normalise(section["title"])[:12]

    p = Counter(key(s) for s in predicted.get("sections", []))
    g = Counter(key(s) for s in gold.get("sections", []))
    return Score(sum((p & g).values()), sum(p.values()), sum(g.values()))


def score_tasks(predicted: dict, gold: dict) -> Score:
    remaining = _all_tasks(gold)
    predicted_tasks = _all_tasks(predicted)
    matched = 0
    for task in predicted_tasks:
        for index, candidate in enumerate(remaining):
            if _same_text(task["text"], candidate["text"]):
                matched += 1
                del remaining[index]
                break
    return Score(matched, len(predicted_tasks), len(_all_tasks(gold)))


def score_targets(predicted: dict, gold: dict) -> Score:
    def keys(outline):
        return Counter(
            (float(t["value"]), t["comparator"], t["unit"])
            for task in _all_tasks(outline)
            for t in task.get("targets", [])
        )

    p, g = keys(predicted), keys(gold)
    return Score(sum((p & g).values()), sum(p.values()), sum(g.values()))


def score_document(predicted: dict | None, gold: dict) -> dict:
    """Scores per kind; a gold marked not_a_plan is right only when the parser refused it."""
    if gold.get("not_a_plan"):
        one = Score(1 if predicted is None else 0, 1, 1)
        return {kind: one.as_dict() for kind in ("sections", "tasks", "targets")}
    predicted = predicted or {"sections": []}
    return {
        "sections": score_sections(predicted, gold).as_dict(),
        "tasks": score_tasks(predicted, gold).as_dict(),
        "targets": score_targets(predicted, gold).as_dict(),
    }
