"""The layers hold: `core` is the bottom (it imports no app), and no modules of src/mteja
import each other in a cycle when they are loaded.

Read from the source with `ast`, so a new module is checked with no edit here. Only imports
that run when a module is loaded count: those at module level (inside `if`/`try`/`with` and
class bodies too), not those inside functions, nor those under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import mteja

SRC = Path(mteja.__file__).resolve().parent  # src/mteja
CORE = "mteja.core"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.relative_to(SRC).parts
    }


MODULES = modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _load_time_imports(nodes: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _load_time_imports(node.orelse)
        else:
            for field in ("body", "orelse", "finalbody", "handlers"):
                yield from _load_time_imports(getattr(node, field, []))


def _all_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node


def imported_modules(name: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement of module `name` loads (`from a import b` loads the
    module a.b when there is one, else a)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    found = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
    return found or [base]


def imports_of(name: str, *, load_time: bool) -> set[str]:
    tree = ast.parse(MODULES[name].read_text(), filename=str(MODULES[name]))
    nodes = _load_time_imports(tree.body) if load_time else _all_imports(tree)
    return {target for node in nodes for target in imported_modules(name, node)}


def test_the_walk_finds_the_modules():
    assert "mteja.core.querysets" in MODULES
    assert "mteja.organisation.models" in MODULES
    assert "mteja.core.querysets" in imports_of("mteja.organisation.models", load_time=True)
    assert "mteja.core.errors" in imports_of("mteja.core.web.access", load_time=True)


def test_core_imports_no_app():
    """Not even inside a function: `core` knows nothing of the apps above it."""
    problems = [
        f"{name} imports {target}"
        for name in MODULES
        if name == CORE or name.startswith(CORE + ".")
        for target in sorted(imports_of(name, load_time=False))
        if target.startswith("mteja.") and not (target == CORE or target.startswith(CORE + "."))
    ]
    assert not problems, "\n".join(problems)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), or one module
    importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycles_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    graph = {
        name: {target for target in imports_of(name, load_time=True) if target in MODULES}
        for name in MODULES
    }
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)
