"""``make lighthouse``: Lighthouse (the npm package, pinned in the Makefile) in mobile mode on Debian's Chromium,
against the home, a category, a product, the cart and the privacy centre of a server started here with the
demo data; prints the four scores of each page and exits 1 when one is below ``--min-score``.

It migrates and seeds the database named by ``DATABASE_URL`` (SQLite by default, as ``make run``), serves the
site with gunicorn on ``--port``, signs the demo shopper in for the privacy centre (a session cookie sent as
an extra header), runs Lighthouse page after page and always stops the server. On a loaded machine Lighthouse's
simulated CPU slowdown (4x) counts the load twice: ``--cpu-slowdown 1`` measures without it.
Options: ``.venv/bin/python bench/lighthouse.py --help``.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "var" / "npm" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("LIGHTHOUSE_PORT", "8090")))
    parser.add_argument("--chromium", default=os.environ.get("PRIVASHOP_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--cpu-slowdown", type=float, default=None, help="Lighthouse's CPU slowdown (default 4)")
    parser.add_argument("--min-score", type=int, default=95)
    parser.add_argument("--keep-reports", default="", help="a folder for the JSON reports (default: none kept)")
    return parser.parse_args()


def _environment(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    env["SHOP_SITE_URL"] = f"http://127.0.0.1:{port}"
    env["DEMO_CARRIER_API_BASE_URL"] = f"http://127.0.0.1:{port}/demo-carrier/api"
    env["DEMO_PAYMENTS_API_BASE_URL"] = f"http://127.0.0.1:{port}/demo-payments/api"
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    return subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout


# Run inside ``manage.py shell``: the pages to audit and a signed-in session of the demo shopper.
_PREPARE = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
from accounts.models import User
from demo.catalog import SHOPPER_EMAIL
from shop.models import Category, Product
shopper = User.objects.get(email=SHOPPER_EMAIL)
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(shopper.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = shopper.get_session_auth_hash()
store.create()
category = Category.objects.filter(parent__isnull=False, children__isnull=True).order_by("id").first()
product = Product.objects.filter(is_active=True, images__isnull=False).order_by("-created_at", "-id").first()
print("LIGHTHOUSE " + json.dumps({
    "session_cookie": settings.SESSION_COOKIE_NAME + "=" + store.session_key,
    "category": category.slug,
    "product": product.slug,
}))
"""


def _wait_until_up(url: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise SystemExit(f"lighthouse: the server did not answer at {url} within {timeout:.0f} s")


def _audit(url: str, *, args: argparse.Namespace, headers: dict[str, str] | None, report: Path) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    if args.cpu_slowdown is not None:
        command.append(f"--throttling.cpuSlowdownMultiplier={args.cpu_slowdown:g}")
    if headers:
        command.append(f"--extra-headers={json.dumps(headers)}")
    env = dict(os.environ, CHROME_PATH=args.chromium)
    subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=300)
    result = json.loads(report.read_text(encoding="utf-8"))
    return {name: round((result["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def main() -> int:
    args = _arguments()
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse: not installed; run `make lighthouse` (it installs the pinned package)")
    env = _environment(args.port)
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "seed_demo")
    prepared = next(
        line for line in _manage(env, "shell", "-c", _PREPARE).splitlines() if line.startswith("LIGHTHOUSE ")
    )
    found = json.loads(prepared.removeprefix("LIGHTHOUSE "))
    base = f"http://127.0.0.1:{args.port}"
    pages = [
        ("home", f"{base}/", None),
        ("category", f"{base}/?category={found['category']}", None),
        ("product", f"{base}/products/{found['product']}/", None),
        ("cart", f"{base}/cart/", None),
        ("privacy centre", f"{base}/privacy/", {"Cookie": found["session_cookie"]}),
    ]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{args.port}", "-w", "2", "--threads", "4"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    failed = False
    try:
        _wait_until_up(f"{base}/healthz")
        slowdown = "default (4x)" if args.cpu_slowdown is None else f"{args.cpu_slowdown:g}x"
        print(f"Lighthouse, mobile, CPU slowdown {slowdown}; minimum score {args.min_score}")
        print(f"{'page':<16}" + "".join(f"{name:>16}" for name in CATEGORIES))
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(args.keep_reports) if args.keep_reports else Path(scratch)
            folder.mkdir(parents=True, exist_ok=True)
            for name, url, headers in pages:
                report = folder / f"{name.replace(' ', '-')}.json"
                scores = _audit(url, args=args, headers=headers, report=report)
                failed |= any(score < args.min_score for score in scores.values())
                print(f"{name:<16}" + "".join(f"{scores[category]:>16}" for category in CATEGORIES), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
