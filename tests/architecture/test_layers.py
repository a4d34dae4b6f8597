"""The package's layers (docs/architecture.md): no module imports upward, and no import cycle.

Every ``import`` in ``src/perfmethods`` is read with :mod:`ast` — top-level imports, imports inside
functions and ``if TYPE_CHECKING:`` blocks alike — so a cycle cannot hide behind a deferred import.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

#: Lowest first. A module may import from its own package and from any lower layer; packages in one layer
#: (the methods) do not import each other.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"perfmethods", "_version", "errors", "provenance", "findings", "results", "validation", "i18n",
               "progress", "engines"}),
    frozenset({"model"}),
    frozenset({"io"}),
    frozenset({"datasets"}),
    frozenset({"indicators"}),
    frozenset({"evaluation"}),
    frozenset({"weighting", "cba", "impact", "monitoring", "composite", "efficiency"}),
    frozenset({"reporting"}),
    frozenset({"course"}),
    frozenset({"cli"}),
)
FOUNDATION = LAYERS[0]
RANK = {area: rank for rank, layer in enumerate(LAYERS) for area in layer}


def _module_name(path: Path) -> tuple[str, str]:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] == "__init__":
        name = ".".join(parts[:-1])
        return name, name
    name = ".".join(parts)
    return name, name.rsplit(".", 1)[0]


def _imports() -> dict[str, list[tuple[int, str]]]:
    """``{module: [(line, imported module), ...]}`` for every perfmethods module."""
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for path in sorted((SRC / "perfmethods").rglob("*.py")):
        module, package = _module_name(path)
        found[module]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                targets = [target]
                # ``from perfmethods.x import y`` may name the submodule perfmethods.x.y
                targets += [f"{target}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                if target.split(".")[0] == "perfmethods":
                    found[module].append((node.lineno, target))
    return found


def _area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "perfmethods"


def _resolve(target: str, modules: set[str]) -> str | None:
    """The perfmethods module that ``target`` names (an attribute import resolves to its module)."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def test_every_area_has_a_layer():
    areas = {_area(m) for m in _imports()}
    assert areas <= set(RANK), f"packages with no layer in this test: {sorted(areas - set(RANK))}"


def test_no_module_imports_upward():
    upward = []
    for module, targets in _imports().items():
        area = _area(module)
        for line, target in targets:
            other = _area(target)
            if other not in RANK:  # an attribute of the top-level package, e.g. __version__
                other = "perfmethods"
            if other == area:
                continue
            if area == "perfmethods" and other in FOUNDATION:
                continue  # the top-level package re-exports the foundation only
            lower = RANK[other] < RANK[area] or (other in FOUNDATION and area in FOUNDATION)
            if not lower:
                upward.append(f"{module} (line {line}) imports {target}")
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_no_import_cycle():
    imports = _imports()
    modules = set(imports)
    graph = {m: {r for _, t in ts if (r := _resolve(t, modules)) and r != m} for m, ts in imports.items()}
    # a package's __init__ importing its own submodules is how packages work; everything else counts
    for m in graph:
        graph[m] = {r for r in graph[m] if not (r.startswith(m + ".") and m.count(".") < r.count("."))}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize(
    "source, message",
    [
        ("from perfmethods.reporting import t\n", "imports perfmethods.reporting"),
        ("def f():\n    from perfmethods.evaluation.pipeline import evaluate\n", "imports perfmethods.evaluation"),
    ],
)
def test_the_check_sees_upward_imports(tmp_path, source, message):
    """The test above can fail: a model module importing upward, even inside a function, is caught."""
    fake = tmp_path / "perfmethods" / "model"
    fake.mkdir(parents=True)
    (tmp_path / "perfmethods" / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "bad.py").write_text(source)
    globals()["SRC"], saved = tmp_path, SRC
    try:
        with pytest.raises(AssertionError, match=message):
            test_no_module_imports_upward()
    finally:
        globals()["SRC"] = saved


def test_the_check_sees_cycles(tmp_path):
    pkg = tmp_path / "perfmethods" / "model"
    pkg.mkdir(parents=True)
    (tmp_path / "perfmethods" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from perfmethods.model.b import x\n")
    (pkg / "b.py").write_text("def f():\n    from perfmethods.model import a\n")
    globals()["SRC"], saved = tmp_path, SRC
    try:
        with pytest.raises(AssertionError, match="import cycles"):
            test_no_import_cycle()
    finally:
        globals()["SRC"] = saved
