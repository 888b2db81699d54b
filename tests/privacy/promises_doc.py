"""Reading ``docs/privacy-promises.md`` and the ``promise`` markers of the test suite, and comparing them.

The document has two tables: "Kept" (id, promise, where, tests) and "Not yet kept" (id, promise, what is missing).
Markers are read from the source (``@pytest.mark.promise("F2")`` on a test function), so the check needs no test run.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "docs" / "privacy-promises.md"
TESTS = ROOT / "tests"

# Every promise the shop makes (A: collection, B: the policy, C: sharing, D: rights, E: storage, F: security, G: more).
PROMISE_IDS = frozenset(
    [f"A{n}" for n in range(1, 9)]
    + [f"B{n}" for n in range(1, 6)]
    + [f"C{n}" for n in range(1, 5)]
    + [f"D{n}" for n in range(1, 7)]
    + [f"E{n}" for n in range(1, 5)]
    + [f"F{n}" for n in range(1, 6)]
    + [f"G{n}" for n in range(1, 7)]
)
# A test (``tests/x/test_y.py::test_z``) or a whole test file (``tests/x/test_y.py``: its tests marked for the promise).
_TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py(?:::\w+)?)`")
_PROMISE_ID = re.compile(r"^([A-G]\d+)\b")
_PART = "(part)"


@dataclass
class PromisesDocument:
    kept: dict[str, set[str]] = field(default_factory=dict)  # id -> test references named in its row
    gaps: set[str] = field(default_factory=set)  # promises nothing proves yet
    partial_gaps: set[str] = field(default_factory=set)  # kept promises with a part not yet kept ("C3 (part)")
    duplicates: list[str] = field(default_factory=list)


def _table_rows(section: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and cells[0] != "id":
            rows.append(cells)
    return rows


def _promise_id(cell: str) -> str:
    match = _PROMISE_ID.match(cell)
    return match.group(1) if match else cell


def parse_document(text: str) -> PromisesDocument:
    """The kept promises with their tests and the known gaps of a document shaped like ``docs/privacy-promises.md``."""
    kept_part, _, gaps_part = text.partition("## Not yet kept")
    _, _, kept_part = kept_part.partition("## Kept")
    document = PromisesDocument()
    seen: set[str] = set()
    for cells in _table_rows(kept_part):
        promise_id = _promise_id(cells[0])
        if promise_id in seen:
            document.duplicates.append(promise_id)
        seen.add(promise_id)
        document.kept[promise_id] = set(_TEST_REFERENCE.findall(cells[-1]))
    for cells in _table_rows(gaps_part):
        promise_id = _promise_id(cells[0])
        if _PART in cells[0]:
            document.partial_gaps.add(promise_id)
            continue
        if promise_id in seen:
            document.duplicates.append(promise_id)
        seen.add(promise_id)
        document.gaps.add(promise_id)
    return document


def _promise_ids_of(decorator: ast.expr) -> list[str]:
    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
        return []
    if decorator.func.attr != "promise":
        return []
    return [arg.value for arg in decorator.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]


def _module_promise_ids(tree: ast.Module) -> list[str]:
    """Promise ids of a module-level ``pytestmark`` (one mark or a list of them): they mark every test of it."""
    found: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "pytestmark" for target in node.targets):
            marks = node.value.elts if isinstance(node.value, ast.List | ast.Tuple) else [node.value]
            for mark in marks:
                found += _promise_ids_of(mark)
    return found


def marked_tests(root: Path = TESTS) -> dict[str, set[str]]:
    """Promise id -> ``tests/<path>.py::<test>`` of every test function carrying ``pytest.mark.promise(id)``, on
    itself or through its module's ``pytestmark``."""
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("test_*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        module_ids = _module_promise_ids(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not node.name.startswith("test_"):
                continue
            ids = module_ids + [
                promise_id for decorator in node.decorator_list for promise_id in _promise_ids_of(decorator)
            ]
            for promise_id in ids:
                reference = f"{path.relative_to(root.parent).as_posix()}::{node.name}"
                found.setdefault(promise_id, set()).add(reference)
    return found


def problems(document: PromisesDocument, marked: dict[str, set[str]]) -> list[str]:
    """Everything wrong between the document and the markers; empty when they agree."""
    found = [f"{promise_id} has more than one row" for promise_id in sorted(set(document.duplicates))]
    listed = set(document.kept) | document.gaps
    found += [f"{promise_id} is in neither table" for promise_id in sorted(PROMISE_IDS - listed)]
    found += [f"{promise_id} is not a promise of the shop" for promise_id in sorted(listed - PROMISE_IDS)]
    found += [
        f"{promise_id} (part) is not a kept promise"
        for promise_id in sorted(document.partial_gaps - set(document.kept))
    ]
    for promise_id, named in sorted(document.kept.items()):
        proving = marked.get(promise_id, set())
        if not proving:
            found.append(f"{promise_id} is in the kept table but no test is marked promise({promise_id!r})")
        named_tests = {reference for reference in named if "::" in reference}
        named_files = named - named_tests
        found += [f"{promise_id}: {test} is named but not marked for it" for test in sorted(named_tests - proving)]
        found += [
            f"{promise_id}: {path} is named but none of its tests is marked for it"
            for path in sorted(named_files)
            if not any(test.startswith(f"{path}::") for test in proving)
        ]
        found += [
            f"{promise_id}: {test} is marked for it but not named in its row (nor its file)"
            for test in sorted(proving - named_tests)
            if test.split("::")[0] not in named_files
        ]
    for promise_id in sorted(set(marked) - set(document.kept)):
        tests = ", ".join(sorted(marked[promise_id]))
        where = "a known gap: move its row to the kept table" if promise_id in document.gaps else "not in the document"
        found.append(f"{promise_id} is {where} ({tests})")
    return found
