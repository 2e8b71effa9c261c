"""A large atlas in the browser: home lists no role chips past HOME_ROLE_CHIPS, yet a role
remembered on its own page still brings its moments to home (atlas.js finds the page by id)."""

from __future__ import annotations

import pytest

from support import build
from test_page_sizes import large_atlas

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def large_url(tmp_path_factory, serve) -> str:
    work = tmp_path_factory.mktemp("large-browser")
    result = build(large_atlas(work / "atlas"), work / "site", lint=False)
    assert result.returncode == 0, result.stderr
    return serve(work / "site")


def test_a_role_home_does_not_list_still_brings_its_moments_home(page, large_url):
    page.goto(large_url)
    assert page.locator(".home-roles a[data-role]").count() == 0
    page.goto(large_url + "roles/busy/")
    page.locator(".this-is-me button").click()
    page.goto(large_url)
    page.locator("#your-moments-home .moment-card").first.wait_for()
    assert page.locator("#your-moments-title").text_content() == "Your moments as Busy"
    assert page.locator("#your-moments-home .moment-card").count() == 12
    more = page.locator("#your-moments-home .moments-more a")
    assert more.text_content() == "All 30 on your learning path →"
    assert more.get_attribute("href") == large_url + "paths/busy/"
    path = page.locator("#your-moments-home .role-path-link")
    assert path.is_visible() and path.get_attribute("href") == large_url + "paths/busy/"


def test_a_remembered_role_no_longer_in_the_atlas_shows_nothing(page, large_url):
    page.goto(large_url)
    page.evaluate("""() => { localStorage.setItem('journey-atlas:role', 'gone');
                             localStorage.setItem('journey-atlas:role-name', 'Gone'); }""")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("#your-moments-home").is_hidden()
