"""The accessibility check: axe-core (from the npm registry, pinned) injected into a page.

``make test`` and ``.ci/run`` install axe-core into ``var/npm/`` (``make axe``). When the file is missing the
check is skipped with the reason, except in CI (``PRIVASHOP_REQUIRE_SERVICES=1``), where it fails.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page

AXE_CORE_VERSION = "4.14.1"
AXE_SCRIPT = Path(settings.BASE_DIR) / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.x levels A and AA; "best-practice" rules are advice, not failures.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_script() -> str:
    """The axe-core source, or skip (locally) / fail (CI) when it is not installed."""
    if not AXE_SCRIPT.is_file():
        reason = f"axe-core {AXE_CORE_VERSION} is not installed at {AXE_SCRIPT}: run `make axe` (needs npm)"
        if settings.REQUIRE_SERVICES:
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Page, source: str) -> list[dict]:
    """The serious and critical WCAG violations axe finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [violation for violation in result["violations"] if violation["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """A readable summary for the assertion message: rule, impact, help, and the first offending nodes."""
    lines = []
    for violation in violations:
        targets = [json.dumps(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {', '.join(targets)}")
    return "\n".join(lines)
