"""Discussion cards that vary and the facilitator guide (issue 17): built pages of the sample
and of an atlas of thin stages, and the arithmetic of the session's time boxes."""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path

import pytest

from journey_atlas import discussion, guide
from journey_atlas.compare import compare
from journey_atlas.export import atlas_to_dict
from journey_atlas.loader import load_atlas
from support import SAMPLE, build, front_matter, write

LONG_NAME = ("When the second depot joins and nobody has told the night shift which crews "
             "now belong to which dispatcher")
HOSTILE = '<script>alert("notes")</script> & <b>bold</b>'


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def card_questions(page_html: str) -> list[str]:
    return [html.unescape(q) for q in re.findall(r'<p class="card-question">(.*?)</p>',
                                                 page_html, re.S)]


def asked(text: str) -> str:
    """What a question asks, case and punctuation aside (as a reader would compare them)."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def thin_atlas(root: Path) -> Path:
    """Seven stages with little in them: no questions, no feelings, long and repeated
    names, a question written twice, moments of the same title; a 45-minute session."""
    write(root / "atlas.yml", "name: Thin Co\n")
    write(root / "roles/dispatcher.md", front_matter({"name": "Dispatcher"}))
    write(root / "roles/lead.md", front_matter({"name": "Team Lead"}))
    write(root / "personas/owner.md", front_matter({"name": "Sam, Owner"}))
    ids = ["one", "two", "three", "four", "five", "six", "seven"]
    write(root / "journeys/long/journey.yml",
          "title: The long way\npersonas: [owner]\nsession_minutes: 45\nstages:\n"
          + "".join(f"  - {i}\n" for i in ids))
    stages = {
        "one": {"name": LONG_NAME},
        "two": {"name": "Waiting", "roles": {"dispatcher": "A", "lead": "C"}},
        "three": {"name": "Waiting"},  # the same name as two
        "four": {"name": LONG_NAME + " again", "emotion": -2, "desired_emotion": 1},
        "five": {"name": "Asking", "questions": ["Who picks up?", "Who picks up?"]},
        "six": {"name": "Asking again", "questions": ["who picks up"],  # a repeat of five's
                "facilitator_notes": f"First paragraph, {HOSTILE}.\n\nSecond paragraph."},
        "seven": {"name": "Done", "feeling": "They wonder whether it was worth it.",
                  "touchpoints": ["Invoice"], "pain_points": ["Nobody calls back"]},
    }
    for sid, data in stages.items():
        write(root / f"journeys/long/stages/{sid}.md", front_matter(data))
    for number, sid in enumerate(("two", "three", "seven")):
        write(root / f"journeys/long/moments/hello-{number}.md", front_matter(
            {"title": "Hello", "stage": sid, "great_looks_like": ["We answer at once"]}))
    write(root / "journeys/short/journey.yml", "title: Short\nstages: [only]\n")
    write(root / "journeys/short/stages/only.md", front_matter({"name": "Only"}))
    return root


@pytest.fixture(scope="module")
def thin_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("thin")
    root = thin_atlas(work / "content")
    result = build(root, work / "site", lint=False)
    assert result.returncode == 0, result.stderr
    return work / "site"


# --- the cards ------------------------------------------------------------------------------

def test_no_card_page_of_the_sample_asks_the_same_thing_twice(sample_site):
    atlas = load_atlas(SAMPLE).atlas
    for journey in atlas.journeys:
        questions = card_questions(read(sample_site, f"journeys/{journey.id}/cards/index.html"))
        assert questions, journey.id
        repeated = [q for q in questions if [asked(o) for o in questions].count(asked(q)) > 1]
        assert repeated == [], journey.id


def great_questions(page_html: str) -> list[str]:
    """The questions of the "what does great look like" cards."""
    return [html.unescape(q) for q in re.findall(
        r'<li class="discussion-card great">.*?<p class="card-question">(.*?)</p>',
        page_html, re.S)]


def test_great_looks_like_cards_name_their_moment(sample_site):
    page = read(sample_site, "journeys/adopting-fieldline/cards/index.html")
    greats = great_questions(page)
    atlas = load_atlas(SAMPLE).atlas
    titles = [m.title for m in atlas.journey("adopting-fieldline").moments
              if m.great_looks_like]
    assert len(greats) == len(titles) == 9
    for question, title in zip(greats, titles):
        assert f"“{title}”" in question


def test_stages_without_questions_get_suggestions_of_their_own(sample_site):
    """The detail journey's stages have no questions: each gets cards drawn from what it
    holds, marked as suggestions."""
    page = read(sample_site, "journeys/moving-our-data/cards/index.html")
    atlas = load_atlas(SAMPLE).atlas
    journey = atlas.journey("moving-our-data")
    for stage in journey.stages:
        assert f'<span class="step">{stage.position}</span> {html.escape(stage.name)}' in page
    assert page.count('class="discussion-card suggested"') == 2 * len(journey.stages)
    assert page.count("Suggested question") == 2 * len(journey.stages)
    questions = card_questions(page)
    # Drawn from the stages' own words: a feeling, a pain point, a role, a touchpoint...
    assert "Here, customers feel wary. Why, and what would it take for them to feel happy?" \
        in questions
    assert any("“The checklist uses our field names, not theirs”" in q for q in questions)
    assert any("Implementation Specialist" in q for q in questions)
    # Neighbours draw on different angles of their stage.
    deck = discussion.deck(atlas, journey)
    angles = [tuple(q.angle for q in deck.questions(s)) for s in journey.stages]
    assert all(a != b for a, b in zip(angles, angles[1:])), angles
    assert len({angle for pair in angles for angle in pair}) >= 5


def test_an_authors_questions_stand_alone(sample_site):
    page = read(sample_site, "journeys/adopting-fieldline/cards/index.html")
    assert "Suggested question" not in page
    assert "What would make a dispatcher feel ready, rather than trained?" in \
        html.unescape(page)


def test_thin_stages_each_get_cards_and_none_repeats(thin_site):
    page = read(thin_site, "journeys/long/cards/index.html")
    questions = card_questions(page)
    keys = [asked(q) for q in questions]
    assert len(keys) == len(set(keys)), questions
    for position in range(1, 8):  # every stage has a card
        assert f'<span class="step">{position}</span>' in page
    # "Who picks up?" was written three times (twice at five, once at six): asked once.
    assert keys.count(asked("Who picks up?")) == 1
    # Six's only question was a repeat: it gets suggestions instead.
    assert "Asking again" in page.split("Who picks up?")[1]
    # The three "Hello" moments' cards are told apart by their words.
    greats = great_questions(page)
    assert len(greats) == len(set(greats)) == 3 and all("“Hello”" in q for q in greats)
    # A feeling that is a sentence of its own is quoted, not forced into "customers feel".
    assert "customers feel they" not in page.lower()
    assert html.escape(LONG_NAME, quote=True) in page
    assert card_questions(read(thin_site, "journeys/short/cards/index.html"))


def test_the_questions_are_the_same_on_every_build():
    atlas_one, atlas_two = load_atlas(SAMPLE).atlas, load_atlas(SAMPLE).atlas
    for one, two in zip(atlas_one.journeys, atlas_two.journeys):
        assert [c.question for c in discussion.deck(atlas_one, one).cards] == \
            [c.question for c in discussion.deck(atlas_two, two).cards]


def test_a_suggestion_never_takes_an_authors_words(tmp_path):
    root = thin_atlas(tmp_path / "content")
    atlas = load_atlas(root).atlas
    journey = atlas.journey("long")
    suggested = [c.question.text for c in discussion.deck(atlas, journey).cards
                 if c.question.suggested]
    # Stage one (nothing but a long name) is asked about by name; write that as an author's
    # question of a later stage: stage one must then be asked something else.
    taken = suggested[0]
    write(root / "journeys/long/stages/seven.md", front_matter(
        {"name": "Done", "questions": [taken]}))
    atlas = load_atlas(root).atlas
    cards = discussion.deck(atlas, atlas.journey("long")).cards
    texts = [c.question.text for c in cards]
    assert texts.count(taken) == 1
    assert [c.stage.id for c in cards if c.question.text == taken] == ["seven"]


def test_present_mode_asks_the_suggested_questions_too(sample_site):
    page = read(sample_site, "journeys/moving-our-data/index.html")
    present = page.split('id="present"')[1]
    assert "No questions written" not in present
    assert "Here, customers feel wary." in present
    assert present.count('<span class="card-note">Suggested</span>') == 10


# --- the facilitator guide ---------------------------------------------------------------------

def time_boxes(page_html: str) -> list[tuple[str, int]]:
    """The plan's rows: (part, minutes), in order."""
    body = page_html.split('<table class="plain guide-schedule">')[1].split("<tfoot>")[0]
    rows = re.findall(r'<tr><td><a href="#([^"]+)">.*?</a></td><td>(\d+)</td>', body, re.S)
    return [(part, int(minutes)) for part, minutes in rows]


