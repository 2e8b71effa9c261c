"""The programme pages in a real Chromium: the lifecycle board, research insights, and the
way from a journey into the detail journey inside one of its stages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "lifecycle": "lifecycle/",
    "insight": "insights/crews-want-a-person/",
}
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_programme_screenshots_match_baselines(screenshot, sample_url, page_name, width_name):
    screenshot(sample_url + PAGES[page_name], f"{page_name}-{width_name}", WIDTHS[width_name])


def test_lifecycle_board_in_dark_matches_baseline(screenshot, sample_url):
    screenshot(sample_url + "lifecycle/", "lifecycle-dark-desktop", 1280, color_scheme="dark")


def test_phases_run_across_on_a_wide_screen_and_stack_on_a_phone(browser, sample_url):
    for width, across in ((1280, True), (390, False)):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      service_workers="block")
        tab = context.new_page()
        tab.goto(sample_url + "lifecycle/")
        boxes = [tab.locator(".lifecycle-board > .phase").nth(i).bounding_box()
                 for i in range(3)]
        tops = {round(b["y"]) for b in boxes}
        if across:
            assert len(tops) == 1 and boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
            assert boxes[2]["x"] + boxes[2]["width"] <= width
        else:
            assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
        context.close()


def test_insights_filter_by_source_and_journey_and_read_the_address(page, sample_url):
    page.goto(sample_url + "insights/")
    cards = page.locator(".insight-list > li")
    assert cards.count() == 7
    status = page.locator(".insight-filter [role=status]")
    page.select_option(".insight-filter select[name=source]", "observation")
    assert status.text_content() == "2 insights shown"
    page.select_option(".insight-filter select[name=journey]", "getting-help")
    assert status.text_content() == "1 insight shown"
    visible = page.locator(".insight-list > li:visible h2")
    assert visible.all_text_contents() == [
        "Workarounds travel by word of mouth, and many are out of date"]
    assert page.url.endswith("insights/?source=observation&journey=getting-help")
    page.select_option(".insight-filter select[name=source]", "survey")
    assert status.text_content().startswith("No insight matches both")
    page.click(".insight-filter .clear-filter")
    assert status.text_content() == "7 insights shown" and page.url.endswith("insights/")
    assert page.locator(".insight-filter .clear-filter").is_hidden()
    page.goto(sample_url + "insights/?source=interview")
    assert page.locator(".insight-list > li:visible").count() == 1
    assert page.locator(".insight-filter select[name=source]").input_value() == "interview"
    page.locator(".insight-list > li:visible a").first.click()
    page.go_back()  # the list shows what the filter says, whatever the browser restored
    assert page.locator(".insight-list > li:visible").count() == 1


def test_from_a_journey_map_into_its_detail_journey_and_back(page, sample_url):
    page.goto(sample_url + "journeys/adopting-fieldline/")
    page.locator(".journey-map a.detail-link").click()
    page.wait_for_url("**/journeys/moving-our-data/")
    assert page.locator("h1").text_content() == "Moving our sites and job history across"
    page.locator(".detail-of a").first.click()
    page.wait_for_url("**/journeys/adopting-fieldline/stages/setting-up/")
    assert page.locator("h1").text_content() == "Getting my team set up without chaos"


def test_the_detail_badge_is_reached_by_keyboard_after_its_stage(page, sample_url):
    page.goto(sample_url + "journeys/adopting-fieldline/")
    page.locator(".journey-map a.stage-link").nth(5).focus()
    assert "setting-up" in page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('class')") == "detail-link"
