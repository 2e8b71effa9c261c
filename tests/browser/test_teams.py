"""Team pages in a real Chromium (issue 17): how a manager gets there, and how they look."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {"team": "teams/support/", "teams": "teams/"}
WIDTHS = {"1280": 1280, "390": 390}


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_team_screenshots_match_baselines(screenshot, sample_url, page_name, width_name):
    screenshot(sample_url + PAGES[page_name], f"{page_name}-{width_name}", WIDTHS[width_name])


def test_team_page_in_dark_matches_baseline(screenshot, sample_url):
    screenshot(sample_url + PAGES["team"], "team-dark-1280", 1280, color_scheme="dark")


def test_from_home_to_a_team_and_from_a_role_to_its_team(page, sample_url):
    page.goto(sample_url)
    page.locator(".home-teams").get_by_role("link", name="Teams").click()
    assert page.url.endswith("/teams/")
    page.get_by_role("link", name="Customer Success").click()
    assert page.url.endswith("/teams/customer-success/")
    assert page.get_by_role("heading", level=1).inner_text() == "Customer Success"
    crumbs = page.locator(".crumbs li").all_inner_texts()
    assert crumbs == ["Fieldline", "Teams", "Customer Success"]
    # A role of the team, and back to the team from its page.
    page.locator(".team-roles").get_by_role("link", name="Implementation Specialist").click()
    assert page.url.endswith("/roles/implementation-specialist/")
    page.locator(".page-head .eyebrow").get_by_role("link", name="Customer Success").click()
    assert page.url.endswith("/teams/customer-success/")
    # Every page's foot leads to the teams.
    page.locator(".footer").get_by_role("link", name="Teams").click()
    assert page.url.endswith("/teams/")


def test_a_gap_on_the_team_page_opens_its_stage_at_the_gaps(page, sample_url):
    page.goto(sample_url + PAGES["team"])
    page.locator(".team-gap-list").get_by_role("link",
                                               name="A person answers within two minutes").click()
    assert page.url.endswith("/journeys/getting-help/stages/crew-is-waiting/#gaps")
