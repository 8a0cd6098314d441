"""Browser tests: Debian's Chromium driven by Playwright, the app in pytest-django's live
server, and a host page on another origin playing the Saleor Dashboard."""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.browser.dashboard_host import DashboardHost

# Screenshots land here for people to look at; the folder is in .gitignore.
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "browser"


def chromium_path() -> str:
    """Returns Debian's Chromium (scripts/services.sh installs it); Playwright's own browser
    download cannot be used here."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is not installed: run `apt-get install -y chromium` "
                    "(scripts/services.sh does it).")
    return path


class Browser:
    """One Chromium page, started on first use, with every request it made (from any of its
    frames).

    Make the test's data before the first use of ``page``: Playwright's sync API keeps an
    asyncio loop running in the test's thread from then on, and Django refuses ORM calls
    there (SynchronousOnlyOperation)."""

    def __init__(self, stack: ExitStack):
        self._stack = stack
        self._page = None
        self.requests: list[str] = []

    @property
    def page(self):
        if self._page is None:
            from playwright.sync_api import sync_playwright

            playwright = self._stack.enter_context(sync_playwright())
            chromium = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True,
                args=["--no-sandbox", "--disable-dev-shm-usage"])
            self._stack.callback(chromium.close)
            self._page = chromium.new_page(viewport={"width": 1280, "height": 800})
            self._page.on("request", lambda request: self.requests.append(request.url))
        return self._page

    def api_calls(self) -> list[str]:
        return [url for url in self.requests if url.split("?")[0].endswith("/graphql/")]

    def screenshot(self, name: str) -> None:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def browser():
    with ExitStack() as stack:
        yield Browser(stack)


@pytest.fixture(scope="session")
def dashboard_host():
    with DashboardHost() as host:
        yield host
