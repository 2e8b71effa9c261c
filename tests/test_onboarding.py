"""Onboarding pages in a real build: the tour, learning paths, cards and the glossary."""

from __future__ import annotations

import re

from journey_atlas.loader import load_atlas
from journey_atlas.onboarding import role_path, tour_steps
from journey_atlas.views import build_views
from support import SAMPLE, build, front_matter, minimal_atlas, write

TOUR = ["start/index.html", "start/culture/index.html", "start/impression/index.html",
        "start/customers/index.html", "start/journeys/index.html",
        "start/reading-the-map/index.html", "start/moments/index.html",
        "start/your-role/index.html"]


def read(site, page):
    return (site / page).read_text(encoding="utf-8")


def test_tour_has_eight_numbered_steps_linked_in_order(sample_site):
    for number, page in enumerate(TOUR, start=1):
        html = read(sample_site, page)
        assert f"Step {number} of 8" in html
        assert ('rel="next"' in html) == (number < 8)
        assert ('rel="prev"' in html) == (number > 1)
    assert "We win and keep customers" in read(sample_site, TOUR[0])
    assert "Dependable" in read(sample_site, TOUR[2])
    assert "The first Monday at 6 a.m." in read(sample_site, TOUR[6])
    assert 'href="../../paths/support-agent/"' in read(sample_site, TOUR[7])


def test_tour_skips_steps_the_atlas_has_nothing_for(tmp_path):
    atlas = load_atlas(minimal_atlas(tmp_path / "content")).atlas
    assert [s.kind for s in tour_steps(atlas)] == ["strategy", "customers", "journeys",
                                                   "read-map", "moments", "role"]


def test_home_page_links_to_the_tour_and_paths(sample_site):
    html = read(sample_site, "index.html")
    assert 'href="start/"' in html and 'href="paths/"' in html


def test_role_path_reaches_every_moment_the_role_is_part_of():
    atlas = load_atlas(SAMPLE).atlas
    views = build_views(atlas)
    for role in atlas.roles.values():
        path = role_path(atlas, views, role)
        owned = [m.id for j in atlas.journeys for m in j.moments if role.id in m.roles]
        assert [m.id for m in path.moments] == owned, role.id
        assert all(sum(a.right for a in q.answers) == 1 for q in path.questions)


def test_path_page_shows_raci_touchpoints_say_avoid_and_self_check(sample_site):
    html = read(sample_site, "paths/support-agent/index.html")
    assert html.index("Adopting Fieldline") < html.index("Getting help when something goes wrong")
    assert "You are <strong>Responsible</strong>" in html
    assert "You own: Help centre articles" in html
    assert "I&#39;m on this with you. Which crew is waiting, and where?" in html
    assert html.count('<details class="check">') == 6  # quiz.PATH_QUESTIONS


def test_discussion_cards_hold_every_question_and_great_looks_like(sample_site):
    atlas = load_atlas(SAMPLE).atlas
    journey = atlas.journey("adopting-fieldline")
    html = read(sample_site, "journeys/adopting-fieldline/cards/index.html")
    questions = sum(len(s.questions) for s in journey.stages)
    greats = sum(1 for m in journey.moments if m.great_looks_like)
    assert html.count('class="discussion-card') == questions + greats


def test_glossary_pairs_customer_words_with_internal_names(sample_site):
    html = read(sample_site, "glossary/index.html")
    row = re.search(r"<tr>\s*<td>Lead generation</td>\s*<td data-label=\"Customers say\"><a href=\"([^\"]+)\">I look for "
                    r"someone who has solved this before</a>", html)
    assert row and row.group(1) == "../journeys/adopting-fieldline/stages/looking-for-help/"
    assert "Our quarterly catch-up" in html  # a term an author added in glossary.yml


def test_stage_quick_view_names_owners_and_what_to_say(sample_site):
    html = read(sample_site, "journeys/getting-help/stages/crew-is-waiting/index.html")
    quick = html.split('<aside class="quick-view"')[1].split("</aside>")[0]
    assert "Support Team Lead" in quick and "Support Agent" in quick
    assert "Which crew is waiting" in quick and "Asking for a customer number" in quick


