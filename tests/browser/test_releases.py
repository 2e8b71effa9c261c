"""The version switcher and the old-release banner, in a real Chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from support import ROOT, SAMPLE, fixed_date_env, fonts_always, sample_config, wait_until, write

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def published(tmp_path_factory, serve):
    work = tmp_path_factory.mktemp("releases")
    shutil.copytree(SAMPLE, work / "content")
    write(work / "mkdocs.yml", sample_config())
    cli = [sys.executable, "-m", "journey_atlas", "release"]
    for version in ("1.0", "1.1"):
        if version == "1.1":  # a stage that exists only in 1.1
            (work / "content/journeys/getting-help/stages/back-to-work.md").rename(
                work / "content/journeys/getting-help/stages/crews-moving.md")
            text = (work / "content/journeys/getting-help/journey.yml").read_text()
            (work / "content/journeys/getting-help/journey.yml").write_text(
                text.replace("back-to-work", "crews-moving"))
            moment = work / "content/journeys/getting-help/moments/crews-moving-again.md"
            moment.write_text(moment.read_text().replace("stage: back-to-work",
                                                         "stage: crews-moving"))
            insight = work / "content/insights/workarounds-by-word-of-mouth.md"  # cites it
            insight.write_text(insight.read_text().replace("getting-help/back-to-work",
                                                           "getting-help/crews-moving"))
            for readings in (work / "content/kpis").glob("*.csv"):  # the KPI export follows
                readings.write_text(readings.read_text().replace(",back-to-work,",
                                                                 ",crews-moving,"))
        result = subprocess.run(cli + [version], cwd=work, capture_output=True, text=True,
                                env=fixed_date_env())
        assert result.returncode == 0, result.stderr
    return serve(work / "public")


def test_switching_versions_keeps_the_reader_on_the_same_page(page, published):
    page.goto(published + "1.1/roles/support-agent/")
    select = page.get_by_label("Release")
    # The menu is filled from versions.json after the page loads: wait for it.
    expect(select.locator("option")).to_have_text(["1.1 (latest)", "1.0"])
    select.select_option("1.0")
    page.wait_for_url("**/1.0/roles/support-agent/")
    assert page.get_by_role("heading", level=1).inner_text() == "Support Agent"


def test_switching_to_a_version_without_the_page_goes_to_its_home(page, published):
    page.goto(published + "1.1/journeys/getting-help/stages/crews-moving/")
    page.get_by_label("Release").select_option("1.0")
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/1.0"))


def test_banner_on_an_old_release_leads_to_the_same_page_in_the_latest(page, published):
    page.goto(published + "1.0/personas/crew-dispatcher/")
    banner = page.locator(".release-banner")
    banner.get_by_role("link").wait_for()
    assert "You are reading release 1.0." in banner.inner_text()
    banner.get_by_role("link").click()
    page.wait_for_url("**/1.1/personas/crew-dispatcher/")
    assert page.locator(".release-banner").is_hidden()  # the latest has no banner


def test_latest_alias_and_root_lead_to_the_newest_release(page, published):
    page.goto(published + "latest/roles/billing-specialist/")
    page.wait_for_url("**/1.1/roles/billing-specialist/")
    page.goto(published)
    page.wait_for_url("**/1.1/")


def test_a_newer_release_says_what_is_new_since_the_last_one_opened(page, published):
    page.goto(published + "1.1/")
    assert page.locator(".news-notice").is_hidden()  # never opened an earlier release
    page.evaluate("localStorage.clear()")
    page.goto(published + "1.0/roles/support-agent/")
    assert page.locator(".news-notice").is_hidden()  # nothing is newer than what they know
    page.goto(published + "1.1/roles/support-agent/")
    notice = page.locator(".news-notice")
    notice.get_by_role("link").wait_for()
    counts = page.evaluate("fetch('../../changes.json').then(r => r.json())")
    assert counts["previous"] == "1.0" and counts["total"] > 0
    assert notice.get_by_role("link").inner_text() == f"Since 1.0: {counts['total']} changes"
    page.goto(published + "1.1/journeys/")  # it stays until dismissed, on every page
    notice.get_by_role("link").wait_for()
    notice.get_by_role("link").click()
    page.wait_for_url("**/1.1/changes/")
    notice.get_by_role("button", name="Dismiss").click()
    assert notice.is_hidden()
    page.reload()
    page.wait_for_timeout(300)
    assert notice.is_hidden()


def test_the_notice_counts_the_changes_for_the_remembered_role(page, published):
    page.goto(published + "1.0/roles/support-agent/")
    page.get_by_role("button", name="This is me").click()
    assert page.get_by_role("button", name="This is me ✓").get_attribute("aria-pressed") == \
        "true"
    page.goto(published + "1.1/")
    link = page.locator(".news-notice").get_by_role("link")
    link.wait_for()
    counts = page.evaluate("fetch('changes.json').then(r => r.json())")
    n = counts["roles"]["support-agent"]
    assert n > 0 and link.inner_text() == (
        f"Since 1.0: {n} change{'s' if n != 1 else ''} for Support Agent")


def test_each_release_and_latest_keep_their_own_offline_copy(browser, published):
    context = browser.new_context()
    page = context.new_page()
    kept = "async (url) => !!(await caches.match(url))"
    page.goto(published + "latest/roles/support-agent/")  # online: lands in 1.1
    page.wait_for_url("**/1.1/roles/support-agent/")
    # The 1.1 worker keeps the page and latest/'s worker its redirect page (and the script
    # it runs), each in its own folder's copy.
    for url in ("1.1/roles/support-agent/", "latest/roles/support-agent/",
                "latest/redirect.js"):
        wait_until(page, kept, published + url)
    page.goto(published + "1.0/")  # an older release: its own folder, its own copy
    wait_until(page, kept, published + "1.0/")
    context.set_offline(True)
    # Which copy answered is on the page's body (the worker marks it; the note that
    # atlas.js draws from it is tested in test_frontline.py).
    copy = "[document.body.dataset.offlineCopy || null, document.body.dataset.version]"
    page.goto(published + "latest/roles/support-agent/")
    page.wait_for_url("**/1.1/roles/support-agent/")
    saved, version = page.evaluate(copy)
    assert saved and version == "1.1"
    page.goto(published + "1.0/")
    saved, version = page.evaluate(copy)
    assert saved and version == "1.0"
    context.close()


def test_release_picker_and_search_hint_show_whole_on_a_narrow_phone(browser, published):
    context = browser.new_context(viewport={"width": 320, "height": 700},
                                  service_workers="block")
    context.route("**/assets/atlas.css", fonts_always)  # measured in the bundled font
    page = context.new_page()
    page.goto(published + "1.1/roles/support-agent/")
    page.evaluate("document.fonts.ready.then(() => true)")
    # How wide each text is drawn, against the room its box leaves for it.
    fits = page.evaluate("""() => {
      const measure = (el, text) => {
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = getComputedStyle(el).font;
        return ctx.measureText(text).width;
      };
      const room = (el, extra) => {
        const s = getComputedStyle(el);
        return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - extra;
      };
      const select = document.querySelector('#version-select');
      const search = document.querySelector('#search-input');
      return {
        select: measure(select, select.selectedOptions[0].text) <= room(select, 16),
        search: measure(search, search.placeholder) <= room(search, 0),
        sideways: document.documentElement.scrollWidth > innerWidth,
      };
    }""")
    context.close()
    assert fits == {"select": True, "search": True, "sideways": False}


def test_a_role_id_that_names_a_built_in_counts_as_no_role(page, published):
    page.goto(published + "1.1/")
    page.evaluate("""localStorage.clear();
        localStorage.setItem('journey-atlas:newest-release', '1.0');
        localStorage.setItem('journey-atlas:role', 'constructor');""")
    page.goto(published + "1.1/about/")
    link = page.locator(".news-notice").get_by_role("link")
    link.wait_for()
    counts = page.evaluate("fetch('../changes.json').then(r => r.json())")
    assert link.inner_text() == f"Since 1.0: {counts['total']} changes"
