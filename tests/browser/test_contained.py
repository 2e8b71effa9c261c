"""Offline and contained: no request leaves the site, the CSP holds, any sub-path works."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest

from .test_text_fits import one_of_each_layout, pages_of

pytestmark = pytest.mark.browser

WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_every_layout_loads_with_no_request_outside_the_site(browser, sample_site, sample_url):
    """What a page fetches comes from its template: one page of each layout (every stage
    page is drawn alike), the fullest, and the 404 page."""
    every = pages_of(sample_site)
    pages = [path + "index.html" for path in one_of_each_layout(sample_site, every)]
    pages.append("404.html")
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    site_host = urlparse(sample_url).netloc
    outside, failed, missing = [], [], []

    def guard(route):
        if urlparse(route.request.url).netloc != site_host:
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    # The next page cancels what the browser still fetches after "load" (the icon): that
    # is not a failure. A file the site lacks answers 404 and is reported as missing.
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED"
            else failed.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and missing.append(f"{r.url}: {r.status}"))
    violations = []
    for path in pages:
        page.goto(sample_url + path)  # waits for "load": styles, fonts, scripts
        violations += [f"{path}: {v}" for v in page.evaluate("window.__csp")]
    context.close()
    assert len(every) >= 60 and len(pages) >= 25
    assert outside == [] and failed == [] and missing == []
    assert violations == []


def test_search_and_gap_filter_work_under_the_csp(page, sample_url):
    page.add_init_script(WATCH_CSP)
    page.goto(sample_url + "gaps/?journey=getting-help")
    assert page.locator(".gap-filter").is_visible()
    page.get_by_role("searchbox", name="Search the atlas").fill("dispatch board")
    page.locator("#search-results a").first.wait_for()
    assert page.evaluate("window.__csp") == []


def test_the_site_works_under_a_sub_path(browser, sample_site, serve, tmp_path):
    shutil.copytree(sample_site, tmp_path / "intranet/cx/atlas")
    base = serve(tmp_path) + "intranet/cx/atlas/"
    page = browser.new_page()
    page.goto(base)
    page.get_by_role("link", name="Adopting Fieldline").first.click()
    page.wait_for_url(base + "journeys/adopting-fieldline/")
    page.locator(".journey-map a.stage-link").first.click()
    page.wait_for_url(base + "journeys/adopting-fieldline/stages/missing-jobs/")
    page.get_by_role("searchbox", name="Search the atlas").fill("billing specialist")
    page.locator("#search-results a").first.click()
    page.wait_for_url(base + "roles/billing-specialist/")
    css_ok = page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor")
    assert css_ok == "rgb(23, 49, 58)"  # the stylesheet loaded from the sub-path
    page.close()
