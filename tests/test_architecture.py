"""The rooms' one-way arrows: no import cycles, and each room imports only what it may."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ("protos", "service", "models", "clients")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return "tarjama." + ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Every tarjama module and the tarjama modules it imports, at module level or inside a
    function alike (a function-level import still makes the arrow)."""
    modules = {
        _module_name(path): path
        for room in ROOMS
        for path in (ROOT / room).rglob("*.py")
        if "_pb2" not in path.name
    }
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tarjama"):
                targets = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names if alias.name.startswith("tarjama")]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
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
                    found.append(sorted(group))
    return found


def test_there_are_no_import_cycles():
    assert cycles(import_graph()) == []


def _room(module: str) -> str:
    return module.split(".")[1]


def test_each_room_imports_only_downstream_rooms():
    # models: engines and workflows, no gRPC; protos: the stubs and the wire conversion of
    # models' dataclasses; service: the gRPC server over both; clients may use everything.
    allowed = {
        "models": {"models"},
        "protos": {"protos", "models"},
        "service": {"service", "protos", "models"},
        "clients": {"clients", "service", "protos", "models"},
    }
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        for target in targets
        if _room(target) not in allowed[_room(module)]
    )
    assert wrong == []


def test_the_client_room_imports_no_other_client_room():
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        if module.startswith("tarjama.clients.client")
        for target in targets
        if target.startswith("tarjama.clients.") and not target.startswith("tarjama.clients.client")
    )
    assert wrong == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_package_is_listed_for_installation():
    # pyproject lists packages by hand (package-dir maps rooms into tarjama.*): a new folder
    # missing there works in a checkout and fails in a wheel.
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    packages = {_module_name(init) for room in ROOMS for init in (ROOT / room).rglob("__init__.py")}
    assert sorted(packages - listed) == []
