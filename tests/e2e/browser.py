"""Starting Debian's Chromium for the journeys, and saving their screenshots as test artefacts.

Playwright drives the system binary (``settings.CHROMIUM_EXECUTABLE``); its own browser downloads are
never used. Each launch gets a fresh temporary profile, and the flags keep Chromium from phoning home
(component updates, sync, background networking) so a run only talks to the test server on loopback.
"""

import re
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Browser, Page, Playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFACTS_DIR = Path(settings.BASE_DIR) / "var" / "e2e-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def chromium_launch(playwright: Playwright) -> Browser:
    """Headless system Chromium; ``launch`` gives every browser a fresh temporary user-data dir."""
    return playwright.chromium.launch(executable_path=settings.CHROMIUM_EXECUTABLE, headless=True, args=CHROMIUM_ARGS)


class Screenshots:
    """Numbered full-page screenshots of one journey, in ``var/e2e-artifacts/<journey>/``."""

    def __init__(self, journey: str, *, keep: bool = False) -> None:
        self.folder = ARTEFACTS_DIR / re.sub(r"[^A-Za-z0-9_.-]+", "-", journey)
        self.folder.mkdir(parents=True, exist_ok=True)
        existing = sorted(self.folder.glob("*.png"))
        if not keep:
            for old in existing:
                old.unlink()
        self.count = len(existing) if keep else 0

    def take(self, page: Page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path
