"""The SVG drawings: deterministic, escaped, well-formed, and designed for 1 to 15 stages."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from journey_atlas.drawings import atlas_map, geometry
from journey_atlas.drawings import journey_map as jm
from journey_atlas.drawings.geometry import Scale, text_width, wrap
from journey_atlas.loader import load_atlas
from journey_atlas.model import Atlas, Journey, Moment, Persona, Stage
from journey_atlas.pages import PageRenderer
from journey_atlas.views import ranked_gaps
from support import ROOT, SAMPLE, build, write

SVG = "{http://www.w3.org/2000/svg}"
# The drawings as a build draws them: laid out by journey_atlas.drawings, drawn by the
# theme's partials/drawings/.
draw = PageRenderer(Atlas(name="Test"), [str(ROOT / "theme")]).draw
HOSTILE = '<script>alert("x")</script> & \'quoted\' "name"'


def href(thing, anchor=None):
    return "../" + thing.doc_path + "/" + (f"#{anchor}" if anchor else "")


def journey_of(count: int, name: str = "Stage") -> Journey:
    stages = [Stage(id=f"s{i}", journey_id="j", name=f"{name} {i}", emotion=(i % 5) - 2,
                    desired_emotion=min(2, (i % 5) - 1), position=i + 1,
                    pain_points=["slow"] * (i % 3)) for i in range(count)]
    moments = [Moment(id=f"m{i}", journey_id="j", title=f"Moment {i}", stage=f"s{i}",
                      kind=("first-impression", "pivotal", "last-impression")[i % 3])
               for i in range(0, count, 2)]
    return Journey(id="j", title="Test journey", stages=stages, moments=moments)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises if the markup is not well-formed


def links(svg: str) -> list[str]:
    return [a.get("href") for a in parse(svg).iter(f"{SVG}a")]


@pytest.mark.parametrize("count", [1, 3, 9, 15])
def test_journey_map_links_every_stage_and_moment_in_journey_order(count):
    journey = journey_of(count)
    svg = draw.journey_map(journey, href, {})
    expected = []
    for stage in journey.stages:
        expected.append(href(stage))
        expected += [href(m) for m in journey.moments_in(stage.id)]
    assert links(svg) == expected


def test_journey_map_is_byte_identical_for_the_same_input():
    atlas = load_atlas(SAMPLE).atlas
    first = [draw.journey_map(j, href, {}) for j in atlas.journeys]
    second = [draw.journey_map(j, href, {}) for j in load_atlas(SAMPLE).atlas.journeys]
    assert first == second


def test_journey_map_grows_with_stages_but_keeps_its_spacing():
    widths = {n: float(parse(draw.journey_map(journey_of(n), href, {})).get("viewBox").split()[2])
              for n in (3, 9, 12, 13, 15)}
    # Up to twelve stages spread across one frame, which the page shows across the window;
    # longer journeys keep the twelve-stage spacing and scroll.
    assert widths[3] == widths[9] == widths[12] == jm.FRAME_WIDTH
    assert widths[15] - widths[13] == pytest.approx(2 * jm.STAGE_SPACING, abs=0.1)


def test_journey_map_has_text_alternatives():
    root = parse(draw.journey_map(journey_of(3), href, {"r": "Role"}))
    assert root.find(f"{SVG}title").text == "Journey map: Test journey"
    assert "3 stages" in root.find(f"{SVG}desc").text
    for a in root.iter(f"{SVG}a"):
        assert a.find(f"{SVG}title").text  # every link has a name


def test_hostile_names_are_escaped_in_every_drawing():
    journey = journey_of(3, name=HOSTILE)
    journey.title = HOSTILE
    journey.moments[0].title = HOSTILE
    journey.stages[0].internal_name = HOSTILE
    drawings = [draw.journey_map(journey, href, {}), draw.emotion_chart(journey)]
    for svg in drawings:
        root = parse(svg)  # well-formed despite quotes, ampersands and tags in the names
        assert "<script>" not in svg
        texts = "".join(root.itertext())
        assert "<script>" in texts or "…" in texts  # shown as text (maybe shortened)
    # Escaped by the templates' autoescape (MarkupSafe writes ' as &#39;).
    assert "&lt;script&gt;" in drawings[0] and "&#39;quoted&#39;" in drawings[0]


def test_wrap_breaks_long_and_unspaced_text_and_ends_with_an_ellipsis():
    lines = wrap("Can they show me it works for a team like mine and everyone else too", 10, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text_width(line) <= 10 for line in lines)
    cjk = wrap("お客様が初めて請求書を受け取る瞬間です", 6, 2)
    assert len(cjk) == 2 and cjk[-1].endswith("…")
    assert all(text_width(line) <= 6 for line in cjk)
    assert wrap("Short", 10, 3) == ["Short"]
    word = "Supercalifragilisticexpialidocious" * 2
    broken = wrap(word, 8, 3)
    assert len(broken) == 3 and all(text_width(line) <= 8 for line in broken)
    assert word.startswith("".join(broken).rstrip("…"))


def test_atlas_map_has_a_route_per_journey():
    atlas = load_atlas(SAMPLE).atlas
    svg = draw.atlas_map(atlas, href)
    assert links(svg) == [href(j) for j in atlas.journeys]


def test_asset_chart_marks_the_biggest_losses():
    journey = load_atlas(SAMPLE).atlas.journey("adopting-fieldline")
    svg = draw.asset_chart(journey)
    root = parse(svg)
    worst = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "note worst"]
    assert worst == ["1200 in · 780 left (65 %)", "420 in · 160 left (38 %)"]


def test_gaps_are_ranked_by_impact_then_effort_and_placed_in_quadrants():
    atlas = load_atlas(SAMPLE).atlas
    ranked = ranked_gaps(atlas)
    assert [r.number for r in ranked] == list(range(1, len(ranked) + 1))
    impacts = [r.gap.impact for r in ranked]
    assert impacts == sorted(impacts, reverse=True)
    quadrants = {r.gap.title: r.quadrant for r in ranked}
    assert quadrants["Welcome within one working day"] == "quick-win"
    assert quadrants["Import that accepts messy spreadsheets"] == "big-bet"
    assert quadrants["Branded welcome pack for every dispatcher"] == "money-pit"
    assert quadrants["Status page linked from the phone menu"] == "fill-in"
    svg = draw.gap_matrix(ranked, href)
    assert len(links(svg)) == len(ranked)
    assert all(link.endswith("/#gaps") for link in links(svg))


# --- one geometry ------------------------------------------------------------------------

FEELINGS = [-2, 1, None, 2, 0]  # the third stage has no score: it sits between its neighbours
FILLED = [-2, 1, 1.5, 2, 0]


def feeling_journey() -> Journey:
    stages = [Stage(id=f"s{i}", journey_id="feel", name=f"Stage {i}", emotion=score,
                    desired_emotion=None if score is None else min(2, score + 1),
                    position=i + 1) for i, score in enumerate(FEELINGS)]
    return Journey(id="feel", title="Feelings", stages=stages)


def heights(svg: str, selector) -> list[float]:
    """The y of each element the selector picks, in document order."""
    out = []
    for element in parse(svg).iter():
        y = selector(element)
        if y is not None:
            out.append(float(y))
    return out


def css_class(element) -> str:
    return element.get("class") or ""


def marker_y(element):
    if css_class(element).startswith("marker face-"):
        return re.fullmatch(r"translate\(\S+ (\S+)\)", element.get("transform")).group(1)
    return element.get("cy") if "marker-none" in css_class(element) else None


@pytest.mark.parametrize("patched", [False, True], ids=["scale", "patched-scale"])
def test_every_drawing_puts_emotions_at_the_heights_of_its_geometry_scale(monkeypatch, patched):
    if patched:  # no drawing may have its own formula: changing Scale.y moves all four
        monkeypatch.setattr(Scale, "y", lambda self, score: 300 + self.zero_y + 7 * score)
    else:
        assert geometry.JOURNEY_MAP.y(2) == 256 - 2 * 44  # zero_y - score * step
    journey = feeling_journey()
    scored = [s for s in FEELINGS if s is not None]
    aims = [min(2, s + 1) for s in scored]

    def expect(scale, scores):
        return [pytest.approx(scale.y(s), abs=0.05) for s in scores]  # one decimal printed

    road = draw.journey_map(journey, href, {})
    assert heights(road, marker_y) == expect(geometry.JOURNEY_MAP, FILLED)
    aimed_line = next(g for g in parse(road).iter(f"{SVG}g")
                      if css_class(g) == "desired" and g.get("aria-hidden"))  # not the legend's
    assert [float(c.get("cy")) for c in aimed_line.iter(f"{SVG}circle")] \
        == expect(geometry.JOURNEY_MAP, aims)

    chart = draw.emotion_chart(journey)
    assert heights(chart, lambda e: e.get("cy") if css_class(e) == "dot-now" else None) \
        == expect(geometry.EMOTION_CHART, scored)
    assert heights(chart, lambda e: e.get("cy") if css_class(e) == "dot-aim" else None) \
        == expect(geometry.EMOTION_CHART, aims)

    atlas = Atlas(name="Test", journeys=[journey])
    lane = geometry.atlas_route(atlas_map.layout(atlas).routes[0].middle)
    assert heights(draw.atlas_map(atlas, href),
                   lambda e: e.get("cy") if css_class(e) == "stop" else None) \
        == expect(lane, FILLED)

    cards = draw.env.get_template("partials/drawings/sparkline.svg.html").make_module(
        draw.context)
    # Inline in HTML, the sparkline has no xmlns of its own.
    spark = str(cards.sparkline(journey)).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)
    assert heights(spark, lambda e: e.get("cy") if e.tag == f"{SVG}circle" else None) \
        == expect(geometry.SPARKLINE, scored)


# --- restyled through MkDocs' custom_dir -----------------------------------------------------

SQUARE_FACES = """
{% macro marker(score, x, y) %}
<rect class="square-face" x="{{ (x - 15)|num }}" y="{{ (y - 15)|num }}" width="30" height="30"/>
{% endmacro %}
{% macro badge(score, size) %}
<svg class="face square" width="{{ size }}" height="{{ size }}" viewBox="0 0 2 2">
  <rect width="2" height="2"/>
