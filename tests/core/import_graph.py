"""The import graph between the project's apps, from the source (``ast``), and its cycles.

A node is an app: each local app of INSTALLED_APPS (``privacy``, ``privacy.cancellation``, ``shop.reviews``, ...,
plus ``demo``) and ``config``; a module belongs to the most specific app whose package holds it. An edge
A -> B means some module of A imports a module of B, at the top or inside a function (a deferred import is
still a dependency). Tests and migrations are left out. Run ``python -m tests.core.import_graph`` to print
the cycles.
"""

import ast
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_PARTS = {"tests", "migrations", ".venv", "bench", "var", "node_modules", "static", "templates"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(tree: ast.AST, module: str, is_package: bool) -> Iterable[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def app_of(module: str, apps: list[str]) -> str | None:
    for app in sorted(apps, key=len, reverse=True):
        if module == app or module.startswith(app + "."):
            return app
    return None


def app_graph(apps: list[str]) -> dict[str, set[str]]:
    """``{app: {apps it imports}}`` over every module of the project's apps."""
    apps = [*apps, "config"]
    graph: dict[str, set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIPPED_PARTS.intersection(relative.parts):
            continue
        module = _module_name(path)
        source = app_of(module, apps)
        if source is None:
            continue
        graph[source]
        tree = ast.parse(path.read_text(), filename=str(path))
        for target_module in _imported(tree, module, path.name == "__init__.py"):
            target = app_of(target_module, apps)
            if target and target != source:
                graph[source].add(target)
    return dict(graph)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one app (Tarjan), each sorted: every app in one
    reaches every other and back."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
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
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def cycle_edges(graph: dict[str, set[str]], component: list[str]) -> list[tuple[str, str]]:
    members = set(component)
    return sorted((a, b) for a in component for b in graph.get(a, ()) if b in members)


# Sub-apps that are layers of their own: the privacy engine's parts, and reviews, which sit above orders while the
# catalog sits below it. Any other sub-app (orders.invoices, orders.returns, shop.tax, ...) is part of its parent.
OWN_LAYERS = ("privacy.", "shop.reviews")


def local_apps() -> list[str]:
    """The nodes of the graph: the project's top-level apps (demo included: the test settings install it) and
    the sub-apps that are layers of their own."""
    import django
    from django.conf import settings

    django.setup()
    local = [app for app in settings.INSTALLED_APPS if (ROOT / app.replace(".", "/")).is_dir()]
    return [app for app in local if "." not in app or app.startswith(OWN_LAYERS)]


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    graph = app_graph(local_apps())
    found = cycles(graph)
    print(f"{len(graph)} apps, {sum(len(t) for t in graph.values())} edges, {len(found)} cycle(s)")
    for component in found:
        print(" <-> ".join(component))
        for a, b in cycle_edges(graph, component):
            print(f"    {a} -> {b}")
