"""The house has one direction (docs/architecture.md, docs/decisions/0008-layers.md): apps import only the apps below
them, the app graph has no cycle, and no import hides inside a function to dodge either rule."""

import ast
import graphlib
import pathlib
import shutil
import subprocess
import sys
import tomllib

import grimp
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "selfdirect"
LAYERS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]["layers"]
PROJECT_ROOT_MODULES = {"settings", "urls", "api_urls", "cli", "wsgi"}
LAZY_MARK = "# Lazy:"


def _app_graph() -> dict[str, set[str]]:
    """Which app imports which, read by grimp (import-linter's own graph) from the source."""
    graph = grimp.build_graph("selfdirect", cache_dir=None)
    apps = {m.split(".")[1] for m in graph.modules if m.count(".") >= 1} - PROJECT_ROOT_MODULES
    edges = {app: set() for app in apps}
    for importer in graph.modules:
        parts = importer.split(".")
        if len(parts) < 2 or parts[1] not in apps:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            target = imported.split(".")
            if len(target) >= 2 and target[1] in apps and target[1] != parts[1]:
                edges[parts[1]].add(target[1])
    return edges


def test_every_app_is_in_a_layer():
    assert set(_app_graph()) == set(LAYERS)


def test_the_app_import_graph_has_no_cycle():
    order = list(graphlib.TopologicalSorter(_app_graph()).static_order())  # raises CycleError on a cycle
    assert set(order) == set(LAYERS)


def test_each_app_imports_only_apps_below_it():
    rank = {app: len(LAYERS) - i for i, app in enumerate(LAYERS)}  # core lowest
    upward = sorted(f"{app} -> {dep}" for app, deps in _app_graph().items() for dep in deps if rank[dep] >= rank[app])
    assert upward == []


@pytest.mark.skipif(shutil.which("lint-imports", path=str(pathlib.Path(sys.executable).parent)) is None,
                    reason="import-linter is installed by requirements-dev.txt")
def test_import_linter_keeps_the_layers_contract():
    lint = pathlib.Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def _function_level_project_imports(path: pathlib.Path):
    text = path.read_text()
    lines = text.split("\n")
    tree = ast.parse(text)
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.ImportFrom):
                project = node.level > 0 or (node.module or "").startswith("selfdirect")
            elif isinstance(node, ast.Import):
                project = any(a.name.startswith("selfdirect") for a in node.names)
            else:
                continue
            if not project:
                continue
            # Django loads models only once every app is ready: AppConfig.ready() is where it says to import them.
            if path.name == "apps.py" and func.name == "ready":
                continue
            above = "\n".join(lines[max(0, node.lineno - 4):node.lineno])
            if LAZY_MARK in above:
                continue
            yield f"{path.relative_to(ROOT)}:{node.lineno}"


def test_no_function_level_import_of_a_project_module_unless_it_says_why_it_is_lazy():
    found = [hit for path in sorted(SRC.rglob("*.py")) if "migrations" not in path.parts
             for hit in _function_level_project_imports(path)]
    assert found == []


def test_queries_read_and_never_import_actions():
    graph = grimp.build_graph("selfdirect", cache_dir=None)
    found = sorted(f"{q} -> {m}" for q in graph.modules if q.endswith(".queries")
                   for m in graph.find_modules_directly_imported_by(q) if m.endswith(".actions"))
    assert found == []
