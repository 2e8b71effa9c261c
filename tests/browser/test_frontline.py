"""Frontline on a phone: the site remembers who I am, shows my moments one tap from home,
and keeps them, with their stages, for when there is no signal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from support import CLI, ROOT, SAMPLE, fixed_date_env, write

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ROLE = "support-agent"
CACHE_KEYS = """async () => {
  const names = await caches.keys();
  const urls = [];
  for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
  return urls;
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield context, tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def kept_pages_of_role(tab, sample_url) -> list[str]:
    """What the role page marks to keep offline: its moments, its stages, its path."""
    tab.goto(sample_url + f"roles/{ROLE}/")
    hrefs = tab.eval_on_selector_all(
        "[data-offline-keep] a[href], a[data-offline-keep]",
        "links => links.map(a => a.href.split('#')[0])")
    return sorted(set(hrefs))


def wait_until_kept(tab, urls, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        cached = set(tab.evaluate(CACHE_KEYS))
        missing = [u for u in urls if u not in cached]
        if not missing:
            return
        time.sleep(0.2)
    raise AssertionError(f"not kept for offline use after {seconds} s: {missing}")


def test_a_role_chosen_once_puts_its_moments_one_tap_from_home(phone, sample_url):
    context, tab = phone
    tab.goto(sample_url)
    assert tab.locator("#your-moments-home").is_hidden()  # nobody chosen yet
    chip = tab.locator(f".home-roles a[data-role={ROLE}]")
    assert chip.bounding_box()["height"] >= 44  # the whole pill, for a thumb
    chip.tap()
    cards = tab.locator("#your-moments-home .moment-card")
    cards.first.wait_for()
    assert tab.locator("#your-moments-title").text_content() == "Your moments as Support Agent"

    tab.reload()  # remembered in this browser
    cards.first.wait_for()
    titles = cards.locator("h3").all_text_contents()
    assert titles == ["The first Monday at 6 a.m.", "The first human reply",
                      "The honest update", "Crews moving again"]  # journey, then stage order
    first = cards.first
    assert first.locator(".say li").count() >= 1 and first.locator(".avoid li").count() >= 1
    # One tap: the moment's own page, with what to say and avoid.
    first.locator("h3 a").tap()
    tab.wait_for_url(re.compile(r"/moments/first-monday/$"))
    assert tab.get_by_role("heading", name="What to say").is_visible()
    assert tab.get_by_role("heading", name="What to avoid").is_visible()

    # Change of mind: forget the role, and home is as for anyone.
    tab.goto(sample_url)
    cards.first.wait_for()
    tab.get_by_role("button", name="Forget my role").tap()
    assert tab.locator("#your-moments-home").is_hidden()
    tab.reload()
    tab.wait_for_load_state("load")
    assert tab.locator("#your-moments-home").is_hidden()


def test_this_is_me_on_a_role_page_is_remembered_on_home(phone, sample_url):
    context, tab = phone
    tab.goto(sample_url + "roles/billing-specialist/")
    moments = tab.locator("#your-moments")
    table = tab.locator("#involvement")
    assert moments.bounding_box()["y"] < table.bounding_box()["y"]  # moments before the table
    tab.get_by_role("button", name="This is me").tap()
    tab.goto(sample_url)
    tab.locator("#your-moments-home .moment-card").first.wait_for()
    assert "Billing Specialist" in tab.locator("#your-moments-title").text_content()
    assert tab.locator("#your-moments-home .role-path-link").get_attribute("href").endswith(
        "/paths/billing-specialist/")


def test_the_roles_moments_and_stages_open_with_no_network(phone, sample_url):
    context, tab = phone
    keep = kept_pages_of_role(tab, sample_url)
    moments = [u for u in keep if "/moments/" in u]
    stages = [u for u in keep if "/stages/" in u]
    assert len(moments) == 4 and len(stages) >= 6
    tab.goto(sample_url)
    tab.locator(f".home-roles a[data-role={ROLE}]").tap()
    tab.locator("#your-moments-home .moment-card").first.wait_for()
    # Search's own files too, and the fragments of the kept pages (pagefind/offline.json):
    # all of them, or the browser may go offline with the index chunks still on their way.
    bundle = sample_url + "pagefind/"
    manifest = json.loads(urllib.request.urlopen(bundle + "offline.json").read())
    search = [bundle + "offline.json"] + [bundle + f for f in manifest["files"]] + [
        bundle + manifest["fragments"][u[len(sample_url):]] for u in keep + [sample_url]
        if u[len(sample_url):] in manifest["fragments"]]
    assert any(f.endswith("pagefind.js") for f in search)
    wait_until_kept(tab, keep + [sample_url] + search)

    context.set_offline(True)
    for url in [sample_url] + moments + stages:
        tab.goto(url)
        assert "Not in the offline copy" not in tab.title(), url
        note = tab.locator(".offline-note")
        assert note.is_visible(), url
        assert re.search(r"kept in this browser on \d{1,2} \w+ 20\d\d", note.text_content())
    tab.goto(moments[0])
    assert tab.get_by_role("heading", name="What to say").is_visible()
    tab.goto(moments[0].rstrip("/"))  # typed without its slash: the same kept page
    assert tab.get_by_role("heading", name="What to say").is_visible()
    # Search works from the kept index, and finds the kept pages.
    tab.get_by_role("searchbox", name="Search the atlas").fill("crew")
    tab.locator("#search-results a").first.wait_for()
    found = [a.get_attribute("href") for a in tab.locator("#search-results a").all()]
    assert set(found) & {u.replace(sample_url, "/") for u in keep}, found
    # A page never opened and not the role's is not in the copy, and says so, in the
    # site's own look, with the way home.
    tab.goto(sample_url + "journeys/adopting-fieldline/raci/")
    assert "not in the offline copy" in tab.locator("h1").text_content()
    assert tab.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor") \
        == "rgb(23, 49, 58)"
    tab.get_by_role("link", name="Home, with your moments").wait_for()

    context.set_offline(False)  # back online: the page comes from the network again
    tab.goto(stages[0])
    assert tab.locator(".offline-note").count() == 0


def test_installable_manifest_and_icons(page, sample_url):
    page.goto(sample_url)
    manifest = page.evaluate("""async () => {
        const link = document.querySelector('link[rel=manifest]');
        return (await fetch(link.href)).json(); }""")
    assert manifest["name"] == "Fieldline Journey Atlas" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        status = page.evaluate("async u => (await fetch(u)).status",
                               sample_url + icon["src"])
        assert status == 200, icon["src"]


@pytest.fixture(scope="module")
def file_copy(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("file-copy")
    write(work / "mkdocs.yml", f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {SAMPLE}\n")
    site = work / "share"
    result = subprocess.run(CLI + ["build", "--offline", "--site-dir", str(site)], cwd=work,
                            capture_output=True, text=True, env=fixed_date_env())
    assert result.returncode == 0, result.stderr
    return site


def test_the_file_share_copy_works_opened_from_disk(page, file_copy):
    failed, console = [], []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: m.type == "error" and console.append(m.text))
    page.goto((file_copy / "index.html").as_uri())
    # A remembered role: home cannot fetch its page from disk, and says where the cards are.
    page.locator(f".home-roles a[data-role={ROLE}]").click()
    page.get_by_text("Your moments are on your role page.").wait_for()
    assert console == []
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journeys").click()
    page.wait_for_url(re.compile(r"/journeys/index\.html$"))
    page.get_by_role("link", name="Getting help when something goes wrong").first.click()
    page.wait_for_url(re.compile(r"/journeys/getting-help/index\.html$"))
    page.locator(".journey-map a.stage-link").first.click()
    page.wait_for_url(re.compile(r"/stages/[a-z-]+\.html$"))
    page.locator("main a[href*='roles/']").first.click()
    page.wait_for_url(re.compile(r"/roles/[a-z-]+\.html$"))
    assert page.locator("h1").is_visible()
    # Search reads its index from a script: nothing to fetch from disk.
    page.get_by_role("searchbox", name="Search the atlas").fill("billing specialist")
    first = page.locator("#search-results a").first
    first.wait_for()
    first.click()
    page.wait_for_url(re.compile(r"/roles/billing-specialist\.html$"))
    assert failed == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_frontline_pages_pass_axe_on_a_phone(browser, sample_url, serious_violations,
                                                 scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    tab = context.new_page()
    tab.goto(sample_url)
    tab.locator(f".home-roles a[data-role={ROLE}]").click()
    tab.locator("#your-moments-home .moment-card").first.wait_for()
    wait_until_kept(tab, [sample_url + "journeys/getting-help/moments/first-reply/"])
    found = []

    def check(where):
        found.extend(serious_violations(tab, where))

    paper = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (paper == "rgb(250, 247, 240)") == (scheme == "light"), paper
    check("home with your moments")
    tab.goto(sample_url + f"roles/{ROLE}/")
    check("role")
    context.set_offline(True)
    tab.goto(sample_url + "journeys/getting-help/moments/first-reply/")
    tab.locator(".offline-note").wait_for()
    check("a moment from the offline copy")
    context.close()
    assert found == []


def test_the_offline_copy_keeps_only_the_atlas_and_refreshes_what_it_keeps(
        browser, sample_site, serve, tmp_path):
    """The atlas may share its host with other applications: their pages and data are not
    kept. And what a page asks to keep is fetched afresh, not left as first saved."""
    root = tmp_path / "host"
    shutil.copytree(sample_site, root)
    write(root / "hr/payslip/index.html", "<!doctype html><html><body><p>Pay: 100</p></body></html>")
    write(root / "hr/api.json", '{"pay": 100}')
    base = serve(root)
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(base)
    tab.locator(f".home-roles a[data-role={ROLE}]").click()
    moment = base + "journeys/getting-help/moments/first-reply/"
    wait_until_kept(tab, [moment])
    tab.goto(base + "hr/payslip/")
    assert tab.evaluate("fetch('../api.json').then(r => r.json())") == {"pay": 100}
    tab.goto(base)
    kept = tab.evaluate(CACHE_KEYS)
    assert not [u for u in kept if "/hr/" in u]

    page_file = root / "journeys/getting-help/moments/first-reply/index.html"
    page_file.write_text(page_file.read_text(encoding="utf-8").replace(
        "What to say", "What to say today"), encoding="utf-8")
    # Newer by whole seconds: the test server answers "not modified" to a copy fetched in
    # the same second as the change, which a fast run can be.
    later = time.time() + 5
    os.utime(page_file, (later, later))
    tab.reload()  # home asks to keep the role's pages again: fetched afresh
    tab.locator("#your-moments-home .moment-card").first.wait_for()
    deadline = time.monotonic() + 30  # a busy machine
    while time.monotonic() < deadline:
        text = tab.evaluate("""async u => (await (await caches.match(u)).text())""", moment)
        if "What to say today" in text:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the kept copy was not refreshed")
    context.set_offline(True)
    tab.goto(base + "hr/payslip/")
    assert "not in the offline copy" in tab.locator("h1").text_content()
    context.close()


def test_this_is_me_in_two_tabs_stays_what_each_shows(browser, sample_url):
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        tab.goto(sample_url + f"roles/{ROLE}/")
    first.get_by_role("button", name="This is me").click()
    pressed = second.locator(".this-is-me button[aria-pressed=true]")
    pressed.wait_for()  # the other tab shows it too
    pressed.click()  # and pressing it there forgets, as it says
    assert second.evaluate("localStorage.getItem('journey-atlas:role')") is None
    first.locator(".this-is-me button[aria-pressed=false]").wait_for()
    context.close()


def test_search_with_no_network_and_no_kept_index_says_so(browser, sample_url):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(sample_url + "roles/")
    tab.wait_for_function("navigator.serviceWorker.controller !== null || "
                          "navigator.serviceWorker.ready.then(() => true)")
    tab.reload()  # now through the worker, which has not kept the index
    assert not [u for u in tab.evaluate(CACHE_KEYS) if "/pagefind/" in u]
    context.set_offline(True)
    tab.get_by_role("searchbox", name="Search the atlas").fill("crew")
    # Not "Nothing found": the index is not there to look in.
    tab.locator("#search-results").get_by_text("Search needs the network").wait_for()
    context.set_offline(False)
    tab.get_by_role("searchbox", name="Search the atlas").fill("crews")  # and tries again
    tab.locator("#search-results a").first.wait_for()
    context.close()
