"""KPIs on a stage page in a real Chromium (issue 21): the Measures section at desktop and
phone width, light and dark, and nothing wider than a 320 px phone (axe checks the pages
with test_accessibility.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

STAGE = "journeys/getting-help/stages/crew-is-waiting/"  # one KPI fresh, one stale


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_measures_screenshot_matches_baseline(screenshot, sample_url, width, scheme):
    name = f"measures-stage-{width}" if scheme == "light" else f"dark-measures-stage-{width}"
    screenshot(sample_url + STAGE, name, width, selector=".block.measures", color_scheme=scheme)


@pytest.mark.parametrize("width", [320, 1920])
def test_measures_fit_the_window(browser, sample_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(sample_url + STAGE)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    cards = page.locator(".kpi")
    assert cards.count() == 2
    for i in range(2):
        box = cards.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    # Every text of the section at 12 px or more.
    smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll(
        '.block.measures *')].filter(e => e.textContent.trim() && e.children.length === 0)
        .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
    assert smallest >= 12
    # The stale mark is words, not only a colour.
    assert "Stale: last reading 1 September 2026" in cards.nth(1).inner_text()
    context.close()