def test_glossary_file_is_validated(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    (root / "glossary.yml").write_text("terms:\n  - term: QBR\n    mean: review\n")
    problems = load_atlas(root).problems
    assert [(p.path, p.line) for p in problems] == [("glossary.yml", 3)]
    assert "did you mean 'means'?" in problems[0].message
    result = build(root, tmp_path / "site", lint=False)
    assert result.returncode == 1


def test_a_role_that_runs_only_a_backstage_step_has_it_on_its_page_and_path(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "roles/billing-clerk.md", front_matter({"name": "Billing Clerk"}))
    write(root / "journeys/buying/stages/second.md", front_matter({
        "name": "I decide", "backstage": [{"name": "Credit check", "owner": "billing-clerk",
                                           "system": "the ledger"}]}))
    atlas = load_atlas(root).atlas
    views = build_views(atlas)
    clerk = atlas.roles["billing-clerk"]
    assert views.has_path(clerk)  # before, a backstage owner had no path and no part
    stops = role_path(atlas, views, clerk).stops
    assert [(s.stage.id, s.backstage) for s in stops] == [("second", ["Credit check"])]
    result = build(root, tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    role = read(tmp_path / "site", "roles/billing-clerk/index.html")
    assert "Behind the scenes you run" in role and "Credit check" in role
    assert "the ledger" in role
    path = read(tmp_path / "site", "paths/billing-clerk/index.html")
    assert "Behind the scenes you run: Credit check" in path


def _main_words(html: str) -> int:
    """Words a reader reads in a page's main content, drawings aside."""
    main = html[html.index('<main'):html.index('</main>')]
    main = re.sub(r"<svg.*?</svg>", " ", main, flags=re.S)
    main = re.sub(r"<nav class=\"pager.*?</nav>", " ", main, flags=re.S)
    main = re.sub(r'<nav class="breadcrumbs.*?</nav>', " ", main, flags=re.S)
    return len(re.sub(r"<[^>]+>", " ", main).split())


def test_the_tour_states_a_length_measured_from_its_words(sample_site, tmp_path):
    words = sum(_main_words(read(sample_site, page)) for page in TOUR)
    stated = re.search(r"It takes about (\d+) minutes? to read", read(sample_site, TOUR[0]))
    assert stated, "the first step states the length"
    # 200 words a minute, rounded up; the count here (main content less the pager) and the
    # build's may differ by some words.
    assert abs(int(stated.group(1)) - -(-words // 200)) <= 1, (stated.group(1), words)
    # A much longer tour says so: not a fixed figure.
    root = minimal_atlas(tmp_path / "content")
    write(root / "atlas.yml", "name: Tiny Co\nstrategy: " + " ".join(["word"] * 3000) + "\n")
    result = build(root, tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    long = re.search(r"It takes about (\d+) minutes to read",
                     read(tmp_path / "site", "start/index.html"))
    assert long and 15 <= int(long.group(1)) <= 18  # 3,000 words of strategy, at 200 a minute


def test_how_to_read_a_map_explains_each_mark_it_numbers(sample_site):
    html = read(sample_site, "start/reading-the-map/index.html")
    badges = re.findall(r'<g class="callout" aria-hidden="true">.*?<text[^>]*>(\d+)</text>',
                        html, re.S)
    keys = re.findall(r'<li class="map-key-([a-z]+)"><span class="map-key-number">(\d+)</span>',
                      html)
    assert badges == ["1", "2", "3", "4", "5"]
    assert keys == [("hill", "1"), ("valley", "2"), ("flag", "3"), ("warning", "4"),
                    ("desired", "5")]
    assert "A hill: customers feel good here." in html
    assert "The dotted line: where we aim." in html


def test_the_map_badges_stand_clear_of_each_other_and_of_what_they_explain():
    from journey_atlas.drawings import journey_map as jm
    atlas = load_atlas(SAMPLE).atlas
    for journey in atlas.journeys:
        layout = jm.layout(journey, {})
        marks = jm.callouts(layout)
        boxes = [jm.Box(c.badge[0] - c.radius, c.badge[1] - c.radius, 2 * c.radius,
                        2 * c.radius) for c in marks]
        for i, box in enumerate(boxes):
            assert 0 <= box.x and box.x + box.width <= layout.width, journey.id
            assert not any(jm._overlap(box, other) for other in boxes[i + 1:]), journey.id
        r = jm.MARKER_FACE.radius
        faces = [jm.Box(m.x - r, m.y - r, 2 * r, 2 * r) for m in layout.stages]
        assert not any(jm._overlap(b, f) for b in boxes for f in faces), journey.id
