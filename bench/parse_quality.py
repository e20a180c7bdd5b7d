"""Parser quality on the hand-annotated samples: precision, recall and F1 of sections, tasks and
targets per document.

    python bench/parse_quality.py            # all samples with a gold file
    python bench/parse_quality.py --quick    # the same (the samples are small)
    python bench/parse_quality.py -v         # also list missed and extra items

The last line is one JSON object: {"documents": {name: {kind: {precision, recall, f1, ...}}},
"min_f1": lowest F1 over all documents and kinds}.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Measured in-process with the project settings; a checkout has no SECRET_KEY, so DEBUG on
# unless the caller sets it (production settings refuse to start without the key).
os.environ.setdefault("DEBUG", "on")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from workplans.parsing.errors import PlanImportError  # noqa: E402
from workplans.parsing.plan_text import parse_text  # noqa: E402
from workplans.parsing.quality import _all_tasks, normalise, score_document  # noqa: E402

SAMPLES = ROOT / "workplans" / "samples"
GOLD = ROOT / "tests" / "fixtures" / "gold"


def parse(name: str) -> dict | None:
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    try:
        return parse_text(text).to_json()
    except PlanImportError:
        return None


def explain(predicted: dict | None, gold: dict) -> None:
    if predicted is None or gold.get("not_a_plan"):
        return
    p = {normalise(t["text"])[:30] for t in _all_tasks(predicted)}
    g = {normalise(t["text"])[:30] for t in _all_tasks(gold)}
    for text in sorted(g - p):
        print("   missed task:", text)
    for text in sorted(p - g):
        print("   extra task: ", text)

    def targets(outline):
        return sorted(
            (t["value"], t["comparator"], t["unit"], t["text"][:30])
            for task in _all_tasks(outline)
            for t in task["targets"]
        )

    print("   gold targets:  ", targets(gold))
    print("   parsed targets:", targets(predicted))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="same as default: samples are small")
    parser.add_argument("-v", "--verbose", action="store_true")
    options = parser.parse_args()
    documents = {}
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        predicted = parse(gold_file.stem)
        documents[gold_file.stem] = score_document(predicted, gold)
        row = "  ".join(
            f"{kind} P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f}"
            for kind, s in documents[gold_file.stem].items()
        )
        print(f"{gold_file.stem:40} {row}")
        if options.verbose:
            explain(predicted, gold)
    min_f1 = min(s["f1"] for doc in documents.values() for s in doc.values())
    print(json.dumps({"documents": documents, "min_f1": min_f1}, ensure_ascii=False))


if __name__ == "__main__":
    main()
