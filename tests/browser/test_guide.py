"""The facilitator guide and the discussion cards in a browser (issue 17): how they look, an
A4 print with nothing cut at the sides, and the guide's way into present mode."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

GUIDE = "journeys/getting-help/guide/"  # 45 minutes, facilitator notes
SUGGESTED_CARDS = "journeys/moving-our-data/cards/"  # stages without questions
# A4 portrait less the guide's @page margins (14 mm a side), in CSS pixels (96 to the inch).
A4_WIDTH_MM, PAGE_MARGIN_MM = 210, 14
PRINT_WIDTH = int((A4_WIDTH_MM - 2 * PAGE_MARGIN_MM) / 25.4 * 96)


@pytest.mark.parametrize("width", [1280, 390])
def test_guide_screenshots(screenshot, sample_url, width):
    screenshot(sample_url + GUIDE, f"guide-{width}", width)


def test_guide_dark_screenshot(screenshot, sample_url):
    screenshot(sample_url + GUIDE, "guide-dark-1280", 1280, color_scheme="dark")


@pytest.mark.parametrize("width", [1280, 390])
def test_suggested_cards_screenshots(screenshot, sample_url, width):
    screenshot(sample_url + SUGGESTED_CARDS, f"cards-suggested-{width}", width)


@pytest.mark.parametrize("journey", ["adopting-fieldline", "getting-help", "moving-our-data"])
def test_the_guide_prints_on_a4_with_nothing_cut_at_the_sides(browser, sample_url, journey):
    context = browser.new_context(viewport={"width": PRINT_WIDTH, "height": 1000},
                                  color_scheme="dark", service_workers="block")
    tab = context.new_page()
    tab.goto(sample_url + f"journeys/{journey}/guide/")
    tab.evaluate("document.fonts.ready.then(() => true)")
    pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
    sheets = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert {(round(float(w)), round(float(h))) for w, h in sheets} == {(595, 842)}  # A4, upright
    # The print layout on the sheet's width: nothing sticks out past its right edge, and
    # every stage is there, with its time box.
    tab.emulate_media(media="print")
    wider = tab.evaluate("""(width) => [...document.querySelectorAll('main *')]
        .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > width + 0.5)
        .map(el => el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40))""",
                         PRINT_WIDTH)
    assert wider == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= PRINT_WIDTH
    stages = tab.locator(".guide-stage")
    assert stages.count() >= 5
    for i in range(stages.count()):
        assert stages.nth(i).locator(".time-box").is_visible()
    # Printed light, as every print is: the page's ink is dark on white.
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") in (
        "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    context.close()


def test_a_stage_of_the_guide_opens_present_mode_there(page, sample_url):
    page.goto(sample_url + GUIDE)
    page.locator("#stage-back-to-work").get_by_role("link", name="Present this stage").click()
    page.wait_for_url("**/journeys/getting-help/#present=back-to-work")
    present = page.locator("#present")
    present.wait_for(state="visible")
    panel = page.locator(".present [data-present-stage]:visible")
    assert panel.get_attribute("data-present-stage") == "back-to-work"
    assert page.locator(".present-counter").inner_text() == "3 / 5"
    # The questions the guide asks are the ones present mode shows.
    assert "Which workaround do you know that a newer colleague might not?" in panel.inner_text()


def test_the_guide_works_without_javascript(browser, sample_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(sample_url + GUIDE)
    assert tab.locator(".guide-stage").count() == 5
    assert tab.locator(".guide-schedule tbody tr").count() == 7
    assert tab.get_by_text("Open with a real call.").is_visible()
    context.close()
