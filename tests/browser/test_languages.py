"""The interface in another language, in a real browser: a French and an Arabic build of the
sample atlas read in that language, pass axe, and Arabic runs right to left."""

from __future__ import annotations

import pytest

from journey_atlas import i18n

pytestmark = pytest.mark.browser

PAGES = {"home": "", "journey": "journeys/adopting-fieldline/",
         "stage": "journeys/adopting-fieldline/stages/setting-up/"}


@pytest.fixture(scope="module", params=["fr", "ar"])
def language_url(request, language_site, serve):
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
    for kind, path in PAGES.items():
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


def test_arabic_runs_right_to_left_and_its_drawings_left_to_right(browser, language_site,
                                                                  serve):
    url = serve(language_site("ar"))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + PAGES["journey"])
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The site's name sits at the right of the top bar, the search box to its left.
    brand = page.locator(".brand").bounding_box()
    search = page.locator(".search").bounding_box()
    assert brand["x"] > search["x"]
    # The map keeps its stages from the left until the drawings mirror (they do not yet).
    assert page.evaluate("getComputedStyle(document.querySelector('.journey-map')).direction"
                         ) == "ltr"
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"IBM Plex Sans Arabic\"', 'مرحلة')")
    page.close()


def test_switching_language_keeps_the_page(browser, bilingual_site, serve):
    url = serve(bilingual_site)
    stage = "journeys/adopting-fieldline/stages/setting-up/"
    page = browser.new_page()
    page.goto(url + stage)
    title = page.locator("h1").text_content()
    switcher = page.get_by_role("navigation", name="Language")
    assert switcher.get_by_role("link", name="English").get_attribute("aria-current") == "true"
    switcher.get_by_role("link", name="Français").click()
    page.wait_for_url(url + "fr/" + stage)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1").text_content() == title  # the same stage (its words as written)
    french = i18n.Interface("fr")
    page.get_by_role("navigation", name=french.gettext("Language")).get_by_role(
        "link", name="English").click()
    page.wait_for_url(url + stage)
    page.close()
