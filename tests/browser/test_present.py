"""Present mode (issue 15): a journey's map full screen, stage by stage, from the keyboard
or a presentation clicker; and the printed poster's header."""

from __future__ import annotations

import re

import pytest

from support import build, fixed_date_env, front_matter, release, write

pytestmark = pytest.mark.browser

COUNT = 12
IDS = [f"stage-{i + 1:02d}" for i in range(COUNT)]


def _atlas(root):
    write(root / "atlas.yml", "name: Present Co\n")
    write(root / "roles/host.md", front_matter({"name": "Host"}))
    write(root / "journeys/j/journey.yml",
          "title: Twelve stages\nstages: [" + ", ".join(IDS) + "]\n")
    for i, stage in enumerate(IDS):
        data = {"name": f"Customer words {i + 1} <b>", "internal_name": f"Internal {i + 1}",
                "emotion": (i * 3 % 5) - 2, "desired_emotion": 1, "feeling": f"Feeling {i + 1}",
                "questions": [f"Question {i + 1}a?", f"Question {i + 1}b?"]}
        write(root / f"journeys/j/stages/{stage}.md", front_matter(data))
        if i % 3 == 0:
            write(root / f"journeys/j/moments/m{i + 1}.md", front_matter(
                {"title": f"Moment {i + 1}", "stage": stage, "say": [f"Say {i + 1}"],
                 "avoid": [f"Avoid {i + 1}"]}))
    return root


@pytest.fixture(scope="module")
def present_url(tmp_path_factory, serve):
    work = tmp_path_factory.mktemp("present")
    _atlas(work / "content")
    result = build(work / "content", work / "site", lint=False)
    assert result.returncode == 0, result.stderr
    return serve(work / "site") + "journeys/j/"


def _visible_panel(page) -> str:
    return page.locator(".present [data-present-stage]:visible").inner_text()


def _check_stage(page, i: int) -> None:
    assert page.locator(".present-counter").inner_text() == f"{i + 1} / {COUNT}"
    panels = page.locator(".present [data-present-stage]:visible")
    assert panels.count() == 1
    assert panels.get_attribute("data-present-stage") == IDS[i]
    text = _visible_panel(page)
    assert f"Customer words {i + 1} <b>" in text  # escaped, shown as written
    assert f"Internal {i + 1}" in text and f"Feeling {i + 1}" in text
    assert f"Question {i + 1}a?" in text and f"Question {i + 1}b?" in text
    if i % 3 == 0:
        assert f"Moment {i + 1}" in text and f"Say {i + 1}" in text and f"Avoid {i + 1}" in text
    else:
        assert "Moment" not in text.replace("Moments", "")
    assert page.evaluate("location.hash") == f"#present={IDS[i]}"
    assert page.locator("[data-present-status]").inner_text().startswith(f"Stage {i + 1} of {COUNT}: ")
    # The stage is highlighted on the map and inside the map's visible width.
    link = page.locator(".present-map a.stage-link.is-presented")
    assert link.count() == 1 and link.get_attribute("href") == f"stages/{IDS[i]}/"
    box, area = link.bounding_box(), page.locator(".present-map").bounding_box()
    assert box["x"] >= area["x"] - 1 and box["x"] + box["width"] <= area["x"] + area["width"] + 1


def test_keyboard_walks_every_stage_and_back_and_escape_returns_to_it(page, present_url):
    page.goto(present_url)
    button = page.get_by_role("button", name="Present this journey stage by stage")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    assert dialog.is_visible()
    _check_stage(page, 0)
    forward = ["ArrowRight", "PageDown", "Space"]
    for i in range(1, COUNT):
        page.keyboard.press(forward[i % 3])
        _check_stage(page, i)
    page.keyboard.press("ArrowRight")  # past the end: stays on the last
    _check_stage(page, COUNT - 1)
    backward = ["ArrowLeft", "PageUp", "Shift+Space"]
    for i in range(COUNT - 2, -1, -1):
        page.keyboard.press(backward[i % 3])
        _check_stage(page, i)
    page.keyboard.press("End")
    _check_stage(page, COUNT - 1)
    page.keyboard.press("Home")
    _check_stage(page, 0)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    _check_stage(page, 3)
    # Focus stays inside: Tab from the last control comes back to the first.
    names = []
    for _ in range(12):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.closest('.present') !== null"))
    assert all(names)
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("location.hash") == ""
    focused = page.evaluate("[document.activeElement.getAttribute('href'),"
                            " !!document.activeElement.closest('.journey-map-block')]")
    assert focused == [f"stages/{IDS[3]}/", True]
    ring = page.evaluate("getComputedStyle(document.activeElement.querySelector('.focus-ring'))"
                         ".strokeWidth")
    assert ring == "3px"  # a visible focus ring on the map


