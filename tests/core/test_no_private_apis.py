"""No code leans on another library's private parts, which change without notice between releases: nothing
imports allauth's internals (``allauth.*.internal``) or a private name (leading underscore) of allauth, and
no QuerySet subclass overrides a private method (``_fetch_all``, ``_clone``, ...). Tests included. (A user
manager's ``_create_user`` is Django's documented extension point for custom user models, as cookiecutter-django
uses it, and is not a QuerySet.)"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "var", "node_modules", "static", "templates"}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path, ast.parse(path.read_text(), filename=str(path))


def _private_allauth_imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("allauth"):
            module = node.module or ""
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            module, names = "", [alias.name for alias in node.names if alias.name.startswith("allauth")]
        else:
            continue
        dotted = [module, *names] if module else names
        parts = [part for name in dotted for part in name.split(".")]
        if "internal" in parts or any(part.startswith("_") for part in parts):
            found.append(f"{module} {names}".strip())
    return found


def _private_queryset_overrides(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {ast.unparse(base).split(".")[-1] for base in node.bases}
        if not any(base.endswith("QuerySet") for base in bases):
            continue
        for item in node.body:
            method = isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            if method and item.name.startswith("_") and not item.name.startswith("__"):
                found.append(f"{node.name}.{item.name}")
    return found


def test_no_code_imports_allauth_internals_or_private_names():
    found = {str(path.relative_to(ROOT)): hits for path, tree in _sources() if (hits := _private_allauth_imports(tree))}
    assert found == {}


def test_no_queryset_overrides_a_private_method():
    found = {
        str(path.relative_to(ROOT)): hits for path, tree in _sources() if (hits := _private_queryset_overrides(tree))
    }
    assert found == {}


def test_the_checks_see_a_violation():
    # given: the shapes the checks refuse
    tree = ast.parse(
        "from allauth.account.internal.flows import x\n"
        "from allauth.account.adapter import _private\n"
        "class Q(QuerySet):\n    def _clone(self):\n        pass\n"
    )

    # then
    assert len(_private_allauth_imports(tree)) == 2
    assert _private_queryset_overrides(tree) == ["Q._clone"]
