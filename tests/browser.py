"""Headless Chromium for the browser tests (issue 29): the system's Chromium (Debian package `chromium`)
driven by Playwright, with a fresh profile per test session.

The machine that runs the tests may have no network at all: without the flags below Chromium tries to
reach Google's servers (updates, sync, field trials, QUIC probes) and can hang on those connections.
Each page records what a test must be able to assert about it: every console error and uncaught
exception, every dialog a script opened, and the URL of every request it made (so "no request outside the site" is checked, not hoped).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field

import pytest

# Tried in order; CASCADE_CHROMIUM names another binary (e.g. Google Chrome on a developer's laptop).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
# How long a test waits for a condition on a page before it fails (never a fixed sleep).
WAIT_MS = 10_000


def chromium_path() -> str:
    """The Chromium binary; a test fails (not skips) without it: `make test` installs it first."""
    wanted = os.environ.get("CASCADE_CHROMIUM")
    if wanted:
        return wanted
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium tidak terpasang: jalankan `scripts/ensure-system-tools chromium` "
                "(atau `sudo apt-get install chromium`)")


@dataclass
class Watched:
    """A browser tab and what it did."""

    page: object  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)  # alert()/confirm() a page opened (written text that ran)

    def outside(self, *allowed_prefixes: str) -> list[str]:
        """The requests whose URL starts with none of `allowed_prefixes` (data: URLs are inline)."""
        return [u for u in self.requests if not u.startswith(("data:", "about:", *allowed_prefixes))]


def watch(page) -> Watched:
    seen = Watched(page)
    page.on("console", lambda msg: msg.type == "error" and seen.console_errors.append(f"{msg.text} @ {msg.location}"))
    page.on("pageerror", lambda exc: seen.console_errors.append(f"uncaught: {exc}"))
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(WAIT_MS)
    return seen


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the session, on a fresh profile folder removed afterwards."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="cascade-chromium-")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900})
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def tab(chromium):
    """A new tab, watched (see `Watched`); closed after the test."""
    page = chromium.new_page()
    try:
        yield watch(page)
    finally:
        page.close()
