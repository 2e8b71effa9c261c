"""The sample site in a real Chromium: what a reader sees and does."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "journey": "journeys/adopting-fieldline/",
    "stage": "journeys/adopting-fieldline/stages/signed-now-what/",
    "role": "roles/customer-success-manager/",
}
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_screenshot_matches_baseline(screenshot, sample_url, page_name, width_name):
    screenshot(sample_url + PAGES[page_name], f"{page_name}-{width_name}", WIDTHS[width_name])


def test_click_through_home_journey_stage_role(page, sample_url):
    page.goto(sample_url)
    page.get_by_role("link", name="Adopting Fieldline").first.click()
    assert page.url.endswith("/journeys/adopting-fieldline/")
    assert page.get_by_role("heading", level=1).inner_text() == "Adopting Fieldline"
    page.locator(".map-grid thead").get_by_role("link", name="We've signed. What happens now?").click()
    assert page.url.endswith("/journeys/adopting-fieldline/stages/signed-now-what/")
    assert page.get_by_role("heading", level=1).inner_text() == "We've signed. What happens now?"
    page.locator("#roles + ul").get_by_role("link", name="Implementation Specialist").click()
    assert page.url.endswith("/roles/implementation-specialist/")
    assert page.get_by_role("heading", level=1).inner_text() == "Implementation Specialist"
    # ...and back from the role to a moment it owns.
    page.get_by_role("link", name="The first Monday at 6 a.m.").click()
    assert page.url.endswith("/journeys/adopting-fieldline/moments/first-monday/")
    assert page.get_by_role("heading", name="What to say").is_visible()


def test_stage_pager_walks_the_journey_in_order(page, sample_url):
    page.goto(sample_url + "journeys/getting-help/stages/crew-is-waiting/")
    titles = [page.get_by_role("heading", level=1).inner_text()]
    while page.locator("a[rel=next]").count():
        page.locator("a[rel=next]").click()
        titles.append(page.get_by_role("heading", level=1).inner_text())
    assert titles == ["Something is broken and my crew is waiting",
                      "Does anyone know what is happening?", "Getting my crews back to work",
                      "Will this happen again?", "Do I still trust them?"]


def test_search_finds_a_stage_by_its_internal_name(page, sample_url):
    page.goto(sample_url + "roles/")
    search = page.get_by_role("searchbox", name="Search the atlas")
    search.fill("value realisation")
    first = page.locator("#search-results a").first
    first.wait_for()
    assert first.text_content().startswith("Stage It's part of how we work now")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/journeys/adopting-fieldline/stages/part-of-how-we-work/")


@pytest.mark.parametrize("query, kind, title", [
    ("crew dispatcher", "Persona", "Lena, Crew Dispatcher"),
    ("billing specialist", "Role", "Billing Specialist"),
    ("honest update", "Moment", "The honest update"),
    # A stage's internal name weighs as its title: above a journey whose measure says it.
    ("resolution", "Stage", "Getting my crews back to work"),
])
def test_search_finds_each_kind_by_its_text(page, sample_url, query, kind, title):
    page.goto(sample_url)
    page.get_by_role("searchbox", name="Search the atlas").fill(query)
    results = page.locator("#search-results a")
    results.first.wait_for()
    texts = results.all_text_contents()
    assert texts[0].startswith(f"{kind} {title}"), texts


def test_keyboard_reaches_the_map_in_reading_order(page, sample_url):
    page.goto(sample_url + "journeys/adopting-fieldline/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.textContent.trim()"))
    stage_names = [s for s in seen if s.startswith(("We keep missing", "I look for someone",
                                                     "Can they show me"))]
    assert stage_names[:3] == ["We keep missing jobs and nobody knows why",
                               "I look for someone who has solved this before",
                               "Can they show me it works for a team like mine?"]
