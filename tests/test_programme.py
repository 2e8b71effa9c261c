"""The programme of journeys: the lifecycle board, nested (detail) journeys and research
insights, from the content files to the pages, and every wrong reference reported."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest

from journey_atlas.compare import compare
from journey_atlas.export import atlas_to_dict
from journey_atlas.lint import LintConfig, lint
from journey_atlas.loader import load_atlas
from support import SAMPLE, build, front_matter, minimal_atlas, write

STAGE = "journeys/buying/stages/first.md"
JOURNEY = "journeys/buying/journey.yml"


def text_of(html: str) -> str:
    """A page's words, tags taken out and spaces squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("programme")
    shutil.copytree(SAMPLE, root / "content")
    result = build(root / "content", root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


# --- the lifecycle board ------------------------------------------------------------------

def phase_sections(html: str) -> dict[str, str]:
    """Each phase column of the first lifecycle board on the page, by its heading's words."""
    board = html[html.index('<div class="lifecycle-board"'):]
    board = board[:board.index("</div>\n")] if "</div>\n" in board else board
    sections = re.findall(r'<section class="phase[^"]*"[^>]*>(.*?)</section>', board, re.S)
    out = {}
    for section in sections:
        heading = re.search(r"<h\d[^>]*>(.*?)</h\d>", section, re.S).group(1)
        out[text_of(heading)] = section
    return out


def test_lifecycle_page_shows_each_journey_under_its_phase_and_marks_the_blind_spot(site):
    html = page(site, "lifecycle")
    phases = phase_sections(html)
    assert list(phases) == ["1 I choose Fieldline and get going", "2 It runs our day",
                            "3 We grow with it, or we move on"]
    first, second, third = phases.values()
    assert 'href="../journeys/adopting-fieldline/"' in first
    assert 'href="../journeys/moving-our-data/"' in first
    assert 'href="../journeys/getting-help/"' in second
    assert "Blind spot:" not in first + second
    assert "Blind spot:" in text_of(third) and "phase-journey" not in third
    # Status and owner with each journey; a detail journey says which stage it details.
    assert "Live" in text_of(first) and "Owner: Customer Success Manager" in text_of(first)
    assert "Mapped" in text_of(first)
    assert "Detail of Getting my team set up without chaos in Adopting Fieldline" in text_of(first)
    # The end-to-end journey comes before the detail journey inside it.
    assert first.index("adopting-fieldline/") < first.index("moving-our-data/")


def test_home_page_carries_the_lifecycle_board(site):
    html = page(site, "")
    phases = phase_sections(html)
    assert len(phases) == 3 and "Blind spot:" in text_of(list(phases.values())[2])
    assert 'href="lifecycle/"' in html


def test_journeys_without_a_phase_are_not_placed(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "atlas.yml", "name: Tiny Co\nlifecycle:\n  - id: buy\n    name: I buy\n")
    atlas = load_atlas(root).atlas
    from journey_atlas.views import build_views
    columns = build_views(atlas).lifecycle()
    assert [(c.phase.id if c.phase else None, [j.id for j in c.journeys], c.blind_spot)
            for c in columns] == [("buy", [], True), (None, ["buying"], False)]
    result = build(root, tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/lifecycle/index.html").read_text(encoding="utf-8")
    assert "Not placed in a phase" in html and 'href="../journeys/buying/"' in html


def test_a_phase_with_only_retired_journeys_is_a_blind_spot(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "atlas.yml", "name: Tiny Co\nlifecycle:\n  - id: buy\n    name: I buy\n")
    write(root / JOURNEY, "title: Buying\npersonas: [buyer]\nphase: buy\nstatus: retired\n"
                          "stages: [first, second]\n")
    from journey_atlas.views import build_views
    [column] = build_views(load_atlas(root).atlas).lifecycle()
    assert column.blind_spot and [j.id for j in column.journeys] == ["buying"]


def test_a_detail_journey_without_a_phase_sits_with_the_journey_it_details(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    path = root / "journeys/moving-our-data/journey.yml"
    path.write_text(path.read_text().replace("phase: choose-and-start\n", ""))
    from journey_atlas.views import build_views
    columns = build_views(load_atlas(root).atlas).lifecycle()
    assert [j.id for j in columns[0].journeys] == ["adopting-fieldline", "moving-our-data"]
    assert all(column.phase for column in columns)  # nothing left "not placed"


# --- nested journeys ----------------------------------------------------------------------

def test_a_stage_links_its_detail_journey_and_the_detail_journey_links_back(site):
    stage = page(site, "journeys/adopting-fieldline/stages/setting-up")
    assert 'href="../../../moving-our-data/"' in stage
    assert "A closer look at this stage" in stage
    detail = page(site, "journeys/moving-our-data")
    crumbs = text_of(detail[detail.index('<nav class="crumbs"'):detail.index("</nav>",
                                                                         detail.index('<nav class="crumbs"'))])
    assert crumbs == ("Fieldline Journeys Adopting Fieldline Getting my team set up without "
                      "chaos Moving our sites and job history across")
    assert ("A closer look at the stage Getting my team set up without chaos of Adopting "
            "Fieldline") in text_of(detail)
    assert 'href="../adopting-fieldline/stages/setting-up/"' in detail


def test_the_parent_map_and_board_link_the_detail_journey(site):
    html = page(site, "journeys/adopting-fieldline")
    svg = html[html.index("<svg class=\"journey-map"):html.index("</svg>", html.index(
        "<svg class=\"journey-map"))]
    [badge] = re.findall(r'<a class="detail-link" href="([^"]+)">\s*<title>([^<]+)</title>', svg)
    assert badge == ("../moving-our-data/",
                     "A closer look at stage 6: Moving our sites and job history across")
    assert "A closer look" in svg  # the legend names the badge
    board = html[html.index('class="map-grid journey-board"'):]
    head = board[board.index('id="col-setting-up"'):board.index("</th>", board.index(
        'id="col-setting-up"'))]
    assert 'class="detail-col" href="../moving-our-data/"' in head
    # A map without detail journeys has no such badge or legend entry.
    other = page(site, "journeys/getting-help")
    assert "detail-link" not in other and "A closer look" not in other


def nested(root: Path, links: dict[str, str]) -> None:
    """Journeys a, b, c of one stage each, whose stage names the journey in `links`."""
    for journey in "abc":
        write(root / f"journeys/{journey}/journey.yml",
              f"title: Journey {journey}\npersonas: [buyer]\nstages: [s]\n")
        data = {"name": f"Stage of {journey}"}
        if journey in links:
            data["journey"] = links[journey]
        write(root / f"journeys/{journey}/stages/s.md", front_matter(data))


def test_a_journey_that_contains_itself_is_an_error_naming_the_loop(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    nested(root, {"a": "b", "b": "c", "c": "a"})
    found = [(p.path, p.line, p.col, p.message) for p in load_atlas(root).problems]
    assert found == [("journeys/a/stages/s.md", 3, 10,
                      "journey 'a' contains itself: a (stage s) › b (stage s) › c (stage s) › "
                      "a; a detail journey must not lead back to a journey it sits in")]


def test_a_stage_that_names_its_own_journey_is_a_loop(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / STAGE, front_matter({"name": "I look around", "journey": "buying"}))
    [problem] = load_atlas(root).problems
    assert (problem.path, problem.line) == (STAGE, 3)
    assert problem.message.startswith("journey 'buying' contains itself: buying (stage first) "
                                      "› buying")


def test_a_chain_without_a_loop_is_fine(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    nested(root, {"a": "b", "b": "c"})
    assert load_atlas(root).problems == []


def test_a_long_chain_of_detail_journeys_is_checked_without_recursion(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    count = 1500  # deeper than Python's recursion limit
    for i in range(count):
        write(root / f"journeys/j{i}/journey.yml", f"title: J{i}\npersonas: [buyer]\nstages: [s]\n")
        data = {"name": f"S{i}", "journey": f"j{(i + 1) % count}"}
        write(root / f"journeys/j{i}/stages/s.md", front_matter(data))
    [problem] = load_atlas(root).problems
    assert problem.message == (
        "journey 'j0' contains itself: j0 (stage s) › j1 (stage s) › j2 (stage s) › j3 "
        "(stage s) › … 1494 more … › j1498 (stage s) › j1499 (stage s) › j0; a detail journey "
        "must not lead back to a journey it sits in")


# --- research insights --------------------------------------------------------------------

def test_an_insight_page_lists_its_stages_and_the_gaps_that_cite_it(site):
    html = text_of(page(site, "insights/first-week-tickets"))
    assert "Research insight · Analytics · 30 June 2026" in html
    assert "Where in the journey Getting my team set up without chaos stage 6 of Adopting " \
           "Fieldline The first week the crews use it for real stage 7 of Adopting " \
           "Fieldline" in html
    assert "Gaps that rest on it Training in the week before go-live Planned" in html
    assert "Support briefed on every go-live" in html


def test_a_stage_lists_the_insights_that_name_it_or_that_its_gaps_cite(site):
    html = page(site, "journeys/adopting-fieldline/stages/setting-up")
    section = html[html.index('id="insights"'):html.index("</section>", html.index('id="insights"'))]
    titles = re.findall(r'<a href="../../../../insights/([a-z-]+)/">', section)
    # Newest first: first-week tickets (June 2026), then site lists (April 2026).
    assert titles == ["first-week-tickets", "site-lists-in-many-formats"]
    assert "Analytics" in section and "30 June 2026" in section
    assert "behind “Training in the week before go-live”" in section
    gaps = html[html.index('id="gaps"'):]
    assert "Rests on:" in gaps


def test_insights_index_can_be_filtered_by_source_and_journey(site):
    html = page(site, "insights")
    items = re.findall(r'<li data-source="([a-z]*)" data-journeys="([a-z -]*)">', html)
    assert len(items) == 7
    assert ("analytics", "adopting-fieldline") in items
    assert ("observation", "adopting-fieldline moving-our-data") in items
    assert '<form class="insight-filter" hidden>' in html  # shown by atlas.js


def test_gap_of_high_impact_without_an_insight_gets_a_lint_warning(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / STAGE, front_matter({"name": "I look around", "roles": {"agent": "A"},
                                      "gaps": [{"title": "Faster", "impact": 4},
                                               {"title": "Kinder", "impact": 3}]}))
    warnings = [p.message for p in lint(load_atlas(root).atlas, LintConfig())
                if p.message.endswith("[gap_evidence]")]
    assert warnings == ["gap 'Faster' has impact 4 but cites no research: add 'insights:' with "
                        "the ids of the insights it rests on (insights/<id>.md) [gap_evidence]"]
    assert not [p for p in lint(load_atlas(root).atlas, LintConfig(gap_evidence=False))
                if "gap_evidence" in p.message]


# --- validation: every wrong reference, all at once ---------------------------------------

def test_every_wrong_reference_is_reported_with_file_line_and_column(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "atlas.yml", """
        name: Tiny Co
        lifecycle:
          - id: buy
            name: I buy
          - id: buy
            name: I buy again
          - id: Not An Id
            name: Oops
        """)
    write(root / JOURNEY, """
        title: Buying
        personas: [buyer]
        phase: by
        owner: agnet
        status: done
        kind: overview
        stages: [first, second]
        """)
    write(root / STAGE, front_matter({"name": "I look around", "journey": "buyin",
                                      "gaps": [{"title": "Faster", "insights": ["nope"]}]}))
    write(root / "insights/heard.md", front_matter({
        "title": "We heard", "source": "rumour", "date": "2026-13-01",
        "personas": ["byuer"],
        "stages": ["buying/frist", "selling/first", "first", "buying/second"]}))
    found = [(p.path, p.line, p.col, p.message) for p in load_atlas(root).problems]
    assert found == [
        ("atlas.yml", 5, 9, "lifecycle #2 › id: the phase 'buy' is listed twice (first on "
                            "line 3); give each phase its own id"),
        ("atlas.yml", 7, 9, "lifecycle #3 › id: expected an id (lower-case letters, digits and "
                            "single hyphens), e.g. 'i-get-started', got the text "
                            "'Not An Id'"),
        ("insights/heard.md", 3, 9, "source: expected one of interview, survey, complaint, "
                                    "analytics, observation, workshop, got the text 'rumour'"),
        ("insights/heard.md", 4, 7, "date: expected a date written YYYY-MM-DD; 2026-13-01 is "
                                    "not a day of the calendar"),
        ("insights/heard.md", 6, 3, "unknown persona 'byuer'; did you mean 'buyer'?"),
        ("insights/heard.md", 8, 3, "unknown stage 'frist' in journey 'buying'; did you mean "
                                    "'buying/first'?"),
        ("insights/heard.md", 9, 3, "unknown journey 'selling' in the stage 'selling/first'; "
                                    "known journeys: buying"),
        ("insights/heard.md", 10, 3, "expected a stage as journey-id/stage-id, got 'first'; "
                                     "e.g. 'buying/first'"),
        ("journeys/buying/journey.yml", 3, 8, "unknown phase 'by'; did you mean 'buy'?"),
        ("journeys/buying/journey.yml", 4, 8, "unknown role 'agnet'; did you mean 'agent'?"),
        ("journeys/buying/journey.yml", 5, 9, "status: expected one of idea, researching, "
                                              "mapped, live, retired, got the text 'done'"),
        ("journeys/buying/journey.yml", 6, 7, "kind: expected one of end-to-end, detail, got "
                                              "the text 'overview'"),
        (STAGE, 3, 10, "unknown journey 'buyin'; did you mean 'buying'?"),
        (STAGE, 7, 5, "unknown insight 'nope'; known insights: heard"),
    ]


def test_a_phase_named_when_the_atlas_has_no_lifecycle_says_where_to_add_it(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / JOURNEY, "title: Buying\npersonas: [buyer]\nphase: buy\nstages: [first, second]\n")
    [problem] = load_atlas(root).problems
    assert problem.message == ("unknown phase 'buy'; there are no phases yet: add a phase with "
                               "id 'buy' under 'lifecycle:' in atlas.yml")


# --- "What changed" -----------------------------------------------------------------------

def test_what_changed_reports_a_phase_move_a_status_change_and_a_new_insight():
    base = atlas_to_dict(load_atlas(SAMPLE).atlas)
    new = copy.deepcopy(base)
    [help_journey] = [j for j in new["journeys"] if j["id"] == "getting-help"]
    help_journey["phase"] = "grow-or-leave"
    help_journey["status"] = "retired"
    new["insights"]["new-survey"] = {"id": "new-survey", "title": "A new survey",
                                     "source": "survey", "body": ""}
    del base["insights"]["crews-want-a-person"]
    changes = compare(base, new, "1.0")
    assert [(c.journey, c.what, c.old, c.new, c.roles) for c in changes.programme] == [
        ("getting-help", "phase", "every-day", "grow-or-leave", ["support-team-lead"]),
        ("getting-help", "status", "live", "retired", ["support-team-lead"])]
    assert {("insight", "new-survey"), ("insight", "crews-want-a-person")} <= {
        (i.kind, i.id) for i in changes.added}
    assert changes.for_role("support-team-lead")["programme"] == changes.programme


def test_an_export_from_before_the_programme_keys_reports_no_change():
    now = atlas_to_dict(load_atlas(SAMPLE).atlas)
    old = copy.deepcopy(now)
    del old["insights"]
    for journey in old["journeys"]:
        for key in ("phase", "owner", "status", "kind"):
            journey.pop(key, None)
    for journey in now["journeys"]:
        journey.update(phase=None, owner=None, status="mapped", kind="end-to-end")
    changes = compare(old, now, "0.9")
    assert changes.programme == []  # no phase or owner then, and 'mapped' is the default
    assert {i.kind for i in changes.added} == {"insight"}


def test_a_broken_phase_adds_no_second_error_on_the_journeys_that_name_it(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / JOURNEY, "title: Buying\npersonas: [buyer]\nphase: buy\nstages: [first, second]\n")
    write(root / "atlas.yml", "name: Tiny Co\nlifecycle:\n  - id: buy\n")  # no name
    assert [p.message for p in load_atlas(root).problems] == [
        "missing required key 'name' in lifecycle phase (the phase in the customer's words, "
        "e.g. 'I look for care')"]
    write(root / "atlas.yml", "name: Tiny Co\nlifecycle: {buy: I buy}\n")  # not a list
    [problem] = load_atlas(root).problems
    assert problem.message.startswith("lifecycle: expected a list of items")


def test_a_required_text_that_is_blank_is_an_error(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "insights/blank.md", front_matter({"title": "   "}))
    [problem] = load_atlas(root).problems
    assert (problem.path, problem.line, problem.message) == (
        "insights/blank.md", 2, "title: 'title' is required in insight but is blank")
