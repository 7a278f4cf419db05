"""The engine's architecture (vigil/__init__.py): its folders are layers, in the order
vigil.LAYERS gives; a module imports only from its own layer and the ones before it, and no
import makes a cycle. Every import counts: at the top of a module, inside a function (a lazy
one), under TYPE_CHECKING, relative or absolute."""
from __future__ import annotations

import ast
from pathlib import Path

import vigil
from conftest import PROJECT

PACKAGE = PROJECT / "vigil"


def module_name(file: Path, package: Path) -> str:
    parts = list(file.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str, is_package: bool) -> set[str]:
    """Every name an import in `source` (the text of `module`) names, made absolute: for
    `from X import y`, both X and X.y (y may be a module)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[:len(base) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            names |= {origin} | {f"{origin}.{alias.name}" for alias in node.names}
    return names


def import_graph(package: Path) -> dict[str, set[str]]:
    """Each module of the package, with the modules of the package it imports."""
    files = {module_name(f, package): f for f in sorted(package.rglob("*.py"))}
    return {name: {n for n in imported(file.read_text(encoding="utf-8"), name, file.name == "__init__.py")
                   if n in files and n != name}
            for name, file in files.items()}


def layer_of(module: str) -> str | None:
    """A module's layer: the folder under vigil/ it is in, or its own name (serve, cli);
    None for the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def upward(graph: dict[str, set[str]], layers: tuple[str, ...]) -> list[str]:
    """Every import of a module from a later layer than its own."""
    rank = {layer: n for n, layer in enumerate(layers)}
    found = []
    for module, targets in sorted(graph.items()):
        here = layer_of(module)
        for target in sorted(targets):
            there = layer_of(target)         # None: the package itself, which imports nothing
            if here is None or (there is not None and rank[there] > rank[here]):
                found.append(f"{module} ({here}) imports {target} ({there})")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, round and round (Tarjan's strongly
    connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_import_goes_up_the_layers():
    graph = import_graph(PACKAGE)
    assert graph["vigil"] == set()
    assert upward(graph, vigil.LAYERS) == []


def test_no_import_makes_a_cycle():
    assert cycles(import_graph(PACKAGE)) == []


def test_the_folders_are_the_layers_declared():
    """Each layer is a folder of vigil/ (or, alone in its layer, a module), and each folder
    or module of vigil/ is a layer, named in the package's docstring."""
    found = {f.stem for f in PACKAGE.iterdir()
             if (f.is_dir() and (f / "__init__.py").is_file()) or (f.suffix == ".py" and f.stem != "__init__")}
    assert found == set(vigil.LAYERS)
    assert all(f"\n    {layer} " in vigil.__doc__ for layer in vigil.LAYERS)
    graph = import_graph(PACKAGE)
    assert len(graph) > 50 and all(layer_of(m) in vigil.LAYERS for m in graph if m != "vigil")


def test_every_kind_of_import_is_seen(tmp_path):
    """A lazy import, one under TYPE_CHECKING, relative ones up a folder, absolute ones:
    each is an import the walk finds, and one that goes up or round is reported."""
    package = tmp_path / "vigil"
    sources = {
        "__init__.py": "",
        "low/__init__.py": "",
        "low/a.py": "def f():\n    from ..high import b\n",                  # lazy, and upward
        "low/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .d import x\n",
        "low/d.py": "import vigil.low.c\n",                                     # c <-> d
        "high/__init__.py": "",
        "high/b.py": "from vigil.low import a\nfrom .. import low\n",
    }
    for name, text in sources.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    graph = import_graph(package)
    assert graph["vigil.low.a"] == {"vigil.high", "vigil.high.b"}
    assert graph["vigil.high.b"] == {"vigil", "vigil.low", "vigil.low.a"}
    assert upward(graph, ("low", "high")) == ["vigil.low.a (low) imports vigil.high (high)",
                                              "vigil.low.a (low) imports vigil.high.b (high)"]
    assert upward(graph, ("high", "low")) != []
    assert sorted(cycles(graph)) == [["vigil.high.b", "vigil.low.a"], ["vigil.low.c", "vigil.low.d"]]
