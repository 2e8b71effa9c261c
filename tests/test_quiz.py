"""Practice questions with feedback (issue 17): authors' scenarios on moments, validated;
questions made from the map where none are written, varied, each with one right answer
and wrong ones from the same atlas; never the same question twice on a path."""

from __future__ import annotations

import html as html_lib
import re
import textwrap

import pytest

from journey_atlas import schema
from journey_atlas.loader import load_atlas
from journey_atlas.onboarding import role_path
from journey_atlas.views import RACI_WORDS, build_views
from support import SAMPLE, build, front_matter, minimal_atlas, write

MOMENT = "journeys/buying/moments/hello.md"


def _moment_with(root, scenarios_yaml: str):
    write(root / MOMENT, "---\ntitle: Hello\nstage: first\nroles: [agent]\nscenarios:\n"
          + textwrap.indent(textwrap.dedent(scenarios_yaml), "  ") + "---\n")


def _problems(root):
    return [(p.path, p.line, p.message) for p in load_atlas(root).problems]


def test_a_written_scenario_is_read_with_its_choices(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    _moment_with(root, """\
        - situation: A customer says hello.
          choices:
            - answer: Say hello back
              right: true
              why: It is friendly.
            - answer: Ask for their number first
              why: Listening comes first.
        """)
    loaded = load_atlas(root)
    assert loaded.problems == []
    (scenario,) = loaded.atlas.journeys[0].moments[0].scenarios
    assert scenario.situation == "A customer says hello."
    assert [(c.answer, c.right, c.why) for c in scenario.choices] == [
        ("Say hello back", True, "It is friendly."),
        ("Ask for their number first", False, "Listening comes first.")]


@pytest.mark.parametrize("scenarios, line, message", [
    ("- situation: One\n  choices:\n    - {answer: A, right: true}\n", 8,
     "scenarios #1 › choices: expected at least 2 items, got 1"),
    ("- situation: None\n  choices:\n    - {answer: A}\n    - {answer: B}\n", 8,
     "scenarios #1 › choices: expected exactly one choice with 'right: true', got none: "
     "mark the answer that is right"),
    ("- situation: Two\n  choices:\n    - {answer: A, right: true}\n"
     "    - {answer: B, right: true}\n", 9,
     "scenarios #1 › choices #2 › right: expected exactly one choice with 'right: true', "
     "got 2 (choices #1, #2)"),
    ("- situation: Maybe\n  choices:\n    - {answer: A, right: maybe}\n    - {answer: B}\n", 8,
     "scenarios #1 › choices #1 › right: expected true or false, got the text 'maybe'"),
    ("- situation: Typo\n  choices:\n    - {answer: A, rigth: true}\n    - {answer: B}\n", 8,
     "scenarios #1 › choices #1: unknown key 'rigth' in choice; did you mean 'right'? "
     "(custom data belongs under 'extra:')"),
    ("- situation: Twice\n  choices:\n    - {answer: Call back, right: true}\n"
     "    - {answer: call  back}\n", 9,
     "scenarios #1 › choices #2 › answer: this answer is choice #1 already: each choice must "
     "say something different"),
    ("- choices:\n    - {answer: A, right: true}\n    - {answer: B}\n", 6,
     "missing required key 'situation' in scenario (what happens, as a new hire would meet "
     "it)"),
])
def test_a_scenario_that_cannot_be_answered_is_an_error_at_its_line(tmp_path, scenarios, line,
                                                                    message):
    root = minimal_atlas(tmp_path / "content")
    _moment_with(root, scenarios)
    assert _problems(root) == [(MOMENT, line, message)]


def test_the_moment_schema_describes_scenarios():
    moment = schema.json_schema("moment")["properties"]["scenarios"]["anyOf"][0]
    scenario = moment["items"]
    assert scenario["required"] == ["situation", "choices"]
    choices = scenario["properties"]["choices"]
    assert choices["minItems"] == 2
    assert choices["items"]["properties"]["right"]["anyOf"][0] == {"type": "boolean"}


def _atlas_texts(atlas) -> set[str]:
    texts = set(RACI_WORDS.values())
    texts |= {role.name for role in atlas.roles.values()}
    for journey in atlas.journeys:
        texts |= {stage.name for stage in journey.stages}
        for moment in journey.moments:
            texts |= set(moment.say) | set(moment.avoid)
            texts |= {c.answer for s in moment.scenarios for c in s.choices}
    return texts


def _check_paths(atlas):
    views = build_views(atlas)
    texts = _atlas_texts(atlas)
    checked = 0
    for role in atlas.roles.values():
        path = role_path(atlas, views, role)
        prompts = [q.prompt for q in path.questions]
        assert len(prompts) == len(set(prompts)), (role.id, prompts)
        for question in path.questions:
            assert sum(a.right for a in question.answers) == 1, question
            assert len(question.answers) >= 2, question
            assert all(a.why for a in question.answers), question  # every answer says why
            assert {a.text for a in question.answers} <= texts  # all from this atlas
            checked += 1
    return checked


def test_every_path_of_the_sample_asks_varied_answerable_questions():
    atlas = load_atlas(SAMPLE).atlas
    assert _check_paths(atlas) >= 30
    views = build_views(atlas)
    agent = role_path(atlas, views, atlas.roles["support-agent"])
    # Made from the map: more than one kind, and not all from one journey.
    kinds = {q.key.rsplit("-", 1)[1] for q in agent.questions if not q.written}
    assert len(kinds) >= 3, kinds
    assert len({q.about.journey_id for q in agent.questions}) >= 2
    # The author's scenarios on the agent's moments come first.
    written = [q for q in agent.questions if q.written]
    assert written and agent.questions[:len(written)] == written


def second_atlas(root):
    """Unlike the sample: long names, stages with no internal name or roles, a role in
    many stages of two journeys, moments with only `say`, one with nothing."""
    write(root / "atlas.yml", "name: Zweite Werkstatt GmbH\n")
    for rid, name in (("agent", "Kundenservice-Mitarbeiterin im Außendienst"),
                      ("lead", "Teamleitung"), ("clerk", "Buchhaltung")):
        write(root / f"roles/{rid}.md", front_matter({"name": name}))
    for j in ("bestellen", "reklamieren"):
        stages = [f"s{i}" for i in range(12)]
        write(root / f"journeys/{j}/journey.yml",
              f"title: {j.capitalize()}\nstages: [{', '.join(stages)}]\n")
        for i, sid in enumerate(stages):
            data = {"name": f"Ich möchte wissen, was mit meiner Bestellung {j} Nummer {i} "
                            "passiert, bevor der Termin beim Kunden verstreicht"}
            if i % 2:
                data["internal_name"] = f"Prozessschritt {j} {i}"
            if i % 3 == 0:
                data["roles"] = {"agent": "R", "lead": "A"}
            elif i % 3 == 1:
                data["roles"] = {"agent": "A", "clerk": "C"}
            write(root / f"journeys/{j}/stages/{sid}.md", front_matter(data))
            if i % 4 == 0:
                moment = {"title": f"Der Anruf {j} {i}", "stage": sid, "roles": ["agent"],
                          "say": [f"Ich kümmere mich sofort darum ({j} {i})."]}
                if i % 8 == 0:
                    moment["avoid"] = [f"Rufen Sie später wieder an ({j} {i})."]
                write(root / f"journeys/{j}/moments/m{i}.md", front_matter(moment))
    write(root / "journeys/bestellen/moments/leer.md",
          front_matter({"title": "Ohne Worte", "stage": "s1", "roles": ["clerk"]}))
    return root


def test_every_path_of_a_second_atlas_asks_varied_answerable_questions(tmp_path):
    loaded = load_atlas(second_atlas(tmp_path / "content"))
    assert loaded.problems == []
    assert _check_paths(loaded.atlas) >= 10


def _questions_on(html: str) -> list[str]:
    return [html_lib.unescape(q) for q in
            re.findall(r'<span class="quiz-prompt">(.*?)</span>', html)]


@pytest.mark.parametrize("atlas", ["sample", "second"])
def test_no_two_identical_questions_on_any_built_path_page(tmp_path, sample_site, atlas):
    if atlas == "sample":
        site = sample_site
    else:
        site = tmp_path / "site"
        result = build(second_atlas(tmp_path / "content"), site, lint=False)
        assert result.returncode == 0, result.stderr
    pages = sorted((site / "paths").glob("*/index.html"))
    assert len(pages) >= 2
    for page in pages:
        questions = _questions_on(page.read_text(encoding="utf-8"))
        assert questions, page
        assert len(questions) == len(set(questions)), (page, questions)


def test_a_path_question_works_as_plain_details_without_javascript(sample_site):
    html = (sample_site / "paths/support-agent/index.html").read_text(encoding="utf-8")
    block = html[html.index('id="self-check"'):]
    first = block[block.index('<li class="quiz-question"'):block.index("</details>")]
    assert '<details class="check">' in first
    assert first.count('data-right="yes"') == 1 and first.count('data-right="no"') >= 1
    assert "Right:</span>" in first and "Not this one:</span>" in first


def test_a_moments_written_scenarios_show_on_its_page(sample_site):
    html = (sample_site / "journeys/getting-help/moments/honest-update/index.html"
            ).read_text(encoding="utf-8")
    assert "Practise this moment" in html
    assert "You promised the dispatcher an update at 9:30" in html
    assert "An update with no news still keeps the promise." in html


def test_what_changed_tells_a_changed_practice_question():
    import json

    from journey_atlas.compare import compare
    from journey_atlas.export import atlas_to_dict
    before = atlas_to_dict(load_atlas(SAMPLE).atlas)
    after = json.loads(json.dumps(before))
    moments = next(j for j in after["journeys"] if j["id"] == "getting-help")["moments"]
    moment = next(m for m in moments if m["id"] == "honest-update")
    moment["scenarios"][0]["choices"][1]["why"] = "Silence tells them nobody is on it."
    changed = compare(before, after, "1.0").changed
    assert [(i.kind, i.id, i.fields) for i in changed] == [
        ("moment", "honest-update", ["practice questions"])]


def _many_journeys(root, journeys: int, moments: int):
    """`journeys` journeys of one stage, each with `moments` moments that have one thing
    to say ("Say j-m") and one to avoid; nothing else to say."""
    write(root / "atlas.yml", "name: Many Co\n")
    write(root / "roles/agent.md", front_matter({"name": "Agent"}))
    write(root / "personas/buyer.md", front_matter({"name": "Buyer"}))
    for j in range(journeys):
        base = root / f"journeys/j{j:02d}"
        write(base / "journey.yml", f"title: Journey {j}\npersonas: [buyer]\nstages: [only]\n")
        write(base / "stages/only.md", front_matter({"name": f"Stage {j}",
                                                     "roles": {"agent": "A"}}))
        for m in range(moments):
            write(base / f"moments/m{m}.md", front_matter({
                "title": f"Moment {j}-{m}", "stage": "only", "roles": ["agent"],
                "say": [f"Say {j}-{m}"], "avoid": [f"Avoid {j}-{m}"]}))
    loaded = load_atlas(root)
    assert loaded.problems == []
    return loaded.atlas


def _words_from_elsewhere(atlas, journey, moment):
    from journey_atlas.quiz import words_at_moment
    question = words_at_moment(atlas, journey, moment, avoid_first=True)
    return [a.text for a in question.answers if not a.right and a.text not in moment.say]


def test_wrong_words_come_from_the_whole_of_a_small_atlas(tmp_path):
    from journey_atlas.quiz import WORDS_POOL, _keyed
    atlas = _many_journeys(tmp_path / "content", 4, 5)  # 20 things to say: one pool
    assert 20 <= WORDS_POOL
    journey = atlas.journeys[0]
    moment = journey.moments[0]
    everywhere = [said for j in atlas.journeys for m in j.moments if m is not moment
                  for said in m.say]
    best = min(everywhere, key=lambda said: _keyed(f"{journey.id}-{moment.id}", said))
    assert _words_from_elsewhere(atlas, journey, moment) == [best]


def test_a_large_atlas_draws_wrong_words_from_the_journeys_that_follow(tmp_path):
    """Questions draw on WORDS_POOL things said, not on the whole atlas (drawing on it all
    for every question made building a large atlas grow with the square of its size)."""
    from journey_atlas.quiz import WORDS_POOL
    per_journey = 5
    atlas = _many_journeys(tmp_path / "content", WORDS_POOL // per_journey + 10, per_journey)
    reach = -(-WORDS_POOL // per_journey)  # journeys it takes to fill the pool
    for index in (0, len(atlas.journeys) - 1):  # the last journey's pool goes round
        journey = atlas.journeys[index]
        pool = {f"Say {(index + k) % len(atlas.journeys)}-{m}" for k in range(reach + 1)
                for m in range(per_journey)}
        for moment in journey.moments:
            (words,) = _words_from_elsewhere(atlas, journey, moment)
            assert words in pool and words not in moment.say
