"""Parser quality on hand-annotated documents: micro-averaged precision, recall and F1 of
sections, tasks, targets, achievements and units (and, on matched tasks, deadlines and titles),
per shape and overall, with the held-out part of the corpus reported apart.

    python bench/parse_quality.py               # samples + corpus (dev and held out)
    python bench/parse_quality.py --quick       # the same: the corpus is small
    python bench/parse_quality.py --corpus dev  # only the part the parser is tuned on
    python bench/parse_quality.py -v --doc flat-list   # misses and extras of matching documents

The corpus is tests/fixtures/corpus/ (README there: gold format, shapes, why `heldout/` exists);
the five original samples count as shape `samples` in the dev part. The last line is one JSON
object: {"dev": {"overall": {kind: f1}, "shapes": {shape: {kind: f1}}}, "heldout": …, "all": …,
"documents": {name: {kind: f1}}, "refused_plans": [names of plans the parser refused]}.
"""

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Measured in-process with the project settings; a checkout has no SECRET_KEY, so DEBUG on
# unless the caller sets it (production settings refuse to start without the key).
os.environ.setdefault("DEBUG", "on")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from workplans.parsing import PlanImportError, parse_document  # noqa: E402
from workplans.parsing.quality import (  # noqa: E402
    _all_tasks,
    matched_tasks,
    normalise,
    score_document,
    total,
)
from workplans.parsing.reading import read_upload  # noqa: E402

SAMPLES = ROOT / "workplans" / "samples"
SAMPLE_GOLD = ROOT / "tests" / "fixtures" / "gold"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SHOWN = ("sections", "tasks", "targets", "achievements", "units", "deadlines", "titles")


def documents(which: str) -> list[tuple[str, str, Path, dict]]:
    """(split, name, text file, gold) for every annotated document of the chosen part."""
    found = []
    if which in ("dev", "all"):
        for gold_file in sorted(SAMPLE_GOLD.glob("*.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            gold.setdefault("shape", "samples")
            found.append(("dev", gold_file.stem, SAMPLES / f"{gold_file.stem}.txt", gold))
    for split in ("dev", "heldout"):
        if which not in (split, "all"):
            continue
        for gold_file in sorted((CORPUS / split).glob("*.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            found.append((split, gold_file.stem, gold_file.with_suffix(".txt"), gold))
    return found


def parse(path: Path) -> dict | None:
    try:
        return parse_document(read_upload(path.name, path.read_bytes())).to_json()
    except PlanImportError:
        return None


def explain(predicted: dict | None, gold: dict) -> None:
    if predicted is None:
        print("   refused")
        return
    pairs = matched_tasks(predicted, gold)
    matched_gold = {id(g) for _, g in pairs}
    matched_predicted = {id(p) for p, _ in pairs}
    for task in _all_tasks(gold):
        if id(task) not in matched_gold:
            print("   missed task:", normalise(task["text"])[:40])
    for task in _all_tasks(predicted):
        if id(task) not in matched_predicted:
            print("   extra task: ", normalise(task["text"])[:40])
    for p, g in pairs:
        if normalise(p["title"]) != normalise(g.get("title", "")) and g.get("title"):
            print(f"   title: {p['title']!r} ≠ gold {g['title']!r}")
        for role in ("lead_units", "co_units"):
            if sorted(p.get(role) or []) != sorted(g.get(role) or []):
                print(f"   {role}: {p.get(role)} ≠ gold {g.get(role)}  ({g['text'][:20]})")
        reading = ("ongoing" if t.get("ongoing") else t.get("deadline") for t in (p, g))
        mine, theirs = reading
        if theirs and mine != theirs:
            print(f"   deadline: {mine} ≠ gold {theirs}  ({g['text'][:20]})")

    def figures(outline, kind):
        return sorted(
            (t["value"], t["comparator"], t["unit"])
            for part in ("sections", "summary")
            for task in _all_tasks(outline, part)
            for t in task.get(kind) or []
        )

    for kind in ("targets", "achievements"):
        mine, theirs = figures(predicted, kind), figures(gold, kind)
        if mine != theirs:
            print(f"   {kind} missed:", [f for f in theirs if f not in mine])
            print(f"   {kind} extra: ", [f for f in mine if f not in theirs])


def row(label: str, scores: dict) -> str:
    cells = "  ".join(f"{kind[:5]} {scores[kind]['f1']:.3f}" for kind in SHOWN if kind in scores)
    return f"  {label:34} {cells}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="same as default: the corpus is small")
    parser.add_argument("--corpus", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--doc", default="", help="only documents whose name contains this")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    options = parser.parse_args()

    by_split: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    per_document, refused = {}, []
    for split, name, path, gold in documents(options.corpus):
        if options.doc not in name:
            continue
        predicted = parse(path)
        scores = score_document(predicted, gold)
        per_document[name] = {kind: s["f1"] for kind, s in scores.items()}
        by_split[split][gold.get("shape", "?")].append(scores)
        not_a_plan = gold.get("refuse") or gold.get("not_a_plan") or gold.get("no_tasks")
        if predicted is None and not not_a_plan:
            refused.append(name)
        if options.verbose and split == "dev":  # the held-out part is scored, never read
            print(f"{split}/{name}  [{gold.get('shape')}]")
            print(row("", scores))
            explain(predicted, gold)

    result: dict = {}
    everything: list[dict] = []
    for split in ("dev", "heldout"):
        if split not in by_split:
            continue
        shapes = by_split[split]
        print(f"{split}: {sum(len(v) for v in shapes.values())} documents")
        result[split] = {"shapes": {}, "documents": sum(len(v) for v in shapes.values())}
        for shape in sorted(shapes):
            scores = total(shapes[shape])
            print(row(f"{shape} ({len(shapes[shape])})", scores))
            result[split]["shapes"][shape] = {kind: s["f1"] for kind, s in scores.items()}
        overall = total([s for docs in shapes.values() for s in docs])
        print(row("OVERALL", overall))
        result[split]["overall"] = {kind: s["f1"] for kind, s in overall.items()}
        everything.extend(s for docs in shapes.values() for s in docs)
    if everything:
        overall = total(everything)
        print(row("ALL DOCUMENTS", overall))
        result["all"] = {kind: s["f1"] for kind, s in overall.items()}
    print("refused plans:", ", ".join(refused) or "none")
    result["refused_plans"] = refused
    result["documents"] = per_document
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
