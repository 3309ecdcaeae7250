"""Headless Chromium for the page tests (Debian's `chromium` driven by Playwright for Python).

Where Chromium or Playwright is missing the browser tests skip with the reason, except under CI
(env CI set), where a missing browser fails the run: CI installs it (.ci/run).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must have it: .ci/run installs Debian's chromium)", pytrace=False)
    pytest.skip(f"{reason}; install it with `apt-get install chromium` and `pip install -e '.[test]'`")


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """One persistent headless Chromium context for the session, with a fresh profile."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
    exe = _chromium()
    if exe is None:
        _missing("no Chromium on this machine")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=exe, args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1300, "height": 820}, device_scale_factor=1)
        yield ctx
        ctx.close()


class Watched:
    """A page with every request, console error and page error recorded."""

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    @property
    def network(self) -> list[str]:
        """Requests that left the file itself (anything but file: and data: URLs)."""
        return [u for u in self.requests if not u.startswith(("file:", "data:", "blob:"))]


@pytest.fixture
def open_page(browser_context):
    """open_page(path) -> Watched page, loaded and past its first frame; network requests are refused."""
    pages = []

    def refuse(route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    browser_context.route("**/*", refuse)

    def opener(path: Path, ready: str = "body[data-ready='1']"):
        page = browser_context.new_page()
        watched = Watched(page)
        pages.append(page)
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_selector(ready, timeout=20_000)
        return watched

    yield opener
    for page in pages:
        page.close()
    browser_context.unroute("**/*")
