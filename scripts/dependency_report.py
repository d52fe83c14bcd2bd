"""Prints how the project's apps depend on each other, from their imports.

    .venv/bin/python scripts/dependency_report.py

Lists the pairs of apps that import each other and the circles of modules
(strongly connected groups of two or more), counting imports made inside
functions too: a lazy import is a dependency all the same. import-linter's
contracts (.importlinter) enforce the layers; this shows where things stand.
"""

import sys
from itertools import combinations
from pathlib import Path

import grimp

PROJECT_DIR = Path(__file__).resolve().parent.parent


def project_packages() -> list[str]:
    """The top-level packages of the project: its apps, core and bulletin_office."""
    return sorted(
        path.parent.name
        for path in PROJECT_DIR.glob("*/__init__.py")
        if path.parent.name not in {"tests", "bench", "scripts", "docs", "deploy"}
    )


def build_graph(packages: list[str]) -> grimp.ImportGraph:
    sys.path.insert(0, str(PROJECT_DIR))
    return grimp.build_graph(*packages, cache_dir=None)


def is_migration(module: str) -> bool:
    return ".migrations." in f"{module}."


def app_dependencies(graph, packages) -> dict[str, set[str]]:
    """For each app, the other apps its modules import (migrations left out)."""
    depends = {package: set() for package in packages}
    for module in graph.modules:
        if is_migration(module):
            continue
        app = module.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")[0]
            if other != app and other in depends:
                depends[app].add(other)
    return depends


def mutual_pairs(depends) -> list[tuple[str, str]]:
    return [
        (a, b) for a, b in combinations(sorted(depends), 2) if b in depends[a] and a in depends[b]
    ]


def module_circles(graph) -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan), largest first."""
    modules = sorted(m for m in graph.modules if not is_migration(m))
    edges = {
        m: sorted(i for i in graph.find_modules_directly_imported_by(m) if not is_migration(i))
        for m in modules
    }
    index, low, on_stack, stack, circles = {}, {}, set(), [], []
    counter = 0

    def visit(start):
        nonlocal counter
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in edges:
                    continue
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(edges[successor])))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        circles.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return sorted(circles, key=len, reverse=True)


def main() -> None:
    packages = project_packages()
    graph = build_graph(packages)
    depends = app_dependencies(graph, packages)
    pairs = mutual_pairs(depends)
    print(f"Apps that import each other: {len(pairs)}")
    for a, b in pairs:
        print(f"  {a} <-> {b}")
    circles = module_circles(graph)
    print(f"Circles of modules: {len(circles)}")
    for circle in circles:
        print("  " + " <-> ".join(circle))
    print("What each app imports:")
    for app in packages:
        print(f"  {app}: {', '.join(sorted(depends[app])) or '-'}")


if __name__ == "__main__":
    main()
