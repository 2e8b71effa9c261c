"""The illustrated maps and decision views in a real Chromium."""

from __future__ import annotations

import re

import pytest

from support import build, front_matter, write

pytestmark = pytest.mark.browser

JOURNEY = "journeys/adopting-fieldline/"


@pytest.mark.parametrize("width, name", [(1280, "desktop"), (390, "phone")])
def test_journey_map_screenshot(screenshot, sample_url, width, name):
    screenshot(sample_url + JOURNEY, f"journey-map-{name}", width, selector=".map-scroll")


def test_home_map_screenshot(screenshot, sample_url):
    screenshot(sample_url, "home-map", selector=".atlas-map-frame")


@pytest.mark.parametrize("view", ["emotions", "asset", "raci"])
def test_decision_view_screenshots(screenshot, sample_url, view):
    screenshot(sample_url + JOURNEY + view + "/", f"view-{view}")


def test_gap_matrix_screenshot(screenshot, sample_url):
    screenshot(sample_url + "gaps/", "view-gaps")


def test_print_poster_screenshot(screenshot, sample_url):
    screenshot(sample_url + JOURNEY, "print-poster", width=1587, media="print")


def test_journey_prints_as_an_a3_landscape_poster_with_the_board_after_the_road(
        page, sample_url):
    page.goto(sample_url + JOURNEY)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    sheets = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    boxes = {tuple(round(float(n)) for n in box) for box in
             re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert boxes == {(1191, 842)}  # every sheet A3 landscape, in points
    # The road and its head fill the first sheet; the board (ten lanes, readable) starts
    # on the next one and takes one or two more.
    assert 2 <= sheets <= 3
    page.emulate_media(media="print")
    assert page.evaluate("""getComputedStyle(document.querySelector(
        '.journey-map-block + .block')).breakBefore""") == "page"


def test_clicking_a_stage_on_the_map_opens_it(page, sample_url):
    page.goto(sample_url + JOURNEY)
    page.locator(".journey-map a.stage-link").nth(4).click()
    page.wait_for_url("**/journeys/adopting-fieldline/stages/signed-now-what/")
    assert page.get_by_role("heading", level=1).inner_text() == "We've signed. What happens now?"


def test_clicking_a_flag_opens_its_moment(page, sample_url):
    page.goto(sample_url + JOURNEY)
    page.locator(".journey-map a.flag-last-impression").click()
    page.wait_for_url("**/moments/renewal-conversation/")


def test_tab_walks_the_map_stage_by_stage_with_moments_between(page, sample_url):
    page.goto(sample_url + JOURNEY)
    page.locator(".journey-map a").first.focus()
    names = []
    for _ in range(8):
        names.append(page.evaluate(
            "document.activeElement.querySelector('title').textContent"))
        page.keyboard.press("Tab")
    assert names == [
        "Stage 1: We keep missing jobs and nobody knows why (customers feel very unhappy); 2 pain points",
        "Stage 2: I look for someone who has solved this before (customers feel neutral); 2 pain points",
        "First impression: The first call (owned by Account Executive)",
        "Stage 3: Can they show me it works for a team like mine? (customers feel happy); 2 pain points",
        "Pivotal moment: The demo on their own jobs (owned by Solutions Consultant, Account Executive)",
        "Stage 4: I need to convince my boss and our IT team (customers feel unhappy); 2 pain points",
        "Pivotal moment: The security review (owned by Solutions Consultant)",
        "Stage 5: We've signed. What happens now? (customers feel neutral); 2 pain points",
    ]
    # The focused landmark shows a ring.
    ring = page.evaluate("getComputedStyle(document.activeElement.querySelector('.focus-ring'))"
                         ".strokeWidth")
    assert ring == "3px"


def test_gap_filter_narrows_the_list_and_the_matrix(page, sample_url):
    page.goto(sample_url + "gaps/?journey=getting-help")
    visible = page.locator(".gap-list li:visible")
    titles = visible.all_inner_texts()
    assert titles and all("Getting help when something goes wrong" in t for t in titles)
    dots = page.locator(".gap-matrix a.gap-dot:visible").count()
    assert dots == len(titles)
    page.get_by_label("Status").select_option("done")
    assert page.locator(".gap-list li:visible").count() == 1
    page.get_by_label("Journey").select_option("")
    assert page.locator(".gap-list li:visible").count() == 2  # one done gap in each journey


def _sized_atlas(root, count: int, long_names: bool):
    write(root / "atlas.yml", "name: Sizes\n")
    names = ["Je cherche quelqu'un qui a déjà résolu exactement ce problème chez nous",
             # Non-Latin wrapping is unit-tested; screenshots stay within the bundled fonts.
             "Żółć i gęś: nie wiem, czy to dla nas, ale chcę spróbować", "Short",
             "I'm not sure this is for us, and I'd like to talk to someone who's been there"]
    stages = [f"s{i:02d}" for i in range(count)]
    write(root / "journeys/j/journey.yml", "title: Sizes\nstages: [" + ", ".join(stages) + "]\n")
    for i, stage in enumerate(stages):
        name = names[i % len(names)] if long_names else f"Stage {i + 1}"
        write(root / f"journeys/j/stages/{stage}.md", front_matter(
            {"name": name, "emotion": (i * 3 % 5) - 2, "desired_emotion": 1,
             "pain_points": ["p"] * (i % 3)}))
        if i % 3 == 0:
            write(root / f"journeys/j/moments/m{i}.md", front_matter(
                {"title": f"Moment {i}", "stage": stage}))


@pytest.mark.parametrize("count", [3, 15])
def test_short_and_long_journeys_look_designed(tmp_path, serve, screenshot, count):
    _sized_atlas(tmp_path / "content", count, long_names=True)
    result = build(tmp_path / "content", tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    screenshot(serve(tmp_path / "site") + "journeys/j/", f"journey-map-{count}-stages",
               selector=".map-scroll")


# The smallest stage text on the map, as rendered: font-size times the svg's scale.
SMALLEST_STAGE_TEXT = """() => {
  const svg = document.querySelector('.journey-map');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('a.stage-link text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return Math.min(...sizes);
}"""


@pytest.mark.parametrize("width, height, smallest", [(1280, 800, 12), (1920, 1080, 14)])
def test_a_twelve_stage_map_fits_the_window_with_readable_text(
        tmp_path, serve, browser, width, height, smallest):
    _sized_atlas(tmp_path / "content", 12, long_names=True)
    result = build(tmp_path / "content", tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(serve(tmp_path / "site") + "journeys/j/")
    links = page.locator(".journey-map a.stage-link")
    assert links.count() == 12
    for i in range(12):
        box = links.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (i, box)
    assert page.evaluate(SMALLEST_STAGE_TEXT) >= smallest
    assert page.locator(".map-more").is_hidden()  # nothing to scroll to
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no page scroll
    context.close()


def test_focusing_a_stage_beyond_the_edge_scrolls_it_fully_into_view(tmp_path, serve, page):
    _sized_atlas(tmp_path / "content", 15, long_names=True)
    result = build(tmp_path / "content", tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    page.goto(serve(tmp_path / "site") + "journeys/j/")
    assert page.locator(".map-more").is_visible()  # the hint shows what lies beyond
    stage = page.locator(".journey-map a.stage-link").nth(11)
    stage.focus()
    box = stage.bounding_box()
    frame = page.locator(".journey-map-block .map-scroll").bounding_box()
    assert box["x"] >= frame["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]


def test_the_scroll_hint_shows_without_javascript_where_the_map_is_wider(tmp_path, serve,
                                                                         browser):
    for count in (15, 5):
        _sized_atlas(tmp_path / f"c{count}", count, long_names=False)
        result = build(tmp_path / f"c{count}", tmp_path / f"s{count}", lint=False)
        assert result.returncode == 0, result.stderr
    seen = {}
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      java_script_enabled=False)
        page = context.new_page()
        for count in (15, 5):
            page.goto(serve(tmp_path / f"s{count}") + "journeys/j/")
            seen[count, width] = page.locator(".map-more").is_visible()
        page.emulate_media(media="print")
        seen["print"] = page.locator(".map-more").is_visible()
        context.close()
    # A long journey always scrolls; a short one only in a window under 1,250 px.
    assert seen == {(15, 1280): True, (5, 1280): False, (15, 390): True, (5, 390): True,
                    "print": False}


def test_the_legend_lists_only_what_the_journey_shows(tmp_path, serve, page):
    root = tmp_path / "content"
    write(root / "atlas.yml", "name: Legend\n")
    write(root / "journeys/j/journey.yml", "title: Legend\nstages: [a, b]\n")
    write(root / "journeys/j/stages/a.md", front_matter({"name": "A", "emotion": 1}))
    write(root / "journeys/j/stages/b.md", front_matter({"name": "B", "emotion": -1}))
    write(root / "journeys/j/moments/m.md", front_matter({"title": "The call", "stage": "a"}))
    result = build(root, tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    page.goto(serve(tmp_path / "site") + "journeys/j/")
    assert page.locator(".journey-map .legend text").all_text_contents() == ["Pivotal moment"]
    assert page.locator(".journey-map .flag-name").all_text_contents() == ["The call"]


CHART_TEXT_SIZES = """() => [...document.querySelectorAll('svg.chart text, svg.kpi-trend text')]
  .filter(t => t.getClientRects().length && t.textContent.trim())
  .map(t => [t.textContent.trim().slice(0, 30),
             // the scale from the drawing to the screen, turned text too (hypot)
             parseFloat(getComputedStyle(t).fontSize) *
               Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b)])"""


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_labels_are_drawn_at_12_px_or_more(browser, sample_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  service_workers="block")
    page = context.new_page()
    small, measured = [], 0
    for path in ("journeys/getting-help/emotions/", "journeys/getting-help/asset/",
                 "journeys/getting-help/", "gaps/",
                 "journeys/getting-help/stages/crew-is-waiting/"):
        page.goto(sample_url + path)
        sizes = page.evaluate(CHART_TEXT_SIZES)
        measured += len(sizes)
        small += [(path, text, round(px, 1)) for text, px in sizes if px < 11.95]
    context.close()
    assert measured > 20  # the charts are there and were measured (on a phone, fewer show)
    assert not small, small
