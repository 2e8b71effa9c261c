"""Pages that don't grow with the atlas: past the limits in site_builder/page_sizes.py, home,
the tour, the journeys index and role pages summarise and link instead of listing all.

One atlas, large enough to pass every limit and small enough to build in seconds, is
built once for the module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from support import build, front_matter, write

JOURNEYS = 30  # past GLANCE_JOURNEYS (12) and JOURNEY_CARDS (24)
LONG_STAGES = 12  # journey-00's stages, past ROLE_LIST_ROWS (8); the others have 3
ROLES = 45  # past HOME_ROLE_CHIPS (40): "busy" and 44 others


def large_atlas(root: Path) -> Path:
    """30 journeys in one lifecycle phase; journey-01 retired. The role "busy" has a part
    in every stage (A, R, C in turn), a moment in every journey, and in journey-00 a
    touchpoint and a gap at each of its 12 stages."""
    write(root / "atlas.yml", yaml.safe_dump({"name": "Large Co", "lifecycle": [
        {"id": "start", "name": "I get going"}, {"id": "later", "name": "I stay"}]}))
    write(root / "roles/busy.md", front_matter({"name": "Busy"}))
    for r in range(ROLES - 1):
        write(root / f"roles/role-{r:02d}.md", front_matter({"name": f"Role {r:02d}"}))
    write(root / "personas/buyer.md", front_matter({"name": "Buyer"}))
    for j in range(JOURNEYS):
        base = root / f"journeys/journey-{j:02d}"
        stages = [f"s{s:02d}" for s in range(LONG_STAGES if j == 0 else 3)]
        write(base / "journey.yml", yaml.safe_dump({
            "title": f"Journey {j:02d}", "personas": ["buyer"], "phase": "start",
            "status": "retired" if j == 1 else "mapped", "segment": "Mid-sized firms",
            "outcome": f"Outcome of journey {j:02d}.", "stages": stages}))
        for s, stage_id in enumerate(stages):
            data = {"name": f"I do step {s} of {j:02d}", "roles": {"busy": "ARC"[s % 3]},
                    "emotion": s % 5 - 2}
            if j == 0:
                data["touchpoints"] = [{"name": f"Touchpoint {s:02d}", "owner": "busy"}]
                data["gaps"] = [{"title": f"Gap {s:02d}", "owner": "busy"}]
            write(base / f"stages/{stage_id}.md", front_matter(data))
        write(base / "moments/first.md", front_matter(
            {"title": f"Moment of {j:02d}", "stage": "s00", "roles": ["busy"]}))
    return root


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("large")
    site = work / "site"
    result = build(large_atlas(work / "atlas"), site, lint=False)
    assert result.returncode == 0, result.stderr
    return site


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def test_home_shows_the_first_journeys_and_links_to_all(large_site):
    home = page(large_site, "index.html")
    glance = [f"journey-{j:02d}" for j in [0] + list(range(2, 13))]  # the retired one last
    atlas_map = between(home, '<svg class="atlas-map"', "</svg>")
    assert "Map of 12 of the 30 journeys" in atlas_map
    assert re.findall(r'<a class="route[^"]*" href="journeys/([^/]+)/"', atlas_map) == glance
    cards = between(home, 'id="home-journeys"', "</section>")
    assert re.findall(r'<h3 class="h3"><a href="journeys/([^/]+)/"', cards) == glance
    assert "12 of the 30 journeys we have mapped" in cards
    assert ('<a class="more-link" href="journeys/">All 30 journeys '
            '<span class="dir-arrow" aria-hidden="true">→</span></a>') in cards


def test_home_sends_to_the_roles_page_past_the_roles_it_lists(large_site):
    roles = between(page(large_site, "index.html"), 'id="find-your-role"', "</section>")
    assert "data-role=" not in roles  # no chips
    assert 'data-role-page-pattern="roles/{id}/"' in roles  # how atlas.js finds yours
    assert '<a class="button all-roles" href="roles/">All 45 roles, by team →</a>' in roles


def test_home_lifecycle_names_the_first_journeys_of_a_phase(large_site):
    phase = between(page(large_site, "index.html"), 'id="phase-start"', "</section>")
    assert phase.count('class="phase-journey ') == 5
    assert '<a href="lifecycle/#phase-start">All 30 journeys in this phase →</a>' in phase
    board = between(page(large_site, "lifecycle/index.html"), 'id="phase-start"', "</section>")
    assert board.count('class="phase-journey ') == 30 and "phase-more" not in board


def test_tour_shows_the_first_journeys_and_links_to_all(large_site):
    step = page(large_site, "start/journeys/index.html")
    assert "Map of 12 of the 30 journeys" in step
    assert step.count('class="card journey-card"') == 12
    assert ('These are 12 of our 30 journeys. '
            '<a class="more-link" href="../../journeys/">All 30 journeys →</a>') in step


def test_journeys_index_gives_every_journey_a_line_past_the_cards(large_site):
    index = page(large_site, "journeys/index.html")
    assert "journey-card" not in index and "sparkline" not in index
    lines = between(index, '<ol class="journey-lines">', "</ol>")
    assert re.findall(r'class="journey-line-title" href="([^"]+)"', lines) == [
        f"journey-{j:02d}/" for j in range(JOURNEYS)]
    assert "Outcome of journey 07." in lines
    assert "12 stages · 1 moment" in lines and "3 stages · 1 moment · Retired" in lines
    assert "30 journeys, 99 stages in all." in index


def test_role_page_shows_its_first_moments_and_links_its_path(large_site):
    role = page(large_site, "roles/busy/index.html")
    moments = between(role, 'id="your-moments"', "</section>")
    assert moments.count('class="card moment-card') == 12
    assert re.findall(r'<h3 class="h3"><a href="([^"]+)"', moments) == [
        f"../../journeys/journey-{j:02d}/moments/first/" for j in range(12)]
    assert ('The first 12 of your 30 moments, in the order customers live them. '
            '<a href="../../paths/busy/">All 30 on your learning path →</a>') in moments


def test_role_page_details_its_first_journeys_and_sums_up_the_rest(large_site):
    role = page(large_site, "roles/busy/index.html")
    involvement = role[role.index('id="involvement"'):]
    # 99 stages: journey-00's 12 (A, R, C in turn) and 3 in each of the other 29.
    assert ("You have a part in 99 stages of 30 journeys: Responsible in 33, "
            "Accountable in 33, Consulted in 33.") in involvement
    detailed = re.findall(r'<h3 id="j-([^"]+)">', involvement)
    assert detailed == [f"journey-{j:02d}" for j in range(10)]
    brief = between(involvement, '<ul class="in-brief">', "</ul>")
    assert "20 more journeys you have a part in" in involvement
    assert re.findall(r'<li><a href="../../journeys/([^/]+)/">', brief) == [
        f"journey-{j:02d}" for j in range(10, 30)]
    assert ('<a href="../../journeys/journey-29/">Journey 29</a>: Responsible in 1, '
            'Accountable in 1, Consulted in 1 of its 3 stages, the first '
            '<a href="../../journeys/journey-29/stages/s00/">I do step 0 of 29</a> '
            '<span class="meta">· 1 moment</span></li>') in brief


def test_role_page_cuts_long_lists_and_links_to_the_rest(large_site):
    role = page(large_site, "roles/busy/index.html")
    long = between(role, 'id="j-journey-00"', "</section>")
    assert "Responsible in 4, Accountable in 4, Consulted in 4 of its 12 stages." in long
    assert long.count("<tr><td>") == 8
    assert ('<a href="../../journeys/journey-00/raci/">'
            '4 more stages, in Who is accountable '
            '<span class="dir-arrow" aria-hidden="true">→</span></a>') in long
    assert long.count("Touchpoint ") == 8 and "Touchpoint 07" in long
    assert "Touchpoint 08" not in long
    assert ('<a href="../../journeys/journey-00/#map-title">'
            '4 more touchpoints, on the journey board '
            '<span class="dir-arrow" aria-hidden="true">→</span></a>') in long
    assert long.count("Gap ") == 8
    assert ('<a href="../../gaps/?journey=journey-00">4 more gaps in this journey '
            '<span class="dir-arrow" aria-hidden="true">→</span></a>') in long
    short = between(role, 'id="j-journey-01"', "</section>")  # 3 stages: all listed, no counts
    assert short.count("<tr><td>") == 3 and "list-more" not in short and "of its" not in short


# Each page as it was before it summarised, on this atlas: home 69 KB, the tour's journeys
# step 55 KB, the busy role 53 KB, the journeys index 23 KB.
@pytest.mark.parametrize("name, bound", [
    ("index.html", 30_000), ("start/journeys/index.html", 30_000),
    ("roles/busy/index.html", 35_000), ("journeys/index.html", 12_000)])
def test_summarised_pages_stay_small(large_site, name, bound):
    assert (large_site / name).stat().st_size < bound