</svg>
{% endmacro %}
"""


def test_a_drawing_partial_in_custom_dir_restyles_the_built_map(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "content")
    write(tmp_path / "overrides/partials/drawings/face.svg.html", SQUARE_FACES)
    result = build(tmp_path / "content", tmp_path / "site",
                   settings={"theme": {"name": "journey-atlas", "custom_dir": "overrides"}})
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/journeys/adopting-fieldline/index.html").read_text(encoding="utf-8")
    journey = load_atlas(SAMPLE).atlas.journey("adopting-fieldline")
    svg = re.search(r'<svg class="journey-map[^"]*".*?</svg>', page, re.S).group(0)
    # Every stage's face is now a square, centred where the face was, inside the stage's link.
    stage_links = [a for a in parse(svg).iter(f"{SVG}a") if a.get("class") == "stage-link"]
    squares = [a.find(f"{SVG}rect[@class='square-face']") for a in stage_links]
    assert len(stage_links) == len(journey.stages) and None not in squares
    centres = [(float(r.get("x")) + 15, float(r.get("y")) + 15) for r in squares]
    faces = [tuple(map(float, xy)) for xy in re.findall(
        r'class="marker face-\S+" transform="translate\((\S+) (\S+)\)"',
        draw.journey_map(journey, href, {}))]
    assert centres == faces
    assert 'class="marker' not in svg
    # The small faces beside emotion words use the same partial.
    assert 'class="face square"' in page and 'class="face face-' not in page


def _bezier_ys(path: str):
    """Every segment of an M..C.. path: its end heights and sampled heights between."""
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path)]
    x0, y0 = numbers[:2]
    for k in range(2, len(numbers), 6):
        _, c1, _, c2, _, y3 = numbers[k:k + 6]
        samples = [(1 - t) ** 3 * y0 + 3 * (1 - t) ** 2 * t * c1 + 3 * (1 - t) * t * t * c2
                   + t ** 3 * y3 for t in (i / 20 for i in range(21))]
        yield y0, y3, samples
        y0 = y3


def test_curves_never_overshoot_the_data():
    import random

    from journey_atlas.drawings.geometry import monotone_path
    rng = random.Random(15)
    for _ in range(300):
        count = rng.randint(2, 14)
        xs = sorted(rng.sample(range(0, 2000), count))
        points = [(float(x), float(rng.choice([-2, -1, 0, 1, 2])) * 44 + rng.random())
                  for x in xs]
        for start, end, samples in _bezier_ys(monotone_path(points)):
            low, high = min(start, end), max(start, end)
            assert all(low - 1e-9 <= y <= high + 1e-9 for y in samples), (points, start, end)
    # The case of the issue: -1, +2, -1, +2 never dips below -1 nor rises above +2.
    scale = geometry.JOURNEY_MAP
    path = monotone_path([(x * 170.0, scale.y(s)) for x, s in enumerate((-1, 2, -1, 2))])
    for _, _, samples in _bezier_ys(path):
        assert all(scale.y(2) <= y <= scale.y(-1) for y in samples)


def _overlap(a, b) -> bool:
    return (a.x < b.x + b.width and b.x < a.x + a.width
            and a.y < b.y + b.height and b.y < a.y + a.height)


def _faces(layout):
    r = geometry.MARKER_FACE.radius
    return [geometry.Box(m.x - r, m.y - r, 2 * r, 2 * r) for m in layout.stages]


def test_a_flag_at_the_maps_right_edge_flies_left_to_keep_its_whole_name():
    journey = journey_of(9)
    title = "The call that closes the loop"
    journey.moments.append(Moment(id="last", journey_id="j", title=title, stage="s8",
                                  kind="last-impression"))
    flag = jm.layout(journey, {}).stages[-1].flags[-1]
    assert flag.name_text == title  # on the right it would run off the map
    assert flag.name.x + flag.name_box.width < flag.x  # the name runs left of its pole
    assert flag.name_box.x >= 0


@pytest.mark.parametrize("count", [3, 9, 12, 15])
def test_no_flag_name_covers_another_or_a_face(count):
    atlas = load_atlas(SAMPLE).atlas
    for journey in list(atlas.journeys) + [journey_of(count)]:
        layout = jm.layout(journey, {})
        names = [f.name_box for m in layout.stages for f in m.flags if f.name_text]
        for i, box in enumerate(names):
            assert not any(_overlap(box, other) for other in names[i + 1:]), journey.id
            assert not any(_overlap(box, face) for face in _faces(layout)), journey.id


def persona_journey():
    journey = journey_of(6)
    for i, stage in enumerate(journey.stages):
        stage.persona_emotions = {"ana": (i % 5) - 2, "ben": 2 - (i % 5)} if i else {"ana": 1}
    journey.personas = ["ben"]
    atlas = Atlas(name="T", journeys=[journey],
                  personas={p: Persona(id=p, name=n) for p, n in
                            (("ana", "Ana, Site Lead"), ("ben", "Ben, Driver"))})
    return atlas, journey


def test_each_persona_feeling_is_a_named_trail_on_the_map_numbered_as_on_the_board():
    from journey_atlas.board import board, persona_lines
    atlas, journey = persona_journey()
    lines = persona_lines(atlas, journey)
    layout = jm.layout(journey, {}, lines)
    # The journey's own persona first, as in the board's Feeling lane.
    assert [(t.number, t.name) for t in layout.trails] == [(1, "Ben"), (2, "Ana")]
    assert [(line.number, line.short) for line in board(atlas, journey).persona_lines] == \
        [(1, "Ben"), (2, "Ana")]
    ben, ana = layout.trails
    assert len(ben.dots) == 5 and len(ana.dots) == 6  # Ben has no score at stage 1
    assert [y for _, y in ana.dots] == [geometry.JOURNEY_MAP.y(s) for s in
                                       [1] + [(i % 5) - 2 for i in range(1, 6)]]
    labels = [t.label_box for t in layout.trails]
    assert not _overlap(*labels)
    assert not any(_overlap(box, face) for box in labels for face in _faces(layout))
    root = parse(draw.journey_map(journey, href, {}, lines))
    assert "Ben, Driver and Ana, Site Lead feel at each stage" in root.find(f"{SVG}desc").text
    drawn = {el.get("class") for el in root.iter(f"{SVG}path")}
    assert {"curve curve-persona persona-1", "curve curve-persona persona-2"} <= drawn
    # Each name shown short, the whole name in its title.
    named = [(el.find(f"{SVG}title").text, el.find(f"{SVG}title").tail)
             for el in root.iter(f"{SVG}text") if "trail-name" in el.get("class", "")]
    assert named == [("Ben, Driver", "Ben"), ("Ana, Site Lead", "Ana")]


def test_a_map_without_persona_scores_has_no_trails():
    svg = draw.journey_map(journey_of(4), href, {})
    assert 'class="trail"' not in svg and "Thinner lines" not in svg


def test_wrapped_names_keep_their_spaces_for_screen_readers_and_copying():
    atlas = load_atlas(SAMPLE).atlas
    text = " ".join("".join(t.itertext()) for t in
                    parse(draw.atlas_map(atlas, href)).iter(f"{SVG}text"))
    assert "Getting help when something goes wrong" in text  # wrapped after "when"
    signs = [("".join(t.itertext())).strip() for t in
             parse(draw.journey_map(atlas.journeys[0], href, {})).iter(f"{SVG}text")
             if "sign-name" in (t.get("class") or "")]
    assert "We keep missing jobs and nobody knows why" in signs