def test_the_guide_times_every_stage_and_adds_up_to_the_session(sample_site, thin_site):
    atlas = load_atlas(SAMPLE).atlas
    cases = [(sample_site, atlas.journey("adopting-fieldline"), 60),  # the default
             (sample_site, atlas.journey("getting-help"), 45),
             (thin_site, load_atlas(thin_site.parent / "content").atlas.journey("long"), 45)]
    for site, journey, minutes in cases:
        page = read(site, f"journeys/{journey.id}/guide/index.html")
        boxes = time_boxes(page)
        assert [part for part, _ in boxes] == (
            ["opening"] + [f"stage-{s.id}" for s in journey.stages] + ["closing"])
        assert sum(m for _, m in boxes) == minutes, boxes
        assert all(m >= 1 for _, m in boxes)
        assert f"A {minutes}-minute session" in page
        assert f"<tfoot><tr><th scope=\"row\">In all</th><td>{minutes}</td>" in page
        # Each stage of the walk: its time box, its questions, a link into present mode.
        for stage, (_, stage_minutes) in zip(journey.stages, boxes[1:-1]):
            section = page.split(f'<section class="guide-stage" id="stage-{stage.id}"')[1]
            section = section.split("</section>")[0]
            assert f"<strong>{stage_minutes} minute" in section
            assert f'href="../#present={stage.id}"' in section
            assert '<ol class="guide-questions">' in section and "<li" in section.split(
                '<ol class="guide-questions">')[1]
    assert "seven" in [s.id for s in cases[2][1].stages] and len(cases[2][1].stages) == 7


