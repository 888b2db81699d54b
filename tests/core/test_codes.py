"""Error codes and order event kinds are enums in one module per app (``<app>/codes.py``), never spelled out as
string literals where an error is defined or an event recorded."""

import ast
from pathlib import Path

from core.codes import ErrorCode as CoreCode
from orders.codes import ErrorCode as OrdersCode
from orders.codes import OrderEventKind
from privacy.codes import ErrorCode as PrivacyCode
from shop.codes import ErrorCode as ShopCode

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "accounts", "shop", "orders", "privacy", "demo")


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and path.name != "codes.py":
                yield path, ast.parse(path.read_text())


def _literal(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_no_error_class_spells_its_code_as_a_string():
    found = [
        f"{path.relative_to(ROOT)}:{item.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for item in node.body
        if isinstance(item, ast.Assign)
        and [ast.unparse(target) for target in item.targets] == ["code"]
        and _literal(item.value)
    ]
    assert found == []


def test_no_order_event_is_recorded_with_a_string_kind():
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("order_event_record")
        for keyword in node.keywords
        if keyword.arg == "kind" and (_literal(keyword.value) or isinstance(keyword.value, ast.JoinedStr))
    ]
    assert found == []


def test_codes_are_their_strings():
    # given: StrEnum members are their values, so stored rows and JSON answers did not change
    assert OrderEventKind.PLACED == "placed"
    assert CoreCode.NOT_FOUND == "not_found"
    assert {OrdersCode.INVALID_TRANSITION, ShopCode.INSUFFICIENT_STOCK, PrivacyCode.GUARDIAN_LINK_EXPIRED} == {
        "invalid_transition",
        "insufficient_stock",
        "guardian_link_expired",
    }
