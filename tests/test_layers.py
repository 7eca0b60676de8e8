"""The import layering of docs/design.md, enforced: no cycles, no arrow up, no file over 700 lines.

Every import of every module in trainerkit/ is read with `ast`, those inside functions and under
`if TYPE_CHECKING:` included, so a lazy import cannot hide an arrow."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "trainerkit"
DESIGN = PACKAGE.parent / "docs" / "design.md"
MAX_LINES = 700


def module_names() -> dict[str, Path]:
    """Each module's dotted name inside trainerkit ("parse.module"; a package by its own name;
    trainerkit/__init__.py as "__init__"), with its file."""
    names: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts.pop()
        names[".".join(parts)] = path
    return names


def _package_of(name: str, path: Path) -> list[str]:
    """The package a module's relative imports start from, as name parts."""
    if path.name == "__init__.py":
        return [] if name == "__init__" else name.split(".")
    return name.split(".")[:-1]


def _existing(dotted: list[str], modules: dict[str, Path]) -> str | None:
    """The longest prefix of a dotted name that is a trainerkit module."""
    for n in range(len(dotted), 0, -1):
        candidate = ".".join(dotted[:n])
        if candidate in modules:
            return candidate
    return None


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> dict[str, int]:
    """The trainerkit modules one module imports, each with the first line that does."""
    found: dict[str, int] = {}
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def add(target: str | None, line: int) -> None:
        if target is not None and target != name:
            found.setdefault(target, line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "trainerkit":
                    add(_existing(parts[1:], modules) if parts[1:] else "__init__", node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(name, path)
                if node.level > 1:
                    base = base[: len(base) - (node.level - 1)]
            elif node.module and node.module.split(".")[0] == "trainerkit":
                base = []
            else:
                continue
            from_parts = node.module.split(".") if node.module else []
            if not node.level:
                from_parts = from_parts[1:]
            where = base + from_parts
            for alias in node.names:
                submodule = ".".join(where + [alias.name])
                if submodule in modules:
                    add(submodule, node.lineno)
                else:
                    add(_existing(where, modules) if where else "__init__", node.lineno)
    return found


def graph() -> tuple[dict[str, Path], dict[str, dict[str, int]]]:
    modules = module_names()
    return modules, {name: imports_of(name, path, modules) for name, path in modules.items()}


def layers() -> list[list[str]]:
    """The ```layers block of docs/design.md: its lines from the top layer down."""
    text = DESIGN.read_text(encoding="utf-8")
    found = re.search(r"^```layers\n(.*?)^```", text, re.M | re.S)
    assert found, f"{DESIGN}: no ```layers block"
    return [line.split() for line in found.group(1).splitlines() if line.strip()]


def layer_of(name: str, table: list[list[str]]) -> int | None:
    """The layer (0 = top) of the longest entry that names the module or a package holding it."""
    best: tuple[int, int] | None = None
    for index, line in enumerate(table):
        for entry in line:
            if name == entry or name.startswith(entry + "."):
                if best is None or len(entry) > best[0]:
                    best = (len(entry), index)
    return None if best is None else best[1]


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle from each group of modules that import each other in a circle (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return [_one_cycle(group, edges) for group in groups]


def _one_cycle(group: list[str], edges: dict[str, dict[str, int]]) -> list[str]:
    """A shortest circle through the group's first module, by breadth-first search."""
    members = set(group)
    start = group[0]
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for v in frontier:
            for w in sorted(edges[v]):
                if w not in members:
                    continue
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return path[::-1] + [start]
                if w not in came_from:
                    came_from[w] = v
                    following.append(w)
        frontier = following
    return group


def _shown(cycle: list[str], edges: dict[str, dict[str, int]], modules: dict[str, Path]) -> str:
    steps = []
    for a, b in zip(cycle, cycle[1:]):
        line = edges[a][b]
        steps.append(f"{modules[a].relative_to(PACKAGE.parent)}:{line}: {a} -> {b}")
    return "\n    ".join(steps)


def test_no_import_cycles():
    modules, edges = graph()
    found = cycles(edges)
    assert not found, ("import cycles (imports inside functions and under TYPE_CHECKING count: hand "
                       "the lower module a Protocol or the values it needs instead):\n  "
                       + "\n  ".join(_shown(c, edges, modules) for c in found))


def test_every_module_has_a_layer():
    table = layers()
    missing = [name for name in module_names() if layer_of(name, table) is None]
    assert not missing, (f"modules with no layer: {', '.join(missing)}; add each to the ```layers "
                         f"block of docs/design.md (the line of the modules it stands between)")


def test_imports_point_down_the_layers():
    table = layers()
    modules, edges = graph()
    upward = []
    for name, targets in sorted(edges.items()):
        here = layer_of(name, table)
        for target, line in sorted(targets.items()):
            there = layer_of(target, table)
            if here is not None and there is not None and there < here:
                upward.append(f"{modules[name].relative_to(PACKAGE.parent)}:{line}: {name} "
                              f"(layer {' '.join(table[here])!r}) imports {target} "
                              f"(layer {' '.join(table[there])!r}, above it)")
    assert not upward, "imports up the layers of docs/design.md:\n  " + "\n  ".join(upward)


# Libraries only one layer may import (docs/design.md: "only parse/ imports markdown_it";
# "Import pptx or docx in parse/, or markdown_it in render/": don't).
LIBRARIES = {"markdown_it": "parse", "mdit_py_plugins": "parse", "pptx": "render", "docx": "render"}


def test_libraries_stay_in_their_layer():
    misplaced = []
    for name, path in module_names().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            for top in tops:
                home = LIBRARIES.get(top)
                if home and not (name == home or name.startswith(home + ".")):
                    misplaced.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name} "
                                     f"imports {top}, which only {home}/ may import")
    assert not misplaced, "\n  ".join(["libraries outside their layer:"] + misplaced)


def test_no_file_over_700_lines():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        with path.open(encoding="utf-8") as f:
            count = sum(1 for _ in f)
        if count > MAX_LINES:
            long.append(f"{path.relative_to(PACKAGE.parent)}: {count} lines")
    assert not long, f"files over {MAX_LINES} lines (split them by job):\n  " + "\n  ".join(long)


def test_the_reader_sees_relative_lazy_and_type_checking_imports(tmp_path):
    """The reader itself: `from . import x`, `from ..y import z`, imports in functions and under
    TYPE_CHECKING all make arrows."""
    modules = {"a": tmp_path / "a.py", "p": tmp_path / "p" / "__init__.py",
               "p.x": tmp_path / "p" / "x.py", "p.y": tmp_path / "p" / "y.py"}
    source = ("from typing import TYPE_CHECKING\nfrom . import x\nfrom ..a import thing\n"
              "if TYPE_CHECKING:\n    from .y import Y\ndef f():\n    import trainerkit.p\n")
    path = tmp_path / "p" / "z.py"
    path.parent.mkdir()
    path.write_text(source, encoding="utf-8")
    assert imports_of("p.z", path, modules) == {"p.x": 2, "a": 3, "p.y": 5, "p": 7}
    assert cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [["a", "b", "c", "a"]]
    table = [["cli"], ["quiz"], ["parse"], ["model"]]
    assert layer_of("quiz.html", table + [["quiz.html"]]) == 4
    assert layer_of("parse.quiz", table) == 2
    assert layer_of("render.pptx.draw", [["render"]]) == 0
