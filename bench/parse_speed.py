"""Parser speed: each sample and corpus document parsed with jieba already loaded, side by
side with a bare `jieba.lcut` over the same text; jieba's cold load; and importing a 300-task
plan into the database (parse, draft, publish with bulk inserts).

    python bench/parse_speed.py             # samples x 20 runs; 300-task plan
    python bench/parse_speed.py --quick     # samples x 3 runs; 60-task plan
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench python bench/parse_speed.py

The last line is one JSON object: {"samples": {name: {"chars", "parse_ms", "lcut_ms", "ratio"}},
"max_ratio", "largest_parse_ms", "jieba_cold_s", "import_tasks", "import_s", "database"}.
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = tempfile.mkdtemp(prefix="parse-speed-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}/bench.sqlite3")
# Measured in-process with the project settings; a checkout has no SECRET_KEY, so DEBUG on
# unless the caller sets it (production settings refuse to start without the key).
os.environ.setdefault("DEBUG", "on")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["REDIS_URL"] = ""

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from tasks.demo import DEMO_UNITS  # noqa: E402
from workplans.parsing import PlanImportError, UnitMatcher, parse_document  # noqa: E402
from workplans.parsing.reading import read_upload  # noqa: E402
from workplans.parsing.units import jieba_module  # noqa: E402

SAMPLES = ROOT / "workplans" / "samples"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"  # the parser corpus (README there)
VERBS = ["加强", "推进", "完善", "深化", "提升", "落实", "健全", "做好"]
OBJECTS = [
    "家庭医生签约服务",
    "公立医院综合改革",
    "基层医疗卫生服务能力",
    "传染病监测预警",
    "妇幼健康服务",
    "中医药传承创新",
    "全民健康信息平台",
    "医疗质量安全管理",
]
UNITS = [name for name, _, _ in DEMO_UNITS]


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def jieba_cold_seconds() -> float:
    code = "import time,jieba,logging;jieba.setLogLevel(logging.WARNING);t=time.perf_counter();"
    code += "jieba.initialize();print(time.perf_counter()-t)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def matcher() -> UnitMatcher:
    return UnitMatcher(
        {name: [a for a in aliases.split("、") if a] for name, _, aliases in DEMO_UNITS}
    )


def synthetic_plan(tasks: int, year: int = 2026) -> str:
    numerals = "一二三四五六七八"
    lines = [f"{year}年演示区卫生健康工作要点", "为做好全年工作，现提出如下要点。"]
    per_section = -(-tasks // 8)
    number = 0
    for s in range(8):
        lines.append(f"{numerals[s]}、{VERBS[s]}{OBJECTS[s]}体系建设")
        for _ in range(per_section):
            if number == tasks:
                break
            number += 1
            verb, obj = VERBS[number % 8], OBJECTS[(number * 3) % 8]
            lead, co = UNITS[number % len(UNITS)], UNITS[(number + 5) % len(UNITS)]
            lines.append(
                f"{number}.{verb}{obj}工作。以{lead}为牵头单位，{co}配合，{verb}{obj}，"
                f"{obj}覆盖率达到{60 + number % 40}%以上，培训骨干{number % 50 + 10}名，"
                f"{number % 12 + 1}月底前完成。"
            )
    return "\n".join(lines)


def time_import(tasks: int) -> float:
    from workplans.imports import plan_import_create, plan_import_publish
    from workplans.models import Bureau, Plan, Unit, User

    call_command("migrate", verbosity=0)
    bureau, _ = Bureau.objects.get_or_create(name="性能测试区卫生健康局")
    for position, (name, kind, aliases) in enumerate(DEMO_UNITS):
        Unit.objects.get_or_create(
            bureau=bureau,
            name=name,
            defaults={"kind": kind, "aliases": aliases, "sort_order": position},
        )
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"bureau": bureau, "role": User.Role.ADMIN}
    )
    Plan.objects.filter(bureau=bureau).delete()
    data = synthetic_plan(tasks).encode("utf-8")
    started = time.perf_counter()
    draft = plan_import_create(user=admin, bureau=bureau, filename="plan.txt", data=data)
    plan = plan_import_publish(plan_import=draft, version=draft.version, user=admin)
    seconds = time.perf_counter() - started
    assert plan.tasks.count() == tasks, plan.tasks.count()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, a 60-task plan")
    options = parser.parse_args()
    runs, tasks = (3, 60) if options.quick else (20, 300)

    cold = jieba_cold_seconds()
    jieba = jieba_module()  # loaded once for this process, as in a web worker
    units = matcher()
    results = {}
    documents = sorted(SAMPLES.glob("*.txt")) + sorted(CORPUS.glob("*/*.txt"))
    for path in documents:
        data = path.read_bytes()
        document = read_upload(path.name, data)
        text = document.text

        def parse(document=document):
            # The compilation is refused; refusing it is the work measured there.
            with contextlib.suppress(PlanImportError):
                parse_document(document, units=units)

        parse_ms = median_ms(parse, runs)
        lcut_ms = median_ms(lambda text=text: jieba.lcut(text), runs)
        results[f"{path.parent.name}/{path.stem}"] = {
            "chars": len(text),
            "parse_ms": round(parse_ms, 2),
            "lcut_ms": round(lcut_ms, 2),
            "ratio": round(parse_ms / lcut_ms, 2),
        }
        name = f"{path.parent.name}/{path.stem}"
        print(
            f"{name:52} {len(text):6} chars  parse {parse_ms:7.2f} ms  "
            f"jieba.lcut {lcut_ms:7.2f} ms  ratio {parse_ms / lcut_ms:5.2f}"
        )
    import_s = time_import(tasks)
    print(f"jieba cold load {cold:.2f} s; import of a {tasks}-task plan {import_s:.2f} s")
    largest = max(results.values(), key=lambda r: r["chars"])
    worst = max(results, key=lambda name: results[name]["ratio"])
    print(f"highest ratio {results[worst]['ratio']} ({worst}) over {len(results)} documents")
    print(
        json.dumps(
            {
                "samples": results,
                "max_ratio": results[worst]["ratio"],
                "max_ratio_document": worst,
                "median_ratio": statistics.median(r["ratio"] for r in results.values()),
                "largest_parse_ms": largest["parse_ms"],
                "jieba_cold_s": round(cold, 2),
                "import_tasks": tasks,
                "import_s": round(import_s, 2),
                "database": django.db.connection.vendor,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