def test_the_guide_opens_with_purpose_personas_and_the_map_and_closes_with_each_person(
        sample_site):
    page = html.unescape(read(sample_site, "journeys/adopting-fieldline/guide/index.html"))
    opening = page.split('id="opening"')[1].split('id="stages-title"')[0]
    assert "Crews get to the right job, first time" in opening  # the journey's outcome
    for persona in ("Dana, Operations Director", "Raj, IT Systems Lead",
                    "Lena, Crew Dispatcher"):
        assert persona in opening
    assert "A pennant flag marks a pivotal moment" in opening
    assert "A magnifier opens a closer look" in opening  # setting-up has a detail journey
    assert '<a href="../../../start/reading-the-map/">How to read a map</a>' in opening
    walk = page.split('id="stages-title"')[1].split('id="closing"')[0]
    # Moments to discuss, with what to say and what to avoid.
    assert "The welcome call after signing" in walk
    assert "I'm your specialist from today until your crews are live." in walk
    assert "Asking the customer to repeat what they already told Sales" in walk
    closing = page.split('id="closing"')[1]
    assert "ask each person" in closing and "What will you do differently" in closing
    assert "Customer Success Manager" in closing  # the journey's owner collects the answers


def test_facilitator_notes_are_in_the_guide_escaped_and_in_paragraphs(sample_site, thin_site):
    page = read(sample_site, "journeys/getting-help/guide/index.html")
    notes = page.split('id="stage-crew-is-waiting"')[1].split("</section>")[0]
    assert '<div class="facilitator-notes">' in notes
    assert notes.count("<p>") == 3  # the feeling, then the notes' two paragraphs
    assert "Open with a real call." in notes
    # Notes are for the one who leads: not on the stage page, not in present mode.
    assert "Open with a real call" not in read(
        sample_site, "journeys/getting-help/stages/crew-is-waiting/index.html")
    assert "Open with a real call" not in read(sample_site, "journeys/getting-help/index.html")
    thin = read(thin_site, "journeys/long/guide/index.html")
    assert "<p>First paragraph, &lt;script&gt;alert(&#34;notes&#34;)&lt;/script&gt; &amp; " \
           "&lt;b&gt;bold&lt;/b&gt;.</p><p>Second paragraph.</p>" in thin


def test_the_guide_is_linked_from_the_views_nav_and_the_cards(sample_site):
    for page in ("journeys/adopting-fieldline/index.html",
                 "journeys/adopting-fieldline/raci/index.html"):
        nav = read(sample_site, page).split('<nav class="views-nav"')[1].split("</nav>")[0]
        assert "Facilitator guide</a>" in nav
    cards = read(sample_site, "journeys/adopting-fieldline/cards/index.html")
    assert '<a href="../guide/">facilitator guide</a>' in cards
    guide_page = read(sample_site, "journeys/adopting-fieldline/guide/index.html")
    assert 'href="../cards/">discussion cards</a>' in guide_page
    assert '<a href="./" aria-current="page">Facilitator guide</a>' in guide_page


