"""The customer asset over releases on a release's asset page, in a real Chromium: how it
looks (light, dark, desk and phone), text of 12 px or more that fits, no page that scrolls
sideways, no serious accessibility finding, and a print that shows every column."""

from __future__ import annotations

import shutil

import pytest

from support import ROOT, SAMPLE, fonts_always, release_with_history, sample_config, write

from .test_text_fits import offenders

pytestmark = pytest.mark.browser

PAGE = "1.2/journeys/getting-help/asset/"
SECTION = ".asset-history"
# The smallest text in the section, in CSS pixels, laid out or drawn in the SVG.
SMALLEST_TEXT = """
(selector) => Math.min(...[...document.querySelector(selector).querySelectorAll('*')]
  .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim())
                && el.checkVisibility() && !el.closest('.visually-hidden, title'))
  .map(el => parseFloat(getComputedStyle(el).fontSize)))
"""


@pytest.fixture(scope="module")
def published(tmp_path_factory, serve):
    """1.0, 1.1 and 1.2 of the sample, the getting-help journey's figures changing."""
    work = tmp_path_factory.mktemp("history")
    shutil.copytree(SAMPLE, work / "content")
    write(work / "mkdocs.yml", sample_config())
    release_with_history(work)
    return serve(work / "public")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_asset_over_releases_screenshot(screenshot, published, width, scheme):
    screenshot(published + PAGE, f"asset-history-{scheme}-{width}", width, selector=SECTION,
               color_scheme=scheme)


def test_text_is_12px_or_more_and_fits_at_every_width(browser, published):
    assert offenders(browser, published, [PAGE]) == []
    for width in (320, 390, 1280, 1920):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      service_workers="block")
        context.route("**/assets/atlas.css", fonts_always)
        tab = context.new_page()
        tab.goto(published + PAGE)
        tab.evaluate("document.fonts.ready.then(() => true)")
        assert tab.evaluate(SMALLEST_TEXT, SECTION) >= 12, width
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        context.close()


def test_no_serious_accessibility_finding(page, published, serious_violations):
    page.goto(published + PAGE)
    assert serious_violations(page, PAGE) == []
    # Every figure of the drawing is in a table too, by release.
    table = page.locator("#history-back-to-work table")
    assert table.locator("tbody th").all_inner_texts() == ["1.0", "1.1", "1.2 (this release)"]


def test_it_prints_with_every_column(browser, published):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    tab = context.new_page()
    tab.goto(published + PAGE)
    tab.emulate_media(media="print")
    section = tab.locator(SECTION)
    assert section.is_visible()
    # No drawing or table is cut off by its scroll box on paper.
    clipped = tab.evaluate("""() => [...document.querySelectorAll(
        '.asset-history .history-frame, .asset-history .history-table-frame')]
        .filter(el => el.scrollWidth > el.clientWidth + 1).length""")
    assert clipped == 0
    assert tab.pdf(format="A4")[:4] == b"%PDF"
    context.close()