def test_buttons_move_and_close(page, present_url):
    page.goto(present_url)
    page.get_by_role("button", name="Present this journey stage by stage").click()
    page.get_by_role("button", name="Next stage").click()
    page.get_by_role("button", name="Next stage").click()
    _check_stage(page, 2)
    page.get_by_role("button", name="Previous stage").click()
    _check_stage(page, 1)
    page.get_by_role("button", name="Close present mode").click()
    assert not page.get_by_role("dialog").is_visible()
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"stages/{IDS[1]}/"


def test_an_address_opens_the_session_at_its_stage_and_reload_keeps_it(page, present_url):
    page.goto(present_url + "#present=" + IDS[6])
    assert page.get_by_role("dialog").is_visible()
    _check_stage(page, 6)
    page.keyboard.press("ArrowRight")
    page.reload()
    _check_stage(page, 7)


def test_without_javascript_there_is_no_button(browser, present_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(present_url + "#present=" + IDS[2])
    assert not tab.get_by_role("button", name=re.compile("Present")).is_visible()
    assert not tab.locator(".present").is_visible()
    context.close()


def test_present_mode_is_not_printed(page, present_url):
    page.goto(present_url + "#present=" + IDS[0])
    page.emulate_media(media="print")
    assert not page.locator(".present").is_visible()


@pytest.mark.parametrize("width", [1280, 1920])
def test_present_mode_screenshot(screenshot, present_url, width):
    screenshot(present_url + "#present=" + IDS[3], f"present-{width}", width=width)


def test_present_mode_dark_screenshot(screenshot, present_url):
    screenshot(present_url + "#present=" + IDS[3], "present-1280-dark", color_scheme="dark")


@pytest.mark.parametrize("scheme,width", [("light", 1280), ("dark", 1280), ("light", 390)])
def test_present_mode_passes_axe(browser, serious_violations, present_url, scheme, width):
    context = browser.new_context(viewport={"width": width, "height": 844},
                                  color_scheme=scheme, service_workers="block")
    page = context.new_page()
    page.goto(present_url + "#present=" + IDS[3])
    page.locator(".present-counter").wait_for()
    assert page.locator(".present").is_visible()
    found = serious_violations(page, f"present mode {scheme} {width}px")
    page.keyboard.press("ArrowRight")  # a stage with no moment: another panel
    found += serious_violations(page, f"present mode {scheme} {width}px, stage 5")
    context.close()
    assert not found, "\n".join(found)


def test_poster_screenshot(screenshot, present_url):
    screenshot(present_url, "present-poster", width=1587, media="print")


def _poster_head(html: str) -> str:
    return re.search(r'<div class="poster-head"[^>]*>(.*?)</ul>\s*</div>', html, re.S).group(1)


def test_the_poster_names_the_atlas_the_release_and_the_build_date(tmp_path):
    from support import ROOT
    _atlas(tmp_path / "content")
    write(tmp_path / "mkdocs.yml", f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: content\n"
          "plugins:\n  - search\n  - journey-atlas:\n      lint: false\n")
    made = release(tmp_path, "2.3", "--title", "Spring <workshop>")
    assert made.returncode == 0, made.stderr
    head = _poster_head((tmp_path / "public/2.3/journeys/j/index.html").read_text())
    assert "Present Co" in head
    assert "Release 2.3 (Spring &lt;workshop&gt;)" in head
    assert "22 November 2026" in head  # SOURCE_DATE_EPOCH, the tests' fixed day
    assert "Pivotal moment" in head and "Pain points" in head  # the legend
    # An ordinary build: no release, the same date, and the same bytes twice.
    sites = []
    for name in ("a", "b"):
        assert build(tmp_path / "content", tmp_path / name, lint=False,
                     env=fixed_date_env()).returncode == 0
        sites.append((tmp_path / name / "journeys/j/index.html").read_bytes())
    assert sites[0] == sites[1]
    head = _poster_head(sites[0].decode())
    assert "Present Co" in head and "22 November 2026" in head and "Release" not in head
