"""The apps import one way: workplans ← tasks ← reports, config imports none of them, and no
app imports the benchmarks (bench/ sits on top: it may use every app).

Every import statement counts, at module level or inside a function, so a lower app cannot
reach up "lazily" either; where a lower app must set off work above it, it sends a signal or
enqueues a job by name. Modules must not import each other in a circle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = {"config": 0, "workplans": 1, "tasks": 2, "reports": 3, "bench": 4}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_imports(root: Path) -> dict[str, set[str]]:
    """Module → the project modules it imports (apps and config only, migrations included)."""
    modules = {
        module_name(path, root): path
        for app in FLOORS
        for path in (root / app).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against this module's package
                    package = name.split(".") if is_package else name.split(".")[:-1]
                    base = ".".join(package[: len(package) - node.level + 1])
                    source = f"{base}.{node.module}" if node.module else base
                else:
                    source = node.module or ""
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    targets.add(submodule if submodule in modules else source)
        graph[name] = {
            target
            for target in targets
            if target.split(".")[0] in FLOORS and target != name and target in modules
        }
    return graph


def arrows_up(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for source, targets in sorted(graph.items()):
        source_app = source.split(".")[0]
        for target in sorted(targets):
            target_app = target.split(".")[0]
            if target_app == source_app:
                continue
            if source_app == "config" or FLOORS[target_app] > FLOORS[source_app]:
                found.append(f"{source} → {target}")
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_apps_import_one_way():
    assert arrows_up(project_imports(ROOT)) == []


def test_no_module_imports_itself_in_a_circle():
    assert circles(project_imports(ROOT)) == []


@pytest.fixture
def tree(tmp_path):
    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        for app in FLOORS:
            (tmp_path / app).mkdir(exist_ok=True)
            (tmp_path / app / "__init__.py").touch()
        return tmp_path

    return write


def test_the_checks_catch_an_arrow_up_even_inside_a_function(tree):
    root = tree(
        {
            "workplans/models.py": "def later():\n    from tasks import jobs\n",
            "tasks/jobs.py": "from workplans.models import later\n",
            "config/http.py": "from workplans import models\n",
            "reports/views.py": "from tasks.jobs import x\nfrom workplans.models import y\n",
            "reports/dev.py": "import bench.dataset\n",
            "bench/dataset.py": "from reports import views\n",
        }
    )
    assert arrows_up(project_imports(root)) == [
        "config.http → workplans.models",
        "reports.dev → bench.dataset",
        "workplans.models → tasks.jobs",
    ]


def test_the_checks_catch_a_circle_inside_one_app(tree):
    root = tree(
        {
            "tasks/jobs.py": "from tasks.reminders import send\n",
            "tasks/reminders.py": "from tasks.services import period_open\n",
            "tasks/services.py": "def f():\n    from tasks import jobs\n",
            "tasks/other.py": "from . import jobs\n",
        }
    )
    assert circles(project_imports(root)) == [["tasks.jobs", "tasks.reminders", "tasks.services"]]
