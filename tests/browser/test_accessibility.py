"""Accessibility: axe-core on every kind of page, at desktop and phone width."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE_KINDS = {
    "home": "", "journeys": "journeys/", "journey": "journeys/adopting-fieldline/",
    "stage": "journeys/adopting-fieldline/stages/signed-now-what/",
    "moment": "journeys/getting-help/moments/first-reply/", "roles": "roles/",
    "role": "roles/support-agent/", "personas": "personas/",
    "persona": "personas/it-systems-lead/", "emotions": "journeys/getting-help/emotions/",
    "asset": "journeys/adopting-fieldline/asset/", "raci": "journeys/adopting-fieldline/raci/",
    "cards": "journeys/getting-help/cards/", "gaps": "gaps/", "tour": "start/",
    # Issue 17: the facilitator guide, and cards with suggested questions.
    "guide": "journeys/getting-help/guide/", "cards-suggested": "journeys/moving-our-data/cards/",
    "tour-role": "start/your-role/", "tour-reading": "start/reading-the-map/",
    "paths": "paths/", "path": "paths/billing-specialist/",
    "glossary": "glossary/", "page": "about/", "not-found": "404.html",
    "lifecycle": "lifecycle/", "insights": "insights/", "insight": "insights/first-week-tickets/",
    "detail-journey": "journeys/moving-our-data/",
    # KPIs (issue 21): a stage with a fresh and a stale measure, a journey's Measures lane.
    "measures": "journeys/getting-help/stages/crew-is-waiting/",
    "measures-lane": "journeys/getting-help/",
    # Teams (issue 17): a team with a file, one only its roles name, and the index.
    "team": "teams/support/", "team-without-file": "teams/sales/", "teams": "teams/",
}


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_violations_on_any_page_kind(browser, sample_url,
                                                            serious_violations, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    found = []
    for kind, path in PAGE_KINDS.items():
        page.goto(sample_url + path)
        found += serious_violations(page, kind)
    context.close()
    assert found == []
