"""Dark mode: it follows the reader's system, the top bar's button overrides it and is
remembered, every page kind stays accessible in it, and print stays light."""

from __future__ import annotations

import pytest

from .test_accessibility import PAGE_KINDS

pytestmark = pytest.mark.browser

STAGE = "journeys/adopting-fieldline/stages/signed-now-what/"
PAPER = {"light": "rgb(250, 247, 240)", "dark": "rgb(18, 26, 31)"}  # --paper in atlas.css
KEY = "journey-atlas:colour-scheme"
SHOTS = {
    "home": "", "journey": "journeys/adopting-fieldline/", "stage": STAGE,
    "moment": "journeys/getting-help/moments/first-reply/",
    "role": "roles/customer-success-manager/",
}
VIEWS = ("emotions", "asset", "raci")
WIDTHS = {"desktop": 1280, "phone": 390}


def _background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


# Dark mode changes colours only: the structure axe checks is the light run's, at both widths
# (test_accessibility), and the colours are the same at every width; so one, a phone's.
@pytest.mark.parametrize("width", [390])
def test_no_serious_or_critical_violations_in_dark(browser, sample_url, serious_violations,
                                                   width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="dark")
    page = context.new_page()
    found = []
    for kind, path in PAGE_KINDS.items():
        page.goto(sample_url + path)
        assert _background(page) == PAPER["dark"], kind
        found += serious_violations(page, kind)
    context.close()
    assert found == []


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_page_follows_the_system_until_the_button_is_pressed(browser, sample_url, system):
    context = browser.new_context(color_scheme=system)
    page = context.new_page()
    page.goto(sample_url + STAGE)
    button = page.get_by_role("button", name="Dark mode")
    assert _background(page) == PAPER[system]
    assert button.get_attribute("aria-pressed") == ("true" if system == "dark" else "false")
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    other = "light" if system == "dark" else "dark"
    button.click()
    assert _background(page) == PAPER[other]
    assert button.get_attribute("aria-pressed") == ("true" if other == "dark" else "false")
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == other
    # Remembered: on reload and on the next page, before atlas.js has even run.
    page.reload()
    assert page.evaluate("document.documentElement.dataset.colourScheme") == other
    assert _background(page) == PAPER[other]
    page.goto(sample_url)
    assert _background(page) == PAPER[other]
    # Pressing again shows what the system shows, and forgets the choice.
    page.get_by_role("button", name="Dark mode").click()
    assert _background(page) == PAPER[system]
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    context.close()


def test_the_choice_is_set_before_the_first_paint(browser, sample_url):
    """colour-scheme.js runs in <head>, not deferred: the first paint is already dark."""
    context = browser.new_context(color_scheme="light")
    context.add_init_script(f"localStorage.setItem('{KEY}', 'dark')")
    page = context.new_page()
    page.route("**/assets/atlas.js", lambda route: route.abort())  # without the button's code
    page.goto(sample_url)
    assert _background(page) == PAPER["dark"]
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "dark"
    context.close()


def test_without_scripts_the_system_decides_and_no_button_shows(browser, sample_url):
    context = browser.new_context(color_scheme="dark", java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_url)
    assert _background(page) == PAPER["dark"]
    assert not page.locator(".scheme-toggle").is_visible()
    context.close()


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", SHOTS)
def test_dark_screenshot_matches_baseline(screenshot, sample_url, page_name, width_name):
    screenshot(sample_url + SHOTS[page_name], f"dark-{page_name}-{width_name}",
               WIDTHS[width_name], color_scheme="dark")


@pytest.mark.parametrize("view", VIEWS)
def test_dark_chart_screenshot_matches_baseline(screenshot, sample_url, view):
    screenshot(sample_url + f"journeys/adopting-fieldline/{view}/", f"dark-view-{view}",
               color_scheme="dark")


def test_dark_gap_matrix_screenshot_matches_baseline(screenshot, sample_url):
    screenshot(sample_url + "gaps/", "dark-view-gaps", color_scheme="dark")


def test_the_poster_prints_light_from_a_dark_screen(screenshot, sample_url):
    """The same baseline as the light poster (tests/browser/test_maps.py)."""
    screenshot(sample_url + "journeys/adopting-fieldline/", "print-poster", width=1587,
               media="print", color_scheme="dark")