@pytest.mark.parametrize("stages", range(1, 31))
def test_time_boxes_are_whole_minutes_that_add_up(stages):
    for total in range(guide.minimum_minutes(stages), 481):
        weights = [1 + (i * 7) % 5 for i in range(stages)]
        opening, boxes, closing = guide.time_boxes(total, weights)
        assert opening + sum(boxes) + closing == total
        assert opening >= 2 and closing >= 2 and min(boxes) >= 1
        assert guide.time_boxes(total, weights) == (opening, boxes, closing)


def test_time_boxes_share_the_stages_time_by_what_there_is_to_discuss():
    assert guide.time_boxes(60, [1] * 5) == (6, [9, 9, 9, 9, 9], 9)
    opening, boxes, closing = guide.time_boxes(45, [1, 2, 3, 4, 5, 6, 7])
    assert (opening, closing, sum(boxes)) == (5, 7, 33)
    assert boxes == sorted(boxes)  # more to discuss, more time
    assert guide.time_boxes(20, [3] * 16) == (2, [1] * 16, 2)  # as short as it can be
    with pytest.raises(ValueError):
        guide.time_boxes(19, [1] * 16)


def test_a_long_journey_without_session_minutes_gets_a_longer_default(tmp_path):
    root = tmp_path / "content"
    write(root / "atlas.yml", "name: Long Co\n")
    ids = [f"s{i}" for i in range(70)]
    write(root / "journeys/long/journey.yml",
          "title: Long\nstages: [" + ", ".join(ids) + "]\n")
    for sid in ids:
        write(root / f"journeys/long/stages/{sid}.md", front_matter({"name": sid.upper()}))
    loaded = load_atlas(root)
    assert [p for p in loaded.problems if p.level == "error"] == []
    journey = loaded.atlas.journey("long")
    assert journey.session_minutes == 60
    plan = guide.plan(loaded.atlas, journey)
    assert plan.minutes == 74 == sum(part.minutes for part in plan.parts)


# --- "What changed" ----------------------------------------------------------------------------

def test_what_changed_reports_session_length_and_facilitator_notes():
    old = atlas_to_dict(load_atlas(SAMPLE).atlas)
    new = copy.deepcopy(old)
    journey = next(j for j in new["journeys"] if j["id"] == "adopting-fieldline")
    journey["session_minutes"] = 90
    stage = next(s for s in journey["stages"] if s["id"] == "setting-up")
    stage["facilitator_notes"] = "Ask who has cleaned a site list by hand."
    changes = compare(old, new, "1.0")
    assert [(i.kind, i.id, i.fields) for i in changes.changed] == [
        ("journey", "adopting-fieldline", ["session length"]),
        ("stage", "setting-up", ["facilitator notes"])]


def test_an_older_export_without_session_minutes_is_not_a_change():
    new = atlas_to_dict(load_atlas(SAMPLE).atlas)
    old = copy.deepcopy(new)
    for journey in old["journeys"]:
        if journey["session_minutes"] == 60:
            del journey["session_minutes"]  # what a release before issue 17 exported
    assert compare(old, new, "1.0").empty


def test_facilitator_notes_make_the_csv_round_trip(tmp_path):
    from journey_atlas.export import CSV_COLUMNS, to_csv
    from journey_atlas.importers import known_ids, read_csv
    from journey_atlas.problems import ProblemList
    root = thin_atlas(tmp_path / "content")
    notes = "=Start with the call.\n\nThen the menu; briefly."
    write(root / "journeys/long/stages/one.md", front_matter(
        {"name": "One", "facilitator_notes": notes}))
    loaded = load_atlas(root)
    path = tmp_path / "stages.csv"
    path.write_text(to_csv(loaded.atlas), encoding="utf-8")
    assert CSV_COLUMNS[-1] == "facilitator_notes"
    problems = ProblemList()
    imported = read_csv(path, "long", None, problems, known_ids(loaded.atlas))
    assert problems.items == []
    stage_id, data, _ = imported.stages[0]
    assert (stage_id, data["facilitator_notes"]) == ("one", notes)  # neutralised, restored


def test_a_stage_without_questions_shows_the_ones_its_cards_suggest(sample_site):
    from journey_atlas.discussion import deck
    atlas = load_atlas(SAMPLE).atlas
    journey = atlas.journey("moving-our-data")
    stage = journey.stage("what-do-you-need")
    assert not stage.questions  # the author wrote none
    suggested = [q.text for q in deck(atlas, journey).questions(stage)]
    assert suggested
    page = (sample_site / "journeys/moving-our-data/stages/what-do-you-need/index.html"
            ).read_text(encoding="utf-8")
    block = page[page.index('id="questions"'):]
    block = html.unescape(block[:block.index("</section>")])
    assert all(text in block for text in suggested)
    assert block.count("Suggested</span>") == len(suggested)
    assert "write the stage's own under" in block
