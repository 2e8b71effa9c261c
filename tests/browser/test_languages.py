"""Other languages in a real browser: the sample atlas' French site (its translation, one
page of it partly) and an Arabic build read in their language, pass axe, match their
baselines, and Arabic runs right to left, its map's road from the right."""

from __future__ import annotations

import pytest

from journey_atlas import i18n
from journey_atlas.loader import load_atlas
from support import SAMPLE, fonts_always

pytestmark = pytest.mark.browser

PAGES = {"home": "", "journey": "journeys/adopting-fieldline/",
         "stage": "journeys/adopting-fieldline/stages/setting-up/"}


@pytest.fixture(scope="module", params=["fr", "ar"])
def language_url(request, language_site, bilingual_site, serve):
    """French: the sample's French site, translated; Arabic: the interface in Arabic."""
    if request.param == "fr":
        return "fr", serve(bilingual_site) + "fr/"
    return request.param, serve(language_site(request.param))


# At a phone's width, where the longer words of other languages wrap first (the English
# runs cover the desktop layout's structure).
@pytest.mark.parametrize("width", [390])
def test_no_serious_or_critical_violations_in_another_language(browser, language_url,
                                                              serious_violations, width):
    locale, url = language_url
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    found = []
    pages = dict(PAGES, partly_translated="personas/operations-director/")
    for kind, path in pages.items():
        page.goto(url + path)
        found += serious_violations(page, f"{locale} {kind}")
    context.close()
    assert found == []


def test_search_speaks_the_language(browser, language_url):
    locale, url = language_url
    ui = i18n.Interface(locale)
    page = browser.new_page()
    page.goto(url + PAGES["stage"])
    box = page.get_by_role("searchbox", name=ui.gettext("Search the atlas"))
    box.fill("crew")
    page.locator("#search-results a").first.wait_for()
    box.fill("zzzzqqq")
    nothing = page.locator("#search-results")
    nothing.get_by_text(ui.gettext("Nothing found for “%(query)s”.", query="zzzzqqq")
                        ).wait_for()
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("kind", list(PAGES))
def test_screenshot_in_another_language_matches_baseline(screenshot, language_url, kind, width):
    locale, url = language_url
    screenshot(url + PAGES[kind], f"language-{locale}-{kind}-{width}", width)


def test_arabic_runs_right_to_left_with_the_road_from_the_right(browser, language_site, serve):
    url = serve(language_site("ar"))
    # No offline worker: its fetches of atlas.css through the route outlive the context.
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    context.route("**/assets/atlas.css", fonts_always)  # the widths the signs are made for
    page = context.new_page()
    page.goto(url + PAGES["journey"])
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The site's name sits at the right of the top bar, the search box to its left.
    brand = page.locator(".brand").bounding_box()
    search = page.locator(".search").bounding_box()
    assert brand["x"] > search["x"]
    # The map's road runs from the right: the first stage's sign is right of the last's,
    # and the map's box shows its right end first.
    signs = page.locator(".journey-map .sign")
    first, last = signs.first.bounding_box(), signs.last.bounding_box()
    assert first["x"] > last["x"]
    assert first["x"] + first["width"] <= 1280
    # Its texts read the right way round, anchored at the sign's right: the first stage's
    # name ends inside its own sign, near its right edge.
    name = page.locator(".journey-map .sign-name").first.bounding_box()
    right_edge = first["x"] + first["width"]
    assert right_edge - 30 <= name["x"] + name["width"] <= right_edge
    assert name["x"] < right_edge - 30
    assert page.evaluate("document.fonts.check('16px \"IBM Plex Sans Arabic\"', 'مرحلة')")
    context.close()


def test_switching_language_keeps_the_page(browser, bilingual_site, serve):
    url = serve(bilingual_site)
    stage = "journeys/adopting-fieldline/stages/setting-up/"
    page = browser.new_page()
    page.goto(url + stage)
    french_name = load_atlas(SAMPLE, ["en", "fr"], "fr").atlas.journey(
        "adopting-fieldline").stage("setting-up").name
    switcher = page.get_by_role("navigation", name="Language")
    assert switcher.get_by_role("link", name="English").get_attribute("aria-current") == "true"
    switcher.get_by_role("link", name="Français").click()
    page.wait_for_url(url + "fr/" + stage)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1").text_content() == french_name  # the same stage, translated
    french = i18n.Interface("fr")
    page.get_by_role("navigation", name=french.gettext("Language")).get_by_role(
        "link", name="English").click()
    page.wait_for_url(url + stage)
    page.close()
