"""The package's layers, kept by its imports: no cycles, and the kit library never reaches the pages.

Imports are read from the source (function-level ones included), so a cycle cannot hide behind an
import placed inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import reporting_centres

NAME = "reporting_centres"
PAGE_LAYER = (f"{NAME}.pages", f"{NAME}.site_build")


def import_graph(folder: Path) -> dict[str, set[str]]:
    """Each module of the package in ``folder`` and the package's modules it imports, wherever in the file."""
    def module_name(path: Path) -> str:
        parts = path.relative_to(folder.parent).with_suffix("").parts
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    modules = {module_name(path): path for path in sorted(folder.rglob("*.py"))}
    graph = {}
    for here, path in modules.items():
        package = here if path.name == "__init__.py" else here.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                target = (f"{base}.{node.module}" if node.module else base) if node.level else node.module or ""
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)  # `from . import maps`
        graph[here] = {name for name in found if name in modules and name != here}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles, each as the path that closes it; a package importing its own submodules is not one."""
    found, state = [], {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if target.startswith(name + "."):
                continue  # an __init__ re-exporting its submodules
            if state.get(target) == "open":
                found.append([*trail[trail.index(target):], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return found


GRAPH = import_graph(Path(reporting_centres.__file__).parent)


def test_the_package_has_no_import_cycles():
    found = cycles(GRAPH)
    assert not found, "import cycles: " + "; ".join(" -> ".join(cycle) for cycle in found)


def test_a_cycle_behind_a_function_level_import_is_found(tmp_path):
    """The check above must be able to fail: here it is shown a cycle hidden inside a function."""
    package = tmp_path / "example"
    package.mkdir()
    (package / "__init__.py").write_text("from .a import x\n")
    (package / "a.py").write_text("from . import b\nx = 1\n")
    (package / "b.py").write_text("def later():\n    from .a import x\n    return x\n")
    assert cycles(import_graph(package)) == [["example.a", "example.b", "example.a"]]


def test_the_kit_library_imports_nothing_from_the_page_layer():
    kits = {name: targets for name, targets in GRAPH.items() if name.startswith(f"{NAME}.kits")}
    assert len(kits) > 10, "the kit modules were not found"
    reaching = {name: sorted(t for t in targets if t.startswith(PAGE_LAYER)) for name, targets in kits.items()}
    assert not any(reaching.values()), reaching


def test_only_the_build_imports_the_page_layer():
    outside = {name: sorted(t for t in targets if t.startswith(f"{NAME}.pages"))
               for name, targets in GRAPH.items() if not name.startswith(PAGE_LAYER)}
    assert not any(outside.values()), outside


def test_the_site_build_never_reads_the_private_register():
    """Only the coordinator's commands import the register; nothing the build runs can reach it."""
    importers = sorted(name for name, targets in GRAPH.items() if f"{NAME}.register" in targets)
    assert importers == [f"{NAME}.apply_issue", f"{NAME}.cli", f"{NAME}.register_move", f"{NAME}.report",
                         f"{NAME}.report.figures",
                         f"{NAME}.report.record", f"{NAME}.reports"]
    reachable, queue = set(), [f"{NAME}.site_build"]
    while queue:
        name = queue.pop()
        if name not in reachable:
            reachable.add(name)
            queue += GRAPH[name]
    assert len(reachable) > 20 and f"{NAME}.register" not in reachable
