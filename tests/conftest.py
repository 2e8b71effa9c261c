"""Fixtures: built sites, a local web server, and a real Chromium through Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from screenshots import compare
from support import SAMPLE, build, fonts_always

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
SYSTEM_CHROMIUM = "/usr/bin/chromium"


def pytest_addoption(parser):
    parser.addoption("--update-baselines", action="store_true",
                     help="write new screenshot baselines instead of comparing")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample atlas, built once per test session."""
    work = tmp_path_factory.mktemp("sample")
    shutil.copytree(SAMPLE, work / "content")
    site = work / "site"
    result = build(work / "content", site)
    assert result.returncode == 0, result.stderr
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> base URL of a local web server for that folder."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def language_site(tmp_path_factory):
    """language_site(locale) -> the sample atlas built with the interface in that language,
    once per test session."""
    built: dict[str, Path] = {}

    def get(locale: str) -> Path:
        if locale not in built:
            work = tmp_path_factory.mktemp(f"sample-{locale}")
            shutil.copytree(SAMPLE, work / "content")
            result = build(work / "content", work / "site", settings={
                "theme": {"name": "journey-atlas", "locale": locale}})
            assert result.returncode == 0, result.stderr
            built[locale] = work / "site"
        return built[locale]

    return get


@pytest.fixture(scope="session")
def bilingual_site(tmp_path_factory) -> Path:
    """The sample atlas published in English (at the root) and French (under fr/)."""
    work = tmp_path_factory.mktemp("bilingual")
    shutil.copytree(SAMPLE, work / "content")
    result = build(work / "content", work / "site", settings={
        "plugins": [{"journey-atlas": {"languages": ["en", "fr"]}}]})
    assert result.returncode == 0, result.stderr
    return work / "site"


@pytest.fixture(scope="session")
def sample_url(sample_site, serve) -> str:
    return serve(sample_site)


def _launch_options(playwright) -> dict:
    """Playwright's own Chromium when installed, else the system one."""
    own = playwright.chromium.executable_path
    if own and os.path.exists(own):
        return {}
    if os.path.exists(SYSTEM_CHROMIUM):
        return {"executable_path": SYSTEM_CHROMIUM}
    return None


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        options = _launch_options(playwright)
        if options is None:
            message = ("no Chromium: install Debian's chromium (tests/run.sh does this as root) "
                       "or Playwright's own browser")
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        chromium = playwright.chromium.launch(args=CHROMIUM_FLAGS, **options)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def serious_violations():
    """serious_violations(page, where) -> axe's serious and critical findings on the page,
    one line each, named by `where` (axe-core via axe-playwright-python)."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()

    def run(page, where: str) -> list[str]:
        return [f"{where}: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
                for v in axe.run(page).response["violations"]
                if v["impact"] in ("serious", "critical")]

    return run


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page; console errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def screenshot(browser, request):
    """screenshot(url, name, width=1280, selector=None, media=None, color_scheme=None):
    compare with a baseline. color_scheme="dark" is a reader whose system asks for dark.

    Also asserts that nothing sticks out sideways (on a phone, wide maps scroll inside
    their own box instead)."""
    update = request.config.getoption("--update-baselines")

    def shoot(url: str, name: str, width: int = 1280, selector: str | None = None,
              media: str | None = None, color_scheme: str | None = None) -> None:
        # No offline worker: it would fetch the page's files again after the picture.
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      color_scheme=color_scheme or "light",
                                      service_workers="block")
        # The theme's fonts are `font-display: optional` (no reflow when one is late): a busy
        # machine could draw a page in the fallback font. Baselines show the bundled fonts.
        context.route("**/assets/atlas.css", fonts_always)
        tab = context.new_page()
        if media:
            tab.emulate_media(media=media)
        tab.goto(url)
        tab.evaluate("document.fonts.ready.then(() => true)")
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        target = tab.locator(selector).first if selector else tab
        png = target.screenshot(animations="disabled", **({} if selector else {"full_page": True}))
        context.close()
        compare(png, name, update)

    return shoot
